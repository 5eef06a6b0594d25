import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { migrate } from 'drizzle-orm/node-postgres/migrator';
import pg from 'pg';
import { type EmbeddedServer, runningEmbedded, startEmbedded } from './embedded.ts';
import { checkExtensions } from './extensions.ts';

export type Db = NodePgDatabase;
/** A transaction handle has the same query API as the database. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  pool: pg.Pool;
  url: string;
  close(): Promise<void>;
}

export const migrationsFolder = path.resolve(
  path.dirname(fileURLToPath(import.meta.url)),
  '../../../migrations',
);

// Return DATE columns as 'YYYY-MM-DD' strings: a date of birth has no time zone.
pg.types.setTypeParser(1082, (v) => v);

export function connect(url: string, max = 10): Database {
  const pool = new pg.Pool({ connectionString: url, max, application_name: 'wayfinder' });
  // An idle client losing its server (a restart) must not crash the process.
  pool.on('error', () => {});
  return { db: drizzle(pool), pool, url, close: () => pool.end() };
}

export async function ensureDatabase(serverUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [name]);
    if (!rowCount) await client.query(`create database "${name.replace(/"/g, '')}"`);
  } finally {
    await client.end();
  }
}

/** Applies every committed migration, one process at a time (an advisory lock guards concurrent starts). */
export async function runMigrations(database: Database): Promise<void> {
  const client = await database.pool.connect();
  try {
    await client.query('select pg_advisory_lock(727274)');
    await checkExtensions(client);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query('select pg_advisory_unlock(727274)').catch(() => {});
    client.release();
  }
}

export interface OpenedDatabase extends Database {
  embedded?: EmbeddedServer;
}

/** DATABASE_URL when given, otherwise the embedded server under DATA_DIR; migrated either way. */
export async function openDatabase(opts: {
  databaseUrl?: string;
  dataDir: string;
  quiet?: boolean;
  /** Command-line tools: use the embedded server already running on dataDir (and leave it running). */
  attach?: boolean;
}): Promise<OpenedDatabase> {
  let embedded: EmbeddedServer | undefined;
  let url = opts.databaseUrl;
  if (!url) {
    embedded =
      (opts.attach ? runningEmbedded(opts.dataDir) : undefined) ??
      (await startEmbedded(opts.dataDir, { quiet: opts.quiet }));
    await ensureDatabase(embedded.url('postgres'), 'wayfinder');
    url = embedded.url('wayfinder');
  }
  const database = connect(url);
  await runMigrations(database);
  return {
    ...database,
    embedded,
    async close() {
      await database.close();
      await embedded?.stop();
    },
  };
}
