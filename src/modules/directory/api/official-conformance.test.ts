/**
 * The feed as the official Open Referral UK validator sees it, offline: the ORUK 3.0 specification
 * exactly as that validator loads it (reference/open-referral/oruk3-official, CC BY-SA 4.0, see
 * reference/open-referral/ORIGIN.md), with ajv's
 * format checks on (uuid, uri, email, date-time: a date-time must carry its zone). On the demo
 * directory (the directory door's demo seeder), for every list path of the specification: page 1, the
 * middle page and the last page; then up to 10 records of each at `/{path}/{id}`. `GET /` must name
 * the version the validator expects ("HSDS-UK-3.0", which it reads as 3.0).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import formats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../tests/support/app.ts';
import { REF } from '../import/examples.ts';
import { seedDemoDirectory } from '../index.ts';

const SPEC = path.join(REF, 'oruk3-official');
const SCHEMA_BASE = 'https://openreferraluk.org/specifications/3.0/schema/';
const openapi = JSON.parse(readFileSync(path.join(SPEC, 'openapi.json'), 'utf8')) as {
  paths: Record<
    string,
    { get: { responses: { 200: { content: { 'application/json': { schema: { $ref: string } } } } } } }
  >;
};

const ajv = new Ajv({ strict: false, allErrors: true });
// ajv-formats is CommonJS: its plugin is the module itself, or its `default` under some loaders.
const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (a: Ajv) => Ajv;
addFormats(ajv);
for (const f of readdirSync(path.join(SPEC, 'schema')))
  ajv.addSchema(JSON.parse(readFileSync(path.join(SPEC, 'schema', f), 'utf8')), `${SCHEMA_BASE}${f}`);

/** The validator of the 200 response the specification declares for `apiPath` ("/services/{id}"). */
function validatorOf(apiPath: string): ValidateFunction {
  const ref = openapi.paths[apiPath]!.get.responses[200].content['application/json'].schema.$ref;
  const v = ajv.getSchema(ref);
  if (!v) throw new Error(`no schema ${ref}`);
  return v;
}

let t: TestApp;

async function getValid(url: string, apiPath: string): Promise<Record<string, unknown>> {
  const res = await t.app.inject({ method: 'GET', url: `/api/oruk${url}` });
  expect(res.statusCode, `${url}: ${res.body.slice(0, 300)}`).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.json();
  const validate = validatorOf(apiPath);
  const ok = validate(body);
  expect(ok, `${url} against ${apiPath}: ${ajv.errorsText(validate.errors, { separator: '\n' })}`).toBe(true);
  return body;
}

beforeAll(async () => {
  t = await createTestApp({
    env: { API_RATE_LIMIT_PER_MINUTE: '100000', PUBLIC_BASE_URL: 'https://wayfinder.example.org' },
  });
  await seedDemoDirectory(t.database.db, t.services.audit);
}, 120_000);
afterAll(() => t.close());

describe('the official ORUK 3.0 validator’s walk, formats on', () => {
  it('format checks are on: the specification’s own example passes, a zoneless date-time or a bad email does not', () => {
    const example = JSON.parse(readFileSync(path.join(SPEC, 'examples', 'service_full.json'), 'utf8'));
    const validate = validatorOf('/services/{id}');
    expect(validate(example), ajv.errorsText(validate.errors)).toBe(true);
    for (const bad of [
      { last_modified: '2026-01-31T09:00:00' },
      { email: 'not an address' },
      { id: 'not-a-uuid' },
      { url: 'no scheme' },
    ])
      expect(validate({ ...example, ...bad }), JSON.stringify(bad)).toBe(false);
  });

  it('GET / names version HSDS-UK-3.0, a profile URI and the OpenAPI document', async () => {
    const body = await getValid('/', '/');
    expect(body).toEqual({
      version: 'HSDS-UK-3.0',
      profile: expect.stringMatching(/^https:\/\//),
      openapi_url: 'https://wayfinder.example.org/api/oruk/openapi.json',
    });
    // The validator's reading of it: strip "HSDS-UK-" and "V", expect 3.0.
    expect(Number(String(body.version).replace('HSDS-UK-', '').replace('V', ''))).toBe(3);
  });

  const lists = Object.keys(openapi.paths).filter((p) => p !== '/' && !p.includes('{'));
  it('the specification has the lists the validator walks', () => {
    expect(lists.sort()).toEqual([
      '/organizations',
      '/service_at_locations',
      '/services',
      '/taxonomies',
      '/taxonomy_terms',
    ]);
  });

  it.each(lists)('%s: first, middle and last page, then up to 10 records by id', async (list) => {
    const first = await getValid(`${list}?page=1`, list);
    const totalPages = first.total_pages as number;
    expect(first.total_items, 'the demo directory fills every list').toBeGreaterThan(0);
    const pages = [...new Set([1, Math.ceil(totalPages / 2), totalPages])];
    const ids: string[] = [];
    for (const page of pages) {
      const body = page === 1 ? first : await getValid(`${list}?page=${page}`, list);
      expect(body.page_number).toBe(page);
      for (const item of body.contents as { id: string }[]) ids.push(item.id);
    }
    // Up to 10, spread over the pages walked.
    const step = Math.max(1, Math.floor(ids.length / 10));
    const sample = ids.filter((_, i) => i % step === 0).slice(0, 10);
    expect(sample.length).toBeGreaterThan(0);
    for (const id of sample) {
      const item = await getValid(`${list}/${id}`, `${list}/{id}`);
      expect(item.id).toBe(id);
    }
  });
});
