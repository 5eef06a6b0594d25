import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, gt, isNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { audit, type OutcomesDeps } from './deps.ts';
import { wellbeingAnswers, wellbeingLinks } from './schema.ts';

/**
 * The ONS personal wellbeing questions ("ONS4"), each answered from 0 to 10, worded as the Office
 * for National Statistics publishes them for anyone to use (Open Government Licence v3.0):
 * "Surveys using our four personal well-being questions", ons.gov.uk (methodologies). The wording
 * lives in locales/<lang>/outcomes.json under outcomes.wellbeing.questions.
 */
export const onsQuestions = ['lifeSatisfaction', 'worthwhile', 'happy', 'anxious'] as const;
export type OnsAnswers = Record<(typeof onsQuestions)[number], number>;

const hash = (token: string) => createHash('sha256').update(token).digest('hex');
const LINK_DAYS = 14;

async function ownerHeader(deps: OutcomesDeps, tx: DbOrTx, actor: Actor, id: string, need: 'read' | 'write') {
  const header = await deps.participants.header(actor, id, need, tx);
  if (header.access.level !== 'owner') throw new NotFoundError();
  return header;
}

/** A new single-use link for her; it withdraws her unused earlier one (one open link at a time). */
async function issueLink(tx: DbOrTx, actor: Actor, her: { id: string; organisationId: string }) {
  await tx
    .delete(wellbeingLinks)
    .where(and(eq(wellbeingLinks.participantId, her.id), isNull(wellbeingLinks.usedAt)));
  const token = randomBytes(24).toString('base64url');
  const [link] = await tx
    .insert(wellbeingLinks)
    .values({
      participantId: her.id,
      organisationId: her.organisationId,
      tokenHash: hash(token),
      expiresAt: new Date(Date.now() + LINK_DAYS * 86_400_000),
      createdByUserId: actor.userId,
    })
    .returning({ id: wellbeingLinks.id });
  return { token, linkId: link!.id };
}

/**
 * Her key worker sends her the questions through her safe messages (participants.messageHer: her
 * consent, safe methods and safe hours decide). True when a message is on its way.
 */
export async function sendWellbeingLink(deps: OutcomesDeps, actor: Actor, participantId: string) {
  authorise(actor, 'outcomes:record');
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    const { token, linkId } = await issueLink(tx, actor, header);
    const queued = await deps.participants.messageHer(
      tx,
      actor,
      participantId,
      {
        kind: 'outcome.wellbeing',
        template: 'outcomes.wellbeing.message',
        subject: 'outcomes.wellbeing.messageSubject',
        // The link opens the questions in the language her message is written in.
        values: (lang) => ({ link: `${deps.publicBaseUrl}/wellbeing/${token}?lang=${lang}` }),
      },
      { idempotencyKey: `outcomes:wellbeing:${linkId}` },
    );
    const sent = queued.some((q) => q.status === 'pending');
    await audit(deps, tx, actor, 'outcome.wellbeing-sent', 'participant', participantId, { sent });
    return sent;
  });
}

/** Her key worker answers with her, on the spot: a fresh link (the one sent stops working) opens at once. */
export async function wellbeingWithHer(deps: OutcomesDeps, actor: Actor, participantId: string) {
  authorise(actor, 'outcomes:record');
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    const { token } = await issueLink(tx, actor, header);
    await audit(deps, tx, actor, 'outcome.wellbeing-with-her', 'participant', participantId);
    return token;
  });
}

async function openLink(db: DbOrTx, token: string) {
  if (!/^[\w-]{20,64}$/.test(token)) throw new NotFoundError();
  const [link] = await db
    .select()
    .from(wellbeingLinks)
    .where(
      and(
        eq(wellbeingLinks.tokenHash, hash(token)),
        isNull(wellbeingLinks.usedAt),
        gt(wellbeingLinks.expiresAt, new Date()),
      ),
    );
  if (!link) throw new NotFoundError();
  return link;
}

/** Whether a link is open (an unknown, used or expired link: not found). Names no one. */
export async function checkWellbeingLink(deps: OutcomesDeps, token: string) {
  await openLink(deps.db, token);
}

/**
 * Keeps her answers once: the link is stamped used in the same transaction, so a second answer (or
 * two at the same moment) finds no link. The audit trail says whether a key worker opened it with her.
 */
export async function answerWellbeing(deps: OutcomesDeps, token: string, answers: OnsAnswers) {
  await deps.db.transaction(async (tx) => {
    const link = await openLink(tx, token);
    const used = await tx
      .update(wellbeingLinks)
      .set({ usedAt: new Date() })
      .where(and(eq(wellbeingLinks.id, link.id), isNull(wellbeingLinks.usedAt)))
      .returning({ id: wellbeingLinks.id });
    if (!used.length) throw new NotFoundError();
    await tx.insert(wellbeingAnswers).values({
      participantId: link.participantId,
      organisationId: link.organisationId,
      ...answers,
    });
    await audit(deps, tx, null, 'outcome.wellbeing-answered', 'participant', link.participantId);
  });
}

/** Her answers, newest first, for her outcomes page (the caller has checked and audited access). */
export async function herWellbeing(db: DbOrTx, participantId: string) {
  return db
    .select()
    .from(wellbeingAnswers)
    .where(eq(wellbeingAnswers.participantId, participantId))
    .orderBy(desc(wellbeingAnswers.answeredAt));
}

/** Erasure: her open links go; her answers stay as numbers for the aggregate indicator, as her outcome events do. */
export async function wellbeingErase(tx: DbOrTx, participantId: string) {
  await tx.delete(wellbeingLinks).where(eq(wellbeingLinks.participantId, participantId));
}
