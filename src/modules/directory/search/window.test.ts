import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { searchMix, words } from '../../../../tests/support/search-mix.ts';
import { createAuditService } from '../../../platform/audit/service.ts';
import type { Database } from '../../../platform/db/index.ts';
import { seedDemoDirectory } from '../demo.ts';
import { roundedBelow } from '../public-routes.ts';
import { type SearchQuery, searchServices } from '../search.ts';
import { relevanceSql } from './filters.ts';
import { firstMentioning, firstNamed, type NamedHow } from './named.ts';
import { rankServices, runRanking } from './rank.ts';

// The quick answer (window.ts) must be the full ranking's answer, page for page. A small window over
// 700 demo services puts it in the situations it meets at 100k: cut short, with words named or not.
let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDemoDirectory(database.db, createAuditService(database.db), { count: 700, seed: 5_005 });
  await database.db.execute(sql`analyze directory_search_doc`);
}, 120_000);
afterAll(() => database.close());

const view = (r: Awaited<ReturnType<typeof searchServices>>) =>
  r.items.map((i) => `${i.id} ${i.relevance} ${i.distanceMetres}`);

describe('quick answers to broad searches', () => {
  it('give the same services in the same order as ranking every match, with a true total', async () => {
    const queries = searchMix(150, 'window-equivalence').flatMap((q) => [q, { ...q, page: 3 }]);
    let partial = 0;
    for (const q of queries) {
      const exact = await searchServices(database.db, q, { quick: false });
      const quick = await searchServices(database.db, q, { windowSize: 60 });
      const label = JSON.stringify(q);
      expect(view(quick), label).toEqual(view(exact));
      expect(quick.matched, label).toBe(exact.matched);
      expect(exact.totalExact).toBe(true);
      if (quick.totalExact) expect(quick.total, label).toBe(exact.total);
      else {
        partial++;
        // "At least": never more than there are, always more than this page shows.
        expect(quick.total, label).toBeLessThanOrEqual(exact.total);
        expect(quick.total, label).toBeGreaterThan((quick.page - 1) * quick.perPage + quick.items.length);
      }
    }
    // The quick path really answered cut short (a "more than" total) for some of the mix; most of
    // the rest it answered with the exact total, which the comparison above checks too.
    expect(partial).toBeGreaterThanOrEqual(8);
  }, 120_000);

  it('finds a service named for the words before nearer ones that only mention them', async () => {
    const exact = await searchServices(
      database.db,
      { text: 'counselling', near: { latitude: 53.8, longitude: -1.55 } },
      { quick: false },
    );
    const quick = await searchServices(
      database.db,
      { text: 'counselling', near: { latitude: 53.8, longitude: -1.55 } },
      { windowSize: 30 },
    );
    expect(view(quick)).toEqual(view(exact));
    const tiers = quick.items.map((i) => i.relevance);
    expect(tiers).toEqual([...tiers].sort((a, b) => b - a));
    expect(tiers[0]).toBeGreaterThan(0);
  });
});

describe('the ORUK list searched by words', () => {
  it('pages exactly as ranking every match does, across the tiers, with the exact total', async () => {
    // Small pages walk across the tiers (named and described, only named, only mentioning); with
    // the filters the API takes, and a page past the end.
    const filters: Partial<SearchQuery>[] = [
      {},
      { statuses: ['active'] },
      { minimumAge: 18 },
      { modifiedAfter: new Date(0) },
    ];
    let crossed = 0;
    for (const text of [...words, 'mentel helth', 'housng advice', 'zzzz']) {
      for (const extra of filters) {
        for (const [page, perPage] of [
          [1, 50],
          [1, 7],
          [4, 7],
          [12, 7],
          [2, 40],
          [500, 50],
        ] as const) {
          const q: SearchQuery = { text, statuses: 'any', order: 'relevance', page, perPage, ...extra };
          const exact = await runRanking(database.db, q, 'services', { fallbackToAny: false });
          // And with a walk in name order (named.ts) that reads few services at a time.
          for (const windowSize of [undefined, 25]) {
            const api = await rankServices(database.db, q, { windowSize });
            const label = JSON.stringify({ ...q, windowSize });
            expect(api.ids, label).toEqual(exact.ids);
            expect(api.total, label).toBe(exact.total);
            expect(api.totalExact).toBe(true);
            if (new Set(api.ids.map((i) => i.relevance)).size > 1) crossed++;
          }
        }
      }
    }
    expect(crossed).toBeGreaterThan(0);
  }, 120_000);
});

