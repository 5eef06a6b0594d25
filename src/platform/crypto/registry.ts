import { sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import type { FieldCipher } from './fields.ts';

/**
 * Every column holding a value written by FieldCipher, so `npm run keys:rotate` can move them all to
 * the newest key without knowing any module. Each module registers its columns in its schema.ts;
 * the platform registers its own below.
 */
export interface EncryptedColumns {
  table: string;
  /** A unique, sortable key column (a uuid primary key is fine). */
  key: string;
  columns: string[];
}

const registry = new Map<string, EncryptedColumns>();
const identifier = /^[a-z_][a-z0-9_]*$/;

export function registerEncryptedColumns(spec: EncryptedColumns): void {
  for (const name of [spec.table, spec.key, ...spec.columns]) {
    if (!identifier.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  }
  const existing = registry.get(spec.table);
  if (existing && existing.key !== spec.key) throw new Error(`${spec.table} registered with two keys`);
  registry.set(spec.table, {
    ...spec,
    columns: [...new Set([...(existing?.columns ?? []), ...spec.columns])],
  });
}

export function encryptedColumns(): EncryptedColumns[] {
  return [...registry.values()];
}

registerEncryptedColumns({ table: 'users', key: 'id', columns: ['totp_secret'] });

export interface RotationResult {
  table: string;
  rewritten: number;
}

/**
 * Re-encrypts every registered value not yet under the newest key, in batches, each batch its own
 * transaction (rows are locked while rewritten, so a concurrent edit is not lost). Safe to re-run.
 */
export async function rotateEncryptedColumns(
  db: Db,
  cipher: FieldCipher,
  opts: { batchSize?: number; specs?: EncryptedColumns[] } = {},
): Promise<RotationResult[]> {
  const batchSize = opts.batchSize ?? 500;
  const results: RotationResult[] = [];
  for (const spec of opts.specs ?? encryptedColumns()) {
    const table = sql.identifier(spec.table);
    const key = sql.identifier(spec.key);
    const cols = spec.columns.map((c) => sql.identifier(c));
    const anyPresent = sql.join(
      cols.map((c) => sql`${c} is not null`),
      sql` or `,
    );
    let after: string | undefined;
    let rewritten = 0;
    for (;;) {
      const done = await db.transaction(async (tx) => {
        const { rows } = await tx.execute<Record<string, string | null>>(
          sql`select ${key}::text as "__key", ${sql.join(cols, sql`, `)} from ${table}
              where ${after === undefined ? sql`true` : sql`${key} > ${after}`} and (${anyPresent})
              order by ${key} limit ${batchSize} for update`,
        );
        for (const row of rows) {
          const sets = spec.columns.flatMap((c) => {
            const value = row[c];
            if (!value || !cipher.needsRotation(value)) return [];
            return [sql`${sql.identifier(c)} = ${cipher.encrypt(cipher.decrypt(value))}`];
          });
          if (sets.length) {
            await tx.execute(sql`update ${table} set ${sql.join(sets, sql`, `)} where ${key} = ${row.__key}`);
            rewritten++;
          }
        }
        if (rows.length) after = rows[rows.length - 1]!.__key as string;
        return rows.length < batchSize;
      });
      if (done) break;
    }
    results.push({ table: spec.table, rewritten });
  }
  return results;
}

/** How many stored values are still under an older key (0: the old keys can be removed). */
export async function countNeedingRotation(
  db: Db,
  cipher: FieldCipher,
  specs: EncryptedColumns[] = encryptedColumns(),
): Promise<number> {
  const current = cipher.encrypt('').split('.')[1];
  let n = 0;
  for (const spec of specs) {
    for (const c of spec.columns) {
      const col = sql.identifier(c);
      const { rows } = await db.execute<{ n: number }>(
        sql`select count(*)::int as n from ${sql.identifier(spec.table)}
            where ${col} is not null and split_part(${col}, '.', 2) <> ${current}`,
      );
      n += rows[0]?.n ?? 0;
    }
  }
  return n;
}
