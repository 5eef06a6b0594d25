/**
 * Open Referral UK 3.0 conformance: every response of every path of /api/oruk, for plain, filtered,
 * paged and empty results, is validated against the response schema the ORUK 3.0 OpenAPI document
 * declares for it (reference/open-referral, the profile's compiled OpenAPI document, with its $refs to
 * the ORUK JSON schemas resolved to the local copies), after loading a known directory: every Open Referral example file through the
 * directory's import, demo services from the directory's generator, and a few services made here.
 */
import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/app.ts';
import { addServices } from '../../../../tests/support/directory.ts';
import { seedDemoDirectory } from '../demo.ts';
import { importPostcodes } from '../geo/import-postcodes.ts';
import { exampleSources, REF } from '../import/examples.ts';
import { importDirectory } from '../import/run.ts';
import { deliveryTerms, needTerms, taxonomies, whoForTerms } from '../taxonomies.ts';

const SCHEMA_DIR = path.join(REF, 'oruk3-schema');
const SCHEMA_BASE = 'https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/';
const openapi = JSON.parse(
  readFileSync(path.join(REF, 'oruk3-examples', '_openapi_oruk3_compiled.json'), 'utf8'),
);

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its plugin is the module itself, or its `default` under some loaders.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (a: Ajv) => Ajv;
addFormats(ajv);
// The profile writes "datetime" for one format ajv-formats calls "date-time".
ajv.addFormat('datetime', true);
for (const dir of ['', 'compiled/']) {
  for (const f of readdirSync(path.join(SCHEMA_DIR, dir)).filter(
    (x) => x.endsWith('.json') && x !== 'openapi.json',
  ))
    ajv.addSchema(
      JSON.parse(readFileSync(path.join(SCHEMA_DIR, dir, f), 'utf8')),
      `${SCHEMA_BASE}${dir}${f}`,
    );
}

/** Replaces the document's own `#/components/...` references with what they point at. */
function inline(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(inline);
  if (!node || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  if (typeof o.$ref === 'string' && o.$ref.startsWith('#/')) {
    const target = o.$ref
      .slice(2)
      .split('/')
      .reduce<unknown>((x, k) => (x as Record<string, unknown>)[k], openapi);
    return inline(target);
  }
  return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, inline(v)]));
}

const validators = new Map<string, ValidateFunction>();
/** The validator of the 200 response the OpenAPI document declares for `path` (e.g. "/services/{id}"). */
function responseValidator(apiPath: string): ValidateFunction {
  let v = validators.get(apiPath);
  if (!v) {
    const schema = inline(openapi.paths[apiPath].get.responses['200'].content['application/json'].schema);
    v = ajv.compile(schema as object);
    validators.set(apiPath, v);
  }
  return v;
}

let t: TestApp;
const checked: Record<string, number> = {};

function pathOf(url: string): string {
  const p = new URL(url, 'http://x').pathname.replace(/^\/api\/oruk/, '') || '/';
  return (
    p
      .replace(/^\/(services|taxonomies|taxonomy_terms|service_at_locations)\/[^/]+$/, '/$1/{id}')
      .replace(/\/$/, '') || '/'
  );
}

/** GETs `url`, expects 200 JSON with CORS, and validates the body against the declared response schema. */
async function getValid(url: string, schemaPath = pathOf(url)) {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  expect(res.headers['set-cookie']).toBeUndefined();
  const body = res.json();
  const validate = schemaPath.startsWith('#')
    ? (ajv.getSchema(schemaPath.slice(1)) as ValidateFunction)
    : responseValidator(schemaPath);
  const ok = validate(body);
  expect(ok, `${url} does not conform: ${ajv.errorsText(validate.errors, { separator: '\n' })}`).toBe(true);
  checked[schemaPath] = (checked[schemaPath] ?? 0) + 1;
  return body;
}

async function problemOf(url: string, status: number) {
  const res = await t.app.inject({ method: 'GET', url });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.headers['access-control-allow-origin']).toBe('*');
  const body = res.json();
  expect(body).toMatchObject({ status, title: expect.any(String) });
  return body;
}

const LEEDS = 'E08000035';
const REFUGE_ID = '0b7b2a8e-7d0f-4c4e-9a51-2f3d7b1c9e01';
const ORG_ID = 'e3d0c6a4-5b1f-4c8e-8d2a-6f7e9a0b1c2d';
let serviceIds: string[] = [];
let salIds: string[] = [];

