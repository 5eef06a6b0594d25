// Directory figures at scale that directory.bench.ts records once it has seeded its services (so they
// are measured at 100,000, or 10,000 with --quick): Find support page throughput against /ping in the
// same run, and the whole ORUK feed as ndjson with the server's memory while it streams.
import { fork } from 'node:child_process';
import http from 'node:http';
import v8 from 'node:v8';
import vm from 'node:vm';
import { type BenchContext, type LoadResult, load, recordPercentiles } from './harness.ts';

/** A woman's typical search: a need in a named place (resolved offline, no postcode service). */
export const FIND_SUPPORT_URL = '/find-support?q=housing&place=Leeds';

/**
 * Find support results over HTTP with autocannon, and /ping just before it, so the ratio compares
 * the two on the same machine load. Target: the page serves at least 5% of /ping's rate.
 */
export async function findSupportThroughput(ctx: BenchContext) {
  const seconds = ctx.quick ? 2 : 5;
  const runs: Record<string, LoadResult> = {};
  for (const path of ['/ping', FIND_SUPPORT_URL]) {
    await load(ctx.baseUrl + path, { seconds: 1 }); // warm-up, not recorded
    const r = await load(ctx.baseUrl + path, { seconds });
    if (r.errors || r.non2xx || !r.total)
      throw new Error(`GET ${path}: ${r.errors} errors, ${r.non2xx} non-2xx of ${r.total} responses`);
    runs[path] = r;
  }
  const page = runs[FIND_SUPPORT_URL]!.requestsPerSecond;
  const ping = runs['/ping']!.requestsPerSecond;
  ctx.record({ name: `directory: GET ${FIND_SUPPORT_URL} throughput`, value: page, unit: 'req/s' });
  // Latency under that load (10 connections), to see whether time goes in the page or the queue.
  recordPercentiles(
    ctx,
    'directory: Find support page latency under load',
    runs[FIND_SUPPORT_URL]!.latencies,
  );
  ctx.record({ name: 'directory: GET /ping throughput (same run)', value: ping, unit: 'req/s' });
  ctx.record({
    name: 'directory: Find support throughput as a share of /ping',
    value: (100 * page) / ping,
    unit: '%',
    target: 5,
    compare: '>=',
  });
}

type Memory = NodeJS.MemoryUsage;

/**
 * Collects garbage now: the flag only lets this process call the collector (vm's new context picks
 * up `gc`); nothing else about the run changes.
 */
function collectGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
}

/**
 * GET /api/oruk/services?format=ndjson once, read to the end and thrown away line by line, with this
 * process's memory (the app runs in it: bench/run.ts) sampled every 50 ms: before, peak, after.
 */
async function streamFeed(baseUrl: string) {
  const before = process.memoryUsage();
  const peak = { ...before };
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    for (const k of Object.keys(peak) as (keyof Memory)[]) peak[k] = Math.max(peak[k], m[k]);
  }, 50);
  const t0 = performance.now();
  let lines = 0;
  let bytes = 0;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(`${baseUrl}/api/oruk/services?format=ndjson`, (res) => {
          res.on('data', (c: Buffer) => {
            bytes += c.length;
            for (let i = c.indexOf(10); i !== -1; i = c.indexOf(10, i + 1)) lines++;
          });
          res.on('end', () => resolve(res.statusCode ?? 0));
          res.on('error', reject);
        })
        .on('error', reject);
    });
    if (status !== 200) throw new Error(`ndjson feed: ${status}`);
  } finally {
    clearInterval(sampler);
  }
  const seconds = (performance.now() - t0) / 1000;
  const after = process.memoryUsage();
  for (const k of Object.keys(peak) as (keyof Memory)[]) peak[k] = Math.max(peak[k], after[k]);
  return { seconds, lines, bytes, before, peak, after };
}

/**
 * The whole ORUK feed as ndjson: its time (<= 10 s), and whether it streams in flat memory (the
 * server's RSS rises <= 64 MB while it streams, however many services there are).
 *
 * Memory is measured three ways; only the last carries the target.
 * 1. In this process straight after the other benchmarks, as it always was. That figure swings from
 *    run to run with the same code (2 MB, 24 MB, 145 MB) because this process holds the garbage of
 *    all that ran before (380 MB of heap in use before the feed on one run, 94 MB once collected):
 *    the rise says when the collector gave memory back or took it again, not what the feed holds.
 * 2. In this process again, garbage collected first. Still not the feed's alone: in this process the
 *    collector lets the feed's own garbage pile up (heap used 94 -> 288 MB on one run, all of it
 *    collected afterwards: "what the feed kept" is ~0), a heuristic fed by the heap's past size.
 * 3. From the app in a process of its own on this same database (directory-feed-server.ts), where
 *    nothing ran before the feed: its RSS rise is the feed's. A feed that held its services would
 *    rise by their size there too (the whole feed is 100 MB of text), so nothing real is hidden.
 * Every figure is printed, with heap used and committed, external memory and array buffers.
 */
