import { and, asc, eq, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { isUuid } from './access.ts';
import type { ParticipantsDeps } from './extensions.ts';
import { userNames } from './record.ts';
import { type ParticipantStatus, participantStatuses, participants } from './schema.ts';

export const PAGE_SIZE = 50;

export interface CaseloadRow {
  id: string;
  preferredName: string;
  status: ParticipantStatus;
  registrationComplete: boolean;
  neverContactAtHome: boolean;
  updatedAt: Date;
  /** Values of the columns other modules add (casework: next contact, review due, ...). */
  extra: Record<string, string | Date | null>;
}

export interface CaseloadGroup {
  keyWorkerUserId: string | null;
  keyWorkerName: string | null;
  counts: Record<ParticipantStatus, number>;
}

export type StatusFilter = 'current' | ParticipantStatus | 'all';

export interface CaseloadPage {
  /** Whose caseload this is: a user id, 'unassigned', or null for a manager's overview. */
  keyWorker: { id: string | null; name: string | null } | null;
  rows: CaseloadRow[];
  groups: CaseloadGroup[];
  columns: { id: string; headingKey: string }[];
  page: number;
  hasNext: boolean;
  status: StatusFilter;
}

const statusWhere = (status: StatusFilter): SQL | undefined =>
  status === 'all'
    ? undefined
    : status === 'current'
      ? inArray(participants.status, ['active', 'paused'])
      : eq(participants.status, status);

/**
 * A key worker's own caseload; a manager's overview of the organisation's caseloads grouped by key
 * worker, or one key worker's (or the unassigned) caseload when `keyWorker` is given.
 */
export async function caseload(
  deps: ParticipantsDeps,
  actor: Actor,
  opts: { keyWorker?: string; status?: StatusFilter; page?: number } = {},
): Promise<CaseloadPage> {
  authorise(actor, 'participant:read');
  const manager = can(actor, 'caseload:view-organisation');
  const status = opts.status ?? 'current';
  const page = Math.max(1, Math.floor(opts.page ?? 1));
  const columns = deps.extensions.caseloadColumns.map(({ id, headingKey }) => ({ id, headingKey }));
  const base = [eq(participants.organisationId, actor.organisationId), isNull(participants.erasedAt)];

  if (manager && !opts.keyWorker) {
    // Counts by key worker and status (read from the partial index alone), with their names.
    const { rows: counted } = await deps.db.execute<{
      kw: string | null;
      name: string | null;
      status: ParticipantStatus;
      n: number;
    }>(sql`
      select c.kw, u.name, c.status, c.n
      from (
        select ${participants.keyWorkerUserId} as kw, ${participants.status} as status, count(*)::int as n
        from ${participants}
        where ${participants.organisationId} = ${actor.organisationId} and ${participants.erasedAt} is null
        group by 1, 2
      ) c
      left join ${users} u on u.id = c.kw`);
    const groups = new Map<string | null, CaseloadGroup>();
    for (const c of counted) {
      const g = groups.get(c.kw) ?? {
        keyWorkerUserId: c.kw,
        keyWorkerName: c.kw ? c.name : null,
        counts: Object.fromEntries(participantStatuses.map((s) => [s, 0])) as Record<
          ParticipantStatus,
          number
        >,
      };
      g.counts[c.status] = c.n;
      groups.set(c.kw, g);
    }
    const sorted = [...groups.values()].sort((a, b) =>
      (a.keyWorkerName ?? '\uffff').localeCompare(b.keyWorkerName ?? '\uffff'),
    );
    // A large organisation has hundreds of key workers: a page of them at a time.
    const shown = sorted.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE);
    return {
      keyWorker: null,
      rows: [],
      groups: shown,
      columns,
      page,
      hasNext: sorted.length > page * PAGE_SIZE,
      status,
    };
  }

  let kwId: string | null = actor.userId;
  if (manager && opts.keyWorker) kwId = opts.keyWorker === 'unassigned' ? null : opts.keyWorker;
  if (kwId && !isUuid(kwId)) kwId = actor.userId;
  if (kwId && kwId !== actor.userId) {
    // Only a member of her own organisation's staff: another organisation's is refused as not found.
    const [staff] = await deps.db
      .select({ organisationId: users.organisationId })
      .from(users)
      .where(eq(users.id, kwId));
    if (!staff) throw new NotFoundError();
    authorise(actor, 'caseload:view-organisation', staff);
  }
  const where = [
    ...base,
    kwId ? eq(participants.keyWorkerUserId, kwId) : isNull(participants.keyWorkerUserId),
    statusWhere(status),
  ].filter((w): w is SQL => Boolean(w));
  const found = await deps.db
    .select({
      id: participants.id,
      preferredName: participants.preferredName,
      status: participants.status,
      registrationComplete: participants.registrationComplete,
      neverContactAtHome: participants.neverContactAtHome,
      updatedAt: participants.updatedAt,
    })
    .from(participants)
    .where(and(...where))
    .orderBy(asc(participants.status), asc(participants.preferredName), asc(participants.id))
    .limit(PAGE_SIZE + 1)
    .offset((page - 1) * PAGE_SIZE);
  const rows: CaseloadRow[] = found.slice(0, PAGE_SIZE).map((r) => ({ ...r, extra: {} }));
  const ids = rows.map((r) => r.id);
  // The other modules' columns and her key worker's name, read side by side (each is one query).
  const [loaded, names] = await Promise.all([
    Promise.all(ids.length ? deps.extensions.caseloadColumns.map((col) => col.load(deps.db, ids)) : []),
    kwId ? userNames(deps.db, [kwId]) : new Map<string, string>(),
  ]);
  deps.extensions.caseloadColumns.forEach((col, i) => {
    for (const r of rows) r.extra[col.id] = loaded[i]?.get(r.id) ?? null;
  });
  const name = kwId ? (names.get(kwId) ?? null) : null;
  return {
    keyWorker: { id: kwId, name },
    rows,
    groups: [],
    columns,
    page,
    hasNext: found.length > PAGE_SIZE,
    status,
  };
}

