import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { freshDatabase } from '../../../tests/support/database.ts';
import { seedDemo } from '../../seed/demo.ts';
import { createAuditService } from '../audit/service.ts';
import { backupDatabase, restoreDatabase } from './backup.ts';
import type { Database } from './index.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const dir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-backup-test-'));
const run = promisify(execFile);
let source: TestApp;
const targets: Database[] = [];

async function target() {
  const db = await freshDatabase();
  targets.push(db);
  return db;
}

beforeAll(async () => {
  source = await createTestApp();
  await seedDemo(source.database.db, source.services);
  for (const action of ['test-one', 'test-two', 'test-three'])
    await source.services.audit.record({ action, recordType: 'thing', recordId: action, details: { n: 1 } });
});
afterAll(async () => {
  await source.close();
  for (const t of targets) await t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every table's rows, ordered by primary key: public tables and drizzle's journal. */
async function contents(database: Database): Promise<Record<string, unknown[]>> {
  const { rows: tables } = await database.pool.query<{ name: string; pk: string }>(
    `select format('%I.%I', n.nspname, c.relname) as name,
       coalesce((select string_agg(quote_ident(a.attname), ', ' order by k.ord)
         from pg_index i, unnest(i.indkey) with ordinality k(attnum, ord), pg_attribute a
         where i.indrelid = c.oid and i.indisprimary and a.attrelid = c.oid and a.attnum = k.attnum), '1') as pk
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and n.nspname in ('public', 'drizzle') order by 1`,
  );
  const out: Record<string, unknown[]> = {};
  for (const t of tables)
    out[t.name] = (await database.pool.query(`select * from ${t.name} order by ${t.pk}`)).rows;
  return out;
}

async function cli(script: string, args: string[], url: string) {
  try {
    const r = await run(process.execPath, ['--import', 'tsx', `src/scripts/${script}.ts`, ...args], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: url, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });
    return { code: 0, out: r.stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe('backup and restore', () => {
  it('restores every table identically into an empty database, audit chain intact', async () => {
    const file = path.join(dir, 'one.backup.gz');
    const header = await backupDatabase(source.database.pool, file);
    expect(header.tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['audit_events', 'organisations', 'users', '__drizzle_migrations']),
    );
    // The header counts what was written: every user the demo made.
    const { rows: users } = await source.database.pool.query<{ n: string }>(
      'select count(*) as n from users',
    );
    expect(header.tables.find((t) => t.name === 'users')?.rows).toBe(Number(users[0]!.n));
    expect(Number(users[0]!.n)).toBeGreaterThan(5);

    const restored = await target();
    await restoreDatabase(restored.pool, file);
    const before = await contents(source.database);
    expect(before['public.users']).toHaveLength(Number(users[0]!.n));
    expect(await contents(restored)).toEqual(before);

    const audit = createAuditService(restored.db);
    const events = before['public.audit_events']!.length;
    expect(await audit.verify()).toEqual({ ok: true, checked: events });
    // Sequences continue after the restored rows: new events append and the chain still holds.
    await audit.record({ action: 'after-restore' });
    expect(await audit.verify()).toEqual({ ok: true, checked: events + 1 });
  });

  it('works from the command line and refuses a database holding data unless --force', async () => {
    const file = path.join(dir, 'two.backup.gz');
    const made = await cli('backup', [file], source.database.url);
    expect(made).toMatchObject({ code: 0, out: expect.stringMatching(/^Backed up \d+ tables/) });

    const restored = await target();
    expect((await cli('restore', [file], restored.url)).code).toBe(0);
    expect(await contents(restored)).toEqual(await contents(source.database));

    const again = await cli('restore', [file], restored.url);
    expect(again.code).toBe(1);
    expect(again.out).toContain('The database already holds data');
    await createAuditService(restored.db).record({ action: 'extra-event' });
    const forced = await cli('restore', [file, '--force'], restored.url);
    expect(forced.code).toBe(0);
    expect(await contents(restored)).toEqual(await contents(source.database));
  }, 90_000);

  it('refuses a file that is not a backup, leaving the database untouched', async () => {
    const file = path.join(dir, 'not-a-backup.gz');
    writeFileSync(file, 'hello');
    const empty = await target();
    await expect(restoreDatabase(empty.pool, file)).rejects.toThrow(/not a Wayfinder backup/);
    expect((await empty.pool.query('select count(*)::int as n from users')).rows[0].n).toBe(0);
  });
});
