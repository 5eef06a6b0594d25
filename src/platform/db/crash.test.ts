import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import { crashId, crashPrefixes, IMPORT_BATCH } from '../../../tests/support/crash-import.ts';
import { useTempDirs } from '../../../tests/support/temp-dirs.ts';
import { createAuditService } from '../audit/service.ts';
import { openDatabase } from './index.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const children: ChildProcess[] = [];
const tempDataDir = useTempDirs('wayfinder-crash-', (dir) => {
  const pid = postmasterPid(dir);
  if (alive(pid)) process.kill(pid!, 'SIGINT'); // a server left by a failed test: fast shutdown
});

/** The embedded server's process id while it runs, from its pid file. */
function postmasterPid(dataDir: string): number | undefined {
  const file = path.join(dataDir, 'pg', 'postmaster.pid');
  return existsSync(file) ? Number(readFileSync(file, 'utf8').split('\n')[0]) : undefined;
}

function alive(pid: number | undefined) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function start(args: string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, lines: readline.createInterface({ input: child.stdout! }) };
}

afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
});

describe('crash recovery', () => {
  it('loses no acknowledged write, and keeps each import batch whole or absent, when killed with SIGKILL mid-write', async () => {
    const dataDir = tempDataDir();
    const writer = start(['tests/support/crash-writer.ts', dataDir]);
    const acknowledged: number[] = [];
    let imported = 0;
    for await (const line of writer.lines) {
      if (line === 'ready') continue;
      if (line.startsWith('import ')) imported = Number(line.slice(7));
      else acknowledged.push(Number(line));
      // Killed while both writers are busy: the import loops, so a batch is always in flight.
      if (acknowledged.length >= 200 && imported >= 3 * IMPORT_BATCH) {
        writer.child.kill('SIGKILL');
        break;
      }
    }
    await writer.exited;
    expect(acknowledged.length).toBeGreaterThanOrEqual(200);
    // SIGKILL skips every exit hook: the server the writer started is still running.
    expect(alive(postmasterPid(dataDir))).toBe(true);

    const database = await openDatabase({ dataDir, quiet: true });
    try {
      const { rows } = await database.pool.query<{ id: string }>(
        `select record_id as id from audit_events where action = 'crash-test-write'`,
      );
      const present = new Set(rows.map((r) => Number(r.id)));
      expect(acknowledged.filter((id) => !present.has(id))).toEqual([]);
      expect(present.size).toBeGreaterThanOrEqual(acknowledged.length);
      expect((await createAuditService(database.db).verify()).ok).toBe(true);

      // The import: every acknowledged service is there, and the services there are exactly those of
      // the batches whose transaction committed (its audit event names them), each one whole.
      const like = (prefix: string) => `${prefix}-%`;
      const p = crashPrefixes;
      const services = await database.pool.query<{ id: string }>(
        `select id::text from directory_service where id::text like $1`,
        [like(p.service)],
      );
      const stored = new Set(services.rows.map((r) => r.id));
      for (let n = 1; n <= imported; n++)
        expect(stored.has(crashId(p.service, n)), `service ${n}`).toBe(true);
      const batches = await database.pool.query<{ ids: string[] }>(
        `select details->'serviceIds' as ids from audit_events
         where action = 'directory.imported' and details->'serviceIds'->>0 like $1`,
        [like(p.service)],
      );
      const committed = new Set(batches.rows.flatMap((r) => r.ids));
      expect([...stored].sort()).toEqual([...committed].sort());
      expect(stored.size % IMPORT_BATCH).toBe(0);
      const incomplete = await database.pool.query<{ n: number }>(
        `select count(*)::int as n from directory_service s
         where s.id::text like $1 and not (
           exists (select 1 from directory_phone x where x.service_id = s.id)
           and exists (select 1 from directory_service_at_location sal
                       join directory_location l on l.id = sal.location_id
                       join directory_address a on a.location_id = l.id
                       where sal.service_id = s.id)
           and exists (select 1 from directory_search_doc d where d.service_id = s.id))`,
        [like(p.service)],
      );
      expect(incomplete.rows[0]!.n).toBe(0);
      // Nothing of a batch that did not commit: no location without its service.
      const orphans = await database.pool.query<{ n: number }>(
        `select count(*)::int as n from directory_location l where l.id::text like $1
         and not exists (select 1 from directory_service_at_location sal where sal.location_id = l.id)`,
        [like(p.location)],
      );
      expect(orphans.rows[0]!.n).toBe(0);
    } finally {
      await database.close();
    }
    expect(postmasterPid(dataDir)).toBeUndefined();
  }, 90_000);

  it('shuts down gracefully on SIGTERM, stopping the embedded server', async () => {
    const dataDir = tempDataDir();
    const app = start(['src/main.ts'], {
      PORT: '0',
      DATA_DIR: dataDir,
      SEED_DEMO: 'true',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
    });
    let output = '';
    for await (const line of app.lines) {
      output += `${line}\n`;
      if (line.startsWith('Wayfinder is running')) break;
    }
    expect(output).toContain('Demo partnership (fictional)');
    const pid = postmasterPid(dataDir);
    expect(alive(pid)).toBe(true);
    app.child.kill('SIGTERM');
    expect(await app.exited).toBe(0);
    expect(postmasterPid(dataDir)).toBeUndefined();
    expect(alive(pid)).toBe(false);
  }, 60_000);
});
