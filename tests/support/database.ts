import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { connect, type Database } from '../../src/platform/db/index.ts';
import { TEMPLATE_DB, withDatabase } from './global-setup.ts';

/** A new database copied from the migrated template, dropped again by `close`. */
export async function freshDatabase(): Promise<Database> {
  const serverUrl = inject('serverUrl');
  const name = `wayfinder_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${TEMPLATE_DB}`);
  } finally {
    await admin.end();
  }
  const database = connect(withDatabase(serverUrl, name), 5);
  return {
    ...database,
    async close() {
      await database.close();
      const c = new pg.Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`).finally(() => c.end());
    },
  };
}
