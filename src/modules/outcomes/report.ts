import { asc, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { audit, type OutcomesDeps } from './deps.ts';
import { type GroupCounts, type PublishedFigure, publish, publishCounts } from './figures.ts';
import type { ReportForm } from './forms.ts';
import {
  declineReasonsQuery,
  type Filter,
  type IndicatorDefinition,
  indicatorIds,
  indicators,
} from './indicators.ts';

/** The last twelve months to today, when no period is chosen. */
export function defaultPeriod(now = new Date()) {
  const to = now.toISOString().slice(0, 10);
  const from = new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), now.getUTCDate() + 1));
  return { from: from.toISOString().slice(0, 10), to };
}

/**
 * The filter a viewer may use: a manager sees their own organisation only, whatever is asked;
 * commissioners and admins the partnership, or one organisation or programme of it.
 */
export function scopedFilter(actor: Actor, form: Partial<ReportForm>): Filter {
  const period = defaultPeriod();
  const from = form.from ?? period.from;
  const to = form.to ?? period.to;
  return {
    from: from <= to ? from : to,
    to: from <= to ? to : from,
    programmeId: form.programme ?? null,
    organisationId: actor.role === 'manager' ? actor.organisationId : (form.organisation ?? null),
    area: form.area ?? null,
    breakdown: form.breakdown ?? 'none',
  };
}

/** One indicator's exact counts by group: for the published report only after `publish`. */
export async function computeIndicator(deps: OutcomesDeps, def: IndicatorDefinition, filter: Filter) {
  const f: Filter = {
    ...filter,
    breakdown: def.breakdowns.includes(filter.breakdown) ? filter.breakdown : 'none',
    area: def.areaFilter ? filter.area : null,
  };
  const rows = (await deps.db.execute(def.query(deps.sources, f))).rows as unknown as GroupCounts[];
  return rows.map((r) => ({
    grp: String(r.grp),
    base: Number(r.base),
    yes: Number(r.yes),
    pending: Number(r.pending),
    invited: r.invited === null ? null : Number(r.invited),
  }));
}

/** Declined offers by reason, exact (published through `publishCounts`). */
export async function computeDeclines(deps: OutcomesDeps, filter: Filter) {
  const rows = (await deps.db.execute(declineReasonsQuery(deps.sources, filter))).rows as {
    grp: string;
    n: number;
  }[];
  return rows.map((r) => ({ grp: r.grp, n: Number(r.n) }));
}

export interface ReportSection {
  def: IndicatorDefinition;
  /** Whether the chosen breakdown or area filter applies to this indicator's source. */
  brokenDown: boolean;
  areaApplied: boolean;
  figure: PublishedFigure;
  declines: ReturnType<typeof publishCounts> | null;
}

/** What the report's filter form offers this viewer. */
export async function reportOptions(deps: OutcomesDeps, actor: Actor) {
  const orgs = await deps.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .orderBy(asc(organisations.name));
  const programmes = (
    await deps.db.execute(
      sql`select id, organisation_id, name from ${deps.sources.programmes()} p order by name`,
    )
  ).rows as { id: string; organisation_id: string; name: string }[];
  return {
    organisations: actor.role === 'manager' ? orgs.filter((o) => o.id === actor.organisationId) : orgs,
    programmes: programmes
      .filter((p) => actor.role !== 'manager' || p.organisation_id === actor.organisationId)
      .map((p) => ({ id: p.id, name: p.name })),
    areas: await deps.localAreas(),
  };
}

/**
 * The published report: the chosen indicators for the filter, each protected (figures.ts), with
 * group names (organisations, programmes, areas) in place of ids. Aggregate only; audited.
 */
export async function outcomesReport(deps: OutcomesDeps, actor: Actor, form: Partial<ReportForm>) {
  authorise(actor, 'reports:aggregate');
  const filter = scopedFilter(actor, form);
  const chosen = (form.indicators ?? []).filter((id) => indicatorIds.includes(id));
  const defs = indicators.filter((d) => !chosen.length || chosen.includes(d.id));
  const options = await reportOptions(deps, actor);
  // One query per indicator, side by side on the pool's connections.
  const sections: ReportSection[] = await Promise.all(
    defs.map(async (def) => ({
      def,
      brokenDown: def.breakdowns.includes(filter.breakdown) && filter.breakdown !== 'none',
      areaApplied: def.areaFilter || !filter.area,
      figure: publish(await computeIndicator(deps, def, filter)),
      declines: def.id === 'offers_accepted' ? publishCounts(await computeDeclines(deps, filter)) : null,
    })),
  );
  const names = new Map<string, string>([
    ...options.organisations.map((o) => [o.id, o.name] as const),
    ...options.programmes.map((p) => [p.id, p.name] as const),
    ...options.areas.map((a) => [a.code, a.name] as const),
  ]);
  await audit(deps, deps.db, actor, 'report.outcomes-viewed', 'organisation', actor.organisationId, {
    filter,
    indicators: defs.map((d) => d.id),
  });
  return { filter, chosen: defs.map((d) => d.id), sections, options, names: Object.fromEntries(names) };
}

export type OutcomesReport = Awaited<ReturnType<typeof outcomesReport>>;
