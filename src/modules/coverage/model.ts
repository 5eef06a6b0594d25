/**
 * The coverage model as plain data and pure functions: what a reader chose (the selection), the
 * matrix of areas by need domain, the headline figures in Mapping the Maze's words, an area's profile
 * against the national picture and its neighbours, and "where to act first". No database here: the
 * service (service.ts) feeds these functions the directory's counts.
 */
import { z } from 'zod';
import { deliveryTerms, needTerms, type ShippedTerm, termByCode, whoForTerms } from '../directory/index.ts';

export const womenModes = ['specific', 'only', 'any'] as const;
export type WomenMode = (typeof womenModes)[number];

export const domainTerms: readonly ShippedTerm[] = Object.values(needTerms);
export const groupTerms: readonly ShippedTerm[] = Object.values(whoForTerms);
export const deliveryWays: readonly ShippedTerm[] = Object.values(deliveryTerms);
/** The five domains Mapping the Maze counted, the default selection. */
export const mappingTheMazeDomains: readonly string[] = domainTerms
  .filter((t) => t.mappingTheMaze)
  .map((t) => t.code);

export const sortKeys = ['name', 'code', 'covered', 'services', ...domainTerms.map((t) => t.code)] as const;

export interface Selection {
  /** Need domain codes, in taxonomy order. */
  domains: string[];
  /** A who-for group code, or null for every group. */
  group: string | null;
  women: WomenMode;
  /** Delivery codes: a service counts when delivered in at least one of them; empty = any way. */
  delivery: string[];
}

export interface Sort {
  key: string;
  dir: 'asc' | 'desc';
}

export const defaultSelection = (): Selection => ({
  domains: [...mappingTheMazeDomains],
  group: null,
  women: 'specific',
  delivery: [],
});

const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

const querySchema = z.object({
  domains: list,
  group: z.string().optional(),
  women: z.string().optional(),
  delivery: list,
  sort: z.string().optional(),
  dir: z.string().optional(),
  /** Present when the filter form was submitted (so "no domains ticked" is an error, not the default). */
  filtered: z.string().optional(),
});

const inOrder = (codes: string[], terms: readonly ShippedTerm[]) =>
  terms.map((t) => t.code).filter((c) => codes.includes(c));

/**
 * The selection a query string asks for. Unknown codes are ignored; a submitted form with no domain
 * ticked is an error (the default five are shown meanwhile).
 */
export function parseSelection(query: unknown): {
  selection: Selection;
  sort: Sort;
  errors: Record<string, string>;
} {
  const q = querySchema.safeParse(query ?? {});
  const v = q.success ? q.data : querySchema.parse({});
  const errors: Record<string, string> = {};
  let domains = inOrder(v.domains, domainTerms);
  if (!domains.length) {
    if (v.filtered !== undefined || v.domains.length) errors.domains = 'coverage.filters.errors.domains';
    domains = [...mappingTheMazeDomains];
  }
  const group = v.group && groupTerms.some((t) => t.code === v.group) ? v.group : null;
  const women = (womenModes as readonly string[]).includes(v.women ?? '')
    ? (v.women as WomenMode)
    : 'specific';
  const delivery = inOrder(v.delivery, deliveryWays);
  const key = (sortKeys as readonly string[]).includes(v.sort ?? '') ? v.sort! : 'name';
  const dir = v.dir === 'desc' ? 'desc' : 'asc';
  return { selection: { domains, group, women, delivery }, sort: { key, dir }, errors };
}

/** The query string for a selection (and sort), the inverse of `parseSelection`. */
export function selectionQuery(s: Selection, sort?: Sort): string {
  const p = new URLSearchParams();
  for (const d of s.domains) p.append('domains', d);
  if (s.group) p.set('group', s.group);
  if (s.women !== 'specific') p.set('women', s.women);
  for (const d of s.delivery) p.append('delivery', d);
  if (sort && (sort.key !== 'name' || sort.dir !== 'asc')) {
    p.set('sort', sort.key);
    p.set('dir', sort.dir);
  }
  return p.toString();
}

export const isDefaultSelection = (s: Selection) => selectionQuery(s) === selectionQuery(defaultSelection());

export const termId = (code: string) => termByCode(code)!.id;

/** The counts the directory gives for one (area, need) pair. */
export interface Cell {
  any: number;
  womenSpecific: number;
  womenOnly: number;
}

export const pick = (c: Cell | undefined, women: WomenMode): number =>
  !c ? 0 : women === 'only' ? c.womenOnly : women === 'any' ? c.any : c.womenSpecific;

export interface AreaInfo {
  code: string;
  name: string;
  type: string;
}

export interface AreaRow extends AreaInfo {
  /** Services per selected domain (a service with two of the domains counts in both). */
  counts: Record<string, number>;
  /** How many of the selected domains have at least one service. */
  covered: number;
  /** Distinct services in the area across the selected domains. */
  services: number;
  missing: string[];
}

export interface DomainShare {
  domain: string;
  areas: number;
  percent: number;
}

export interface Headline {
  totalAreas: number;
  /** Areas with services in every selected domain. */
  allDomains: number;
  /** Areas with no service in any selected domain. */
  none: number;
  /** Areas with at least one. */
  some: number;
  perDomain: DomainShare[];
  /** Distinct services counted anywhere. */
  services: number;
}

export const percent = (n: number, total: number) => (total ? Math.round((1000 * n) / total) / 10 : 0);

/**
 * The matrix rows for every area: `cells` maps "area|needCode" to the directory's counts,
 * `distinct` maps an area code to its distinct services across the selected domains.
 */
