import { randomUUID } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, type OutcomesDeps } from './deps.ts';
import { recordEvent } from './events.ts';
import { outcomeEvents, outcomeKinds, staffKinds } from './schema.ts';

/** What staff record on her record (built-in kinds or the partnership's own). */
export interface StaffOutcome {
  kind: string;
  occurredOn: string;
  hoursPerWeek: number | null;
  contract: string | null;
  cefrFrom: string | null;
  cefrTo: string | null;
  evidence: string | null;
}

async function ownerHeader(deps: OutcomesDeps, tx: DbOrTx, actor: Actor, id: string, need: 'read' | 'write') {
  const header = await deps.participants.header(actor, id, need, tx);
  if (header.access.level !== 'owner') throw new NotFoundError();
  return header;
}

/** The kinds staff may record: the built-in ones, then the partnership's own (label as written). */
export async function recordableKinds(deps: OutcomesDeps) {
  const own = await deps.db.select().from(outcomeKinds).orderBy(asc(outcomeKinds.label));
  return { builtIn: [...staffKinds], own: own.map((k) => ({ key: k.key, label: k.label })) };
}

/** Her outcomes, newest first, for her organisation's staff (audited). */
export async function herOutcomes(deps: OutcomesDeps, actor: Actor, participantId: string) {
  authorise(actor, 'outcomes:record');
  const header = await ownerHeader(deps, deps.db, actor, participantId, 'read');
  const events = await deps.db
    .select()
    .from(outcomeEvents)
    .where(eq(outcomeEvents.participantId, participantId))
    .orderBy(desc(outcomeEvents.occurredOn), desc(outcomeEvents.recordedAt));
  await audit(deps, deps.db, actor, 'outcome.viewed', 'participant', participantId);
  return { header, events, kinds: await recordableKinds(deps) };
}

/** Staff record an outcome on her record; each is its own fact (a fresh source reference). */
export async function recordForHer(
  deps: OutcomesDeps,
  actor: Actor,
  participantId: string,
  input: StaffOutcome,
) {
  authorise(actor, 'outcomes:record');
  const kinds = await recordableKinds(deps);
  if (!kinds.builtIn.includes(input.kind as never) && !kinds.own.some((k) => k.key === input.kind))
    throw new ValidationError({ kind: 'outcomes.errors.kind' });
  if (
    input.kind === 'english_level_up' &&
    (!input.cefrFrom || !input.cefrTo || input.cefrTo <= input.cefrFrom)
  )
    throw new ValidationError({ cefrTo: 'outcomes.errors.cefr' });
  await deps.db.transaction(async (tx) => {
    await ownerHeader(deps, tx, actor, participantId, 'write');
    const details: Record<string, unknown> = {};
    if (input.kind === 'job_started')
      Object.assign(details, { hoursPerWeek: input.hoursPerWeek, contract: input.contract });
    if (input.kind === 'english_level_up')
      Object.assign(details, { cefrFrom: input.cefrFrom, cefrTo: input.cefrTo });
    await recordEvent(
      deps,
      {
        participantId,
        kind: input.kind,
        occurredOn: input.occurredOn,
        source: 'staff',
        sourceRef: randomUUID(),
        details,
        ...(input.evidence ? { evidence: input.evidence } : {}),
        recordedBy: actor.userId,
      },
      tx,
    );
    await audit(deps, tx, actor, 'outcome.recorded', 'participant', participantId, { kind: input.kind });
  });
}

/** A kind the partnership adds (managers): its key is made from the label. */
export async function addKind(deps: OutcomesDeps, actor: Actor, label: string) {
  authorise(actor, 'outcomes:kinds');
  if (!label || label.length > 80) throw new ValidationError({ label: 'outcomes.errors.label' });
  const key = `own_${label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_|_$/g, '')
    .slice(0, 40)}`;
  if (key === 'own_') throw new ValidationError({ label: 'outcomes.errors.label' });
  const added = await deps.db
    .insert(outcomeKinds)
    .values({ key, label, createdByUserId: actor.userId })
    .onConflictDoNothing()
    .returning({ key: outcomeKinds.key });
  if (!added.length) throw new ValidationError({ label: 'outcomes.errors.labelTaken' });
  await audit(deps, deps.db, actor, 'outcome.kind-added', 'outcome_kind', key, { label });
}

/** Her outcomes, for her subject access export. */
export async function outcomesExport(tx: DbOrTx, participantId: string) {
  return tx.select().from(outcomeEvents).where(eq(outcomeEvents.participantId, participantId));
}

/** Erasure keeps what the aggregate indicators count (kind, date, source, numbers) and drops the evidence. */
export async function outcomesErase(tx: DbOrTx, participantId: string) {
  await tx
    .update(outcomeEvents)
    .set({ evidence: null })
    .where(eq(outcomeEvents.participantId, participantId));
}