beforeAll(async () => {
  t = await createTestApp({
    env: { API_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_BASE_URL: 'https://wayfinder.example.org' },
  });
  const deps = { db: t.database.db, audit: t.services.audit };
  for (const file of exampleSources) {
    const report = await importDirectory(deps, path.join(REF, file));
    expect(report.rejected, file).toEqual([]);
  }
  await seedDemoDirectory(t.database.db, t.services.audit, { count: 40, seed: 7 });
  const org = { id: ORG_ID, name: 'Conformance test organisation' };
  await addServices(t.database.db, [
    {
      id: REFUGE_ID,
      name: 'Conformance refuge',
      description: 'Safe accommodation for women and children escaping domestic abuse.',
      organization: org,
      terms: ['domestic-abuse', 'women-only'],
      locations: [
        {
          name: 'Refuge house',
          latitude: 53.81,
          longitude: -1.52,
          withheld: true,
          areaCode: LEEDS,
          address1: '7 Secret Lane',
          city: 'Leeds',
          postcode: 'LS1 9ZX',
        },
      ],
      schedules: [{ byday: 'MO,TU,WE,TH,FR', opens: '09:00', closes: '17:00' }],
      minimumAge: 18,
    },
    {
      name: 'Leeds housing advice drop-in',
      description: 'Housing advice and help with homelessness for women.',
      organization: org,
      terms: ['homelessness', 'drop-in', 'women-only'],
      areaCodes: [LEEDS],
      locations: [
        { latitude: 53.8, longitude: -1.54, areaCode: LEEDS, address1: '1 Test Street', city: 'Leeds' },
      ],
      schedules: [{ byday: 'TU,TH', opens: '10:00', closes: '13:00' }],
      minimumAge: 16,
      maximumAge: 25,
      free: true,
      lastModified: '2026-06-01T12:00:00.000Z',
      email: 'housing@example.org',
      url: 'https://example.org/housing',
    },
  ]);
  await importPostcodes(
    t.database.db,
    createReadStream(path.join(import.meta.dirname, '../geo/fixtures/onspd-sample.csv')),
  );
  const { rows } = await t.database.pool.query<{ id: string }>(
    'select id from directory_service order by id',
  );
  serviceIds = rows.map((r) => r.id);
  const sal = await t.database.pool.query<{ id: string }>(
    'select sal.id from directory_service_at_location sal join directory_location l on l.id = sal.location_id where not l.withheld order by sal.id',
  );
  salIds = sal.rows.map((r) => r.id);
}, 120_000);
afterAll(() => t.close());

describe('GET /api/oruk/ and the OpenAPI document', () => {
  it('describes the API', async () => {
    const body = await getValid('/api/oruk/');
    expect(body).toEqual({
      version: 'HSDS-UK-3.0',
      profile: expect.stringMatching(/^https:\/\//),
      openapi_url: 'https://wayfinder.example.org/api/oruk/openapi.json',
    });
    expect(await getValid('/api/oruk', '/')).toEqual(body);
  });

  it('serves the ORUK 3.0 OpenAPI document with this server', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/oruk/openapi.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    const doc = res.json();
    expect(doc.servers).toEqual([
      { url: 'https://wayfinder.example.org/api/oruk', description: 'This Wayfinder' },
    ]);
    // The official document (info.version "HSDS-UK-3.0", as GET / says): the profile's nine paths
    // and the organizations.
    expect(doc.info.version).toBe('HSDS-UK-3.0');
    expect(Object.keys(doc.paths).sort()).toEqual(
      [...Object.keys(openapi.paths), '/organizations', '/organizations/{id}'].sort(),
    );
  });
});

