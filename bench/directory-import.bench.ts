// Import of 10,000 generated services (2,000 with --quick) from an ORUK JSON file into an empty
// database (a fresh, migrated database on the same server, with only the shipped taxonomies):
// `importDirectory`, as `npm run directory:import` runs it. Target <= 30 s for 10k; the quick run's
// target is scaled (6 s for 2k). Also records services per second.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { demoServiceDocuments } from '../src/modules/directory/demo.ts';
import { importDirectory } from '../src/modules/directory/import/run.ts';
import { createDirectoryService } from '../src/modules/directory/service.ts';
import { createAuditService } from '../src/platform/audit/service.ts';
import { connect, ensureDatabase, runMigrations } from '../src/platform/db/index.ts';
import type { BenchContext } from './harness.ts';

const SEED = 4242;

async function dropDatabase(serverUrl: string, name: string) {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`drop database if exists "${name}" with (force)`).finally(() => c.end());
}

export async function importBenchmark(
  serverUrl: string,
  count: number,
  opts: { batchSize?: number; log?: (s: string) => void } = {},
) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-import-bench-'));
  const name = `wayfinder_bench_import_${process.pid}`;
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  await dropDatabase(serverUrl, name);
  await ensureDatabase(serverUrl, name);
  const database = connect(url.toString(), 4);
  try {
    await runMigrations(database);
    const audit = createAuditService(database.db);
    await createDirectoryService({ db: database.db, audit }).ensureReferenceData();
    const file = path.join(dir, 'services.json');
    writeFileSync(file, JSON.stringify([...demoServiceDocuments({ count, seed: SEED })]));
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const report = await importDirectory({ db: database.db, audit }, file, { batchSize: opts.batchSize });
    const seconds = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    if (report.rejected.length || report.imported !== count)
      throw new Error(
        `imported ${report.imported} of ${count}; first rejection: ${JSON.stringify(report.rejected[0])}`,
      );
    opts.log?.(
      `    import of ${count}: ${seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s Node CPU\n`,
    );
    return { seconds, perSecond: count / seconds };
  } finally {
    await database.close();
    await dropDatabase(serverUrl, name);
    rmSync(dir, { recursive: true, force: true });
  }
}

export default async function directoryImportBench(ctx: BenchContext) {
  const count = ctx.quick ? 2_000 : 10_000;
  const serverUrl = new URL(ctx.database.url);
  serverUrl.pathname = '/postgres';
  const { seconds, perSecond } = await importBenchmark(serverUrl.toString(), count, {
    log: (s) => process.stdout.write(s),
  });
  ctx.record({
    name: `Directory import of ${count.toLocaleString('en-GB')} services (ORUK JSON file, empty database)`,
    value: Math.round(seconds * 100) / 100,
    unit: 's',
    target: (30 * count) / 10_000,
  });
  ctx.record({
    name: 'Directory import rate',
    value: Math.round(perSecond),
    unit: 'services/s',
  });
}
