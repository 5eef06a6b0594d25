import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import { addServices, type FixtureService } from '../../../tests/support/directory.ts';
import type { Database } from '../../platform/db/index.ts';
import { expandQuery } from './search/text.ts';
import { searchServices } from './search.ts';

const LEEDS = { code: 'E08000035', latitude: 53.82273, longitude: -1.50736 };
const BRADFORD = { code: 'E08000032', latitude: 53.84382, longitude: -1.87389 };
const MANCHESTER = { code: 'E08000003', latitude: 53.47009, longitude: -2.23359 };
const CARDIFF = { code: 'W06000015', latitude: 51.50254, longitude: -3.22209 };
/** A Monday 11:00 in London (British Summer Time: 10:00 UTC). */
const MONDAY_11AM = new Date('2026-06-01T10:00:00Z');

const services: FixtureService[] = [
  {
    name: 'Calm Minds women’s counselling',
    description: 'Counselling and peer support for women living with anxiety, depression or trauma.',
    terms: ['mental-health', 'women-only'],
    areaCodes: [LEEDS.code],
    locations: [
      { latitude: 53.8, longitude: -1.55, areaCode: LEEDS.code, address1: '1 Fictional Row', city: 'Leeds' },
    ],
    languages: ['ar', 'fa'],
    free: true,
    schedules: [{ byday: 'MO,WE', opens: '10:00', closes: '16:00' }],
  },
  {
    name: 'Safe Haven refuge (test)',
    description: 'Emergency accommodation and safety planning for women escaping violence at home.',
    terms: ['domestic-abuse', 'women-only', 'homelessness'],
    areaCodes: [BRADFORD.code],
    locations: [
      {
        name: 'Secret house',
        latitude: 53.79,
        longitude: -1.75,
        withheld: true,
        areaCode: BRADFORD.code,
        address1: '99 Hidden Street',
        city: 'Bradford',
        postcode: 'BD1 1ZZ',
      },
    ],
    free: true,
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens: '00:00', closes: '23:59' }],
  },
  {
    name: 'Roof Over Us housing advice',
    description: 'Housing advice, help with homelessness applications and tenancy problems.',
    terms: ['homelessness', 'drop-in'],
    areaCodes: [MANCHESTER.code],
    locations: [
      {
        latitude: 53.48,
        longitude: -2.24,
        areaCode: MANCHESTER.code,
        address1: '2 Imaginary Street',
        city: 'Manchester',
      },
    ],
    schedules: [{ byday: 'TU', opens: '09:00', closes: '12:00' }],
  },
  {
    name: 'Job club for women',
    description: 'Help with CVs, applications and interviews. Health and safety certificates available.',
    terms: ['employment', 'drop-in'],
    areaCodes: [LEEDS.code],
    locations: [{ latitude: 53.83, longitude: -1.52, areaCode: LEEDS.code }],
    languages: ['ar'],
  },
  {
    name: 'English conversation café',
    description: 'Friendly ESOL conversation group for beginners.',
    terms: ['english-esol', 'community'],
    areaCodes: [CARDIFF.code],
    free: true,
  },
  // Three identical services at different distances from Leeds: relevance ties, distance decides.
  ...[0.05, 0.5, 0.2].map(
    (offset, i): FixtureService => ({
      name: `Welcome group ${['near', 'far', 'middle'][i]}`,
      description: 'A friendly welcome group.',
      terms: ['community'],
      locations: [{ latitude: LEEDS.latitude + offset, longitude: LEEDS.longitude, areaCode: LEEDS.code }],
    }),
  ),
  {
    name: 'Closed service',
    description: 'Counselling for women, no longer running.',
    status: 'defunct',
    terms: ['mental-health'],
  },
];

let database: Database;
let ids: string[];
const id = (name: string) => ids[services.findIndex((s) => s.name === name)]!;