export async function ndjsonExport(ctx: BenchContext, total: number) {
  const mb = (n: number) => n / 1024 / 1024;
  const asBefore = await streamFeed(ctx.baseUrl);
  if (asBefore.lines !== total) throw new Error(`ndjson feed: ${asBefore.lines} lines for ${total} services`);
  ctx.record({
    name: `directory: GET /api/oruk/services?format=ndjson, all ${total.toLocaleString('en-GB')} services`,
    value: asBefore.seconds,
    unit: 's',
    target: 10,
  });
  ctx.record({ name: 'directory: ndjson feed size', value: mb(asBefore.bytes), unit: 'MB' });
  ctx.record({
    name: 'directory: server peak RSS during the ndjson feed',
    value: mb(asBefore.peak.rss),
    unit: 'MB',
  });
  ctx.record({
    name: 'directory: server RSS rise during the ndjson feed, straight after the other benchmarks',
    value: mb(asBefore.peak.rss - asBefore.before.rss),
    unit: 'MB',
  });

  collectGarbage();
  await new Promise((resolve) => setTimeout(resolve, 500));
  collectGarbage();
  const settled = await streamFeed(ctx.baseUrl);
  if (settled.lines !== total) throw new Error(`ndjson feed: ${settled.lines} lines for ${total} services`);
  collectGarbage();
  const kept = process.memoryUsage();
  for (const [k, label] of [
    ['rss', 'server RSS'],
    ['heapUsed', 'heap used'],
    ['heapTotal', 'heap committed'],
    ['external', 'external memory'],
    ['arrayBuffers', 'array buffers'],
  ] as const) {
    ctx.record({
      name: `directory: ${label} before the settled ndjson feed`,
      value: mb(settled.before[k]),
      unit: 'MB',
    });
    ctx.record({
      name: `directory: ${label} peak during the settled ndjson feed`,
      value: mb(settled.peak[k]),
      unit: 'MB',
    });
  }
  ctx.record({
    name: 'directory: heap used after the settled ndjson feed, collected (what the feed kept)',
    value: mb(kept.heapUsed - settled.before.heapUsed),
    unit: 'MB',
  });
  ctx.record({
    name: 'directory: server RSS rise during the ndjson feed (process settled first)',
    value: mb(settled.peak.rss - settled.before.rss),
    unit: 'MB',
  });

  // The same feed from the app in a process of its own (directory-feed-server.ts) on this database:
  // nothing ran in it before, so whatever its memory does while it streams is the feed's.
  const alone = await isolatedFeed(ctx);
  if (alone.lines !== total) throw new Error(`ndjson feed: ${alone.lines} lines for ${total} services`);
  for (const [k, label] of [
    ['rss', 'RSS'],
    ['heapUsed', 'heap used'],
  ] as const) {
    ctx.record({
      name: `directory: feed server alone, ${label} before the ndjson feed`,
      value: mb(alone.before[k]),
      unit: 'MB',
    });
    ctx.record({
      name: `directory: feed server alone, ${label} peak during the ndjson feed`,
      value: mb(alone.peak[k]),
      unit: 'MB',
    });
  }
  ctx.record({
    name: 'directory: server RSS rise during the ndjson feed (feed server alone)',
    value: mb(alone.peak.rss - alone.before.rss),
    unit: 'MB',
    target: 64,
  });
}

async function isolatedFeed(ctx: BenchContext) {
  const child = fork(new URL('./directory-feed-server.ts', import.meta.url), {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, BENCH_DATABASE_URL: ctx.database.url },
  });
  const next = () =>
    new Promise<Record<string, unknown>>((resolve, reject) => {
      child.once('message', (m) => resolve(m as Record<string, unknown>));
      child.once('exit', (code) => reject(new Error(`feed server exited (${code})`)));
    });
  try {
    const { port } = (await next()) as { port: number };
    const baseUrl = `http://127.0.0.1:${port}`;
    child.send('start');
    await next();
    const feed = await streamFeed(baseUrl);
    child.send('memory');
    const memory = (await next()) as { before: Memory; peak: Memory; after: Memory };
    return { ...feed, ...memory };
  } finally {
    if (child.exitCode === null) {
      child.send('stop');
      await new Promise((resolve) => child.once('exit', resolve));
    }
  }
}
