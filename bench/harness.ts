import { Worker } from 'node:worker_threads';
import type { Services } from '../src/app.ts';
import type { OpenedDatabase } from '../src/platform/db/index.ts';

export interface Figure {
  name: string;
  value: number;
  unit: string;
  /** The value to meet, if any; `compare` says which side of it passes (default '<='). */
  target?: number | null;
  compare?: '<=' | '>=';
}

export interface Result {
  name: string;
  value: number;
  unit: string;
  target: number | null;
  pass: boolean | null;
  compare?: '<=' | '>=';
}

/** What the runner hands every bench/<name>.bench.ts default export. */
export interface BenchContext {
  quick: boolean;
  record(figure: Figure): void;
  /** The app under test, listening on loopback. */
  baseUrl: string;
  database: OpenedDatabase;
  services: Services;
}

export type Bench = (ctx: BenchContext) => Promise<void>;

export function toResult(f: Figure): Result {
  const target = f.target ?? null;
  if (target === null) return { name: f.name, value: f.value, unit: f.unit, target, pass: null };
  const compare = f.compare ?? '<=';
  const pass = compare === '<=' ? f.value <= target : f.value >= target;
  return { name: f.name, value: f.value, unit: f.unit, target, pass, compare };
}

/** Nearest-rank percentile of unsorted samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (!samples.length) return Number.NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** Records p50, p95 and p99 of `samples` as three figures named "<name> p50" and so on. */
export function recordPercentiles(
  ctx: Pick<BenchContext, 'record'>,
  name: string,
  samples: readonly number[],
  unit = 'ms',
  targets: { p50?: number; p95?: number; p99?: number } = {},
) {
  for (const p of [50, 95, 99] as const)
    ctx.record({ name: `${name} p${p}`, value: percentile(samples, p), unit, target: targets[`p${p}`] });
}

export interface LoadResult {
  requestsPerSecond: number;
  total: number;
  errors: number;
  non2xx: number;
  latencies: number[];
}

/** Drives `url` (loopback only) with autocannon for `seconds`, in a worker thread. */
export function load(
  url: string,
  opts: { seconds: number; connections?: number; headers?: Record<string, string> },
): Promise<LoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL('./load-worker.mjs', import.meta.url), {
      workerData: { url, duration: opts.seconds, connections: opts.connections ?? 10, headers: opts.headers },
    });
    worker.once('message', (m: LoadResult) => {
      resolve(m);
      void worker.terminate();
    });
    worker.once('error', reject);
  });
}
