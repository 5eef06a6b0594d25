import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type EmploymentDeps, today } from './deps.ts';
import type { putForwards, Stage, Window } from './schema.ts';

type PutForward = typeof putForwards.$inferSelect;

/** Hours a week from the opportunity's weekly windows ("09:30" to "15:00" is 5.5). */
export function hoursPerWeek(hours: Window[]): number | null {
  if (!hours.length) return null;
  const mins = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
  const total = hours.reduce((sum, w) => sum + Math.max(0, mins(w.to) - mins(w.from)), 0);
  return Math.round((total / 60) * 10) / 10;
}

/**
 * Reports an offer's outcome to the outcomes module (when the composition root handed one in), in
 * the same transaction as the move: made, accepted (with her job start: date, hours, contract), or
 * declined (with its reason). Idempotent there on the put-forward's id.
 */
export async function reportOfferOutcome(
  deps: EmploymentDeps,
  tx: DbOrTx,
  actor: Actor,
  r: PutForward,
  to: Stage,
  input: { offerOn: string | null; startDate: string | null; reason: string | null },
  opportunity: { hours: Window[]; contract: string; kind: string },
) {
  const outcomes = deps.outcomes;
  if (!outcomes) return;
  const base = {
    participantId: r.participantId,
    source: 'employment',
    sourceRef: r.id,
    recordedBy: actor.userId,
  };
  if (to === 'offer')
    await outcomes.recordEvent({ ...base, kind: 'offer_made', occurredOn: input.offerOn ?? today() }, tx);
  if (to === 'accepted') {
    await outcomes.recordEvent({ ...base, kind: 'offer_accepted', occurredOn: today() }, tx);
    await outcomes.recordEvent(
      {
        ...base,
        kind: 'job_started',
        occurredOn: input.startDate ?? today(),
        details: {
          hoursPerWeek: hoursPerWeek(opportunity.hours),
          contract: opportunity.contract,
          opportunityKind: opportunity.kind,
        },
      },
      tx,
    );
  }
  if (to === 'declined')
    await outcomes.recordEvent(
      { ...base, kind: 'offer_declined', occurredOn: today(), details: { reason: input.reason ?? 'other' } },
      tx,
    );
}
