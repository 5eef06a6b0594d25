// Browser journeys through the platform's pages, in English and Arabic; axe checks every page.
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, TEST_PASSWORD } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let smtp: TestSmtp;
const web = useBrowserApp(async () => {
  // Invitations leave through nodemailer over SMTP to a real local server, as in production.
  smtp = await startSmtp();
  return { env: { LOCKOUT_THRESHOLD: '3' }, mailer: smtp.mailer };
});
afterAll(() => smtp?.close());
const languages = ['en', 'ar'] as const;

const html = async (page: Page) => ({
  lang: await page.locator('html').getAttribute('lang'),
  dir: await page.locator('html').getAttribute('dir'),
});
const focused = (page: Page, selector: string) =>
  page.locator(selector).evaluate((el) => el === el.ownerDocument.activeElement);
const heading = (page: Page) => shown(page.locator('h1, .govuk-label--l').first());
const path = (page: Page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};
/** How far an element's start edge (left in English, right in Arabic) is from the main column's. */
async function offsetFromStart(page: Page, selector: string, dir: 'ltr' | 'rtl') {
  const main = (await page.locator('#main-content').boundingBox())!;
  const box = (await page.locator(selector).first().boundingBox())!;
  return Math.round(dir === 'ltr' ? box.x - main.x : main.x + main.width - (box.x + box.width));
}
const submit = (page: Page) => page.locator('#main-content form button[type="submit"]').click();

describe('signing in', { timeout: 120_000 }, () => {
  for (const lang of languages) {
    it(`signs in with password and authenticator code, then signs out (${lang})`, async () => {
      const user = await createUser(web.t, web.organisationId, 'key_worker');
      const page = await web.newPage();
      await signInAs(page, user, { from: `/sign-in?lang=${lang}` });
      expect(path(page)).toBe('/');
      expect(await html(page)).toEqual({ lang, dir: lang === 'ar' ? 'rtl' : 'ltr' });
      expect(await heading(page)).toBe(web.text(lang, 'home.welcome', { name: 'Test key_worker' }));

      // Sign out is a button (a form post) in the header, not a link.
      expect(await page.getByRole('link', { name: web.text(lang, 'common.signOut') }).count()).toBe(0);
      const signOut = page
        .getByRole('navigation', { name: web.text(lang, 'common.menu') })
        .getByRole('button', { name: web.text(lang, 'common.signOut'), exact: true });
      await act(page, () => signOut.click());
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      expect(await heading(page)).toBe(web.text(lang, 'signIn.title'));
      // The session is over: `/` is the public front door, and a staff page sends her to sign in.
      await visit(page, '/');
      expect(await heading(page)).toBe(web.text(lang, 'front.heading'));
      await visit(page, '/caseload');
      expect(path(page)).toBe('/sign-in?next=%2Fcaseload');
    });

    it(`shows a wrong password in the error summary and beside the field, focusing the summary (${lang})`, async () => {
      const user = await createUser(web.t, web.organisationId, 'manager');
      const page = await web.newPage();
      await visit(page, `/sign-in?lang=${lang}`);
      await page.locator('#email').fill(user.email);
      await page.locator('#password').fill('not the password');
      await act(page, () => submit(page));

      const message = web.text(lang, 'signIn.errors.invalid');
      const summary = page.locator('.govuk-error-summary');
      await expect.poll(() => summary.isVisible()).toBe(true);
      expect(await shown(summary.locator('h2'))).toBe(web.text(lang, 'common.errorSummaryTitle'));
      expect(await shown(summary.getByRole('link'))).toBe(message);
      expect(await shown(page.locator('#email-error'))).toContain(message);
      expect(await page.title()).toMatch(new RegExp(`^${web.text(lang, 'common.errorPrefix')}: `));
      // What she typed is kept; the password is not.
      expect(await page.locator('#email').inputValue()).toBe(user.email);
      expect(await page.locator('#password').inputValue()).toBe('');
      // govuk-frontend moves focus to the summary so a screen reader announces it.
      await expect.poll(() => focused(page, '.govuk-error-summary')).toBe(true);
      // The red bar marking the field sits on the side the text starts from.
      const bar = await page
        .locator('.govuk-form-group--error')
        .first()
        .evaluate((el) => {
          const style = el.ownerDocument.defaultView.getComputedStyle(el);
          return { left: style.borderLeftWidth, right: style.borderRightWidth };
        });
      expect(bar).toEqual(lang === 'ar' ? { left: '0px', right: '5px' } : { left: '5px', right: '0px' });
      // Its link takes her to the field.
      await summary.getByRole('link').click();
      await expect.poll(() => focused(page, '#email')).toBe(true);
    });
  }

  it('locks the account after repeated wrong passwords, answering as for any wrong password, and emails her', async () => {
    const user = await createUser(web.t, web.organisationId, 'mentor');
    const page = await web.newPage();
    await visit(page, '/sign-in');
    for (let i = 0; i < 3; i++) {
      await page.locator('#email').fill(user.email);
      await page.locator('#password').fill(`wrong ${i}`);
      await act(page, () => submit(page));
    }
    await page.locator('#email').fill(user.email);
    await page.locator('#password').fill(TEST_PASSWORD);
    await act(page, () => submit(page));
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    // The page says what it says to anyone (no oracle for which emails are accounts); she is told
    // by email, with a link to unlock by choosing a new password.
    const message = web.text('en', 'signIn.errors.invalid');
    expect(await shown(page.locator('#email-error'))).toContain(message);
    expect(await shown(page.locator('.govuk-error-summary'))).toContain(message);
    await expect.poll(() => smtp.lastTo(user.email)?.subject).toBe(web.text('en', 'lockNotice.subject'));
    expect(smtp.lastTo(user.email)?.text).toContain(`${web.baseUrl}/set-password/`);
  });

  it('signs in with JavaScript switched off', async () => {
    const user = await createUser(web.t, web.organisationId, 'key_worker');
    const page = await web.newPage({ javaScriptEnabled: false });
    await signInAs(page, user);
    expect(path(page)).toBe('/');
    // None of the page's scripts ran: no js-enabled class, no "Show" password button.
    expect(await page.locator('body').getAttribute('class')).not.toContain('js-enabled');
    // The header's sign-out button posts its form with no script; so does the page GET /sign-out shows.
    await visit(page, '/sign-out');
    expect(await heading(page)).toBe(web.text('en', 'signOut.title'));
    expect(path(page)).toBe('/sign-out');
    await visit(page, '/');
    expect(path(page)).toBe('/');
    await act(page, () => page.getByRole('button', { name: 'Sign out', exact: true }).first().click());
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    await visit(page, '/caseload');
    expect(path(page)).toBe('/sign-in?next=%2Fcaseload');
    expect(await page.locator('.govuk-password-input__toggle:visible').count()).toBe(0);
  });
});

