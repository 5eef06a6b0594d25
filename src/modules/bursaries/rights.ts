import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import type { ConsentWithdrawnEvent } from '../participants/index.ts';
import { isHerKeyWorker } from './access.ts';
import { audit, type BursariesDeps, ukToday } from './deps.ts';
import { isOpen } from './model.ts';
import {
  bursaryApplications,
  bursaryConflicts,
  bursaryCostLines,
  bursaryDecisions,
  bursaryFunds,
  bursaryInterviews,
  bursaryPayments,
  bursaryScores,
} from './schema.ts';
import { open } from './secrets.ts';

/**
 * Her bursaries on her record (/participants/:id/bursaries): her key worker's and her
 * organisation's managers' (the owner rule), with the funds open to her now.
 */
export async function herBursaries(deps: BursariesDeps, actor: Actor, participantId: string) {
  authorise(actor, 'bursaries:view');
  return deps.db.transaction(async (tx) => {
    const header = await deps.participants.header(actor, participantId, 'read', tx);
    const allowed =
      header.access.level === 'owner' &&
      (actor.role === 'manager' || (await isHerKeyWorker(deps, tx, actor, participantId)));
    if (!allowed) throw new NotFoundError(undefined, { reason: 'record' });
    const applications = await tx
      .select({ app: bursaryApplications, fund: bursaryFunds.name, decision: bursaryDecisions })
      .from(bursaryApplications)
      .innerJoin(bursaryFunds, eq(bursaryFunds.id, bursaryApplications.fundId))
      .leftJoin(bursaryDecisions, eq(bursaryDecisions.applicationId, bursaryApplications.id))
      .where(
        and(
          eq(bursaryApplications.organisationId, header.organisationId),
          eq(bursaryApplications.participantId, participantId),
        ),
      )
      .orderBy(desc(bursaryApplications.createdAt));
    const funds = await tx
      .select()
      .from(bursaryFunds)
      .where(eq(bursaryFunds.organisationId, header.organisationId));
    const consent = await deps.participants.hasConsent(participantId, 'bursary', undefined, tx);
    await audit(deps, tx, actor, 'bursary.her-page-viewed', 'participant', participantId, {
      applications: applications.length,
    });
    const today = ukToday();
    return {
      header,
      consent,
      applications: applications.map((a) => ({
        id: a.app.id,
        fund: a.fund,
        course: a.app.course,
        status: a.app.status,
        decision: a.decision
          ? {
              kind: a.decision.kind,
              status: a.decision.status,
              startBy: a.decision.extendedTo ?? a.decision.startBy,
              awardedPence: a.decision.awardedPence,
            }
          : null,
      })),
      openFunds: funds.filter((f) => isOpen(f, today)),
    };
  });
}

/** Her bursary records for a subject access request: her words decrypted (they are hers). */
export async function bursariesExport(cipher: FieldCipher, tx: DbOrTx, participantId: string) {
  const apps = await tx
    .select()
    .from(bursaryApplications)
    .where(eq(bursaryApplications.participantId, participantId));
  const ids = apps.map((a) => a.id);
  const of = <T>(rows: Promise<T[]>) => (ids.length ? rows : Promise.resolve([] as T[]));
  const lines = await of(
    tx.select().from(bursaryCostLines).where(inArray(bursaryCostLines.applicationId, ids)),
  );
  const interviews = await of(
    tx.select().from(bursaryInterviews).where(inArray(bursaryInterviews.applicationId, ids)),
  );
  const decisions = await of(
    tx.select().from(bursaryDecisions).where(inArray(bursaryDecisions.applicationId, ids)),
  );
  // Scores are the panel's opinions of her application: hers to see, without who gave them.
  const scores = await of(
    tx
      .select({
        applicationId: bursaryScores.applicationId,
        criterion: bursaryScores.criterion,
        score: bursaryScores.score,
      })
      .from(bursaryScores)
      .where(inArray(bursaryScores.applicationId, ids)),
  );
  const payments = decisions.length
    ? await tx
        .select()
        .from(bursaryPayments)
        .where(
          inArray(
            bursaryPayments.decisionId,
            decisions.map((d) => d.id),
          ),
        )
    : [];
  return {
    applications: apps.map(({ aspirationEnc, ...a }) => ({ ...a, aspiration: open(cipher, aspirationEnc) })),
    costLines: lines,
    interviews: interviews.map(({ notesEnc, ...i }) => ({ ...i, notes: open(cipher, notesEnc) })),
    scores,
    decisions: decisions.map(({ reasonEnc, conditionsEnc, ...d }) => ({
      ...d,
      reason: open(cipher, reasonEnc),
      conditions: open(cipher, conditionsEnc),
    })),
    payments,
  };
}

/**
 * Erasure and retention: what identifies her goes (her link, her words, interview notes, evidence,
 * reasons and conditions); the money (applications' amounts, awards, payments and their references)
 * stays, anonymised, as the law requires financial records to be kept.
 */
export async function bursariesErase(tx: DbOrTx, participantId: string) {
  const apps = await tx
    .update(bursaryApplications)
    .set({
      participantId: null,
      aspirationEnc: null,
      planGoalIds: [],
      menteeId: null,
      anonymisedAt: new Date(),
      updatedAt: new Date(),
    })
    .where(eq(bursaryApplications.participantId, participantId))
    .returning({ id: bursaryApplications.id });
  const ids = apps.map((a) => a.id);
  if (!ids.length) return;
  await tx
    .update(bursaryCostLines)
    .set({ evidence: null, description: null })
    .where(inArray(bursaryCostLines.applicationId, ids));
  await tx
    .update(bursaryInterviews)
    .set({ notesEnc: null, interviewers: null })
    .where(inArray(bursaryInterviews.applicationId, ids));
  await tx.update(bursaryConflicts).set({ note: null }).where(inArray(bursaryConflicts.applicationId, ids));
  await tx
    .update(bursaryDecisions)
    .set({ reasonEnc: null, conditionsEnc: null, extensionReason: null })
    .where(inArray(bursaryDecisions.applicationId, ids));
}

/**
 * Her "bursary" consent withdrawn: the panel may no longer see what she has not yet been decided
 * on, so each undecided application is withdrawn; decided ones stay (financial records).
 */
export async function onBursaryWithdrawn(deps: BursariesDeps, tx: DbOrTx, event: ConsentWithdrawnEvent) {
  if (event.purpose !== 'bursary') return;
  const gone = await tx
    .update(bursaryApplications)
    .set({ status: 'withdrawn', withdrawnAt: new Date(), updatedAt: new Date() })
    .where(
      and(
        eq(bursaryApplications.participantId, event.participantId),
        inArray(bursaryApplications.status, ['draft', 'submitted', 'interviewing']),
      ),
    )
    .returning({ id: bursaryApplications.id });
  if (gone.length)
    await audit(deps, tx, event.actor, 'bursary.consent-withdrawn', 'participant', event.participantId, {
      applications: gone.length,
    });
}