beforeAll(async () => {
  database = await freshDatabase();
  ids = await addServices(database.db, services);
});
afterAll(() => database.close());

const names = (r: Awaited<ReturnType<typeof searchServices>>) => r.items.map((i) => i.name);

describe('misspellings', () => {
  it.each([
    ['mentel helth', 'Calm Minds women’s counselling'],
    ['domestik abuse', 'Safe Haven refuge (test)'],
    ['housng', 'Roof Over Us housing advice'],
    ['counceling', 'Calm Minds women’s counselling'],
    ['englsh', 'English conversation café'],
    ['cafe', 'English conversation café'],
  ])('"%s" finds %s first', async (text, expected) => {
    const r = await searchServices(database.db, { text });
    expect(r.items[0]?.name).toBe(expected);
  });

  it('reports the corrections it made', async () => {
    const q = await expandQuery(database.db, 'mentel helth');
    expect(q.words.map((w) => [w.word, w.alternatives])).toEqual([
      ['mentel', ['mental']],
      ['helth', ['health']],
    ]);
  });

  it('finds a service by its taxonomy term even when its own words do not say it', async () => {
    // The refuge's description never says "domestic" or "abuse": its term does.
    const r = await searchServices(database.db, { text: 'domestic abuse' });
    expect(names(r)).toEqual(['Safe Haven refuge (test)']);
  });

  it('returns nothing for words no service uses, rather than everything', async () => {
    const r = await searchServices(database.db, { text: 'xylophone' });
    expect(r.total).toBe(0);
    expect(r.query.ignored).toEqual(['xylophone']);
  });

  it('falls back to any word when no service matches them all', async () => {
    const r = await searchServices(database.db, { text: 'housing esol' });
    expect(r.matched).toBe('any');
    // The refuge carries the term "Housing and homelessness".
    expect(names(r).sort()).toEqual([
      'English conversation café',
      'Roof Over Us housing advice',
      'Safe Haven refuge (test)',
    ]);
  });

  it('leaves out services that are not active', async () => {
    const r = await searchServices(database.db, { text: 'counselling' });
    expect(names(r)).not.toContain('Closed service');
  });
});

describe('ranking', () => {
  it('orders equally relevant services by distance', async () => {
    const r = await searchServices(database.db, {
      text: 'welcome group',
      near: { latitude: LEEDS.latitude, longitude: LEEDS.longitude },
    });
    expect(names(r)).toEqual(['Welcome group near', 'Welcome group middle', 'Welcome group far']);
    const [near, middle, far] = r.items.map((i) => i.distanceMetres ?? Number.NaN) as [
      number,
      number,
      number,
    ];
    expect(near).toBeGreaterThan(5000);
    expect(near).toBeLessThan(6000);
    expect(middle).toBeGreaterThan(near);
    expect(far).toBeGreaterThan(middle);
  });

  it('puts the more relevant service first whatever the distance', async () => {
    // "counselling" names Calm Minds (Leeds); the job club (nearer Bradford) does not mention it at all.
    const r = await searchServices(database.db, {
      text: 'counselling women',
      near: { latitude: BRADFORD.latitude, longitude: BRADFORD.longitude },
    });
    expect(r.items[0]?.name).toBe('Calm Minds women’s counselling');
  });

  it('keeps only services within a distance', async () => {
    const r = await searchServices(database.db, {
      text: 'welcome group',
      near: { latitude: LEEDS.latitude, longitude: LEEDS.longitude, withinMetres: 30_000 },
    });
    expect(names(r)).toEqual(['Welcome group near', 'Welcome group middle']);
  });
});

