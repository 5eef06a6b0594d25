// The ONS wellbeing questions (issue 16, point 3), in English and Arabic: her key worker opens them
// on her outcomes page to answer with her, she answers on the public page (errors first), the link
// then refuses a second answer. A manager reads the reports and the indicators' rules. axe checks
// every page; each is photographed at 1280 and 390 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, walkInForm } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const main = (page: Page) => page.locator('#main-content');
const SHOTS = process.env.SHOTS_DIR ?? '';

async function shoot(page: Page, name: string) {
  if (!SHOTS) return;
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true }).catch(() => {});
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('wellbeing questions journey', { timeout: 300_000 }, () => {
  it.each(['en', 'ar'])(
    'in %s: answered with her once, shown on her page; reports and rules read',
    async (lang) => {
      const t = web.t;
      const org = web.organisationId;
      const kw = await createUser(t, org, 'key_worker');
      const actor = { userId: kw.id, organisationId: org, role: 'key_worker' as const };
      const her = await t.services.participants.quickRegister(actor, walkInForm(`Journey Wafa ${lang}`));
      await t.services.outcomes.recordEvent({
        participantId: her,
        kind: 'course_started',
        occurredOn: new Date().toISOString().slice(0, 10),
        source: 'staff',
        sourceRef: `wellbeing-journey-${lang}`,
        recordedBy: kw.id,
      });
      const k = await web.newPage();
      await signInAs(k, kw, { from: `/sign-in?lang=${lang}&next=/participants/${her}/outcomes` });
      await visit(k, `/participants/${her}/outcomes`);
      expect(await k.locator('html').getAttribute('lang')).toBe(lang);
      await act(k, () => k.locator(`form[action$="/wellbeing/with-her"] button`).click());
      expect(new URL(k.url()).pathname).toMatch(/^\/wellbeing\/[\w-]+$/);
      const link = new URL(k.url()).pathname;
      await expect(k.locator('.govuk-exit-this-page').count()).resolves.toBeGreaterThan(0);
      // Nothing chosen: the error summary, then her answers.
      await act(k, () => main(k).locator('form button').click());
      await expect(k.locator('.govuk-error-summary').count()).resolves.toBe(1);
      await shoot(k, `wellbeing-errors-${lang}`);
      for (const [q, n] of Object.entries({ lifeSatisfaction: 7, worthwhile: 6, happy: 8, anxious: 3 }))
        await k.locator(`input[name="${q}"][value="${n}"]`).check();
      await act(k, () => main(k).locator('form button').click());
      await expect(k.locator('.govuk-panel').count()).resolves.toBe(1);
      await shoot(k, `wellbeing-done-${lang}`);
      // The link is spent.
      const again = await k.goto(new URL(link, web.baseUrl).toString());
      expect(again?.status()).toBe(404);
      await visit(k, `/participants/${her}/outcomes`);
      await expect(main(k).locator('table').count()).resolves.toBe(2);
      await shoot(k, `her-outcomes-${lang}`);
      await k.close();

      const manager = await createUser(t, org, 'manager');
      const m = await web.newPage();
      await signInAs(m, manager, { from: `/sign-in?lang=${lang}&next=/reports` });
      await visit(m, '/reports');
      await shoot(m, `reports-${lang}`);
      await visit(m, '/outcomes/definitions');
      await shoot(m, `definitions-${lang}`);
      await m.close();
    },
  );
});
