import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { type Application, isMaker, loadApplication, type Relations } from './access.ts';
import { linesOf } from './applications.ts';
import { audit, type BursariesDeps } from './deps.ts';
import { averages, totalPence } from './model.ts';
import {
  bursaryApplications,
  bursaryConflicts,
  bursaryDecisions,
  bursaryInterviews,
  bursaryScores,
  type ScoreCriterion,
} from './schema.ts';
import { open, seal } from './secrets.ts';

/** A panel member's declaration for this application, if made. */
export async function declarationOf(tx: DbOrTx, actor: Actor, applicationId: string) {
  const [row] = await tx
    .select()
    .from(bursaryConflicts)
    .where(and(eq(bursaryConflicts.applicationId, applicationId), eq(bursaryConflicts.userId, actor.userId)));
  return row ?? null;
}

/**
 * A panel member may score and decide only once they have declared no conflict; a conflicted
 * member is refused (403, audited), and so is one who has not declared yet.
 */
export async function requireUnconflicted(tx: DbOrTx, actor: Actor, app: Application, relations: Relations) {
  if (!relations.panel) throw new ForbiddenError(undefined, { reason: 'record' });
  const d = await declarationOf(tx, actor, app.id);
  if (!d) throw new ValidationError({ form: 'bursaries.errors.declareFirst' });
  if (d.conflicted) throw new ForbiddenError(undefined, { reason: 'record' });
}

export const undecided = (app: Application) => app.status === 'submitted' || app.status === 'interviewing';

export async function interviewsOf(tx: DbOrTx, applicationId: string) {
  return tx
    .select()
    .from(bursaryInterviews)
    .where(eq(bursaryInterviews.applicationId, applicationId))
    .orderBy(asc(bursaryInterviews.createdAt));
}

/**
 * Her application as the actor may see it: cost lines, her aspiration, the interview(s), the
 * panel's declarations and scores with their averages, and the decision. Interview notes and
 * individual scores only for the panel and managers. Every view is audited.
 */
export async function applicationPage(deps: BursariesDeps, actor: Actor, id: string) {
  const page = await deps.db.transaction(async (tx) => {
    const { app, fund, relations } = await loadApplication(deps, tx, actor, id);
    const lines = await linesOf(tx, id);
    const interviews = await interviewsOf(tx, id);
    const declarations = await tx
      .select()
      .from(bursaryConflicts)
      .where(eq(bursaryConflicts.applicationId, id))
      .orderBy(asc(bursaryConflicts.declaredAt));
    const scores = await tx.select().from(bursaryScores).where(eq(bursaryScores.applicationId, id));
    const [decision] = await tx.select().from(bursaryDecisions).where(eq(bursaryDecisions.applicationId, id));
    const pid = app.participantId;
    let name: string | null = null;
    if (pid && actor.role === 'mentor')
      name =
        (await deps.mentoring.menteesOfMentor(actor, tx)).find((m) => m.participantId === pid)?.chosenName ??
        null;
    else if (pid) name = (await deps.participants.header(actor, pid, 'read', tx)).preferredName;
    const consent = pid ? await deps.participants.hasConsent(pid, 'bursary', undefined, tx) : false;
    const mine = declarations.find((d) => d.userId === actor.userId) ?? null;
    const panelSide = relations.panel || relations.manager;
    await audit(deps, tx, actor, 'bursary.application-viewed', 'participant', pid ?? id, {
      applicationId: id,
      as: Object.entries(relations)
        .filter(([, v]) => v)
        .map(([k]) => k),
    });
    return {
      app: { ...app, aspirationEnc: null, aspiration: open(deps.cipher, app.aspirationEnc) },
      fund,
      relations,
      maker: isMaker(relations),
      name,
      consent,
      lines,
      totalPence: totalPence(lines),
      interviews: interviews.map((i) => ({
        ...i,
        notesEnc: null,
        notes: panelSide ? open(deps.cipher, i.notesEnc) : null,
      })),
      interviewHeld: interviews.some((i) => i.heldOn),
      declarations,
      mine,
      myScores: Object.fromEntries(
        scores.filter((s) => s.userId === actor.userId).map((s) => [s.criterion, s.score]),
      ) as Partial<Record<ScoreCriterion, number | null>>,
      averages: averages(scores),
      decision: decision
        ? {
            ...decision,
            reasonEnc: null,
            conditionsEnc: null,
            reason: open(deps.cipher, decision.reasonEnc),
            conditions: open(deps.cipher, decision.conditionsEnc),
          }
        : null,
      undecided: undecided(app),
      panelSide,
    };
  });
  // Outside the transaction: these read through other modules' doors, each auditing itself.
  const pid = page.app.participantId;
  const planGoals =
    pid && page.app.planGoalIds.length && actor.role !== 'mentor'
      ? (await deps.casework.planGoalTitles(actor, pid, 'bursary').catch(() => [])).filter((g) =>
          page.app.planGoalIds.includes(g.id),
        )
      : [];
  const slots =
    pid && page.undecided && page.panelSide
      ? (await deps.appointments.upcomingSlots(actor)).filter(
          (s) => !s.booking && s.startsAt.getTime() > Date.now(),
        )
      : [];
  return { ...page, planGoals, slots };
}

