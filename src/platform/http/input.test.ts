import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenIn } from '../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  registerWalkIn,
  signInOnce,
  type TestApp,
  type TestUser,
} from '../../../tests/support/app.ts';

/** The input guard (input.ts): what no route ever sees, whatever its own validation. */
let t: TestApp;
let kw: TestUser;
let her: string;
const as = signInOnce(() => t);

beforeAll(async () => {
  t = await createTestApp();
  const org = await createOrganisation(t, 'Harbour');
  kw = await createUser(t, org, 'key_worker');
  her = await registerWalkIn(t, kw, 'Hawa');
}, 60_000);
afterAll(() => t.close());

/** Posts a body as the signed-in key worker, with a valid CSRF token from the form's page. */
async function post(url: string, body: string, type: string) {
  const a = await as(kw);
  const token = csrfTokenIn((await a.get(url)).body)!;
  const cookie = [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  return t.app.inject({
    method: 'POST',
    url,
    payload: body.replace('TOKEN', token),
    headers: { cookie, 'content-type': type, 'x-csrf-token': token },
  });
}

describe('the input guard', () => {
  it('refuses a JSON body whose values are not text with a 400 page, not a 500', async () => {
    const url = `/participants/${her}/contacts/new`;
    for (const json of [
      '{"kind":1}',
      '{"kind":["a",2]}',
      '{"notes":{"a":"b"}}',
      '{"kind":null}',
      '[]',
      '"x"',
    ]) {
      const res = await post(url, json, 'application/json');
      expect(res.statusCode, json).toBe(400);
      expect(res.body).toContain('Sorry, there is a problem with your request');
    }
    // A text body, which no form sends, likewise.
    expect((await post(url, 'kind=phone', 'text/plain')).statusCode).toBe(400);
    // Text values in JSON are what a form sends: they reach the form's own validation.
    const text = await post(url, '{"_csrf":"TOKEN","kind":"nonsense"}', 'application/json');
    expect(text.statusCode).toBe(400);
    expect(text.body).toContain('govuk-error-summary');
  });

  it('refuses NUL in a query, a path or a form body with a 400 page', async () => {
    const a = await as(kw);
    expect((await a.get('/find-support?place=%00')).statusCode).toBe(400);
    expect((await a.get('/coverage/priorities?measure=a%00b')).statusCode).toBe(400);
    // A path with NUL: 400 from the guard, or 404 where the route's schema already finds no such id.
    expect((await a.get('/drop-ins/%00')).statusCode).toBe(404);
    expect((await a.get('/coverage/areas/E09%0000001')).statusCode).toBe(400);
    const res = await post(
      `/participants/${her}/contacts/new`,
      'kind=phone&happenedOn-day=1&happenedOn-month=1&happenedOn-year=2026&notes=a%00b',
      'application/x-www-form-urlencoded',
    );
    expect(res.statusCode).toBe(400);
    // Nothing was written.
    const { rows } = await t.database.pool.query(
      'select count(*)::int n from casework_contacts where participant_id = $1',
      [her],
    );
    expect(rows[0].n).toBe(0);
  });

  it('answers NUL under /api/ with problem+json', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/oruk/services?text=%00' });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ status: 400 });
  });

  it('lets through what browsers send: forms, repeated fields, and a POST with no body', async () => {
    const a = await as(kw);
    const page = await a.get('/');
    const token = /data-csrf="([^"]+)"/.exec(page.body)?.[1] ?? csrfTokenIn(page.body);
    const cookie = [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const keepAlive = await t.app.inject({
      method: 'POST',
      url: '/session/keep-alive',
      headers: { cookie, 'x-csrf-token': token! },
    });
    expect(keepAlive.statusCode).toBe(204);
    const form = '_csrf=TOKEN&happenedOn-day=1&happenedOn-month=1&happenedOn-year=2026&notes=ok';
    const url = `/participants/${her}/contacts/new`;
    // A repeated field reaches the form's own validation: its error summary, not the guard's page.
    const repeated = await post(url, `${form}&kind=phone&kind=group`, 'application/x-www-form-urlencoded');
    expect(repeated.statusCode).toBe(400);
    expect(repeated.body).toContain('govuk-error-summary');
    expect((await post(url, `${form}&kind=phone`, 'application/x-www-form-urlencoded')).statusCode).toBe(303);
  });
});
