// A prepared statement gives exactly what db.execute gives (rows, and dates left as the strings
// drizzle leaves them), in a transaction too, and two texts never share a name on one connection.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import type { Database } from './index.ts';
import { executePrepared } from './prepared.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('executePrepared', () => {
  it('returns what db.execute returns, as a statement the server keeps', async () => {
    const query = (n: number) =>
      sql`select ${n}::int as n, timestamptz '2026-12-05 10:00+00' as at, date '2026-12-05' as day, array[${n}, 2]::int[] as list`;
    const plain = await database.db.execute(query(7));
    const prepared = await executePrepared(database.db, query(7));
    expect(prepared.rows).toEqual(plain.rows);
    expect(prepared.rows[0]).toMatchObject({ n: 7, day: '2026-12-05', list: [7, 2] });
    // Again with other values on the same name, and a different text beside it.
    for (let n = 0; n < 8; n++) {
      expect((await executePrepared(database.db, query(n))).rows[0]).toMatchObject({ n });
      expect((await executePrepared(database.db, sql`select ${`w${n}`}::text as word`)).rows[0]).toEqual({
        word: `w${n}`,
      });
    }
    const { rows } = await database.db.execute<{ n: string }>(
      sql`select count(*) as n from pg_prepared_statements where name like 'wf_%'`,
    );
    // Only on the connections that ran them, and only one per text on each.
    expect(Number(rows[0]!.n)).toBeLessThanOrEqual(2);
  });

  it('runs inside a transaction, seeing its uncommitted rows', async () => {
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`create temporary table prepared_tx (n int)`);
      await tx.execute(sql`insert into prepared_tx values (41), (42)`);
      const { rows } = await executePrepared<{ total: number }>(
        tx,
        sql`select sum(n)::int as total from prepared_tx`,
      );
      expect(rows).toEqual([{ total: 83 }]);
      await tx.execute(sql`drop table prepared_tx`);
    });
  });
});
