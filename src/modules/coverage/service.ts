/**
 * Coverage and gaps by local authority area (issue 4), built on the directory's read-only coverage
 * queries (`directory.coverage`, through the directory's door). Build once with
 * `createCoverageService({ db, directory, publicAccess })`.
 *
 * Access: when the partnership makes coverage public (COVERAGE_PUBLIC, default true) anyone may read
 * it, signed in or not; otherwise the reader needs 'coverage:view'. Every function takes the acting
 * user (or null for a visitor) and checks first. Coverage shows only published directory facts and
 * aggregate counts: nothing about any woman.
 *
 * - `overview(actor, selection)` -> every area's row (counts per domain, domains covered, distinct
 *   services), the headline figures and the map's colour classes.
 * - `area(actor, code, selection)` -> one area's profile: its services by domain, missing domains,
 *   comparison with the national picture and with its neighbours. Unknown code: NotFoundError.
 * - `priorities(actor, selection, measureId?)` -> "where to act first" against a loaded measure.
 * - `measures(actor)` -> the loaded population measures.
 */
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can } from '../../platform/auth/authorise.ts';
import type { Db } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import {
  type AreaService,
  type CoverageFilter,
  type DirectoryReads,
  shippedTermById,
} from '../directory/index.ts';
import { neighbours } from './geo.ts';
import {
  type AreaInfo,
  type AreaRow,
  type Cell,
  type Comparison,
  compareWithNation,
  type Headline,
  headline,
  type MapClass,
  mapClasses,
  matrixRows,
  median,
  type Priority,
  pick,
  priorities,
  type Selection,
  termId,
} from './model.ts';
import { listMeasures, loadMeasure, type Measure } from './population.ts';

export const DEFAULT_MEASURE = 'born-outside-uk';

export interface Overview {
  selection: Selection;
  rows: AreaRow[];
  headline: Headline;
  classes: MapClass[];
}

export interface AreaProfile {
  area: AreaInfo;
  row: AreaRow;
  /** Each selected domain with the area's services for it (a service may appear under several). */
  domains: { domain: string; services: AreaService[] }[];
  missing: string[];
  national: Comparison[];
  /** Median domains covered per area, nationally. */
  nationalCoveredMedian: number;
  /** Share of areas covering fewer of the selected domains than this one. */
  coveredPercentile: number;
  neighbours: AreaRow[];
  /** Domains every neighbour lacks too. */
  missingAcrossNeighbours: string[];
}

export interface Priorities {
  measure: Omit<Measure, 'values'> | null;
  ranked: Priority[];
}

export interface CoverageDeps {
  db: Db;
  /** The directory's reads: its local areas and the coverage summary's queries. */
  directory: Pick<DirectoryReads, 'localAreas' | 'coverage'>;
  publicAccess: boolean;
}

export function createCoverageService({ db, directory, publicAccess }: CoverageDeps) {
  let areaCache: AreaInfo[] | undefined;

  function allow(actor: Actor | null | undefined): void {
    if (publicAccess) return;
    authorise(actor, 'coverage:view');
  }

  async function areas(): Promise<AreaInfo[]> {
    // By code: the matrix, the map and the exports list areas in ONS code order.
    areaCache ??= [...(await directory.localAreas())]
      .sort((a, b) => (a.code < b.code ? -1 : 1))
      .map((a) => ({ code: a.code, name: a.name, type: a.type }));
    return areaCache;
  }

  const filterOf = (s: Selection): CoverageFilter => ({
    needIds: s.domains.map(termId),
    whoForId: s.group ? termId(s.group) : null,
    deliveryIds: s.delivery.map(termId),
  });

  async function compute(selection: Selection): Promise<Overview> {
    await directory.coverage.refresh();
    const counts = await directory.coverage.counts(filterOf(selection));
    const cells = new Map<string, Cell>();
    for (const c of counts.cells) cells.set(`${c.areaCode}|${shippedTermById(c.needId)!.code}`, c);
    const distinct = new Map<string, Cell>(counts.areas.map((a) => [a.areaCode, a]));
    const rows = matrixRows(await areas(), selection, cells, distinct);
    return {
      selection,
      rows,
      headline: headline(rows, selection, pick(counts.total, selection.women)),
      classes: mapClasses(selection.domains.length),
    };
  }

  return {
    publicAccess,

    /** Whether this reader may see coverage (for navigation and links). */
    canView(actor: Actor | null | undefined): boolean {
      return publicAccess || can(actor, 'coverage:view');
    },

    async overview(actor: Actor | null | undefined, selection: Selection): Promise<Overview> {
      allow(actor);
      return compute(selection);
    },

    async area(actor: Actor | null | undefined, code: string, selection: Selection): Promise<AreaProfile> {
      allow(actor);
      const info = (await areas()).find((a) => a.code === code);
      if (!info) throw new NotFoundError();
      const overview = await compute(selection);
      const row = overview.rows.find((r) => r.code === code)!;
      const services = await directory.coverage.areaServices(code, filterOf(selection));
      const counted = services.filter((s) =>
        selection.women === 'only' ? s.womenOnly : selection.women === 'specific' ? s.womenSpecific : true,
      );
      const near = new Set(neighbours().get(code) ?? []);
      const neighbourRows = overview.rows
        .filter((r) => near.has(r.code))
        .sort((a, b) => a.name.localeCompare(b.name, 'en-GB'));
      const k = selection.domains.length;
      return {
        area: info,
        row,
        domains: selection.domains.map((d) => ({
          domain: d,
          services: counted.filter((s) => s.needIds.includes(termId(d))),
        })),
        missing: row.missing,
        national: compareWithNation(row, overview.rows, selection),
        nationalCoveredMedian: median(overview.rows.map((r) => r.covered)),
        coveredPercentile:
          Math.round(
            (1000 * overview.rows.filter((r) => r.covered < row.covered).length) / overview.rows.length,
          ) / 10,
        neighbours: neighbourRows,
        missingAcrossNeighbours: k
          ? row.missing.filter((d) => neighbourRows.every((n) => (n.counts[d] ?? 0) === 0))
          : [],
      };
    },

    async priorities(
      actor: Actor | null | undefined,
      selection: Selection,
      measureId = DEFAULT_MEASURE,
    ): Promise<Priorities> {
      allow(actor);
      const overview = await compute(selection);
      const measure = await loadMeasure(db, measureId);
      if (!measure) return { measure: null, ranked: priorities(overview.rows, new Map()) };
      const { values, ...meta } = measure;
      return { measure: meta, ranked: priorities(overview.rows, values) };
    },

    async measures(actor: Actor | null | undefined) {
      allow(actor);
      return listMeasures(db);
    },
  };
}

export type CoverageService = ReturnType<typeof createCoverageService>;