export function matrixRows(
  areas: readonly AreaInfo[],
  selection: Selection,
  cells: ReadonlyMap<string, Cell>,
  distinct: ReadonlyMap<string, Cell>,
): AreaRow[] {
  return areas.map((a) => {
    const counts: Record<string, number> = {};
    const missing: string[] = [];
    for (const d of selection.domains) {
      counts[d] = pick(cells.get(`${a.code}|${d}`), selection.women);
      if (!counts[d]) missing.push(d);
    }
    return {
      code: a.code,
      name: a.name,
      type: a.type,
      counts,
      covered: selection.domains.length - missing.length,
      services: pick(distinct.get(a.code), selection.women),
      missing,
    };
  });
}

export function headline(rows: readonly AreaRow[], selection: Selection, services: number): Headline {
  const k = selection.domains.length;
  const total = rows.length;
  const none = rows.filter((r) => r.covered === 0).length;
  return {
    totalAreas: total,
    allDomains: rows.filter((r) => r.covered === k).length,
    none,
    some: total - none,
    perDomain: selection.domains.map((d) => {
      const n = rows.filter((r) => (r.counts[d] ?? 0) > 0).length;
      return { domain: d, areas: n, percent: percent(n, total) };
    }),
    services,
  };
}

export function sortRows(rows: readonly AreaRow[], sort: Sort): AreaRow[] {
  const value = (r: AreaRow): number | string =>
    sort.key === 'name'
      ? r.name
      : sort.key === 'code'
        ? r.code
        : sort.key === 'covered'
          ? r.covered
          : sort.key === 'services'
            ? r.services
            : (r.counts[sort.key] ?? 0);
  const sign = sort.dir === 'desc' ? -1 : 1;
  return [...rows].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    const c = typeof va === 'string' ? va.localeCompare(vb as string, 'en-GB') : va - (vb as number);
    return c ? sign * c : a.name.localeCompare(b.name, 'en-GB');
  });
}

/** Colour classes for the map: how many of the selected domains an area covers. */
export interface MapClass {
  /** Inclusive range of domains covered. */
  from: number;
  to: number;
  colour: string;
}

/** Viridis (colour-blind-safe, perceptually even), light to dark: more domains covered is darker. */
export const VIRIDIS = ['#fde725', '#7ad151', '#22a884', '#2a788e', '#414487', '#440154'] as const;

export function mapClasses(domainCount: number): MapClass[] {
  const k = domainCount;
  const ranges: [number, number][] = [];
  if (k <= 5) for (let v = 0; v <= k; v++) ranges.push([v, v]);
  else {
    // None, four even bands of "some", and all.
    ranges.push([0, 0]);
    const inner = k - 1;
    let start = 1;
    for (let i = 0; i < 4 && start <= inner; i++) {
      const end = Math.max(start, Math.round(((i + 1) * inner) / 4));
      ranges.push([start, end]);
      start = end + 1;
    }
    ranges.push([k, k]);
  }
  const n = ranges.length;
  return ranges.map(([from, to], i) => ({
    from,
    to,
    colour: VIRIDIS[n === 1 ? 0 : Math.round((i * (VIRIDIS.length - 1)) / (n - 1))]!,
  }));
}

export const classOf = (classes: readonly MapClass[], covered: number) =>
  classes.findIndex((c) => covered >= c.from && covered <= c.to);

export interface Comparison {
  domain: string;
  here: number;
  /** Median services per area for the domain, across all areas. */
  nationalMedian: number;
  /** Share of areas with at least one service for the domain. */
  nationalPercent: number;
  /** Share of areas with fewer services for the domain than this one. */
  percentile: number;
}

export function median(values: readonly number[]): number {
  if (!values.length) return 0;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function compareWithNation(
  row: AreaRow,
  rows: readonly AreaRow[],
  selection: Selection,
): Comparison[] {
  return selection.domains.map((d) => {
    const values = rows.map((r) => r.counts[d] ?? 0);
    const here = row.counts[d] ?? 0;
    return {
      domain: d,
      here,
      nationalMedian: median(values),
      nationalPercent: percent(values.filter((v) => v > 0).length, rows.length),
      percentile: percent(values.filter((v) => v < here).length, rows.length),
    };
  });
}

export interface Priority {
  rank: number;
  row: AreaRow;
  /** The loaded figure for the area (e.g. residents born outside the UK); null when none loaded. */
  need: number | null;
  /** need / services; null when the area has no services (those rank first) or no figure. */
  needPerService: number | null;
}

/**
 * "Where to act first": areas with a figure, ranked by need against provision. Areas with no
 * service in the selected domains come first (largest need first), then by need per service,
 * highest first. Areas without a figure come last, by name.
 */
export function priorities(rows: readonly AreaRow[], need: ReadonlyMap<string, number>): Priority[] {
  const scored = rows.map((row) => {
    const value = need.get(row.code);
    const n = value === undefined ? null : value;
    return { row, need: n, needPerService: n === null || row.services === 0 ? null : n / row.services };
  });
  const group = (p: (typeof scored)[number]) => (p.need === null ? 2 : p.row.services === 0 ? 0 : 1);
  scored.sort((a, b) => {
    const g = group(a) - group(b);
    if (g) return g;
    if (group(a) === 0) return b.need! - a.need! || a.row.name.localeCompare(b.row.name, 'en-GB');
    if (group(a) === 1)
      return b.needPerService! - a.needPerService! || a.row.name.localeCompare(b.row.name, 'en-GB');
    return a.row.name.localeCompare(b.row.name, 'en-GB');
  });
  return scored.map((p, i) => ({ rank: i + 1, ...p }));
}
