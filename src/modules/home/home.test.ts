// The front door: `/` is a short public page for anyone not signed in (Find support, the map of
// services, a small staff sign-in link), and the staff home for the signed-in. Before, `/` sent
// everyone to staff sign-in, which has no way to Find support.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent, mainOf } from '../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signIn,
  type TestApp,
} from '../../../tests/support/app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
}, 60_000);
afterAll(() => t?.close());

const exitButton = /class="[^"]*govuk-exit-this-page__button[^"]*"/;

describe('the public front door', () => {
  it('shows anyone not signed in Find support, the map of services and a small staff sign-in link', async () => {
    const res = await new Agent(t.app).get('/');
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    expect(main).toMatch(/<form[^>]*method="get"[^>]*action="\/find-support"/);
    expect(main).toContain('name="q"');
    expect(main).toContain('href="/find-support"');
    expect(main).toContain('href="/coverage"');
    expect(main).toMatch(/<a[^>]*href="\/sign-in"[^>]*>\s*Staff sign in\s*<\/a>/);
    expect(main).toContain('href="/staying-safe"');
    // A page she may read at home: Exit this page, no session, no form token.
    expect(res.body).toMatch(exitButton);
    expect(res.body).not.toContain('action="/sign-out"');
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('is in Arabic, right to left', async () => {
    const res = await new Agent(t.app).get('/?lang=ar');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl"');
    expect(mainOf(res.body)).toContain('تسجيل دخول الموظفين');
  });

  it('keeps the staff home for the signed-in', async () => {
    const agent = await signIn(t, await createUser(t, await createOrganisation(t), 'key_worker'));
    const res = await agent.get('/');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Signed in as Test key_worker');
    expect(res.body).toContain('action="/sign-out"');
    expect(res.body).not.toMatch(exitButton);
  });

  it('is where the logo and the error pages lead', async () => {
    for (const url of ['/find-support', '/staying-safe', '/accessibility']) {
      const page = await new Agent(t.app).get(url);
      expect(page.body, url).toMatch(/<a href="\/" class="app-header__brand">/);
    }
    const missing = await new Agent(t.app).get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expect(mainOf(missing.body)).toMatch(/<a class="govuk-link" href="\/">Go to the home page<\/a>/);
    // A woman who mistypes an address still has her quick way out.
    expect(missing.body).toMatch(exitButton);
  });
});

describe('the map of services on the front door', () => {
  let closed: TestApp;
  beforeAll(async () => {
    closed = await createTestApp({ env: { COVERAGE_PUBLIC: 'false' } });
  }, 60_000);
  afterAll(() => closed?.close());

  it('is not offered when the partnership keeps coverage private', async () => {
    const res = await new Agent(closed.app).get('/');
    expect(res.statusCode).toBe(200);
    expect(mainOf(res.body)).not.toContain('href="/coverage"');
    expect(mainOf(res.body)).toContain('href="/find-support"');
  });
});

describe('Staying safe online', () => {
  it('explains history, private browsing, shared devices and what Exit this page does, with Exit this page', async () => {
    const res = await new Agent(t.app).get('/staying-safe');
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    expect(main).toContain('<h1 class="govuk-heading-l">Staying safe online</h1>');
    for (const heading of [
      'Clearing your browsing history',
      'Private browsing',
      'Shared phones and computers',
      'What “Exit this page” does',
    ])
      expect(main).toContain(heading);
    expect(res.body).toMatch(exitButton);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('is in Arabic', async () => {
    const res = await new Agent(t.app).get('/staying-safe?lang=ar');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl"');
    expect(mainOf(res.body)).toContain('البقاء آمنة على الإنترنت');
  });

  it('is linked from the footer of every public page', async () => {
    for (const url of [
      '/',
      '/find-support',
      '/accessibility',
      '/privacy',
      '/cookies',
      '/staying-safe',
      '/coverage',
    ]) {
      const res = await new Agent(t.app).get(url);
      const footer = res.body.slice(res.body.indexOf('<footer'));
      expect(footer, url).toMatch(
        /<a class="govuk-footer__link" href="\/staying-safe">Staying safe online<\/a>/,
      );
    }
  });
});
