import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { afterEach, expect, it } from 'vitest';
import { startSmsProvider, type TestSmsProvider } from '../../../../tests/support/sms-provider.ts';
import { buildServices } from '../../../app.ts';
import { loadConfig } from '../../../platform/config.ts';
import { openDatabase } from '../../../platform/db/index.ts';
import { CLAIM_LEASE } from './worker.ts';

/**
 * Exactly once across a crash: a process commits two messages to her outbox and is killed with
 * SIGKILL, one message never claimed and the other claimed and mid-call to the provider. A new
 * process on the same database sends the first at once, the second once the dead worker's claim
 * has lapsed, and neither ever again.
 */
const root = path.resolve(import.meta.dirname, '../../../..');
let dataDir: string | undefined;
let child: ChildProcess | undefined;
let sms: TestSmsProvider | undefined;

afterEach(async () => {
  if (child?.exitCode === null) child.kill('SIGKILL');
  await sms?.close();
  if (dataDir) {
    const pidFile = path.join(dataDir, 'pg', 'postmaster.pid');
    const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
    if (pid)
      try {
        process.kill(pid, 'SIGINT');
      } catch {}
    rmSync(dataDir, { recursive: true, force: true });
  }
});

it('sends each message exactly once after a crash between commit and send, and after a crash mid-send', async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-outbox-crash-'));
  sms = await startSmsProvider();
  sms.holdNext();
  child = spawn(process.execPath, ['--import', 'tsx', 'tests/support/crash-outbox.ts', dataDir, sms.url], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise((resolve) => child!.on('exit', resolve));
  const held = sms.nextRequest();
  let queued = '';
  for await (const line of readline.createInterface({ input: child.stdout! })) {
    if (line.startsWith('queued ')) {
      queued = line;
      break;
    }
  }
  const [, a, b, fieldKeys] = queued.split(' ') as [string, string, string, string];
  // Killed while the provider holds A's call unanswered: A is claimed, B was never touched.
  await held;
  child.kill('SIGKILL');
  await exited;
  expect(sms.accepted).toHaveLength(0);

  const database = await openDatabase({ dataDir, quiet: true });
  try {
    const services = buildServices({
      config: loadConfig({
        NODE_ENV: 'test',
        DATA_DIR: dataDir,
        LOG_LEVEL: 'silent',
        SMS_PROVIDER_URL: sms.url,
        SMS_API_KEY: 'crash-key',
      }),
      database,
      secrets: { sessionSecret: 'a-crash-test-session-secret-long-enough-1234', fieldKeys },
    });
    const state = async () =>
      (
        await database.pool.query(
          'select id, status, attempts, provider_id, payload_enc is null as blank from participant_message_outbox order by idempotency_key',
        )
      ).rows;
    expect(await state()).toEqual([
      expect.objectContaining({ id: a, status: 'sending', attempts: 1 }),
      expect.objectContaining({ id: b, status: 'pending', attempts: 0 }),
    ]);

    // After restart: B goes at once; A waits while the dead worker's claim stands.
    const now = Date.now();
    const first = await services.participants.deliverMessages({ now: new Date(now) });
    expect(first.map((r) => [r.outboxId, r.status])).toEqual([[b, 'sent']]);
    expect(sms.accepted.map((m) => m.content)).toEqual([expect.stringContaining('day B')]);
    // Once the claim has lapsed, A is taken over and sent.
    const later = new Date(now + CLAIM_LEASE + 60_000);
    const second = await services.participants.deliverMessages({ now: later });
    expect(second.map((r) => [r.outboxId, r.status])).toEqual([[a, 'sent']]);
    // Never again, however often the worker runs.
    expect(await services.participants.deliverMessages({ now: new Date(now + 24 * 3_600_000) })).toEqual([]);
    expect(sms.accepted.map((m) => m.content).sort()).toEqual([
      expect.stringContaining('day A'),
      expect.stringContaining('day B'),
    ]);
    expect(sms.accepted.every((m) => m.phone === '07700 900001')).toBe(true);
    expect(await state()).toEqual([
      expect.objectContaining({
        id: a,
        status: 'sent',
        attempts: 2,
        provider_id: sms.accepted[1]!.id,
        blank: true,
      }),
      expect.objectContaining({
        id: b,
        status: 'sent',
        attempts: 1,
        provider_id: sms.accepted[0]!.id,
        blank: true,
      }),
    ]);
  } finally {
    await database.close();
  }
}, 90_000);
