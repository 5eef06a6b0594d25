import type { DbOrTx } from '../../platform/db/index.ts';
import { isUuid } from '../../platform/http/zod.ts';
import type { OutcomesDeps } from './deps.ts';
import { outcomeEvents } from './schema.ts';

/**
 * One outcome in her life, as another module (or staff) reports it. The contract other modules
 * code against: employment (offers, job starts), mentoring (programme completed), bursaries
 * (course started and completed).
 */
export interface OutcomeEventInput {
  participantId: string;
  kind: string;
  /** YYYY-MM-DD */
  occurredOn: string;
  /** staff, employment, mentoring, bursaries... */
  source: string;
  /** The source's own id for the fact: recording the same (source, sourceRef, kind) twice keeps one. */
  sourceRef: string;
  details?: Record<string, unknown>;
  evidence?: string;
  recordedBy: string | null;
}

/** What another module is handed to report outcomes (optional in its deps: absent, nothing is recorded). */
export type OutcomeRecorder = { recordEvent(input: OutcomeEventInput, tx?: DbOrTx): Promise<void> };

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Records an outcome event once: a second report of the same fact from the same source updates
 * nothing (a put-forward accepted twice, a retried closure). Called inside the caller's
 * transaction when given, so the outcome stands or falls with the change that caused it.
 */
export async function recordEvent(deps: OutcomesDeps, input: OutcomeEventInput, tx: DbOrTx = deps.db) {
  if (!isUuid(input.participantId)) throw new Error('outcome event: participantId is not a uuid');
  if (!DAY.test(input.occurredOn)) throw new Error('outcome event: occurredOn is not YYYY-MM-DD');
  if (!input.kind || !input.source || !input.sourceRef)
    throw new Error('outcome event: kind, source, sourceRef');
  const programmeId = input.details?.programmeId;
  await tx
    .insert(outcomeEvents)
    .values({
      participantId: input.participantId,
      kind: input.kind,
      occurredOn: input.occurredOn,
      source: input.source,
      sourceRef: input.sourceRef,
      programmeId: typeof programmeId === 'string' && isUuid(programmeId) ? programmeId : null,
      details: input.details ?? {},
      evidence: input.evidence ?? null,
      recordedByUserId: input.recordedBy,
    })
    .onConflictDoNothing({ target: [outcomeEvents.source, outcomeEvents.sourceRef, outcomeEvents.kind] });
}