describe('filters', () => {
  it('by need, women-only, drop-in, free and language', async () => {
    expect(names(await searchServices(database.db, { terms: ['homelessness'] })).sort()).toEqual([
      'Roof Over Us housing advice',
      'Safe Haven refuge (test)',
    ]);
    expect(names(await searchServices(database.db, { terms: ['homelessness'], womenOnly: true }))).toEqual([
      'Safe Haven refuge (test)',
    ]);
    expect(names(await searchServices(database.db, { dropIn: true })).sort()).toEqual([
      'Job club for women',
      'Roof Over Us housing advice',
    ]);
    expect(names(await searchServices(database.db, { free: true, womenOnly: true })).sort()).toEqual([
      'Calm Minds women’s counselling',
      'Safe Haven refuge (test)',
    ]);
    expect(names(await searchServices(database.db, { language: 'ar' })).sort()).toEqual([
      'Calm Minds women’s counselling',
      'Job club for women',
    ]);
    expect(names(await searchServices(database.db, { language: 'Persian' }))).toEqual([
      'Calm Minds women’s counselling',
    ]);
    expect((await searchServices(database.db, { terms: ['no-such-term'] })).total).toBe(0);
  });

  it('by open now, in London time', async () => {
    const r = await searchServices(database.db, { openNow: true, now: MONDAY_11AM });
    expect(names(r).sort()).toEqual(['Calm Minds women’s counselling', 'Safe Haven refuge (test)']);
    expect(r.items.every((i) => i.openNow)).toBe(true);
    // 09:30 on a Tuesday in winter (GMT): the housing advice drop-in, and the refuge's helpline.
    const tuesday = await searchServices(database.db, {
      openNow: true,
      now: new Date('2026-01-06T09:30:00Z'),
    });
    expect(names(tuesday).sort()).toEqual(['Roof Over Us housing advice', 'Safe Haven refuge (test)']);
  });

  it('by local authority area: services covering it or located in it', async () => {
    const r = await searchServices(database.db, { areaCode: LEEDS.code });
    expect(names(r).sort()).toEqual([
      'Calm Minds women’s counselling',
      'Job club for women',
      'Welcome group far',
      'Welcome group middle',
      'Welcome group near',
    ]);
    // A withheld location still places its service in its area.
    expect(names(await searchServices(database.db, { areaCode: BRADFORD.code }))).toEqual([
      'Safe Haven refuge (test)',
    ]);
  });
});

describe('results', () => {
  it('never show a withheld location: only its area', async () => {
    const r = await searchServices(database.db, {
      text: 'refuge',
      near: { latitude: BRADFORD.latitude, longitude: BRADFORD.longitude },
    });
    const hit = r.items[0]!;
    expect(hit.id).toBe(id('Safe Haven refuge (test)'));
    expect(hit.locations).toEqual([]);
    expect(hit.hasWithheldLocation).toBe(true);
    expect(hit.areas).toEqual([{ code: BRADFORD.code, name: 'Bradford' }]);
    expect(hit.distanceMetres).toBeNull();
    expect(JSON.stringify(r)).not.toMatch(/Hidden Street|Secret house|BD1 1ZZ|53\.79|-1\.75/);
  });

  it('carry distance, address, opening times and the rest of the summary', async () => {
    const r = await searchServices(database.db, {
      text: 'counselling',
      near: { latitude: LEEDS.latitude, longitude: LEEDS.longitude },
      now: MONDAY_11AM,
    });
    const hit = r.items[0]!;
    expect(hit).toMatchObject({
      name: 'Calm Minds women’s counselling',
      free: true,
      openNow: true,
      areas: [{ code: LEEDS.code, name: 'Leeds' }],
      openingTimes: [
        {
          days: ['MO', 'WE'],
          opens: '10:00',
          closes: '16:00',
          frequency: 'WEEKLY',
          ordinals: [],
          monthDays: [],
          description: null,
          validFrom: null,
          validTo: null,
        },
      ],
      locations: [
        {
          address: { address_1: '1 Fictional Row', city: 'Leeds', postal_code: 'ZZ1 1ZZ', address_2: null },
          areaCode: LEEDS.code,
        },
      ],
    });
    expect(hit.distanceMetres).toBeGreaterThan(3000);
    expect(hit.distanceMetres).toBeLessThan(5000);
    expect(hit.terms.map((t) => t.code).sort()).toEqual(['mental-health', 'women-only']);
    expect(hit.languages.map((l) => l.code).sort()).toEqual(['ar', 'fa']);
  });

  it('are paged', async () => {
    const first = await searchServices(database.db, { perPage: 3, page: 1 });
    const second = await searchServices(database.db, { perPage: 3, page: 2 });
    const last = await searchServices(database.db, { perPage: 3, page: 9 });
    expect(first.total).toBe(8);
    expect(first.totalPages).toBe(3);
    expect(first.items).toHaveLength(3);
    expect(second.items.map((i) => i.id)).not.toContain(first.items[0]!.id);
    expect(last.items).toEqual([]);
    expect(last.total).toBe(8);
  });
});