/** Her first interview not yet held (a booked or invited one), or null. */
async function openInterview(tx: DbOrTx, applicationId: string) {
  const [row] = await tx
    .select()
    .from(bursaryInterviews)
    .where(and(eq(bursaryInterviews.applicationId, applicationId), isNull(bursaryInterviews.heldOn)))
    .orderBy(desc(bursaryInterviews.createdAt))
    .limit(1);
  return row ?? null;
}

/** The panel (unconflicted) or a manager arranges and records interviews. */
async function interviewerFor(deps: BursariesDeps, tx: DbOrTx, actor: Actor, id: string) {
  const loaded = await loadApplication(deps, tx, actor, id, true);
  const { app, relations } = loaded;
  if (!relations.panel && !relations.manager) throw new ForbiddenError(undefined, { reason: 'record' });
  if (relations.panel && !relations.manager) await requireUnconflicted(tx, actor, app, relations);
  if (!undecided(app)) throw new ValidationError({ form: 'bursaries.errors.decided' });
  if (!app.participantId) throw new NotFoundError();
  return { ...loaded, participantId: app.participantId };
}

/**
 * Invites her to an interview at a time: the invitation goes through her safe messages
 * (participants' `messageHer`: her consent, safe methods and hours), in her language.
 */
export async function inviteToInterview(
  deps: BursariesDeps,
  actor: Actor,
  id: string,
  at: Date,
  place: string,
) {
  const queued = await deps.db.transaction(async (tx) => {
    const { app, participantId } = await interviewerFor(deps, tx, actor, id);
    const [row] = await tx
      .insert(bursaryInterviews)
      .values({
        organisationId: app.organisationId,
        applicationId: id,
        scheduledFor: at,
        recordedByUserId: actor.userId,
      })
      .returning({ id: bursaryInterviews.id });
    await tx
      .update(bursaryApplications)
      .set({ status: 'interviewing', updatedAt: new Date() })
      .where(eq(bursaryApplications.id, id));
    const q = await deps.participants.messageHer(
      tx,
      actor,
      participantId,
      {
        kind: 'bursary.interview',
        template: 'bursaries.messages.interview.text',
        subject: 'bursaries.messages.interview.subject',
        values: (lang) => ({
          course: app.course,
          when: new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
            dateStyle: 'full',
            timeStyle: 'short',
            timeZone: 'Europe/London',
          }).format(at),
          place,
        }),
        reference: { applicationId: id },
      },
      { idempotencyKey: `bursary:${row!.id}:interview` },
    );
    await audit(deps, tx, actor, 'bursary.interview-invited', 'participant', participantId, {
      applicationId: id,
      channels: q.map((m) => `${m.channel}:${m.status}`),
    });
    return q;
  });
  await deps.participants.deliverMessages({
    ids: queued.filter((q) => q.status === 'pending').map((q) => q.outboxId),
  });
  return queued;
}

