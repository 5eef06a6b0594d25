import { once } from 'node:events';
import { createReadStream, createWriteStream, renameSync, rmSync } from 'node:fs';
import readline from 'node:readline';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip, createGzip } from 'node:zlib';
import type pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';

/**
 * One gzip file: a JSON header line, then each table's rows in COPY text format, each table ended
 * by a line `\.` (a data line never is: COPY escapes every backslash).
 */
export const BACKUP_FORMAT = 'wayfinder-backup';
export const BACKUP_VERSION = 1;
const JOURNAL = { schema: 'drizzle', name: '__drizzle_migrations' };

export interface BackupTable {
  schema: string;
  name: string;
  columns: string[];
  rows: number;
}

export interface BackupHeader {
  format: typeof BACKUP_FORMAT;
  version: number;
  createdAt: string;
  /** The last migration applied when the backup was made (drizzle's journal hash). */
  migration: string | null;
  tables: BackupTable[];
  /** last_value of each sequence in the public schema (null when never used). */
  sequences: { name: string; lastValue: string | null }[];
}

const ident = (...parts: string[]) => parts.map((p) => `"${p.replace(/"/g, '""')}"`).join('.');
const columnList = (t: { columns: string[] }) => t.columns.map((c) => ident(c)).join(', ');

/** Every table of the app (discovered, so new modules' tables are included), in load order. */
async function appTables(client: pg.ClientBase): Promise<Omit<BackupTable, 'rows'>[]> {
  const { rows } = await client.query<{ oid: number; schema: string; name: string; columns: string[] }>(
    `select c.oid::int as oid, n.nspname as schema, c.relname as name,
       array(select a.attname::text from pg_attribute a where a.attrelid = c.oid and a.attnum > 0
             and not a.attisdropped and a.attgenerated = '' order by a.attnum) as columns
     from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind = 'r' and (n.nspname = 'public' or (n.nspname = $1 and c.relname = $2))
     order by n.nspname, c.relname`,
    [JOURNAL.schema, JOURNAL.name],
  );
  const { rows: fks } = await client.query<{ child: number; parent: number }>(
    `select conrelid::int as child, confrelid::int as parent from pg_constraint
     where contype = 'f' and conrelid <> confrelid`,
  );
  // Parents before children, so a restore that cannot switch foreign-key triggers off still loads.
  const ordered: typeof rows = [];
  const seen = new Set<number>();
  const visit = (t: (typeof rows)[number]) => {
    if (seen.has(t.oid)) return;
    seen.add(t.oid);
    for (const fk of fks.filter((f) => f.child === t.oid)) {
      const parent = rows.find((r) => r.oid === fk.parent);
      if (parent) visit(parent);
    }
    ordered.push(t);
  };
  rows.forEach(visit);
  return ordered.map(({ schema, name, columns }) => ({ schema, name, columns }));
}

const isJournal = (t: { schema: string; name: string }) =>
  t.schema === JOURNAL.schema && t.name === JOURNAL.name;

/** Writes one consistent snapshot of every table (one REPEATABLE READ transaction) to `file`. */
export async function backupDatabase(pool: pg.Pool, file: string): Promise<BackupHeader> {
  const client = await pool.connect();
  const partial = `${file}.partial`;
  try {
    await client.query('begin isolation level repeatable read read only');
    const tables: BackupTable[] = [];
    for (const t of await appTables(client)) {
      const { rows } = await client.query(`select count(*)::int as n from ${ident(t.schema, t.name)}`);
      tables.push({ ...t, rows: rows[0].n });
    }
    const migration = await client.query<{ hash: string }>(
      `select hash from ${ident(JOURNAL.schema, JOURNAL.name)} order by created_at desc, id desc limit 1`,
    );
    const sequences = await client.query<{ name: string; lastValue: string | null }>(
      `select sequencename as name, last_value::text as "lastValue" from pg_sequences
       where schemaname = 'public' order by sequencename`,
    );
    const header: BackupHeader = {
      format: BACKUP_FORMAT,
      version: BACKUP_VERSION,
      createdAt: new Date().toISOString(),
      migration: migration.rows[0]?.hash ?? null,
      tables,
      sequences: sequences.rows,
    };
    const gzip = createGzip();
    const written = pipeline(gzip, createWriteStream(partial, { mode: 0o600 }));
    const write = async (chunk: string | Buffer) => {
      if (!gzip.write(chunk)) await once(gzip, 'drain');
    };
    await write(`${JSON.stringify(header)}\n`);
    for (const t of tables) {
      const rows = client.query(copyTo(`copy ${ident(t.schema, t.name)} (${columnList(t)}) to stdout`));
      for await (const chunk of rows) await write(chunk as Buffer);
      await write('\\.\n');
    }
    gzip.end();
    await written;
    await client.query('commit');
    renameSync(partial, file);
    return header;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    rmSync(partial, { force: true });
    throw err;
  } finally {
    client.release();
  }
}

export class RestoreRefused extends Error {}

const IN_USE = ['audit_events', 'organisations', 'users'];

/**
 * Loads a backup into a migrated database, all in one transaction: refuses a database that holds
 * data unless `force` (which replaces everything). Triggers (the audit table's append-only guard,
 * foreign keys) are off while loading when the role may do so; sequences continue after the data.
 */
