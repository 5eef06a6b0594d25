import { createHash } from 'node:crypto';
import { and, asc, desc, eq, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../auth/actor.ts';
import type { Db, DbOrTx } from '../db/index.ts';
import { auditEvents } from './schema.ts';

export const GENESIS = '0'.repeat(64);

export interface AuditEntry {
  actor?: Pick<Actor, 'userId' | 'organisationId'> | null;
  action: string;
  outcome?: 'success' | 'failure' | 'denied';
  recordType?: string;
  recordId?: string;
  /** Identifiers, field names and reasons only: never names, contact details or free text. */
  details?: Record<string, unknown>;
}

type Row = typeof auditEvents.$inferSelect;

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    return Object.fromEntries(
      Object.keys(value)
        .sort()
        .map((k) => [k, canonical((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function hashEvent(e: Omit<Row, 'seq' | 'hash'>): string {
  const body = JSON.stringify([
    e.prevHash,
    e.at.toISOString(),
    e.actorUserId,
    e.actorOrganisationId,
    e.action,
    e.outcome,
    e.recordType,
    e.recordId,
    canonical(e.details),
  ]);
  return createHash('sha256').update(body).digest('hex');
}

async function append(tx: DbOrTx, entry: AuditEntry): Promise<void> {
  // One writer at a time extends the chain; the lock ends with the caller's transaction.
  await tx.execute(sql`select pg_advisory_xact_lock(727275)`);
  const [last] = await tx
    .select({ hash: auditEvents.hash })
    .from(auditEvents)
    .orderBy(desc(auditEvents.seq))
    .limit(1);
  const event = {
    at: new Date(),
    actorUserId: entry.actor?.userId ?? null,
    actorOrganisationId: entry.actor?.organisationId ?? null,
    action: entry.action,
    outcome: entry.outcome ?? 'success',
    recordType: entry.recordType ?? null,
    recordId: entry.recordId ?? null,
    details: entry.details ?? {},
    prevHash: last?.hash ?? GENESIS,
  } as const;
  await tx.insert(auditEvents).values({ ...event, hash: hashEvent(event) });
}

export interface AuditFilters {
  action?: string;
  actorUserId?: string;
  actorOrganisationId?: string;
  recordType?: string;
  recordId?: string;
  from?: Date;
  to?: Date;
  beforeSeq?: number;
  limit?: number;
}

export interface VerifyResult {
  ok: boolean;
  checked: number;
  /** 'link': its prev_hash is not the previous event's hash (an event before it was removed or rewritten). */
  firstBroken?: { seq: number; at: Date; action: string; reason: 'hash' | 'link' };
}

const broken = (row: Row) => ({ seq: row.seq, at: row.at, action: row.action });

export function createAuditService(db: Db) {
  return {
    /**
     * Writes one event. Pass the caller's transaction so the event commits or rolls back with the
     * change it describes.
     */
    async record(entry: AuditEntry, tx?: DbOrTx): Promise<void> {
      if (tx && tx !== db) return append(tx, entry);
      await db.transaction((t) => append(t, entry));
    },

    async list(filters: AuditFilters = {}): Promise<Row[]> {
      const where: SQL[] = [];
      if (filters.action) where.push(eq(auditEvents.action, filters.action));
      if (filters.actorUserId) where.push(eq(auditEvents.actorUserId, filters.actorUserId));
      if (filters.actorOrganisationId)
        where.push(eq(auditEvents.actorOrganisationId, filters.actorOrganisationId));
      if (filters.recordType) where.push(eq(auditEvents.recordType, filters.recordType));
      if (filters.recordId) where.push(eq(auditEvents.recordId, filters.recordId));
      if (filters.from) where.push(gte(auditEvents.at, filters.from));
      if (filters.to) where.push(lt(auditEvents.at, filters.to));
      if (filters.beforeSeq) where.push(lt(auditEvents.seq, filters.beforeSeq));
      return db
        .select()
        .from(auditEvents)
        .where(and(...where))
        .orderBy(desc(auditEvents.seq))
        .limit(filters.limit ?? 50);
    },

    /** Walks the whole chain in order and names the first event whose hash or link does not hold. */
    async verify(): Promise<VerifyResult> {
      let prev = GENESIS;
      let checked = 0;
      let after = 0;
      for (;;) {
        const batch = await db
          .select()
          .from(auditEvents)
          .where(sql`${auditEvents.seq} > ${after}`)
          .orderBy(asc(auditEvents.seq))
          .limit(5000);
        if (batch.length === 0) return { ok: true, checked };
        for (const row of batch) {
          if (row.prevHash !== prev)
            return { ok: false, checked, firstBroken: { ...broken(row), reason: 'link' } };
          if (hashEvent(row) !== row.hash)
            return { ok: false, checked, firstBroken: { ...broken(row), reason: 'hash' } };
          prev = row.hash;
          checked++;
          after = row.seq;
        }
      }
    },
  };
}

export type AuditService = ReturnType<typeof createAuditService>;
