import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withDatabase } from '../../../tests/support/global-setup.ts';
import { freePort } from './embedded.ts';

const root = path.resolve(import.meta.dirname, '../../..');
const serverUrl = inject('serverUrl');
const suffix = randomBytes(4).toString('hex');
const owner = { role: `wf_owner_${suffix}`, password: randomBytes(12).toString('hex') };
const database = `wf_bare_${suffix}`;
let superuser = false;
let dataDir: string;

async function asSuperuser(sql: string, db = 'postgres') {
  const client = new pg.Client({ connectionString: withDatabase(serverUrl, db) });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}

/** As the README's Deployment section says: an ordinary role that owns its database, nothing else. */
function ownerUrl() {
  const u = new URL(withDatabase(serverUrl, database));
  u.username = owner.role;
  u.password = owner.password;
  return u.toString();
}

function run(script: string, env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
}

beforeAll(async () => {
  // Under TEST_DATABASE_URL the tests may run as an ordinary role that cannot make another.
  const { rows } = await asSuperuser('select rolsuper from pg_roles where rolname = current_user');
  superuser = rows[0]?.rolsuper === true;
  if (!superuser) return;
  await asSuperuser(`create role ${owner.role} login password '${owner.password}'`);
  await asSuperuser(`create database ${database} owner ${owner.role} template template0`);
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-ext-'));
});

afterAll(async () => {
  if (!superuser) return;
  await asSuperuser(`drop database if exists ${database} with (force)`);
  await asSuperuser(`drop role if exists ${owner.role}`);
  rmSync(dataDir, { recursive: true, force: true });
});

describe('a database without the extensions Wayfinder needs', () => {
  it('npm start and db:migrate stop with one instruction (which extensions, the SQL, who), no stack', async (ctx) => {
    if (!superuser) ctx.skip();
    const env = { DATABASE_URL: ownerUrl(), DATA_DIR: dataDir, PORT: String(await freePort()) };
    const [start, migrate] = await Promise.all([run('src/main.ts', env), run('src/scripts/migrate.ts', env)]);
    for (const { code, output } of [start, migrate]) {
      expect(code).toBe(1);
      expect(output).toContain(`Only a superuser may create earthdistance; user "${owner.role}" is not one.`);
      expect(output).toContain(`A superuser of the PostgreSQL server (e.g. the postgres account) must run`);
      expect(output).toContain(
        'CREATE EXTENSION IF NOT EXISTS pg_trgm; CREATE EXTENSION IF NOT EXISTS unaccent; ' +
          'CREATE EXTENSION IF NOT EXISTS cube; CREATE EXTENSION IF NOT EXISTS earthdistance;',
      );
      // Trusted, so the owner could create it, but named so one statement sets the database up.
      expect(output).toContain('CREATE EXTENSION IF NOT EXISTS btree_gist;');
      expect(output).not.toMatch(/DrizzleQueryError|permission denied|\n\s+at /);
    }
  });

  it('migrates as its owner once a superuser has run that SQL', async (ctx) => {
    if (!superuser) ctx.skip();
    const env = { DATABASE_URL: ownerUrl(), DATA_DIR: dataDir };
    const refused = await run('src/scripts/migrate.ts', env);
    const sql = /^ {2}(CREATE EXTENSION .*)$/m.exec(refused.output)?.[1];
    expect(sql).toBeDefined();
    await asSuperuser(sql!, database);
    const migrated = await run('src/scripts/migrate.ts', env);
    expect(migrated.output).toMatch(/Database is up to date: \d+ migrations applied/);
    expect(migrated.code).toBe(0);
  });
});
