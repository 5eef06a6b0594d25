/**
 * What real ORUK clients send and expect: a trailing slash or a doubled slash, empty parameters,
 * the organizations, and the whole feed in one streamed answer (`format=ndjson`, `minimal=true`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/app.ts';
import { addServices } from '../../../../tests/support/directory.ts';
import { seedDemoDirectory } from '../index.ts';

let t: TestApp;
let serviceIds: string[] = [];
const REFUGE_ID = '0b7b2a8e-7d0f-4c4e-9a51-2f3d7b1c9e02';

const get = (url: string) => t.app.inject({ method: 'GET', url });
const body = async (url: string) => {
  const res = await get(url);
  expect(res.statusCode, `${url}: ${res.body.slice(0, 200)}`).toBe(200);
  return res.json();
};

beforeAll(async () => {
  t = await createTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '100000' } });
  await seedDemoDirectory(t.database.db, t.services.audit, { count: 30, seed: 11 });
  await addServices(t.database.db, [
    {
      id: REFUGE_ID,
      name: 'Feed test refuge',
      description: 'Safe accommodation.',
      organization: { id: '9b7b2a8e-7d0f-4c4e-9a51-2f3d7b1c9e03', name: 'Feed test organisation' },
      terms: ['domestic-abuse'],
      locations: [
        {
          name: 'Refuge house',
          latitude: 53.81,
          longitude: -1.52,
          withheld: true,
          address1: '7 Secret Lane',
        },
      ],
    },
  ]);
  const { rows } = await t.database.pool.query<{ id: string }>(
    'select id from directory_service order by id',
  );
  serviceIds = rows.map((r) => r.id);
}, 120_000);
afterAll(() => t.close());

describe('canonical URLs', () => {
  it('a trailing slash answers like the URL without it, on every path', async () => {
    const page2 = await body('/api/oruk/services?page=2&per_page=5');
    expect(page2.page_number).toBe(2);
    expect(await body('/api/oruk/services/?page=2&per_page=5')).toEqual(page2);
    expect(await body('/api/oruk//services?page=2&per_page=5')).toEqual(page2);
    expect(await body(`/api/oruk/services/${REFUGE_ID}/`)).toMatchObject({ id: REFUGE_ID });
    for (const p of ['taxonomies', 'taxonomy_terms', 'service_at_locations', 'organizations'])
      expect((await body(`/api/oruk/${p}/`)).page_number, p).toBe(1);
    expect((await body('/api/oruk/')).version).toBe('HSDS-UK-3.0');
  });

  it('an empty parameter is as if it were not there', async () => {
    const page2 = await body('/api/oruk/services?page=2&per_page=5');
    for (const url of [
      '/api/oruk/services?&page=2&per_page=5',
      '/api/oruk/services?search=&page=2&per_page=5',
      '/api/oruk/services/?page=2&per_page=5&taxonomy_id=&',
      '/api/oruk/services?page=&page=2&per_page=5',
    ])
      expect(await body(url), url).toEqual(page2);
    expect((await body('/api/oruk/taxonomy_terms?taxonomy_id=&page=1')).page_number).toBe(1);
    // A real repeated value is still refused.
    expect((await get('/api/oruk/services?page=1&page=2')).statusCode).toBe(400);
  });

  it('an unknown path under the API is still a 404 problem', async () => {
    const res = await get('/api/oruk/nothing-here/');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('organizations', () => {
  it('lists organizations a page at a time, and serves each with its services', async () => {
    const list = await body('/api/oruk/organizations?per_page=1000');
    const { rows } = await t.database.pool.query<{ n: number }>(
      'select count(*)::int as n from directory_organization',
    );
    expect(list.total_items).toBe(rows[0]!.n);
    const org = list.contents.find((o: { name: string }) => o.name === 'Feed test organisation');
    expect(org).toEqual({
      id: '9b7b2a8e-7d0f-4c4e-9a51-2f3d7b1c9e03',
      name: 'Feed test organisation',
      description: expect.any(String),
    });
    const full = await body(`/api/oruk/organizations/${org.id}`);
    expect(full.services).toEqual([expect.objectContaining({ id: REFUGE_ID, name: 'Feed test refuge' })]);
    const withFull = await body(`/api/oruk/organizations/${org.id}?full_service=true`);
    expect(withFull.services[0].id).toBe(REFUGE_ID);
    expect(JSON.stringify(withFull)).not.toContain('Secret Lane');
    const found = await body('/api/oruk/organizations?search=feed%20TEST');
    expect(found.contents.map((o: { id: string }) => o.id)).toEqual([org.id]);
  });

  it('is a 404 problem for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope']) {
      const res = await get(`/api/oruk/organizations/${id}`);
      expect(res.statusCode).toBe(404);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});

describe('the whole feed in one answer', () => {
  it('format=ndjson streams every service, one JSON object a line, without paging', async () => {
    const res = await get('/api/oruk/services?format=ndjson');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const lines = res.body.trimEnd().split('\n');
    const items = lines.map((l) => JSON.parse(l));
    expect(items.map((s) => s.id).sort()).toEqual(serviceIds);
    expect(items[0]).toMatchObject({
      id: expect.any(String),
      name: expect.any(String),
      status: expect.any(String),
    });
    const page = await body('/api/oruk/services?per_page=1000');
    const byId = new Map(page.contents.map((s: { id: string }) => [s.id, s]));
    for (const item of items) expect(item).toEqual(byId.get(item.id));
    // Withheld locations stay withheld in the full shape too.
    const full = await get('/api/oruk/services?format=ndjson&full=true');
    expect(full.body.trimEnd().split('\n')).toHaveLength(serviceIds.length);
    expect(full.body).not.toContain('Secret Lane');
  });

  it('full=true on a page nests each service in full, as /services/{id} does', async () => {
    const page = await body('/api/oruk/services?full=true&per_page=5&page=2');
    expect(page).toMatchObject({ page_number: 2, size: 5 });
    for (const s of page.contents) expect(s).toEqual(await body(`/api/oruk/services/${s.id}`));
    expect((await get('/api/oruk/services?full=perhaps')).statusCode).toBe(400);
  });

  it('minimal=true answers every id and its modified date, and nothing else', async () => {
    const list = await body('/api/oruk/services?minimal=true');
    expect(list.map((s: { id: string }) => s.id).sort()).toEqual(serviceIds);
    for (const s of list) {
      expect(Object.keys(s).sort()).toEqual(['id', 'modified_date']);
      expect(s.modified_date).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    }
    const nd = await get('/api/oruk/services?minimal=true&format=ndjson');
    expect(nd.headers['content-type']).toMatch(/^application\/x-ndjson/);
    expect(
      nd.body
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual(list);
  });

  it('refuses what cannot be streamed, with a problem', async () => {
    for (const url of [
      '/api/oruk/services?format=xml',
      '/api/oruk/services?format=ndjson&search=housing',
      '/api/oruk/services?minimal=maybe',
    ]) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