describe('the search rows stay current', () => {
  const ORG = { id: 'a1b2c3d4-0000-4000-8000-00000000c0de', name: 'Currency test organisation' };
  const byOrg = (extra: Partial<Parameters<typeof searchServices>[1]> = {}) =>
    searchServices(database.db, { organizationId: ORG.id, ...extra });

  it('after an update, a change of terms, a withheld location, a rollback and a delete', async () => {
    const [serviceId] = await addServices(database.db, [
      {
        name: 'Bluebell sewing circle',
        description: 'A sewing circle.',
        organization: ORG,
        terms: ['community'],
        locations: [{ latitude: 53.8, longitude: -1.5, areaCode: LEEDS.code, address1: '3 Thread Street' }],
      },
    ]);
    expect(names(await byOrg({ text: 'sewing' }))).toEqual(['Bluebell sewing circle']);

    // Renamed and re-tagged through the import path: the new words and term are found, the old are not.
    await addServices(database.db, [
      {
        id: serviceId,
        name: 'Bluebell knitting circle',
        description: 'A knitting circle.',
        organization: ORG,
        terms: ['mental-health'],
        locations: [{ latitude: 53.8, longitude: -1.5, areaCode: LEEDS.code, address1: '3 Thread Street' }],
      },
    ]);
    expect(names(await byOrg({ text: 'sewing' }))).toEqual([]);
    expect(names(await byOrg({ text: 'knitting', terms: ['mental-health'] }))).toEqual([
      'Bluebell knitting circle',
    ]);
    expect(names(await byOrg({ terms: ['community'] }))).toEqual([]);

    // A location made withheld: no longer located or measured, still in its area.
    await database.db.execute(
      sql`update directory_location set withheld = true where id in (select location_id from directory_service_at_location where service_id = ${serviceId})`,
    );
    const hidden = await byOrg({ near: { latitude: 53.8, longitude: -1.5 } });
    expect(hidden.items[0]).toMatchObject({ locations: [], hasWithheldLocation: true, distanceMetres: null });
    expect(names(await byOrg({ areaCode: LEEDS.code }))).toEqual(['Bluebell knitting circle']);

    // A change rolled back changes nothing.
    await database.db
      .transaction(async (tx) => {
        await tx.execute(
          sql`update directory_service set name = 'Renamed in a rollback' where id = ${serviceId}`,
        );
        throw new Error('roll back');
      })
      .catch(() => {});
    expect(names(await byOrg())).toEqual(['Bluebell knitting circle']);

    // Deleted: gone from search, and its search row with it.
    await database.db.execute(sql`delete from directory_service where id = ${serviceId}`);
    expect((await byOrg()).total).toBe(0);
    const { rows } = await database.pool.query(
      'select count(*)::int as n from directory_search_doc where service_id = $1',
      [serviceId],
    );
    expect(rows[0].n).toBe(0);
    const dirty = await database.pool.query('select count(*)::int as n from directory_search_dirty');
    expect(dirty.rows[0].n).toBe(0);
  });
});