describe('the first services named for the words (named.ts)', () => {
  it('are those ranking every named service gives, however far the walk in name order reads', async () => {
    const db = database.db;
    const hows = new Set<NamedHow>();
    for (const text of [...words, 'advice', 'support', 'zzzz']) {
      const words = sql`plainto_tsquery('english', ${text})`;
      for (const filters of [[], [sql`d.status = 'active'`], [sql`d.minimum_age >= 18`]]) {
        const where = sql.join([...filters, sql`d.names @@ ${words}`, sql`true`], sql` and `);
        const { rows: all } = await db.execute<{ id: string; relevance: number }>(sql`
          select d.service_id as id, ${relevanceSql(words)} as relevance from directory_search_doc d
          where ${where} order by relevance desc, d.name, d.service_id`);
        for (const need of [1, 7, 40, 150]) {
          for (const size of [undefined, 15, 60, 200]) {
            const got = await firstNamed(db, { filters, words, need, size });
            expect(got.rows, JSON.stringify({ text, need, size })).toEqual(all.slice(0, need));
            hows.add(got.how);
          }
        }
      }
    }
    // Each way of answering was taken: the walk alone, reading on, and ranking them all.
    expect([...hows].sort()).toEqual(['ranked', 'walk', 'walked-on']);
  }, 120_000);

  it('are followed by those only mentioning them, by name, from a walk or from the words’ index', async () => {
    const db = database.db;
    let some = 0;
    for (const text of [...words, 'advice', 'women']) {
      const words = sql`plainto_tsquery('english', ${text})`;
      for (const filters of [[], [sql`d.status = 'active'`], [sql`d.minimum_age >= 18`]]) {
        const where = sql.join(
          [...filters, sql`d.document @@ ${words}`, sql`not (d.names @@ ${words})`, sql`true`],
          sql` and `,
        );
        const { rows } = await db.execute<{ id: string }>(sql`
          select d.service_id as id from directory_search_doc d where ${where} order by d.name, d.service_id`);
        const all = rows.map((r) => r.id);
        if (all.length) some++;
        // A walk of 15 cannot hold 40: those come from the index; one of 3,000 reads all 700 services.
        for (const need of [1, 7, 40, 150]) {
          for (const size of [undefined, 15, 60, 200]) {
            const got = await firstMentioning(db, { filters, words, need, size });
            expect(got, JSON.stringify({ text, need, size })).toEqual(all.slice(0, need));
          }
        }
      }
    }
    expect(some).toBeGreaterThan(5);
  }, 120_000);
});

describe('"more than" totals on Find support', () => {
  it('round down to a number the page can honestly say', () => {
    expect([
      roundedBelow(289),
      roundedBelow(101),
      roundedBelow(100),
      roundedBelow(47),
      roundedBelow(7),
    ]).toEqual([200, 100, 90, 40, 6]);
  });
});

describe('open now, read from the search row', () => {
  it('follows edits to a service’s schedule and to its location’s', async () => {
    const db = database.db;
    const { rows } = await db.execute<{ id: string; org: string; sal: string | null }>(sql`
      select s.id, s.organization_id as org,
        (select x.id from directory_service_at_location x where x.service_id = s.id limit 1) as sal
      from directory_service s where s.status = 'active'
        and exists (select 1 from directory_service_at_location x where x.service_id = s.id) limit 1`);
    const { id, org, sal } = rows[0]!;
    const sundayNight = new Date('2026-03-01T23:30:00Z'); // 23:30 on a Sunday, London (GMT)
    const openNow = async () =>
      (
        await searchServices(db, { openNow: true, now: sundayNight, organizationId: org, perPage: 1000 })
      ).items.map((i) => i.id);
    await db.execute(sql`delete from directory_schedule where service_id = ${id}
      or service_at_location_id in (select x.id from directory_service_at_location x where x.service_id = ${id})`);
    expect(await openNow()).not.toContain(id);
    await db.execute(sql`insert into directory_schedule (id, service_id, freq, byday, opens_at, closes_at)
      values (gen_random_uuid(), ${id}, 'WEEKLY', 'SU', '22:00', '23:59')`);
    expect(await openNow()).toContain(id);
    await db.execute(sql`update directory_schedule set byday = 'MO' where service_id = ${id}`);
    expect(await openNow()).not.toContain(id);
    // A schedule on the service at a location counts for the service too.
    await db.execute(sql`insert into directory_schedule (id, service_at_location_id, freq, byday, opens_at, closes_at)
      values (gen_random_uuid(), ${sal}, 'WEEKLY', 'SU', '23:00', '23:45')`);
    expect(await openNow()).toContain(id);
    await db.execute(sql`delete from directory_schedule where service_at_location_id = ${sal}`);
    expect(await openNow()).not.toContain(id);
  });
});
