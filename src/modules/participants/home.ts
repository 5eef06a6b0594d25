import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { can } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { HomePanel } from '../../platform/views/home-panels.ts';
import type { HomeScope, ParticipantsDeps } from './extensions.ts';
import { participants, staffHomeViews } from './schema.ts';

/** A woman not contacted for this many weeks is listed on her key worker's home page (issue 12). */
export const NOT_CONTACTED_WEEKS = 4;
/** Rows a panel lists; its total says how many there are, and its link leads to all of them. */
export const PANEL_ROWS = 10;

const view = (name: string) => `participants/views/home/${name}.njk`;

/**
 * The panels of a staff home page. A key worker sees her own caseload; a manager her whole
 * organisation, with who is unassigned and each key worker's caseload. The women in view are read
 * once and every module's section (extensions.ts `homeSections`) is loaded for them; the view is
 * audited once, with how many women it covered (never who). Roles that hold no records get none.
 */
export async function homePanels(
  deps: ParticipantsDeps,
  actor: Actor,
  now: Date = new Date(),
): Promise<HomePanel[]> {
  if (!can(actor, 'participant:read')) return [];
  const manager = can(actor, 'caseload:view-organisation');
  const inView = await deps.db
    .select({
      id: participants.id,
      name: participants.preferredName,
      keyWorkerUserId: participants.keyWorkerUserId,
    })
    .from(participants)
    .where(
      and(
        eq(participants.organisationId, actor.organisationId),
        isNull(participants.erasedAt),
        inArray(participants.status, ['active', 'paused']),
        manager ? undefined : eq(participants.keyWorkerUserId, actor.userId),
      ),
    );
  // When she last looked, and now as her new "last looked" (what was answered since is marked new).
  const [seen] = await deps.db
    .select({ at: staffHomeViews.seenAt })
    .from(staffHomeViews)
    .where(eq(staffHomeViews.userId, actor.userId));
  await deps.db
    .insert(staffHomeViews)
    .values({ userId: actor.userId, seenAt: now })
    .onConflictDoUpdate({ target: staffHomeViews.userId, set: { seenAt: now } });
  const scope: HomeScope = {
    actor,
    scope: manager ? 'organisation' : 'own',
    lastLooked: seen?.at ?? null,
    women: new Map(inView.map((w) => [w.id, { name: w.name, keyWorkerUserId: w.keyWorkerUserId }])),
    names: (ids) => namesInOrganisation(deps, actor, ids),
    now,
  };
  const sections = deps.extensions.homeSections.filter((s) => manager || !s.managersOnly);
  const loaded = await Promise.all(sections.map((s) => s.load(deps.db, scope)));
  const own = [
    {
      id: 'not-contacted',
      order: 50,
      template: view('not-contacted'),
      data: await notContacted(deps, scope),
    },
    ...(manager
      ? [
          { id: 'unassigned', order: 70, template: view('unassigned'), data: unassigned(scope) },
          { id: 'caseloads', order: 80, template: view('caseloads'), data: await caseloads(deps, scope) },
        ]
      : []),
  ];
  await deps.audit.record({
    actor,
    action: 'home.viewed',
    recordType: 'user',
    recordId: actor.userId,
    details: { scope: scope.scope, women: inView.length },
  });
  return [...sections.map((s, i) => ({ ...s, data: loaded[i] ?? {} })), ...own]
    .sort((a, b) => a.order - b.order)
    .map(({ id, template, data }) => ({ id, template, data }));
}

async function namesInOrganisation(deps: ParticipantsDeps, actor: Actor, ids: string[]) {
  const wanted = [...new Set(ids)];
  if (!wanted.length) return new Map<string, string>();
  const rows = await deps.db
    .select({ id: participants.id, name: participants.preferredName })
    .from(participants)
    .where(
      and(
        inArray(participants.id, wanted),
        eq(participants.organisationId, actor.organisationId),
        isNull(participants.erasedAt),
      ),
    );
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Women in view with no contact for NOT_CONTACTED_WEEKS (or none since she was registered), longest first. */
async function notContacted(deps: ParticipantsDeps, scope: HomeScope) {
  const ids = [...scope.women.keys()];
  if (!ids.length) return { weeks: NOT_CONTACTED_WEEKS, rows: [], total: 0 };
  const since = sql`coalesce(${participants.lastContactAt}, ${participants.createdAt})`;
  const cutoff = new Date(scope.now.getTime() - NOT_CONTACTED_WEEKS * 7 * 86_400_000);
  const rows = await deps.db
    .select({
      id: participants.id,
      name: participants.preferredName,
      lastContactAt: participants.lastContactAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(participants)
    .where(and(inArray(participants.id, ids), sql`${since} < ${cutoff.toISOString()}::timestamptz`))
    .orderBy(since, participants.preferredName)
    .limit(PANEL_ROWS);
  return {
    weeks: NOT_CONTACTED_WEEKS,
    total: rows[0]?.total ?? 0,
    rows: rows.map(({ total: _, ...r }) => r),
  };
}

function unassigned(scope: HomeScope) {
  const rows = [...scope.women]
    .filter(([, w]) => !w.keyWorkerUserId)
    .map(([id, w]) => ({ id, name: w.name }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { total: rows.length, rows: rows.slice(0, PANEL_ROWS) };
}

/** Each key worker's (and manager's) number of current women, largest first, for hand-over. */
async function caseloads(deps: ParticipantsDeps, scope: HomeScope) {
  const staff = await deps.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(
      and(
        eq(users.organisationId, scope.actor.organisationId),
        eq(users.active, true),
        sql`${users.role} in ('key_worker', 'manager')`,
      ),
    );
  const counts = new Map<string, number>();
  for (const w of scope.women.values())
    if (w.keyWorkerUserId) counts.set(w.keyWorkerUserId, (counts.get(w.keyWorkerUserId) ?? 0) + 1);
  const rows = staff
    .map((s) => ({ ...s, count: counts.get(s.id) ?? 0 }))
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  return { rows };
}
