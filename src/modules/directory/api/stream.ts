/**
 * The whole feed in one answer (`/services?format=ndjson`, `minimal=true`): services in id order, a
 * batch at a time by keyset (`id > last`), so memory stays flat however big the directory is and no
 * query holds a transaction open while a slow client reads.
 */
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import type { Row } from '../hsds.ts';
import { dirService } from '../schema.ts';
import { type Json, publicServicesFull, serviceListItem, serviceListRows } from './data.ts';
import type { FeedParams } from './params.ts';

const BATCH = 500;

export async function* serviceFeed(
  db: DbOrTx,
  opts: Omit<FeedParams, 'ndjson'>,
  batchSize = BATCH,
): AsyncGenerator<Json> {
  const modified = sql`coalesce(${dirService.last_modified}, ${dirService.updated_at})`;
  let after: string | undefined;
  for (;;) {
    const conds: SQL[] = [];
    if (after) conds.push(gt(dirService.id, after));
    if (opts.modifiedAfter) conds.push(sql`${modified} >= ${opts.modifiedAfter.toISOString()}::timestamptz`);
    if (opts.organizationId) conds.push(eq(dirService.organization_id, opts.organizationId));
    const where = conds.length ? and(...conds) : undefined;
    if (opts.minimal) {
      const rows = await db
        .select({ id: dirService.id, modified: sql<Date | string>`${modified}` })
        .from(dirService)
        .where(where)
        .orderBy(asc(dirService.id))
        .limit(batchSize);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      for (const r of rows) yield { id: r.id, modified_date: new Date(r.modified).toISOString() };
    } else if (opts.full) {
      const rows = await db
        .select({ id: dirService.id })
        .from(dirService)
        .where(where)
        .orderBy(asc(dirService.id))
        .limit(batchSize);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.id;
      yield* await publicServicesFull(
        db,
        rows.map((r) => r.id),
      );
    } else {
      // One query a batch: each service with its organization, read in the same pass.
      const rows = await serviceListRows(db, where, batchSize);
      if (!rows.length) return;
      after = rows[rows.length - 1]!.s.id;
      for (const r of rows) yield serviceListItem(r.s as Row, (r.o ?? undefined) as Row | undefined);
    }
  }
}
