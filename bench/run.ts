// `npm run bench [-- --quick] [-- NAME...]`: starts a throwaway embedded PostgreSQL and the app on
// loopback, runs every bench/<name>.bench.ts (or only the NAMEs given), prints every figure and
// writes them to bench/results/latest.json. Exits 1 when a benchmark fails or misses its target.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { newKeySpec } from '../src/platform/crypto/fields.ts';
import { openDatabase } from '../src/platform/db/index.ts';
import { seedDemo } from '../src/seed/demo.ts';
import { type Bench, type Result, toResult } from './harness.ts';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args.filter((a) => !a.startsWith('--'));
const benchDir = import.meta.dirname;
const files = readdirSync(benchDir)
  .filter((f) => f.endsWith('.bench.ts') && (!only.length || only.includes(f.replace('.bench.ts', ''))))
  .sort();
const started = performance.now();
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-bench-'));
const config = loadConfig({
  NODE_ENV: 'production', // production settings (cached templates), with throwaway secrets
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  SESSION_SECRET: 'bench-only-session-secret-not-for-any-real-use',
  FIELD_ENCRYPTION_KEYS: newKeySpec('bench'),
  SMTP_URL: 'smtp://127.0.0.1:1', // never used: no benchmark sends mail
  COOKIE_SECURE: 'false', // plain HTTP on loopback
  SEED_DEMO: 'true',
  LOG_LEVEL: 'silent',
});
const database = await openDatabase({ dataDir, quiet: true });
const results: Result[] = [];
const failures: string[] = [];
try {
  const secrets = { sessionSecret: config.SESSION_SECRET!, fieldKeys: config.FIELD_ENCRYPTION_KEYS! };
  const { app, services } = await buildApp({ config, database, secrets });
  try {
    await seedDemo(database.db, services);
    await app.listen({ host: '127.0.0.1', port: 0 });
    const baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    process.stdout.write(`Benchmarking ${quick ? '(quick) ' : ''}${files.join(', ')} against ${baseUrl}\n`);
    for (const file of files) {
      const t0 = performance.now();
      try {
        const bench = (await import(pathToFileURL(path.join(benchDir, file)).href)).default as Bench;
        await bench({ quick, baseUrl, database, services, record: (f) => results.push(toResult(f)) });
        process.stdout.write(`  ${file} done in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
      } catch (err) {
        failures.push(`${file}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      }
    }
  } finally {
    await app.close();
  }
} finally {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
}

mkdirSync(path.join(benchDir, 'results'), { recursive: true });
writeFileSync(path.join(benchDir, 'results', 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);

const fmt = (v: number) =>
  Number.isInteger(v) ? v.toLocaleString('en-GB') : v.toLocaleString('en-GB', { maximumFractionDigits: 2 });
const rows = results.map((r) => [
  r.name,
  fmt(r.value),
  r.unit,
  r.target === null ? '' : `${r.compare} ${fmt(r.target)}`,
  r.pass === null ? '' : r.pass ? 'pass' : 'FAIL',
]);
const head = ['Figure', 'Value', 'Unit', 'Target', 'Result'];
const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
const line = (cells: string[]) =>
  cells.map((c, i) => (i === 1 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!))).join('  ');
process.stdout.write(`\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n`);
for (const r of rows) process.stdout.write(`${line(r)}\n`);
for (const f of failures) process.stdout.write(`\nFAILED ${f}\n`);
const missed = results.filter((r) => r.pass === false).length;
process.stdout.write(
  `\n${results.length} figures, ${missed} missed their target, ${failures.length} benchmarks failed; ` +
    `whole run ${((performance.now() - started) / 1000).toFixed(1)} s; written to bench/results/latest.json\n`,
);
process.exit(failures.length || missed ? 1 : 0);
