// The directory's cache: never stale across app instances on one database, bounded, and never a
// shared page carrying someone's token, nonce or signed-in view.
import { sql } from 'drizzle-orm';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, csrfTokenIn } from '../../../../tests/support/agent.ts';
import { createTestApp, type TestApp } from '../../../../tests/support/app.ts';
import { addServices } from '../../../../tests/support/directory.ts';
import { useScenario } from '../../../../tests/support/scenario.ts';
import { needTerms, whoForTerms } from '../taxonomies.ts';
import { publicPage } from './pages.ts';
import { createDirectoryCache, type DirectoryCache } from './results.ts';

const LEEDS = 'E08000035';

const { t, agents } = useScenario({
  organisations: { orgA: 'Sisters Together' },
  users: { keyWorker: 'key_worker' },
  signedIn: ['keyWorker'],
  app: {
    // A page of the test's own that asks for a CSRF token while rendering (no public page does).
    beforeReady: (app, database) => {
      const cache = createDirectoryCache(database.db);
      tokenPageCache = cache;
      app.get('/test/public-form', async (req, reply) =>
        publicPage(req, reply, cache, {}, async () => {
          const token = (reply.locals.csrfToken as () => string)();
          return `<!DOCTYPE html><p>A form</p><input type="hidden" name="_csrf" value="${token}">`;
        }),
      );
    },
  },
});
let tokenPageCache: DirectoryCache;
/** A second app process on the same database: its own pool, its own cache. */
let other: TestApp;

beforeAll(async () => {
  other = await createTestApp({ sameDatabaseAs: t });
  await addServices(t.database.db, [
    {
      name: 'Harbour housing advice',
      description: 'Housing advice for women in Leeds.',
      terms: ['homelessness'],
      areaCodes: [LEEDS],
      locations: [{ latitude: 53.8, longitude: -1.55, areaCode: LEEDS, address1: '1 Quay', city: 'Leeds' }],
    },
  ]);
});
afterAll(async () => {
  await other?.close();
});

const valid = {
  name: 'Sanctuary Circle',
  description: 'A sanctuary circle: peer support for women after leaving home.',
  needTerms: [needTerms.mentalHealth.id],
  whoForTerms: [whoForTerms.womenOnly.id],
  languages: ['ar'],
  free: 'yes',
  phone: '0113 496 0000',
  email: 'hello@sanctuary.example.org',
  url: 'https://sanctuary.example.org',
  address1: '12 Fictional Lane',
  town: 'Leeds',
  postcode: 'LS2 7ZZ',
  areaCodes: [LEEDS],
  openDays: ['MO', 'WE'],
  opensAt: '09:30',
  closesAt: '15:00',
};

const generation = async (app: TestApp) => app.services.directory.cache.generation();
const nonceOf = (res: LightMyRequestResponse) =>
  /'nonce-([^']+)'/.exec(String(res.headers['content-security-policy']))?.[1];
const scriptNonces = (html: string) => [...html.matchAll(/<script nonce="([^"]+)"/g)].map((m) => m[1]);