/** Books the interview as a 1-2-1 appointment (casework's appointments tell her, as for any booking). */
export async function bookInterview(deps: BursariesDeps, actor: Actor, id: string, slotId: string) {
  const { participantId } = await deps.db.transaction((tx) => interviewerFor(deps, tx, actor, id));
  const slot = (await deps.appointments.upcomingSlots(actor)).find((s) => s.id === slotId && !s.booking);
  if (!slot) throw new ValidationError({ slotId: 'bursaries.errors.slot' });
  const bookingId = await deps.appointments.book(actor, participantId, slotId);
  await deps.db.transaction(async (tx) => {
    const { app } = await interviewerFor(deps, tx, actor, id);
    await tx.insert(bursaryInterviews).values({
      organisationId: app.organisationId,
      applicationId: id,
      scheduledFor: slot.startsAt,
      appointmentId: bookingId,
      recordedByUserId: actor.userId,
    });
    await tx
      .update(bursaryApplications)
      .set({ status: 'interviewing', updatedAt: new Date() })
      .where(eq(bursaryApplications.id, id));
    await audit(deps, tx, actor, 'bursary.interview-booked', 'participant', participantId, {
      applicationId: id,
      bookingId,
    });
  });
}

/** The interview held: date, who interviewed her, notes (encrypted). This satisfies the guarantee. */
export async function recordInterview(
  deps: BursariesDeps,
  actor: Actor,
  id: string,
  input: { heldOn: string; interviewers: string; notes: string | null },
) {
  await deps.db.transaction(async (tx) => {
    const { app, participantId } = await interviewerFor(deps, tx, actor, id);
    const pending = await openInterview(tx, id);
    const values = {
      heldOn: input.heldOn,
      interviewers: input.interviewers,
      notesEnc: seal(deps.cipher, input.notes),
      recordedByUserId: actor.userId,
      updatedAt: new Date(),
    };
    if (pending) await tx.update(bursaryInterviews).set(values).where(eq(bursaryInterviews.id, pending.id));
    else
      await tx
        .insert(bursaryInterviews)
        .values({ ...values, organisationId: app.organisationId, applicationId: id });
    await tx
      .update(bursaryApplications)
      .set({ status: 'interviewing', updatedAt: new Date() })
      .where(eq(bursaryApplications.id, id));
    await audit(deps, tx, actor, 'bursary.interview-recorded', 'participant', participantId, {
      applicationId: id,
    });
  });
}

/** A panel member's declaration of interest, once per application (it cannot be taken back). */
export async function declare(
  deps: BursariesDeps,
  actor: Actor,
  id: string,
  input: { conflicted: boolean; note: string | null },
) {
  await deps.db.transaction(async (tx) => {
    const { app, relations } = await loadApplication(deps, tx, actor, id);
    if (!relations.panel) throw new ForbiddenError(undefined, { reason: 'record' });
    const [row] = await tx
      .insert(bursaryConflicts)
      .values({ organisationId: app.organisationId, applicationId: id, userId: actor.userId, ...input })
      .onConflictDoNothing()
      .returning({ id: bursaryConflicts.id });
    if (!row) throw new ValidationError({ conflicted: 'bursaries.errors.alreadyDeclared' });
    await audit(deps, tx, actor, 'bursary.conflict-declared', 'participant', app.participantId ?? id, {
      applicationId: id,
      conflicted: input.conflicted,
    });
  });
}

/** A panel member's scores for the fund's published criteria: 0–5, or null for not applicable. */
export async function score(
  deps: BursariesDeps,
  actor: Actor,
  id: string,
  input: Partial<Record<ScoreCriterion, number | null>>,
) {
  await deps.db.transaction(async (tx) => {
    const { app, fund, relations } = await loadApplication(deps, tx, actor, id, true);
    await requireUnconflicted(tx, actor, app, relations);
    if (!undecided(app)) throw new ValidationError({ form: 'bursaries.errors.decided' });
    for (const criterion of fund.criteria) {
      const value = input[criterion];
      if (value === undefined) throw new ValidationError({ [criterion]: 'bursaries.errors.score' });
      await tx
        .insert(bursaryScores)
        .values({
          organisationId: app.organisationId,
          applicationId: id,
          userId: actor.userId,
          criterion,
          score: value,
        })
        .onConflictDoUpdate({
          target: [bursaryScores.applicationId, bursaryScores.userId, bursaryScores.criterion],
          set: { score: value, updatedAt: new Date() },
        });
    }
    await audit(deps, tx, actor, 'bursary.scored', 'participant', app.participantId ?? id, {
      applicationId: id,
    });
  });
}