export async function restoreDatabase(
  pool: pg.Pool,
  file: string,
  opts: { force?: boolean } = {},
): Promise<BackupHeader> {
  const gunzip = createGunzip();
  createReadStream(file)
    .on('error', (err) => gunzip.destroy(err))
    .pipe(gunzip);
  const input = readline.createInterface({ input: gunzip, crlfDelay: Infinity });
  const lines = input[Symbol.asyncIterator]();
  const nextLine = async () => {
    const r = await lines.next();
    if (r.done) throw new RestoreRefused(`${file} is truncated: it ends before the last table`);
    return r.value;
  };
  let header: BackupHeader;
  try {
    header = JSON.parse(await nextLine()) as BackupHeader;
  } catch (err) {
    input.close();
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new RestoreRefused(`${file} does not exist`);
    throw new RestoreRefused(`${file} is not a Wayfinder backup`);
  }
  if (header.format !== BACKUP_FORMAT || header.version !== BACKUP_VERSION)
    throw new RestoreRefused(`${file} is not a Wayfinder backup of version ${BACKUP_VERSION}`);

  const client = await pool.connect();
  try {
    await client.query('begin');
    const target = await appTables(client);
    const journal = await client.query(
      `select 1 from ${ident(JOURNAL.schema, JOURNAL.name)} where hash = $1`,
      [header.migration],
    );
    if (header.migration && !journal.rowCount)
      throw new RestoreRefused(
        'The backup was made by a newer version of Wayfinder: upgrade before restoring',
      );
    const filled: typeof target = [];
    for (const t of target.filter((t) => !isJournal(t))) {
      const { rowCount } = await client.query(`select 1 from ${ident(t.schema, t.name)} limit 1`);
      if (rowCount) filled.push(t);
    }
    // Every change a person makes writes an audit event (docs/ARCHITECTURE.md, "A request") and a partnership
    // is organisations and users: with all three empty, the database holds only what migrations ship
    // (reference data), which the backup's copy replaces.
    const used = filled.filter((t) => IN_USE.includes(t.name));
    if (used.length && !opts.force)
      throw new RestoreRefused(
        `The database already holds data (${used.map((t) => t.name).join(', ')}). Restore into an empty database, or pass --force to replace it all.`,
      );
    await client.query('savepoint replica');
    await client.query('set local session_replication_role = replica').catch(async () => {
      await client.query('rollback to savepoint replica'); // not allowed: load in foreign-key order
    });
    // Replaced: with --force everything; otherwise the shipped rows of tables the backup also holds.
    const inBackup = (t: { schema: string; name: string }) =>
      header.tables.some((b) => b.schema === t.schema && b.name === t.name);
    const replaced = opts.force ? filled : filled.filter(inBackup);
    if (replaced.length)
      await client.query(`truncate ${replaced.map((t) => ident(t.schema, t.name)).join(', ')} cascade`);

    for (const t of header.tables) {
      let count = 0;
      async function* section() {
        let batch: string[] = [];
        for (let line = await nextLine(); line !== '\\.'; line = await nextLine()) {
          batch.push(line);
          count++;
          if (batch.length === 1000) {
            yield `${batch.join('\n')}\n`;
            batch = [];
          }
        }
        if (batch.length) yield `${batch.join('\n')}\n`;
      }
      if (isJournal(t)) {
        for await (const _ of section()) void _; // the target's own journal, already migrated, stays
        continue;
      }
      if (!target.some((x) => x.schema === t.schema && x.name === t.name))
        throw new RestoreRefused(`Table ${t.name} in the backup does not exist in this database`);
      const sql = `copy ${ident(t.schema, t.name)} (${columnList(t)}) from stdin`;
      await pipeline(Readable.from(section()), client.query(copyFrom(sql)));
      if (count !== t.rows)
        throw new RestoreRefused(
          `Table ${t.name}: the backup holds ${count} rows, its header says ${t.rows}`,
        );
    }
    await resetSequences(client, header);
    await client.query('commit');
    return header;
  } catch (err) {
    await client.query('rollback').catch(() => {});
    throw err;
  } finally {
    client.release();
    input.close();
  }
}

/** Each sequence continues after the highest of its backed-up value and its column's largest value. */
async function resetSequences(client: pg.ClientBase, header: BackupHeader) {
  const { rows } = await client.query<{ seq: string; name: string; tbl: string; col: string | null }>(
    `select format('%I.%I', sn.nspname, s.relname) as seq, s.relname as name,
       format('%I.%I', tn.nspname, t.relname) as tbl, quote_ident(a.attname) as col
     from pg_class s join pg_namespace sn on sn.oid = s.relnamespace
     left join pg_depend d on d.objid = s.oid and d.classid = 'pg_class'::regclass
       and d.refclassid = 'pg_class'::regclass and d.deptype in ('a', 'i')
     left join pg_class t on t.oid = d.refobjid left join pg_namespace tn on tn.oid = t.relnamespace
     left join pg_attribute a on a.attrelid = t.oid and a.attnum = d.refobjsubid
     where s.relkind = 'S' and sn.nspname = 'public'`,
  );
  for (const r of rows) {
    const saved = header.sequences.find((s) => s.name === r.name)?.lastValue ?? null;
    const max = r.col ? `(select max(${r.col}) from ${r.tbl})` : 'null';
    await client.query(
      `select setval($1::regclass, v, true) from (select greatest($2::bigint, ${max}) as v) x where v is not null`,
      [r.seq, saved],
    );
  }
}
