import { asc, eq, inArray } from 'drizzle-orm';
import type { AnyPgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/index.ts';
import {
  assessments,
  contacts,
  contactVersions,
  planGoals,
  planReviews,
  planSteps,
  referralEvents,
  referrals,
  scaleReadings,
} from './schema.ts';

const idsOf = (rows: { id: string }[]) => rows.map((r) => r.id);

/** The rows of `table` whose `column` is one of `ids`: none, and no query, when there are no ids. */
async function rowsIn<T extends PgTable>(
  tx: DbOrTx,
  table: T,
  column: AnyPgColumn,
  ids: string[],
): Promise<T['$inferSelect'][]> {
  if (!ids.length) return [];
  return (await tx
    .select()
    .from(table as PgTable)
    .where(inArray(column, ids))) as T['$inferSelect'][];
}

/** Everything casework holds about her, for the subject access export (restricted entries included). */
export async function caseworkExport(tx: DbOrTx, participantId: string) {
  const contactRows = await tx
    .select()
    .from(contacts)
    .where(eq(contacts.participantId, participantId))
    .orderBy(asc(contacts.happenedAt));
  const versions = await rowsIn(tx, contactVersions, contactVersions.contactId, idsOf(contactRows));
  const referralRows = await tx.select().from(referrals).where(eq(referrals.participantId, participantId));
  const events = await rowsIn(tx, referralEvents, referralEvents.referralId, idsOf(referralRows));
  const goals = await tx.select().from(planGoals).where(eq(planGoals.participantId, participantId));
  const steps = await rowsIn(tx, planSteps, planSteps.goalId, idsOf(goals));
  return {
    contacts: contactRows.map((c) => ({
      ...c,
      earlierVersions: versions.filter((v) => v.contactId === c.id),
    })),
    referrals: referralRows.map((r) => ({ ...r, history: events.filter((e) => e.referralId === r.id) })),
    assessments: await tx.select().from(assessments).where(eq(assessments.participantId, participantId)),
    scores: await tx.select().from(scaleReadings).where(eq(scaleReadings.participantId, participantId)),
    plan: {
      goals: goals.map((g) => ({ ...g, steps: steps.filter((s) => s.goalId === g.id) })),
      reviews: await tx.select().from(planReviews).where(eq(planReviews.participantId, participantId)),
    },
  };
}

/**
 * Erasure and retention: removes every free text written about her; keeps the bare facts (kind and
 * date of contacts, referral statuses, scores, goal statuses, steps done, reviews) so aggregate
 * counts stay.
 */
export async function caseworkErase(tx: DbOrTx, participantId: string) {
  const ids = (
    await tx.select({ id: contacts.id }).from(contacts).where(eq(contacts.participantId, participantId))
  ).map((c) => c.id);
  if (ids.length) await tx.delete(contactVersions).where(inArray(contactVersions.contactId, ids));
  await tx
    .update(contacts)
    .set({ notes: null, nextContactOn: null })
    .where(eq(contacts.participantId, participantId));
  const refs = (
    await tx.select({ id: referrals.id }).from(referrals).where(eq(referrals.participantId, participantId))
  ).map((r) => r.id);
  await tx.update(referrals).set({ note: null }).where(eq(referrals.participantId, participantId));
  if (refs.length)
    await tx.update(referralEvents).set({ reason: null }).where(inArray(referralEvents.referralId, refs));
  await tx
    .update(assessments)
    .set({ answers: {}, strengths: null })
    .where(eq(assessments.participantId, participantId));
  // Her plan keeps its shape (goal status and domains, step owners, dates, done) without her words;
  // reviews are only dates.
  const goals = (
    await tx
      .update(planGoals)
      .set({ goal: '', updatedAt: new Date() })
      .where(eq(planGoals.participantId, participantId))
      .returning({ id: planGoals.id })
  ).map((g) => g.id);
  if (goals.length) await tx.update(planSteps).set({ step: '' }).where(inArray(planSteps.goalId, goals));
}
