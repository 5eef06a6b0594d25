import { eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { audit, loadAward, type MoneyDeps, ukDate } from './money-deps.ts';
import { bursaryDecisions } from './schema.ts';
import { extensionRefusal } from './start-window.ts';

/**
 * What happens to an award after the decision (issue 15, point 6): an extension of the start-by
 * date with a reason (managers), and the outcome events "course started" and "course completed"
 * (managers, or the mentor or key worker who made the application with her). Each is audited.
 */

const clockOf = (a: typeof bursaryDecisions.$inferSelect) => ({
  awardedOn: a.awardedOn ?? '',
  startBy: a.startBy ?? '',
  extendedTo: a.extendedTo,
  startedOn: a.startedOn,
  lapsedOn: a.lapsedOn,
  remindersSent: [],
});

export async function extendStart(
  deps: MoneyDeps,
  actor: Actor,
  decisionId: string,
  to: string,
  reason: string,
) {
  authorise(actor, 'bursaries:manage');
  return deps.db.transaction(async (tx) => {
    const { award } = await loadAward(deps, tx, actor, decisionId, { forUpdate: true });
    const refusal = extensionRefusal(clockOf(award), to, reason);
    if (refusal)
      throw new ValidationError(
        refusal === 'reasonMissing'
          ? { reason: 'bursaries.money.errors.reason' }
          : { to: `bursaries.money.errors.${refusal}` },
      );
    await tx
      .update(bursaryDecisions)
      .set({ extendedTo: to, extensionReason: reason.trim(), updatedAt: new Date() })
      .where(eq(bursaryDecisions.id, award.id));
    await audit(deps, tx, actor, 'bursary.award-extended', 'bursary_decision', award.id, { to });
  });
}

export type Outcome = 'started' | 'completed';

/**
 * Records that her course started or was completed, on a date no later than today. A course starts
 * before it completes; a lapsed award cannot start (its money went back to the fund).
 */
export async function recordOutcome(
  deps: MoneyDeps,
  actor: Actor,
  decisionId: string,
  outcome: Outcome,
  on: string,
  now = new Date(),
) {
  authorise(actor, 'bursaries:view');
  return deps.db.transaction(async (tx) => {
    const { award, application } = await loadAward(deps, tx, actor, decisionId, {
      forUpdate: true,
      maker: true,
    });
    if (on > ukDate(now)) throw new ValidationError({ on: 'bursaries.money.errors.future' });
    if (outcome === 'started') {
      if (award.status !== 'awarded')
        throw new ValidationError({ on: `bursaries.money.errors.${award.status}` });
      if (award.awardedOn && on < award.awardedOn)
        throw new ValidationError({ on: 'bursaries.money.errors.beforeAward' });
    } else {
      if (award.status !== 'started') throw new ValidationError({ on: 'bursaries.money.errors.notStarted' });
      if (award.startedOn && on < award.startedOn)
        throw new ValidationError({ on: 'bursaries.money.errors.beforeStart' });
    }
    await tx
      .update(bursaryDecisions)
      .set(
        outcome === 'started'
          ? { status: 'started', startedOn: on, updatedAt: now }
          : { status: 'completed', completedOn: on, updatedAt: now },
      )
      .where(eq(bursaryDecisions.id, award.id));
    await audit(deps, tx, actor, `bursary.course-${outcome}`, 'bursary_decision', award.id, { on });
    // The outcomes capability counts courses started and completed (issue 16); in the same
    // transaction, so the award and her outcome never disagree. An anonymised application has no her.
    if (application.participantId)
      await deps.outcomes?.recordEvent(
        {
          participantId: application.participantId,
          kind: outcome === 'started' ? 'course_started' : 'course_completed',
          occurredOn: on,
          source: 'bursaries',
          sourceRef: award.id,
          recordedBy: actor.userId,
        },
        tx,
      );
  });
}
