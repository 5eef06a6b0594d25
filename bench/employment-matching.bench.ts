import { fileURLToPath } from 'node:url';
import { rankOpportunities, rankWomen } from '../src/modules/employment/matching.ts';
import { sampleOpportunities, sampleProfiles } from '../src/modules/employment/matching-sample.ts';
import { Rng } from './generate.ts';
import { type BenchContext, type Figure, percentile, recordPercentiles } from './harness.ts';

const today = '2026-12-07';

/**
 * Matching both ways at the scale, in memory: 50,000 opportunities and 100,000 work profiles
 * (quick: 10,000 and 20,000), seeded and fictional (src/modules/employment/matching-sample.ts). Times
 * the pure functions only: rankOpportunities for one woman over every opportunity (p95 target 20 ms)
 * and rankWomen for one opportunity over every woman (p95 target 50 ms), each keeping the best 50
 * fits and 50 near misses explained. Loading the rows from PostgreSQL (and the database's prefilter:
 * open opportunities, women the user may see with the matching consent) is measured separately, with
 * the whole matching page, by the employment module's page benchmark.
 */
export default async function employmentMatching(ctx: Pick<BenchContext, 'quick' | 'record'>) {
  const rng = new Rng('employment-matching');
  const nOpps = ctx.quick ? 10_000 : 50_000;
  const nWomen = ctx.quick ? 20_000 : 100_000;
  const rounds = ctx.quick ? 30 : 100;
  let t0 = performance.now();
  const oppRng = rng.fork('opportunities');
  const opps = sampleOpportunities(() => oppRng.next(), nOpps, today);
  const womenRng = rng.fork('women');
  const women = sampleProfiles(() => womenRng.next(), nWomen, today);
  ctx.record({
    name: 'employment matching: generate (in memory)',
    value: performance.now() - t0,
    unit: 'ms',
  });

  // Warm the JIT as a running server would be, then time distinct women and opportunities.
  for (let i = 0; i < 5; i++) {
    rankOpportunities(women[i]!, opps, today);
    rankWomen(opps[i]!, women, today);
  }
  const forHer: number[] = [];
  const forOpp: number[] = [];
  // CPU time of this process per call, beside the wall-clock time the targets apply to: on a machine
  // shared with other work the two part, and this says how much of a slow call was waiting its turn.
  const cpuHer: number[] = [];
  const cpuOpp: number[] = [];
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const d = process.cpuUsage(since);
    return (d.user + d.system) / 1000;
  };
  let fits = 0;
  let nearMisses = 0;
  for (let i = 0; i < rounds; i++) {
    const her = women[(i * 997) % women.length]!;
    const c0 = process.cpuUsage();
    t0 = performance.now();
    const r = rankOpportunities(her, opps, today);
    forHer.push(performance.now() - t0);
    cpuHer.push(cpuMs(c0));
    fits += r.counts.fits;
    nearMisses += r.counts.nearMisses;
  }
  let womenFit = 0;
  for (let i = 0; i < rounds; i++) {
    const opp = opps[(i * 499) % opps.length]!;
    const c0 = process.cpuUsage();
    t0 = performance.now();
    const r = rankWomen(opp, women, today);
    forOpp.push(performance.now() - t0);
    cpuOpp.push(cpuMs(c0));
    womenFit += r.counts.fits;
  }
  const k = (n: number) => `${(n / 1000).toLocaleString('en-GB')}k`;
  recordPercentiles(
    ctx,
    `employment matching: rankOpportunities over ${k(nOpps)} opportunities`,
    forHer,
    'ms',
    {
      p95: 20,
    },
  );
  recordPercentiles(ctx, `employment matching: rankWomen over ${k(nWomen)} women`, forOpp, 'ms', { p95: 50 });
  ctx.record({
    name: 'employment matching: rankOpportunities CPU time p95',
    value: percentile(cpuHer, 95),
    unit: 'ms',
  });
  ctx.record({
    name: 'employment matching: rankWomen CPU time p95',
    value: percentile(cpuOpp, 95),
    unit: 'ms',
  });
  ctx.record({
    name: 'employment matching: opportunities fitting a woman (mean)',
    value: fits / rounds,
    unit: 'items',
  });
  ctx.record({
    name: 'employment matching: near misses for a woman (mean)',
    value: nearMisses / rounds,
    unit: 'items',
  });
  ctx.record({
    name: 'employment matching: women fitting an opportunity (mean)',
    value: womenFit / rounds,
    unit: 'items',
  });
}

// `npx tsx bench/employment-matching.bench.ts [--quick]`: the same figures without starting the app
// and its database (this benchmark needs neither).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const figures: Figure[] = [];
  await employmentMatching({ quick: process.argv.includes('--quick'), record: (f) => figures.push(f) });
  for (const f of figures) {
    const target = f.target == null ? '' : `  (target <= ${f.target})`;
    process.stdout.write(`${f.name}: ${f.value.toFixed(2)} ${f.unit}${target}\n`);
  }
}
