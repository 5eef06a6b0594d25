import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { protectCount, type Shown, SUPPRESS_BELOW } from '../../platform/reporting/suppression.ts';
import { toCsv } from '../directory/index.ts';
import { audit, type EmploymentDeps } from './deps.ts';
import { partnerOrganisations, pledgedEmployers } from './employers.ts';
import { visibleTo } from './opportunities.ts';
import { dropOuts, funnelStages, protectFunnel } from './report-funnel.ts';

/** Counts from 1 to 4 are shown as "fewer than 5" (null here): the platform's one small-number rule. */
export { SUPPRESS_BELOW };
export const suppress = (n: number): number | null => protectCount(n).value;

export interface Row {
  group: string;
  key: string;
  count: number | null;
  /** Hidden so that a small count elsewhere cannot be worked out: shown as "hidden", not "fewer than 5". */
  hidden?: boolean;
}

/**
 * Whose figures a report holds: a manager's, her own organisation's (its women put forward, the
 * opportunities it may see); a commissioner's or an admin's, the whole partnership's, split by
 * partner organisation too (grants: reports:aggregate).
 */
const partnershipRoles: readonly Actor['role'][] = ['commissioner', 'admin'];

/**
 * The employment report, aggregate only: opportunities by kind and sector; women put forward,
 * interviewed, offered, accepted; declined offers by reason; median days from put forward to offer;
 * pledged employers and what they committed to. No row names a woman, and every count from 1 to 4
 * is suppressed, in the split by organisation too.
 */
export async function employmentReport(deps: EmploymentDeps, actor: Actor) {
  authorise(actor, 'reports:aggregate');
  const partnership = partnershipRoles.includes(actor.role);
  const q = async (query: ReturnType<typeof sql>) =>
    (await deps.db.execute(query)).rows as { key: string; n: string | number }[];
  // A manager's organisation: its women's put-forwards, and the opportunities it may see.
  const ours = partnership ? sql`true` : sql`pf.organisation_id = ${actor.organisationId}`;
  const seen = partnership ? sql`true` : visibleTo(actor);
  const byKind = await q(
    sql`select kind as key, count(*) as n from employment_opportunities where ${seen} group by kind order by kind`,
  );
  const bySector = await q(
    sql`select sector as key, count(*) as n from employment_opportunities where ${seen}
        group by sector order by count(*) desc, sector limit 20`,
  );
  // Where each put-forward left the funnel (its history says how far she got): see report-funnel.ts.
  const dropOutRows = await deps.db.execute<{ org: string; key: string; n: string }>(sql`
    select pf.organisation_id as org,
      case when pf.stage = 'accepted' then 'accepted'
           when pf.stage = 'declined' then 'declined:' || coalesce(pf.reason, 'other')
           when exists (select 1 from employment_put_forward_events e
                        where e.put_forward_id = pf.id and e.stage = 'offer') then 'offer_open'
           when exists (select 1 from employment_put_forward_events e
                        where e.put_forward_id = pf.id and e.stage = 'interview') then 'not_offered'
           else 'not_interviewed' end as key,
      count(*) as n
    from employment_put_forwards pf where ${ours} group by 1, 2`);
  const [median] = (
    await deps.db.execute(sql`
      select percentile_cont(0.5) within group (order by extract(epoch from (o.at - p.at)) / 86400) as days,
             count(*) as n
      from employment_put_forward_events p
      join employment_put_forward_events o on o.put_forward_id = p.put_forward_id and o.stage = 'offer'
      join employment_put_forwards pf on pf.id = p.put_forward_id
      where p.stage = 'put_forward' and ${ours}`)
  ).rows as { days: number | null; n: string }[];
  const pledged = await pledgedEmployers(deps);
  const rows = (group: string, list: { key: string; n: string | number }[]): Row[] =>
    list.map((r) => ({ group, key: r.key, count: suppress(Number(r.n)) }));
  const orgs = partnership
    ? (await partnerOrganisations(deps)).map((o) => ({ id: o.id, name: o.name }))
    : [{ id: actor.organisationId, name: '' }];
  const counts = orgs.map((o) =>
    dropOuts.map((d) =>
      dropOutRows.rows.filter((r) => r.org === o.id && r.key === d).reduce((a, r) => a + Number(r.n), 0),
    ),
  );
  // Put-forwards of organisations not in the split (none expected) still count in the whole.
  const funnel = protectFunnel(counts.length ? counts : [dropOuts.map(() => 0)]);
  const shownRow = (group: string, key: string, s: Shown): Row => ({
    group,
    key,
    count: s.value,
    ...(s.suppressed === 'secondary' ? { hidden: true } : {}),
  });
  const byOrganisation = partnership
    ? orgs.map((o, i) => ({
        name: o.name,
        stages: funnelStages.map((s) => shownRow(o.name, s, funnel.rows[i]?.[s] as Shown)),
      }))
    : [];
  const [own] = partnership
    ? []
    : await deps.db
        .select({ name: organisations.name })
        .from(organisations)
        .where(eq(organisations.id, actor.organisationId));
  const report = {
    scope: partnership ? ('partnership' as const) : ('organisation' as const),
    organisationName: own?.name ?? null,
    byKind: rows('kind', byKind),
    bySector: rows('sector', bySector),
    funnel: funnelStages.map((s) => shownRow('stage', s, funnel.stages[s])),
    byOrganisation,
    declined: funnel.declined.map((d) => shownRow('declined', d.reason, d.n)),
    // The median hides nothing about one woman only when enough offers stand behind it.
    daysToOffer:
      Number(median?.n ?? 0) >= SUPPRESS_BELOW && median?.days !== null && median?.days !== undefined
        ? Math.round(Number(median.days) * 10) / 10
        : null,
    pledged: pledged.map((p) => ({ name: p.name, level: p.level, commitments: p.commitments })),
  };
  await audit(deps, deps.db, actor, 'report.employment-viewed', 'organisation', actor.organisationId, {
    scope: report.scope,
  });
  return report;
}

export type EmploymentReport = Awaited<ReturnType<typeof employmentReport>>;

const flat = (r: EmploymentReport) => [
  ...r.byKind,
  ...r.bySector,
  ...r.funnel,
  ...r.byOrganisation.flatMap((o) => o.stages.map((x) => ({ ...x, group: `organisation:${o.name}` }))),
  ...r.declined,
];

/** Suppressed counts are written as "<5" in the files too; counts hidden to protect them, "hidden". */
const cell = (x: Row): number | string =>
  x.hidden ? 'hidden' : x.count === null ? `<${SUPPRESS_BELOW}` : x.count;

export function reportCsv(r: EmploymentReport): string {
  return toCsv(
    ['group', 'key', 'count'],
    flat(r).map((x) => ({
      group: x.group,
      key: x.key,
      count: cell(x),
    })),
  );
}

export async function reportXlsx(r: EmploymentReport, title: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  const ws = wb.addWorksheet(title.slice(0, 31));
  ws.addRow(['group', 'key', 'count']);
  for (const x of flat(r)) ws.addRow([x.group, x.key, cell(x)]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
