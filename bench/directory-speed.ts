// Directory figures at scale that directory.bench.ts records once it has seeded its services (so they
// are measured at 100,000, or 10,000 with --quick): Find support page throughput against /ping in the
// same run, and the whole ORUK feed as ndjson with the server's memory while it streams.
import http from 'node:http';
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

/**
 * GET /api/oruk/services?format=ndjson, read to the end and thrown away line by line. The app runs in
 * this process (bench/run.ts), so its RSS is sampled every 50 ms while the feed streams: the peak, and
 * how far it rose above the RSS just before (flat memory: a rise that does not grow with the feed).
 */
export async function ndjsonExport(ctx: BenchContext, total: number) {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 50);
  const t0 = performance.now();
  let lines = 0;
  let bytes = 0;
  try {
    const status = await new Promise<number>((resolve, reject) => {
      http
        .get(`${ctx.baseUrl}/api/oruk/services?format=ndjson`, (res) => {
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
  peak = Math.max(peak, process.memoryUsage().rss);
  if (lines !== total) throw new Error(`ndjson feed: ${lines} lines for ${total} services`);
  const mb = (n: number) => n / 1024 / 1024;
  ctx.record({
    name: `directory: GET /api/oruk/services?format=ndjson, all ${total.toLocaleString('en-GB')} services`,
    value: seconds,
    unit: 's',
    target: 10,
  });
  ctx.record({ name: 'directory: ndjson feed size', value: mb(bytes), unit: 'MB' });
  ctx.record({ name: 'directory: server peak RSS during the ndjson feed', value: mb(peak), unit: 'MB' });
  ctx.record({
    name: 'directory: server RSS rise during the ndjson feed',
    value: mb(peak - before),
    unit: 'MB',
    target: 64,
  });
}
