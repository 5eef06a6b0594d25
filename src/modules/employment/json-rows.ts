import { type Column, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/index.ts';

/**
 * Many rows read as one JSON text that PostgreSQL builds and one JSON.parse reads: for the thousands
 * of candidates matching reads per page, far cheaper than the driver parsing every row's arrays and
 * JSON apart (measured by bench/employment.bench.ts). Only for columns whose JSON form is the value
 * the code uses: text, numbers, booleans, dates ('YYYY-MM-DD'), arrays, jsonb; never a timestamp.
 */
export async function jsonRows<T>(
  db: DbOrTx,
  columns: Record<keyof T & string, Column | SQL>,
  table: PgTable,
  where: SQL | undefined,
  /**
   * With a bound (score-bounds.ts): each row's bound, worked out once, as the column `bound`; only
   * rows whose bound is from `atLeast` to `atMost`; or the `limit` with the highest. (Subqueries named as the
   * table, so the columns still resolve.)
   */
  bound?: { expr: SQL; limit?: number; atLeast?: number; atMost?: number },
): Promise<T[]> {
  const keys = Object.keys(columns) as (keyof T & string)[];
  const list = sql.join(
    keys.map((k) => sql`${columns[k]}`),
    sql`, `,
  );
  const filtered = sql`${table}${where ? sql` where ${where}` : sql``}`;
  let from = filtered;
  if (bound) {
    const withBound = sql`(select ${table}.*, ${bound.expr} as bound from ${filtered}) as ${table}`;
    const atLeast = sql` where bound >= ${bound.atLeast ?? -1}`;
    const atMost = bound.atMost === undefined ? sql`` : sql` and bound <= ${bound.atMost}`;
    const best = bound.limit === undefined ? sql`` : sql` order by bound desc limit ${bound.limit}`;
    from = sql`(select * from ${withBound}${atLeast}${atMost}${best}) as ${table}`;
  }
  const { rows } = await db.execute<{ j: string }>(
    sql`select coalesce(json_agg(json_build_array(${list})), '[]')::text as j from ${from}`,
  );
  const data = JSON.parse(rows[0]!.j) as unknown[][];
  return data.map((r) => {
    const o: Record<string, unknown> = {};
    for (let i = 0; i < keys.length; i++) o[keys[i]!] = r[i];
    return o as T;
  });
}
