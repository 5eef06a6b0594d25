/**
 * The shipped local authority areas, for the staff form's checkboxes and the pages' area names:
 *
 *   listLocalAreas(db) -> every area ({ code, name }), by name
 *
 * Place search ("Leeds", "LS1 1AA") is geo/places.ts `findPlace`.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';

export type LocalArea = {
  code: string;
  name: string;
};

export async function listLocalAreas(db: DbOrTx): Promise<LocalArea[]> {
  const { rows } = await db.execute<LocalArea>(sql`select code, name from local_areas order by name, code`);
  return rows;
}