describe('languages', { timeout: 120_000 }, () => {
  it('switches to Arabic from the header, right to left, remembers it, and ?lang=en switches back', async () => {
    const page = await web.newPage();
    await visit(page, '/sign-in');
    expect(await html(page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(await heading(page)).toBe('Sign in to Wayfinder');

    const header = page.getByRole('navigation', { name: 'Languages' });
    await act(page, () => header.getByRole('link', { name: 'العربية' }).click());
    expect(await html(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await heading(page)).toBe(web.text('ar', 'signIn.title'));
    expect(await heading(page)).not.toBe(web.text('en', 'signIn.title'));
    expect(await shown(page.locator('label[for="email"]'))).toBe(web.text('ar', 'signIn.email'));
    expect(await shown(page.locator('#main-content form button[type="submit"]'))).toBe(
      web.text('ar', 'signIn.continue'),
    );
    // Laid out right to left: the brand sits to the right of the language list.
    // The page's column starts on the right: the heading and the fields line up with its right edge.
    expect(await offsetFromStart(page, 'h1', 'rtl')).toBe(0);
    expect(await offsetFromStart(page, '#email', 'rtl')).toBe(0);
    const brand = await page.locator('.app-header__brand').boundingBox();
    const list = await page.locator('.app-header__languages').boundingBox();
    expect(brand!.x).toBeGreaterThan(list!.x);

    // Remembered in a cookie: the next page (no ?lang) is Arabic too.
    expect((await web.context.cookies()).find((c) => c.name === 'lang')?.value).toBe('ar');
    await act(page, () =>
      page.getByRole('link', { name: web.text('ar', 'pages.accessibility.title') }).click(),
    );
    expect(new URL(page.url()).search).toBe('');
    expect(await html(page)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await heading(page)).toBe(web.text('ar', 'pages.accessibility.title'));

    await visit(page, '/sign-in?lang=en');
    expect(await html(page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(await offsetFromStart(page, 'h1', 'ltr')).toBe(0);
    await visit(page, '/privacy');
    expect(await html(page)).toEqual({ lang: 'en', dir: 'ltr' });
    expect(await heading(page)).toBe('Privacy notice');
  });
});

describe('pages anyone can reach', { timeout: 120_000 }, () => {
  for (const lang of languages) {
    it(`shows the page-not-found page and the accessibility, privacy and cookies pages (${lang})`, async () => {
      const page = await web.newPage();
      const missing = await visit(page, `/no-such-page?lang=${lang}`);
      expect(missing?.status()).toBe(404);
      expect(await heading(page)).toBe(web.text(lang, 'errors.notFound.title'));
      expect(await html(page)).toEqual({ lang, dir: lang === 'ar' ? 'rtl' : 'ltr' });
      for (const name of ['accessibility', 'privacy', 'cookies']) {
        const res = await visit(page, `/${name}`);
        expect(res?.status()).toBe(200);
        expect(await heading(page)).toBe(web.text(lang, `pages.${name}.title`));
        // Public pages carry the quick exit.
        expect(await page.locator('.govuk-exit-this-page').count()).toBe(1);
      }
    });
  }
});

describe('administration', { timeout: 180_000 }, () => {
  it('an admin invites a user, who sets a password from the emailed link, signs in and sets up the authenticator app', async () => {
    const admin = await createUser(web.t, web.organisationId, 'admin');
    const page = await web.newPage();
    await signInAs(page, admin);
    const nav = page.locator('.govuk-service-navigation');
    await act(page, () => nav.getByRole('link', { name: web.text('en', 'admin.nav.users') }).click());
    await act(page, () => page.getByRole('button', { name: web.text('en', 'admin.users.invite') }).click());
    expect(await heading(page)).toBe(web.text('en', 'admin.users.inviteTitle'));

    const email = `amina.${Date.now()}@example.org`;
    await page.getByLabel(web.text('en', 'admin.users.nameLabel')).fill('Amina Test');
    await page.getByLabel(web.text('en', 'admin.users.emailLabel')).fill(email);
    await page.getByLabel(web.text('en', 'roles.key_worker')).check();
    await act(page, () =>
      page.getByRole('button', { name: web.text('en', 'admin.users.sendInvite') }).click(),
    );
    expect(await shown(page.locator('.govuk-notification-banner'))).toContain(
      web.text('en', 'admin.users.invitedFlash', { name: 'Amina Test' }),
    );
    await act(page, () =>
      nav.getByRole('button', { name: web.text('en', 'common.signOut'), exact: true }).click(),
    );

    // The email, as the SMTP server received it, carries a one-time link to this server.
    const mail = smtp.lastTo(email);
    expect(mail?.subject).toBe(web.text('en', 'admin.email.invite.subject'));
    const link = /http:\/\/\S+\/set-password\/\S+/.exec(mail?.text ?? '')?.[0];
    expect(link?.startsWith(`${web.baseUrl}/set-password/`), `link in: ${mail?.text}`).toBe(true);

    const invited = await web.newPage();
    await visit(invited, link!);
    expect(await heading(invited)).toBe(web.text('en', 'setPassword.title'));
    const password = 'a long and unguessable passphrase';
    await invited.locator('#password').fill(password);
    await invited.locator('#confirm').fill(password);
    await act(invited, () => submit(invited));
    expect(new URL(invited.url()).pathname).toBe('/sign-in');
    expect(await shown(invited.locator('.govuk-notification-banner'))).toContain(
      web.text('en', 'setPassword.done'),
    );

    // She carries on in Arabic: first sign-in, then setting up her authenticator app.
    await act(invited, () =>
      invited.getByRole('navigation', { name: 'Languages' }).getByRole('link', { name: 'العربية' }).click(),
    );
    await invited.locator('#email').fill(email);
    await invited.locator('#password').fill(password);
    await act(invited, () => submit(invited));
    expect(new URL(invited.url()).pathname).toBe('/sign-in/enrol');
    expect(await html(invited)).toEqual({ lang: 'ar', dir: 'rtl' });
    expect(await heading(invited)).toBe(web.text('ar', 'enrol.title'));
    await invited.getByText(web.text('ar', 'enrol.cannotScan')).click();
    const secret = (await shown(invited.getByTestId('totp-secret'))).trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    await invited.locator('#code').fill(await generate({ secret }));
    await act(invited, () => submit(invited));

    expect(new URL(invited.url()).pathname).toBe('/sign-in/recovery-codes');
    expect(await heading(invited)).toBe(web.text('ar', 'recovery.title'));
    expect(await invited.locator('.app-recovery-codes li').count()).toBeGreaterThanOrEqual(8);
    await act(invited, () =>
      invited.getByRole('link', { name: web.text('ar', 'recovery.continue') }).click(),
    );
    expect(path(invited)).toBe('/');
    expect(await heading(invited)).toBe(web.text('ar', 'home.welcome', { name: 'Amina Test' }));
    // The link worked once.
    expect((await visit(invited, link!))?.status()).toBe(404);
  });
});