describe('GET /api/oruk/services', () => {
  it('lists every service, a page at a time', async () => {
    const all = await getValid('/api/oruk/services?per_page=1000');
    expect(all.total_items).toBe(serviceIds.length);
    expect(all.contents.map((s: { id: string }) => s.id).sort()).toEqual(serviceIds);
    expect(all).toMatchObject({
      page_number: 1,
      first_page: true,
      last_page: true,
      empty: false,
      total_pages: 1,
    });
    const first = await getValid('/api/oruk/services?per_page=5');
    expect(first).toMatchObject({ size: 5, total_pages: Math.ceil(serviceIds.length / 5), last_page: false });
    const second = await getValid('/api/oruk/services?per_page=5&page=2');
    expect(second).toMatchObject({ page_number: 2, first_page: false, size: 5 });
    expect(second.contents[0].id).not.toBe(first.contents[0].id);
    const beyond = await getValid('/api/oruk/services?per_page=5&page=999');
    expect(beyond).toMatchObject({ empty: true, size: 0, contents: [], total_items: serviceIds.length });
    const def = await getValid('/api/oruk/services');
    expect(def.size).toBe(Math.min(50, serviceIds.length));
  });

  it('filters, every filter together meaning all of them (AND)', async () => {
    const names = async (q: string) =>
      (await getValid(`/api/oruk/services?${q}`)).contents.map((s: { name: string }) => s.name).sort();
    expect(await names('search=housng+advise')).toContain('Leeds housing advice drop-in');
    expect(await names(`taxonomy_term_id=${needTerms.domesticAbuse.id}&organization_id=${ORG_ID}`)).toEqual([
      'Conformance refuge',
    ]);
    expect(
      await names(
        `taxonomy_term_id=${needTerms.homelessness.id},${deliveryTerms.dropIn.id}&organization_id=${ORG_ID}`,
      ),
    ).toEqual(['Leeds housing advice drop-in']);
    expect(await names(`taxonomy_id=${taxonomies.delivery.id}&organization_id=${ORG_ID}`)).toEqual([
      'Leeds housing advice drop-in',
    ]);
    expect(await names('modified_after=2026-05-31T00:00:00Z')).toEqual(['Leeds housing advice drop-in']);
    expect(await names(`minimum_age=16&maximum_age=25&organization_id=${ORG_ID}`)).toEqual([
      'Leeds housing advice drop-in',
    ]);
    expect(await names(`minimum_age=18&organization_id=${ORG_ID}`)).toEqual(['Conformance refuge']);
    expect(await names(`day=TH&start_time=10:00&end_time=13:00&organization_id=${ORG_ID}`)).toEqual([
      'Leeds housing advice drop-in',
    ]);
    expect(await names(`day=monday&organization_id=${ORG_ID}`)).toEqual(['Conformance refuge']);
    // A postcode in Leeds (at its centre): services covering Leeds (or naming no area), nearest
    // first, within 10 km. The refuge's address is withheld, so it is placed at its area's centre.
    const near = await getValid(
      `/api/oruk/services?postcode=ls1+9zx&proximity=10000&organization_id=${ORG_ID}`,
    );
    expect(near.contents.map((s: { name: string }) => s.name)).toEqual([
      'Conformance refuge',
      'Leeds housing advice drop-in',
    ]);
    const manchester = await getValid(
      `/api/oruk/services?postcode=M1+9ZX&proximity=10000&organization_id=${ORG_ID}`,
    );
    expect(manchester.contents).toEqual([]);
    // Search and a term: both must hold.
    expect(await names(`search=housing&taxonomy_term_id=${needTerms.domesticAbuse.id}`)).not.toContain(
      'Leeds housing advice drop-in',
    );
    expect(await names(`search=housing&taxonomy_term_id=${needTerms.homelessness.id}`)).toContain(
      'Leeds housing advice drop-in',
    );
  });

  it('gives an empty page, not an error, when nothing matches', async () => {
    const body = await getValid('/api/oruk/services?search=xylophone');
    expect(body).toMatchObject({
      total_items: 0,
      size: 0,
      empty: true,
      contents: [],
      first_page: true,
      last_page: true,
    });
    const none = await getValid('/api/oruk/services?taxonomy_term_id=00000000-0000-4000-8000-000000000000');
    expect(none.empty).toBe(true);
  });
});

