import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import { addServices, type FixtureService } from '../../../tests/support/directory.ts';
import type { Database } from '../../platform/db/index.ts';
import { searchServices } from './search.ts';

const WAKEFIELD = { code: 'E08000036', latitude: 53.683, longitude: -1.4977 };

// "housing": a service for it, an English class that also carries the housing need (as the demo's
// English classes do) and a hub that only mentions housing. The English class is nearest and first
// by name, so only relevance can put the housing service first.
const services: FixtureService[] = [
  {
    name: 'Aardvark English class',
    description: 'Learn and practise English with other women.',
    terms: ['english-esol', 'homelessness'],
    locations: [{ latitude: 53.683, longitude: -1.4977, areaCode: WAKEFIELD.code }],
  },
  {
    name: 'Zinnia tenancy support',
    description: 'Housing advice for women: homelessness applications and keeping your home.',
    terms: ['homelessness'],
    locations: [{ latitude: 53.7, longitude: -1.4977, areaCode: WAKEFIELD.code }],
  },
  {
    name: 'Abacus one stop hub',
    description: 'One key worker for everything: housing, benefits, health and more.',
    terms: ['complex-needs'],
    locations: [{ latitude: 53.684, longitude: -1.4977, areaCode: WAKEFIELD.code }],
  },
];

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  await addServices(database.db, services);
});
afterAll(() => database.close());

describe('relevance', () => {
  it('puts a service for the need searched above one that only carries it, above one that only mentions it', async () => {
    const near = { latitude: WAKEFIELD.latitude, longitude: WAKEFIELD.longitude };
    for (const quick of [true, false])
      for (const q of [{}, { near }, { near: { ...near, withinMetres: 5_000 } }]) {
        const r = await searchServices(database.db, { text: 'housing', ...q }, { quick });
        expect(r.items.map((i) => i.name)).toEqual([
          'Zinnia tenancy support',
          'Aardvark English class',
          'Abacus one stop hub',
        ]);
      }
  });
});
