import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import type { Database } from '../../platform/db/index.ts';
import { dirOrganization, dirService, localAreas } from './schema.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('directory schema', () => {
  it('ships the 175 local authority areas of England and Wales with centroids', async () => {
    const rows = await database.db.select().from(localAreas);
    expect(rows).toHaveLength(175);
    const anglesey = rows.find((r) => r.code === 'W06000001');
    expect(anglesey).toMatchObject({ name: 'Isle of Anglesey', name_welsh: 'Ynys Môn' });
    expect(rows.filter((r) => r.code.startsWith('E09'))).toHaveLength(33);
  });

  it('finds services by words (accents folded, stemmed) and by misspelt names (trigram)', async () => {
    const { db } = database;
    const orgId = '0b5e4c84-7b7f-4a53-9d1b-2b3a4f5e6a71';
    await db.insert(dirOrganization).values({ id: orgId, name: 'Test org', description: 'x' });
    await db.insert(dirService).values([
      {
        id: '7d8c1a51-2e3f-4b5a-8c9d-0e1f2a3b4c5d',
        organization_id: orgId,
        name: 'Mental health café',
        description: 'Counselling for women',
        status: 'active',
      },
      {
        id: '8d8c1a51-2e3f-4b5a-8c9d-0e1f2a3b4c5d',
        organization_id: orgId,
        name: 'Housing advice',
        description: 'Help with homelessness',
        status: 'active',
      },
    ]);
    const words = await db.execute<{ name: string }>(
      sql`select name from directory_service where search_vector @@ websearch_to_tsquery('english', wayfinder_unaccent('cafe counsellING'))`,
    );
    expect(words.rows.map((r) => r.name)).toEqual(['Mental health café']);
    const fuzzy = await db.execute<{ name: string }>(
      sql`select name from directory_service where wayfinder_unaccent(lower(name)) % wayfinder_unaccent(lower('mentel helth cafe'))`,
    );
    expect(fuzzy.rows.map((r) => r.name)).toEqual(['Mental health café']);
  });
});