describe('GET /api/oruk/services/{id}', () => {
  it('serves every service fully nested', async () => {
    for (const id of serviceIds) {
      const body = await getValid(`/api/oruk/services/${id}`);
      expect(body.id).toBe(id);
    }
  });

  it('never serves a withheld location: only its area', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/api/oruk/services/${REFUGE_ID}` });
    expect(res.body).not.toMatch(/Secret Lane|Refuge house|LS1 9ZX|53\.81|-1\.52/);
    const body = res.json();
    expect(body.service_at_locations).toBeUndefined();
    expect(body.service_areas).toEqual([
      expect.objectContaining({ name: 'Leeds', extent: LEEDS, extent_type: 'gss_code' }),
    ]);
    // The same derived area (same id) every time.
    const again = (await t.app.inject({ method: 'GET', url: `/api/oruk/services/${REFUGE_ID}` })).json();
    expect(again.service_areas[0].id).toBe(body.service_areas[0].id);
    // And no demo refuge's address either.
    const { rows } = await t.database.pool.query<{ service_id: string; address_1: string }>(
      `select sal.service_id, a.address_1 from directory_location l join directory_service_at_location sal on sal.location_id = l.id
       join directory_address a on a.location_id = l.id where l.withheld`,
    );
    expect(rows.length).toBeGreaterThan(1);
    for (const r of rows) {
      const page = await t.app.inject({ method: 'GET', url: `/api/oruk/services/${r.service_id}` });
      expect(page.body).not.toContain(r.address_1);
    }
  });

  it('is a 404 problem for an unknown or malformed id', async () => {
    await problemOf('/api/oruk/services/00000000-0000-4000-8000-000000000000', 404);
    await problemOf('/api/oruk/services/not-an-id', 404);
  });
});

describe('GET /api/oruk/service_at_locations', () => {
  it('lists public locations of services, paged, filtered and empty', async () => {
    const all = await getValid('/api/oruk/service_at_locations?per_page=1000');
    expect(all.contents.map((s: { id: string }) => s.id).sort()).toEqual(salIds);
    expect(all.total_items).toBe(salIds.length);
    const paged = await getValid('/api/oruk/service_at_locations?per_page=3&page=2');
    expect(paged).toMatchObject({ page_number: 2, size: 3 });
    const filtered = await getValid(
      `/api/oruk/service_at_locations?postcode=LS1 9ZX&proximity=10000&organization_id=${ORG_ID}`,
    );
    expect(filtered.contents.map((s: { service: { name: string } }) => s.service.name)).toEqual([
      'Leeds housing advice drop-in',
    ]);
    // A postcode no imported table knows resolves offline to its district's centre (LS1, Leeds).
    const offline = await getValid(
      `/api/oruk/service_at_locations?postcode=LS1%204AP&proximity=10000&organization_id=${ORG_ID}`,
    );
    expect(offline.contents.map((s: { service: { name: string } }) => s.service.name)).toEqual([
      'Leeds housing advice drop-in',
    ]);
    const empty = await getValid('/api/oruk/service_at_locations?search=xylophone');
    expect(empty).toMatchObject({ empty: true, total_items: 0 });
  });
});

describe('GET /api/oruk/service_at_locations/{id}', () => {
  // The OpenAPI document declares compiled/service.json for this path (as HSDS 3.0's does), which
  // requires a service's name and status; the profile's own example service_at_location_full.json does
  // not satisfy it, while it does satisfy compiled/service_at_location.json. That is the schema used.
  it('the declared schema is the profile’s slip, shown by its own example', () => {
    const example = JSON.parse(
      readFileSync(path.join(REF, 'oruk3-examples', 'service_at_location_full.json'), 'utf8'),
    );
    expect(responseValidator('/service_at_locations/{id}')(example)).toBe(false);
    expect(ajv.getSchema(`${SCHEMA_BASE}compiled/service_at_location.json`)!(example)).toBe(true);
  });

  it('serves every public service_at_location fully nested', async () => {
    for (const id of salIds) {
      const body = await getValid(
        `/api/oruk/service_at_locations/${id}`,
        `#${SCHEMA_BASE}compiled/service_at_location.json`,
      );
      expect(body.id).toBe(id);
      expect(body.location).toBeDefined();
      expect(body.service).toBeDefined();
    }
  });

  it('is a 404 for a withheld location, an unknown id or a malformed one', async () => {
    const { rows } = await t.database.pool.query<{ id: string }>(
      'select sal.id from directory_service_at_location sal join directory_location l on l.id = sal.location_id where l.withheld limit 1',
    );
    await problemOf(`/api/oruk/service_at_locations/${rows[0]!.id}`, 404);
    await problemOf('/api/oruk/service_at_locations/00000000-0000-4000-8000-000000000000', 404);
    await problemOf('/api/oruk/service_at_locations/x', 404);
  });
});

