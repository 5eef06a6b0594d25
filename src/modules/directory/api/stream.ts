/**
 * The whole feed in one answer (`/services?format=ndjson`, `minimal=true`): services in id order, a
 * batch at a time by keyset (`id > last`), so memory stays flat however big the directory is and no
 * query holds a transaction open while a slow client reads.
 */
import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { dirService } from '../schema.ts';
import { type Json, publicServicesFull, serviceListItems } from './data.ts';
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
    const rows = await db
      .select({ id: dirService.id, modified: sql<Date | string>`${modified}` })
      .from(dirService)
      .where(conds.length ? and(...conds) : undefined)
      .orderBy(asc(dirService.id))
      .limit(batchSize);
    if (!rows.length) return;
    after = rows[rows.length - 1]!.id;
    if (opts.minimal) {
      for (const r of rows) yield { id: r.id, modified_date: new Date(r.modified).toISOString() };
      continue;
    }
    const ids = rows.map((r) => r.id);
    const items = opts.full ? await publicServicesFull(db, ids) : await serviceListItems(db, ids);
    for (const item of items) yield item;
  }
}
