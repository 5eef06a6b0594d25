import http from 'node:http';
import { defaultSelection, type Selection, selectionQuery } from '../src/modules/coverage/model.ts';
import {
  type CoverageFilter,
  coverageCounts,
  listLocalAreas,
  refreshCoverage,
} from '../src/modules/directory/coverage/query.ts';
import { deliveryTerms, needTerms, whoForTerms } from '../src/modules/directory/taxonomies.ts';
import { writeServices } from '../tests/support/coverage.ts';
import { coverageServices } from './coverage-data.ts';
import { Rng, scale } from './generate.ts';
import { type BenchContext, recordPercentiles } from './harness.ts';
import { pageWeight } from './platform.bench.ts';

const five = Object.values(needTerms)
  .filter((t) => 'mappingTheMaze' in t)
  .map((t) => t.code);
const all = Object.values(needTerms).map((t) => t.code);

/** A spread of what commissioners ask: the seed's question, every need, groups, delivery, one need. */
const selections: Selection[] = [
  defaultSelection(),
  { ...defaultSelection(), group: 'refugees-asylum-seekers' },
  { ...defaultSelection(), women: 'only' },
  { ...defaultSelection(), women: 'any' },
  { ...defaultSelection(), domains: all },
  { ...defaultSelection(), domains: all, delivery: ['drop-in', 'outreach'] },
  { ...defaultSelection(), domains: ['mental-health'], group: 'lbtqi', delivery: ['online'] },
  {
    ...defaultSelection(),
    domains: ['domestic-abuse', 'immigration-advice', 'english-esol'],
    group: 'black-minoritised-women',
  },
  { ...defaultSelection(), domains: five, delivery: ['women-only-space'] },
  { ...defaultSelection(), domains: ['employment', 'education'], women: 'any', group: 'young-women' },
];

const filterOf = (s: Selection): CoverageFilter => ({
  needIds: s.domains.map((d) => Object.values(needTerms).find((t) => t.code === d)!.id),
  whoForId: s.group ? Object.values(whoForTerms).find((t) => t.code === s.group)!.id : null,
  deliveryIds: s.delivery.map((d) => Object.values(deliveryTerms).find((t) => t.code === d)!.id),
});

function timedGet(url: string): Promise<{ ms: number; status: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - t0, status: res.statusCode ?? 0 }));
      })
      .on('error', reject);
  });
}

/**
 * The map of the maze at scale: 100k generated services (10k with --quick); then coverage for a
 * spread of filters (the counts behind every page and export: p95 target 500 ms), the whole
 * /coverage page for the same filters, and the page's weight as sent.
 */
export default async function coverage(ctx: BenchContext) {
  const db = ctx.database.db;
  const n = scale(ctx.quick).services;
  const rounds = ctx.quick ? 5 : 10;

  // The directory's own demo generator (seedDemoDirectory) writes whole service records (phones,
  // schedules, addresses, languages, costs): about 1,400 a minute on the 2-core machine under load, so
  // 100k took over an hour. Coverage reads only needs, groups, delivery, service areas and located
  // places, so this benchmark writes services with just those (bench/coverage-data.ts), through the
  // same import path (ingestDocument + writeRowSet).
  let t0 = performance.now();
  const services = coverageServices(new Rng(4_004), n, await listLocalAreas(db));
  await writeServices(db, services, 2_000);
  ctx.record({
    name: `coverage: write ${n.toLocaleString('en-GB')} services`,
    value: (performance.now() - t0) / 1000,
    unit: 's',
  });

  // The first read after a bulk import builds the summary for every service.
  t0 = performance.now();
  const built = await refreshCoverage(db);
  ctx.record({
    name: 'coverage: build summary after the import',
    value: (performance.now() - t0) / 1000,
    unit: 's',
  });
  ctx.record({ name: 'coverage: services summarised', value: built.services, unit: 'services' });
  await db.execute('analyze directory_coverage_facet' as never);

  // Counts for each filter (what every page and export asks the directory), repeated.
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++)
    for (const s of selections) {
      t0 = performance.now();
      await refreshCoverage(db);
      await coverageCounts(db, filterOf(s));
      samples.push(performance.now() - t0);
    }
  recordPercentiles(ctx, 'coverage: counts for a filter', samples, 'ms', { p95: 500 });

  // The whole page: counts, matrix, map and template, as a browser gets it.
  const page: number[] = [];
  for (const s of selections) await timedGet(`${ctx.baseUrl}/coverage?${selectionQuery(s)}`); // warm-up
  for (let r = 0; r < rounds; r++)
    for (const s of selections) {
      const res = await timedGet(`${ctx.baseUrl}/coverage?${selectionQuery(s)}`);
      if (res.status !== 200) throw new Error(`GET /coverage?${selectionQuery(s)}: ${res.status}`);
      page.push(res.ms);
    }
  recordPercentiles(ctx, 'coverage: GET /coverage page', page, 'ms', { p95: 500 });

  const weight = await pageWeight(`${ctx.baseUrl}/coverage`);
  ctx.record({
    name: 'coverage: /coverage HTML, compressed',
    value: [...weight.parts.values()][0]! / 1024,
    unit: 'KB',
  });
  ctx.record({
    name: 'coverage: /coverage page total, compressed',
    value: weight.total / 1024,
    unit: 'KB',
    target: 300,
  });
}
