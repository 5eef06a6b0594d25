// Where sign-in sends you afterwards (`next`): only a path of this app, never another site, and
// never a 500, at each of the three stages that carry it (the sign-in page, the password, the code).
import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/app.ts';

let t: TestApp;
let org: string;
beforeAll(async () => {
  t = await createTestApp();
  org = await createOrganisation(t);
});
afterAll(() => t.close());

const hostile = [
  '//evil.example',
  '/\\evil.example',
  '/\t/evil.example',
  '/\n/evil.example',
  '\t//evil.example',
  '/.//evil.example',
  '/%5Cevil.example',
  '/%2F/evil.example',
  '%2F%2Fevil.example',
  'https://evil.example/',
  'HTTPS:evil.example',
  'javascript:alert(1)',
  'evil.example',
  '/participants\nSet-Cookie: a=b',
  '/participants\r\n',
  '/x\u007fy',
  '',
];
const good: [string, string][] = [
  ['/', '/'],
  ['/participants', '/participants'],
  ['/find-support?place=Leeds&need=housing#results', '/find-support?place=Leeds&need=housing#results'],
  ['/find-support?place=café', '/find-support?place=caf%C3%A9'],
  ['/admin/users/../audit', '/admin/audit'],
];

/** The hidden `next` the sign-in or code form carries, as the page shows it. */
const hiddenNext = (html: string) => /name="next" value="([^"]*)"/.exec(html)?.[1]?.replace(/&amp;/g, '&');

/** Walks the three stages with this `next` and returns what each one made of it. */
async function signInWith(next: string) {
  const user = await createUser(t, org, 'key_worker');
  const agent = new Agent(t.app);
  const page = await agent.get(`/sign-in?next=${encodeURIComponent(next)}`);
  const password = await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD, next });
  const codePage = await agent.get(`/sign-in/code?next=${encodeURIComponent(next)}`);
  const code = await agent.submit(
    '/sign-in/code',
    { code: await generate({ secret: user.totpSecret }), next },
    '/sign-in/code',
  );
  return { page, password, codePage, code };
}

describe('the page to go to after signing in', () => {
  it.each(hostile.map((v) => [JSON.stringify(v), v]))('goes home, not to %s', async (_, next) => {
    const { page, password, codePage, code } = await signInWith(next);
    expect(page.statusCode).toBe(200);
    expect(hiddenNext(page.body)).toBe('/');
    expect(password.statusCode).toBe(302);
    expect(password.headers.location).toBe('/sign-in/code?next=%2F');
    expect(codePage.statusCode).toBe(200);
    expect(hiddenNext(codePage.body)).toBe('/');
    expect(code.statusCode).toBe(302);
    expect(code.headers.location).toBe('/');
  });

  it.each(good)('goes on to %s', async (next, expected) => {
    const { page, password, code } = await signInWith(next);
    expect(hiddenNext(page.body)).toBe(expected);
    expect(password.headers.location).toBe(`/sign-in/code?next=${encodeURIComponent(expected)}`);
    expect(code.headers.location).toBe(expected);
  });

  it('takes the query string as a browser sends it, encoded or not', async () => {
    for (const raw of ['/%5Cevil.example', '%2F%2Fevil.example', '/%09/evil.example', '/%0D%0Aevil']) {
      const page = await new Agent(t.app).get(`/sign-in?next=${raw}`);
      expect(page.statusCode, raw).toBe(200);
      expect(hiddenNext(page.body), raw).toBe('/');
    }
  });

  it('refuses a NUL in next before any page sees it (the input guard: 400, no redirect)', async () => {
    for (const raw of ['%00', '/x%00y']) {
      const page = await new Agent(t.app).get(`/sign-in?next=${raw}`);
      expect(page.statusCode, raw).toBe(400);
      expect(page.headers.location, raw).toBeUndefined();
    }
  });

  it('answers a newline in the code step with the form, not a 500', async () => {
    const user = await createUser(t, org, 'key_worker');
    const agent = new Agent(t.app);
    await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    const wrong = await agent.submit('/sign-in/code', { code: '000000', next: '/a\r\nb' }, '/sign-in/code');
    expect(wrong.statusCode).toBe(401);
    expect(hiddenNext(wrong.body)).toBe('/');
  });
});
