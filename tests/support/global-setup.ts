import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { startEmbedded } from '../../src/platform/db/embedded.ts';
import { connect, ensureDatabase, runMigrations } from '../../src/platform/db/index.ts';

export const TEMPLATE_DB = 'wayfinder_test_template';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the server's maintenance database; each test file clones its own database from the template. */
    serverUrl: string;
  }
}

/**
 * One throwaway PostgreSQL for the whole run (the embedded server, or TEST_DATABASE_URL's), and one
 * migrated template database that every test file copies: a fresh, isolated database in ~50 ms.
 */
export default async function setup(project: TestProject) {
  let serverUrl: string;
  let stop = async () => {};
  let dir: string | undefined;
  if (process.env.TEST_DATABASE_URL) {
    serverUrl = process.env.TEST_DATABASE_URL;
  } else {
    dir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-test-pg-'));
    const server = await startEmbedded(dir, { quiet: true });
    serverUrl = server.url('postgres');
    stop = () => server.stop();
  }
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${TEMPLATE_DB} with (force)`);
  await admin.end();
  await ensureDatabase(serverUrl, TEMPLATE_DB);
  const template = connect(withDatabase(serverUrl, TEMPLATE_DB), 1);
  await runMigrations(template);
  await template.close();
  project.provide('serverUrl', serverUrl);
  return async () => {
    await stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
