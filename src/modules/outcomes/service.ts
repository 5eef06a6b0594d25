import type { DbOrTx } from '../../platform/db/index.ts';
import type { OutcomesDeps } from './deps.ts';
import { type OutcomeEventInput, recordEvent } from './events.ts';

/**
 * Outcomes: events in her life (from employment, mentoring, bursaries, or recorded by staff),
 * indicators declared in code and computed in SQL, and the aggregate reports. Building it registers
 * outcomes on her record (link, subject access export, erasure).
 */
export function createOutcomesService(deps: OutcomesDeps) {
  return {
    /** Idempotent: the same (source, sourceRef, kind) twice keeps one event. */
    recordEvent: (input: OutcomeEventInput, tx?: DbOrTx) => recordEvent(deps, input, tx),
  };
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;