describe('directory generation', () => {
  it('moves on once per committed writing transaction, and not for one rolled back', async () => {
    const db = t.database.db;
    const before = await generation(t);
    await db.transaction(async (tx) => {
      await tx.execute(sql`update directory_service set name = name`);
      await tx.execute(sql`update directory_taxonomy_term set name = name`);
      // Not seen before the commit, by anyone.
      expect(await generation(other)).toBe(before);
    });
    expect(await generation(other)).toBe(before + 1n);
    await db
      .transaction(async (tx) => {
        await tx.execute(sql`update directory_location set name = name`);
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await generation(t)).toBe(before + 1n);
    // The partnership's organisations decide "uses Wayfinder" in results; postcodes decide places.
    await db.execute(sql`update organisations set name = name`);
    await db.execute(sql`delete from postcodes where false`);
    expect(await generation(other)).toBe(before + 3n);
  });
});

describe('no stale answer across app instances', () => {
  it("shows a service written through one instance in the other's next search, page and API", async () => {
    const anonymous = new Agent(other.app);
    const search = '/find-support?q=sanctuary';
    const api = '/api/oruk/services?search=sanctuary&per_page=50';
    const first = await anonymous.get(search);
    expect(first.statusCode).toBe(200);
    expect(first.body).not.toContain('Sanctuary Circle');
    expect(JSON.parse((await anonymous.get(api)).body).total_items).toBe(0);
    // Misspelt: no word in the directory is near it yet (the words read are kept too).
    const misspelt = '/find-support?q=sanctuery';
    expect((await anonymous.get(misspelt)).body).not.toContain('Sanctuary Circle');
    // Asked again: answered from the cache.
    const { hits } = other.services.directory.cache.stats();
    await anonymous.get(search);
    await anonymous.get(api);
    expect(other.services.directory.cache.stats().hits).toBe(hits + 2);

    // A key worker adds the service through the first instance.
    const created = await agents.keyWorker.submit('/directory/services/new', valid);
    expect(created.statusCode).toBe(303);
    const id = /\/directory\/services\/([0-9a-f-]{36})$/.exec(String(created.headers.location))?.[1];
    expect(id).toBeTruthy();

    const after = await anonymous.get(search);
    expect(after.body).toContain('Sanctuary Circle');
    // The new service brought the word "sanctuary": the misspelling is now corrected to it.
    expect((await anonymous.get(misspelt)).body).toContain('Sanctuary Circle');
    const feed = JSON.parse((await anonymous.get(api)).body);
    expect(feed.total_items).toBe(1);
    expect(feed.contents[0].name).toBe('Sanctuary Circle');
    const servicePage = await anonymous.get(`/find-support/services/${id}`);
    expect(servicePage.body).toContain('Sanctuary Circle');

    // An edit, then a search and the service page again on the other instance.
    const page = `/directory/services/${id}`;
    const edited = await agents.keyWorker.submit(page, { ...valid, name: 'Sanctuary Circle drop-in' }, page);
    expect(edited.statusCode).toBe(303);
    expect((await anonymous.get(search)).body).toContain('Sanctuary Circle drop-in');
    expect((await anonymous.get(`/find-support/services/${id}`)).body).toContain('Sanctuary Circle drop-in');
    expect(JSON.parse((await anonymous.get(api)).body).contents[0].name).toBe('Sanctuary Circle drop-in');

    // Closed (defunct) by any writer: gone from Find support, and the feed (which lists every status) says so.
    await t.database.db.execute(sql`update directory_service set status = 'defunct' where id = ${id}`);
    expect((await anonymous.get(search)).body).not.toContain('Sanctuary Circle');
    expect(JSON.parse((await anonymous.get(api)).body).contents[0].status).toBe('defunct');
    expect((await anonymous.get(`/find-support/services/${id}`)).statusCode).toBe(404);
  });
});

describe('the ORUK list’s total', () => {
  it('is counted once for a search whatever the page, and again once the directory changes', async () => {
    const api = (page: number) => `/api/oruk/services?search=advice&per_page=1&page=${page}`;
    const totalOf = async (url: string) => JSON.parse((await t.app.inject(url)).body).total_items as number;
    const before = await totalOf(api(1));
    expect(before).toBeGreaterThanOrEqual(1);
    // Page 2 is a page of its own, but its words and its total were kept with page 1.
    const { hits, misses } = t.services.directory.cache.stats();
    expect(await totalOf(api(2))).toBe(before);
    expect(t.services.directory.cache.stats()).toMatchObject({ hits: hits + 2, misses: misses + 1 });
    // The plain list too: one count for every page a crawler asks.
    const plain = (page: number) => `/api/oruk/services?per_page=1&page=${page}`;
    const all = await totalOf(plain(1));
    const kept = t.services.directory.cache.stats().hits;
    expect(await totalOf(plain(2))).toBe(all);
    expect(t.services.directory.cache.stats().hits).toBe(kept + 1);

    await addServices(t.database.db, [{ name: 'Quayside debt advice', description: 'Debt advice.' }]);
    expect(await totalOf(api(3))).toBe(before + 1);
    expect(await totalOf(plain(3))).toBe(all + 1);
  });
});

describe('bounded', () => {
  it('keeps at most its entries and bytes, drops what is too big, and an old generation', async () => {
    const cache = createDirectoryCache(t.database.db, { maxEntries: 3, maxBytes: 100 });
    const g = await cache.generation();
    let computed = 0;
    const value = (n: number) => async () => {
      computed++;
      return 'x'.repeat(n);
    };
    for (let i = 0; i < 10; i++) await cache.remember(g, `k${i}`, value(10), (v) => v.length);
    expect(cache.stats()).toMatchObject({ entries: 3, bytes: 30 });
    // The least recently used went first: k9 is still there, k0 is not.
    await cache.remember(g, 'k9', value(10), (v) => v.length);
    expect(computed).toBe(10);
    await cache.remember(g, 'k0', value(10), (v) => v.length);
    expect(computed).toBe(11);
    // By size: four of 40 bytes do not fit in 100.
    for (let i = 0; i < 4; i++) await cache.remember(g, `big${i}`, value(40), (v) => v.length);
    expect(cache.stats().bytes).toBeLessThanOrEqual(100);
    // Bigger than the whole cache: answered, not kept.
    await cache.remember(g, 'huge', value(500), (v) => v.length);
    await cache.remember(g, 'huge', value(500), (v) => v.length);
    expect(computed).toBe(17);
    // A write: the next generation read empties what was kept.
    await t.database.db.execute(sql`update directory_taxonomy set name = name`);
    expect(await cache.generation()).toBe(g + 1n);
    expect(cache.stats().entries).toBe(0);
  });

  it('computes a key asked for by many at once only once', async () => {
    const cache = createDirectoryCache(t.database.db);
    const g = await cache.generation();
    let computed = 0;
    const slow = async () => {
      computed++;
      await new Promise((r) => setTimeout(r, 20));
      return 42;
    };
    const all = await Promise.all(Array.from({ length: 5 }, () => cache.remember(g, 'same', slow)));
    expect(all).toEqual([42, 42, 42, 42, 42]);
    expect(computed).toBe(1);
  });
});

describe('shared pages carry nothing of anyone', () => {
  const url = '/find-support?q=housing&place=Leeds';

  it('gives two anonymous visitors the same page, each with their own nonce, no token and no cookie', async () => {
    const one = new Agent(t.app);
    const two = new Agent(t.app);
    const first = await one.get(url);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('Harbour housing advice');
    const { hits } = t.services.directory.cache.stats();
    const second = await two.get(url);
    expect(t.services.directory.cache.stats().hits).toBeGreaterThan(hits);
    for (const res of [first, second]) {
      expect(csrfTokenIn(res.body)).toBeUndefined();
      expect(res.headers['set-cookie']).toBeUndefined();
      expect(res.body).not.toContain('Sign out');
      // Every script's nonce is this response's own.
      const nonce = nonceOf(res);
      expect(nonce).toBeTruthy();
      expect(scriptNonces(res.body).length).toBeGreaterThan(0);
      expect(new Set(scriptNonces(res.body))).toEqual(new Set([nonce]));
    }
    expect(nonceOf(first)).not.toBe(nonceOf(second));
    expect(second.body.split(nonceOf(second)!).join('')).toBe(first.body.split(nonceOf(first)!).join(''));
    expect(one.cookies.size + two.cookies.size).toBe(0);
  });

  it('never keeps a page that asked for a CSRF token: each visitor gets the token of their own cookie', async () => {
    const one = new Agent(t.app);
    const two = new Agent(t.app);
    const a = await one.get('/test/public-form');
    const b = await two.get('/test/public-form');
    const tokenA = csrfTokenIn(a.body);
    const tokenB = csrfTokenIn(b.body);
    expect(tokenA).toBeTruthy();
    expect(tokenB).toBeTruthy();
    expect(tokenA).not.toBe(tokenB);
    // Each visitor's token matches their own CSRF cookie, and only theirs.
    expect(one.cookies.get('csrf')).toBeTruthy();
    expect(one.cookies.get('csrf')).not.toBe(two.cookies.get('csrf'));
    expect(tokenPageCache.stats().entries).toBe(0);
  });

  it('never serves a kept page to someone signed in, nor keeps theirs for anyone else', async () => {
    const anonymous = new Agent(t.app);
    await anonymous.get(url);
    await anonymous.get(url);
    const signedIn = await agents.keyWorker.get(url);
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.body).toContain('Sign out');
    expect(csrfTokenIn(signedIn.body)).toBeTruthy();
    const afterwards = await new Agent(t.app).get(url);
    expect(afterwards.body).not.toContain('Sign out');
    expect(csrfTokenIn(afterwards.body)).toBeUndefined();
    expect(afterwards.body).toContain('Harbour housing advice');
  });
});
