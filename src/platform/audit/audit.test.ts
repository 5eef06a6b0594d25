import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import type { Database } from '../db/index.ts';
import { type AuditService, createAuditService, GENESIS } from './service.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const run = promisify(execFile);

let database: Database;
let audit: AuditService;
beforeAll(async () => {
  database = await freshDatabase();
  audit = createAuditService(database.db);
  for (let i = 1; i <= 6; i++)
    await audit.record({ action: `test-event-${i}`, recordType: 'thing', recordId: String(i) });
});
afterAll(() => database.close());

/** Runs `npm run audit:verify`'s script against the test database, as an operator would. */
async function verifyCli(): Promise<{ code: number; out: string }> {
  try {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/scripts/audit-verify.ts'], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: database.url, NODE_ENV: 'test', LOG_LEVEL: 'silent' },
    });
    return { code: 0, out: stdout };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

/** Changes rows the way only the database owner can: with the append-only trigger switched off. */
async function aroundTheTrigger(statement: string, params: unknown[]) {
  const client = await database.pool.connect();
  try {
    await client.query('set session_replication_role = replica');
    await client.query(statement, params);
  } finally {
    await client.query('reset session_replication_role');
    client.release();
  }
}

const seqOf = async (action: string) =>
  (await database.pool.query('select seq::int as seq from audit_events where action = $1', [action])).rows[0]
    .seq;

describe('audit chain', () => {
  it('links each event to the one before it and verifies', async () => {
    const rows = (await database.pool.query('select prev_hash, hash from audit_events order by seq')).rows;
    expect(rows[0].prev_hash).toBe(GENESIS);
    for (let i = 1; i < rows.length; i++) expect(rows[i].prev_hash).toBe(rows[i - 1].hash);
    expect(await audit.verify()).toEqual({ ok: true, checked: 6 });
    const cli = await verifyCli();
    expect(cli).toEqual({ code: 0, out: 'Audit chain intact: 6 events\n' });
  });

  it('refuses UPDATE, DELETE and TRUNCATE', async () => {
    await expect(database.pool.query(`update audit_events set action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(database.pool.query('delete from audit_events')).rejects.toThrow(/append-only/);
    await expect(database.pool.query('truncate audit_events')).rejects.toThrow(/append-only/);
    expect((await database.pool.query('select count(*)::int as n from audit_events')).rows[0].n).toBe(6);
  });

  it('names exactly the row altered around the trigger', async () => {
    const seq = await seqOf('test-event-3');
    await aroundTheTrigger(`update audit_events set record_id = '999' where seq = $1`, [seq]);
    const result = await audit.verify();
    expect(result.ok).toBe(false);
    expect(result.checked).toBe(2);
    expect(result.firstBroken).toMatchObject({ seq, action: 'test-event-3', reason: 'hash' });
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`BROKEN at event seq ${seq} (`);
    expect(cli.out).toContain('action "test-event-3"');
    expect(cli.out).toContain('contents do not match its hash');
    await aroundTheTrigger(`update audit_events set record_id = '3' where seq = $1`, [seq]);
    expect((await audit.verify()).ok).toBe(true);
  });

  it('finds a row deleted from the middle of the chain', async () => {
    const seq = await seqOf('test-event-4');
    await aroundTheTrigger('delete from audit_events where seq = $1', [seq]);
    const next = await seqOf('test-event-5');
    const result = await audit.verify();
    expect(result.firstBroken).toMatchObject({ seq: next, action: 'test-event-5', reason: 'link' });
    const cli = await verifyCli();
    expect(cli.code).toBe(1);
    expect(cli.out).toContain(`BROKEN at event seq ${next} (`);
    expect(cli.out).toContain('does not link to the event before it');
  });
});