describe('taxonomies and terms', () => {
  it('lists and serves taxonomies', async () => {
    const list = await getValid('/api/oruk/taxonomies?per_page=1000');
    const ids = list.contents.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining(Object.values(taxonomies).map((x) => x.id)));
    await getValid('/api/oruk/taxonomies?per_page=1&page=2');
    await getValid('/api/oruk/taxonomies?page=99');
    for (const id of ids) {
      const body = await getValid(`/api/oruk/taxonomies/${id}`);
      expect(body.id).toBe(id);
    }
    const need = await getValid(`/api/oruk/taxonomies/${taxonomies.need.id}`);
    expect(need.taxonomy_terms.map((x: { id: string }) => x.id)).toContain(needTerms.mentalHealth.id);
    await problemOf('/api/oruk/taxonomies/00000000-0000-4000-8000-000000000000', 404);
  });

  it('lists and serves taxonomy terms', async () => {
    const list = await getValid('/api/oruk/taxonomy_terms?per_page=1000');
    const ids = list.contents.map((x: { id: string }) => x.id);
    expect(ids).toEqual(expect.arrayContaining([needTerms.mentalHealth.id, whoForTerms.womenOnly.id]));
    const ofWhoFor = await getValid(`/api/oruk/taxonomy_terms?taxonomy_id=${taxonomies.whoFor.id}`);
    expect(ofWhoFor.total_items).toBe(Object.keys(whoForTerms).length);
    await getValid('/api/oruk/taxonomy_terms?per_page=2&page=3');
    await getValid(`/api/oruk/taxonomy_terms?taxonomy_id=00000000-0000-4000-8000-000000000000`);
    for (const id of ids) await getValid(`/api/oruk/taxonomy_terms/${id}`);
    const term = await getValid(`/api/oruk/taxonomy_terms/${needTerms.mentalHealth.id}`);
    expect(term.taxonomy_detail).toMatchObject({ id: taxonomies.need.id });
    await problemOf('/api/oruk/taxonomy_terms/nope', 404);
  });
});

describe('bad requests', () => {
  it.each([
    'services?page=0',
    'services?page=abc',
    'services?per_page=0',
    'services?per_page=5000',
    'services?page=1&page=2',
    'services?taxonomy_term_id=nope',
    'services?taxonomy_id=1',
    'services?organization_id=abc',
    'services?modified_after=yesterday',
    'services?modified_after=2026-13-45',
    'services?minimum_age=old',
    'services?maximum_age=-1',
    'services?day=Funday',
    'services?start_time=25:00',
    'services?end_time=9am',
    'services?proximity=1000',
    'services?postcode=NOTAPOSTCODE',
    'services?postcode=ZE1+9ZX',
    'services?proximity=far&postcode=LS1+9ZX',
    `services?search=${'x'.repeat(300)}`,
    'service_at_locations?per_page=-5',
    'service_at_locations?day=8',
    'taxonomies?page=x',
    'taxonomy_terms?per_page=99999',
    'taxonomy_terms?taxonomy_id=x',
  ])('%s is a 400 problem naming the parameter', async (url) => {
    const body = await problemOf(`/api/oruk/${url}`, 400);
    const name = url.split('?')[1]!.split('=')[0];
    expect(body.errors.map((e: { name: string }) => e.name)).toContain(name);
  });

  it('an unknown path is a 404 problem', async () => {
    await problemOf('/api/oruk/nothing-here', 404);
  });
});

describe('HTTP', () => {
  it('answers a CORS preflight from any origin', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/oruk/services',
      headers: { origin: 'https://elsewhere.example', 'access-control-request-method': 'GET' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.headers['access-control-allow-methods']).toContain('GET');
  });

  it('limits requests per address, with a problem', async () => {
    const limited = await createTestApp({ env: { API_RATE_LIMIT_PER_MINUTE: '3' } });
    try {
      const codes: number[] = [];
      for (let i = 0; i < 4; i++)
        codes.push((await limited.app.inject({ method: 'GET', url: '/api/oruk/' })).statusCode);
      expect(codes).toEqual([200, 200, 200, 429]);
      // One allowance for the whole API: another path is limited too.
      const res = await limited.app.inject({ method: 'GET', url: '/api/oruk/taxonomies' });
      expect(res.statusCode).toBe(429);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ status: 429 });
      expect(res.headers['access-control-allow-origin']).toBe('*');
    } finally {
      await limited.close();
    }
  });

  it('checked a response of every path', () => {
    expect(Object.keys(checked).length).toBeGreaterThanOrEqual(9);
    for (const p of Object.keys(openapi.paths).filter((x) => x !== '/service_at_locations/{id}'))
      expect(checked[p], p).toBeGreaterThan(0);
  });
});