export interface SearchResult {
  id: string;
  preferredName: string;
  givenName: string | null;
  familyName: string | null;
  dateOfBirth: string | null;
  status: ParticipantStatus;
  keyWorkerName: string | null;
}

/**
 * Finds women of the actor's organisation by any of their names (a walk-in at a drop-in). The search
 * is audited without its words (they are personal data): only how many were found.
 */
export async function searchParticipants(
  deps: ParticipantsDeps,
  actor: Actor,
  query: string,
): Promise<SearchResult[]> {
  authorise(actor, 'participant:read');
  const q = query.trim().toLowerCase().slice(0, 100);
  if (q.length < 2) return [];
  const pattern = `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
  const found = await deps.db
    .select({
      id: participants.id,
      preferredName: participants.preferredName,
      givenName: participants.givenName,
      familyName: participants.familyName,
      dateOfBirth: participants.dateOfBirth,
      status: participants.status,
      keyWorkerUserId: participants.keyWorkerUserId,
    })
    .from(participants)
    .where(
      and(
        eq(participants.organisationId, actor.organisationId),
        isNull(participants.erasedAt),
        sql`participant_search_text(${participants.preferredName}, ${participants.givenName}, ${participants.familyName}) like ${pattern}`,
      ),
    )
    .orderBy(asc(participants.preferredName))
    .limit(25);
  const names = await userNames(
    deps.db,
    found.map((f) => f.keyWorkerUserId),
  );
  await deps.audit.record({
    actor,
    action: 'participant.searched',
    recordType: 'participant',
    details: { results: found.length },
  });
  return found.map(({ keyWorkerUserId, ...r }) => ({
    ...r,
    keyWorkerName: keyWorkerUserId ? (names.get(keyWorkerUserId) ?? null) : null,
  }));
}
