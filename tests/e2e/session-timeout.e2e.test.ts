// The GOV.UK timeout warning, in a real browser. SESSION_IDLE_MINUTES=2 (the smallest allowed) is
// exactly the warning's two minutes, so the warning opens as soon as a signed-in page loads.
import { sql } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, type TestUser } from '../support/app.ts';
import { act, expectNoAxeViolations, shown, signInAs, useBrowserApp } from '../support/browser.ts';

const web = useBrowserApp({ env: { SESSION_IDLE_MINUTES: '2' } });

/** When the user's session row ends, as the server holds it. */
async function sessionExpiry(user: TestUser): Promise<number> {
  const rows = await web.t.database.db.execute<{ expires_at: Date }>(
    sql`select expires_at from sessions where data->>'userId' = ${user.id}`,
  );
  expect(rows.rows).toHaveLength(1);
  return new Date(rows.rows[0]!.expires_at).getTime();
}

const dialogOf = (page: Page) => page.locator('#app-timeout dialog');
const path = (page: Page) => {
  const u = new URL(page.url());
  return u.pathname + u.search;
};

describe('idle timeout warning', { timeout: 120_000 }, () => {
  for (const lang of ['en', 'ar'] as const) {
    it(`warns before signing out; "Stay signed in" keeps the session; the dialog is accessible (${lang})`, async () => {
      const user = await createUser(web.t, web.organisationId, 'key_worker');
      const page = await web.newPage();
      await signInAs(page, user, { from: `/sign-in?lang=${lang}` });

      const dialog = dialogOf(page);
      await expect.poll(() => dialog.getAttribute('open')).not.toBeNull();
      await expect.poll(() => dialog.isVisible()).toBe(true);
      // A modal dialog named by its heading, with focus inside it.
      expect(await page.getByRole('dialog', { name: web.text(lang, 'timeout.heading') }).count()).toBe(1);
      expect(await shown(dialog.locator('p'))).toBe(web.text(lang, 'timeout.message'));
      expect(await dialog.evaluate((d) => d.contains(d.ownerDocument.activeElement))).toBe(true);
      await expectNoAxeViolations(page);

      const before = await sessionExpiry(user);
      await new Promise((r) => setTimeout(r, 1100));
      const keepAlive = page.waitForResponse((r) => new URL(r.url()).pathname === '/session/keep-alive');
      await dialog.getByRole('button', { name: web.text(lang, 'timeout.continue') }).click();
      expect((await keepAlive).status()).toBe(204);
      // The server moved the end of the session on.
      expect(await sessionExpiry(user)).toBeGreaterThan(before + 1000);
      expect(new URL(page.url()).pathname).toBe('/');

      // "Sign out now" (the warning reopens at once here, idle time being all warning) ends it.
      await expect.poll(() => dialog.isVisible()).toBe(true);
      await act(page, () => dialog.getByRole('button', { name: web.text(lang, 'timeout.signOut') }).click());
      expect(new URL(page.url()).pathname).toBe('/sign-in');
      const rows = await web.t.database.db.execute(
        sql`select 1 from sessions where data->>'userId' = ${user.id}`,
      );
      expect(rows.rows).toHaveLength(0);
    });
  }

  it('signs out by posting the warning form when the time is up, and says why', async () => {
    const user = await createUser(web.t, web.organisationId, 'key_worker');
    const page = await web.newPage();
    // The page's clock only: the server's session is still alive when the script gives up.
    await page.clock.install();
    await signInAs(page, user);
    const signOut = page.waitForRequest((r) => new URL(r.url()).pathname === '/sign-out');
    await act(page, () => page.clock.fastForward('02:01'));
    const request = await signOut;
    expect(request.method()).toBe('POST');
    expect(new URLSearchParams(request.postData() ?? '').get('timeout')).toBe('1');
    expect(path(page)).toBe('/sign-in?timeout=1');
    expect(await shown(page.locator('.govuk-inset-text'))).toBe(web.text('en', 'signIn.timedOut'));
    const rows = await web.t.database.db.execute(
      sql`select 1 from sessions where data->>'userId' = ${user.id}`,
    );
    expect(rows.rows).toHaveLength(0);
  });
});
