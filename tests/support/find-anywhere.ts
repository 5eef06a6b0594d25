import type { TestApp } from './app.ts';

/**
 * Every text-like column of every table (any schema but the system's) searched for any of `values`,
 * case-insensitively: what erasure tests use to prove nothing about her is left anywhere.
 * Returns "schema.table.column contains value" for each hit.
 */
export async function findAnywhere(t: TestApp, values: string[]): Promise<string[]> {
  const { rows: columns } = await t.database.pool.query<{ s: string; t: string; c: string }>(
    `select c.table_schema as s, c.table_name as t, c.column_name as c
     from information_schema.columns c
     join information_schema.tables tb on tb.table_schema = c.table_schema and tb.table_name = c.table_name
     where tb.table_type = 'BASE TABLE' and c.table_schema not in ('pg_catalog', 'information_schema')
       and (c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb', 'date', 'ARRAY'))`,
  );
  const found: string[] = [];
  for (const { s, t: table, c } of columns) {
    for (const v of values) {
      const { rows } = await t.database.pool.query(
        `select count(*)::int as n from "${s}"."${table}" where "${c}"::text ilike $1`,
        [`%${v}%`],
      );
      if (rows[0].n > 0) found.push(`${s}.${table}.${c} contains ${v}`);
    }
  }
  return found;
}
