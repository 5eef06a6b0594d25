import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import { addServices, type FixtureService } from '../../../tests/support/directory.ts';
import type { Database } from '../../platform/db/index.ts';
import { searchBeyond, searchServices } from './search.ts';

const WAKEFIELD = { code: 'E08000036', latitude: 53.683, longitude: -1.4977 };
const LEEDS = 'E08000035';
/** Kirklees (Huddersfield): no service here. */
const KIRKLEES = { code: 'E08000034', latitude: 53.645, longitude: -1.785 };
const CARDIFF = 'W06000015';

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
  // Beyond Kirklees: Leeds's housing advice, and national helplines (a service area of a whole nation).
  {
    name: 'Leeds tenancy advice',
    description: 'Housing advice and help with tenancy problems.',
    terms: ['homelessness'],
    areaCodes: [LEEDS],
    locations: [{ latitude: 53.8, longitude: -1.55, areaCode: LEEDS }],
  },
  {
    name: 'England housing helpline (test)',
    description: 'Housing advice by phone for women anywhere in England.',
    terms: ['homelessness'],
    areaCodes: ['E92000001'],
  },
  {
    name: 'Wales housing helpline (test)',
    description: 'Housing advice by phone for women anywhere in Wales.',
    terms: ['homelessness'],
    areaCodes: ['W92000004'],
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
        expect(r.items.map((i) => i.name).filter((n) => /Aardvark|Zinnia|Abacus/.test(n))).toEqual([
          'Zinnia tenancy support',
          'Aardvark English class',
          'Abacus one stop hub',
        ]);
      }
  });
});

describe('beyond her area', () => {
  const near = { latitude: KIRKLEES.latitude, longitude: KIRKLEES.longitude };
  const names = (hits: { name: string }[]) => hits.map((h) => h.name);

  it('offers the nearest services of that need and the helplines for all of England when her area has none', async () => {
    const q = { text: 'housing', areaCode: KIRKLEES.code, near, coverage: 'local' as const };
    expect((await searchServices(database.db, q)).total).toBe(0);
    const beyond = await searchBeyond(database.db, q, { nearest: true });
    expect(names(beyond.nearest)).toEqual([
      'Zinnia tenancy support',
      'Leeds tenancy advice',
      'Aardvark English class',
    ]);
    expect(names(beyond.nationwide)).toEqual(['England housing helpline (test)']);
  });

  it('offers Wales’s helplines in Wales, and every nation’s without a place', async () => {
    const wales = await searchBeyond(
      database.db,
      { text: 'housing', areaCode: CARDIFF, coverage: 'local' },
      { nearest: true },
    );
    expect(names(wales.nationwide)).toEqual(['Wales housing helpline (test)']);
    expect(wales.nearest).toEqual([]);
    const anywhere = await searchBeyond(database.db, { text: 'housing' }, { nearest: false });
    expect(names(anywhere.nationwide).sort()).toEqual([
      'England housing helpline (test)',
      'Wales housing helpline (test)',
    ]);
  });

  it('keeps national services in an area search that does not ask for local ones (the ORUK API)', async () => {
    const r = await searchServices(database.db, { text: 'housing', areaCode: KIRKLEES.code });
    expect(names(r.items)).toEqual(['England housing helpline (test)']);
  });
});
