// A woman on a 390 px phone comes in by the public front door, finds support in Arabic, opens a
// service and leaves with "Exit this page": Back must not bring the service up again.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  act,
  NEUTRAL_SITE,
  resultNames,
  shown,
  stubNeutralSite,
  useBrowserApp,
  visit,
} from '../support/browser.ts';
import { addServices } from '../support/directory.ts';

const web = useBrowserApp();
const PHONE = { width: 390, height: 844 };
const LEEDS = 'E08000035';

beforeAll(async () => {
  await addServices(web.t.database.db, [
    {
      name: 'Leeds Women’s Housing Project',
      description: 'Housing advice and help to find a safe home, for women only.',
      terms: ['homelessness', 'women-only'],
      areaCodes: [LEEDS],
      locations: [
        { latitude: 53.8, longitude: -1.55, areaCode: LEEDS, address1: '4 Fictional Parade', city: 'Leeds' },
      ],
      languages: ['ar'],
      free: true,
    },
    {
      name: 'Leeds Counselling for Women',
      description: 'Counselling and wellbeing support.',
      terms: ['mental-health', 'women-only'],
      areaCodes: [LEEDS],
    },
  ]);
}, 60_000);

/** How wide the page runs (wider than the screen: she must scroll sideways). */
const pageWidth = (page: Page) => page.locator('html').evaluate((el) => el.scrollWidth);

describe('The front door on a phone', { timeout: 120_000 }, () => {
  it('public home → Find support in Arabic → a search → a service → Exit this page; Back does not return to the service', async () => {
    const page = await web.newPage({ viewport: PHONE });
    await stubNeutralSite(page);

    await visit(page, '/');
    expect(await shown(page.locator('h1'))).toBe(web.text('en', 'front.heading'));
    expect(await page.getByRole('link', { name: web.text('en', 'front.staff') }).getAttribute('href')).toBe(
      '/sign-in',
    );
    // Nothing on the page runs wider than her screen.
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    await act(page, () => page.locator('a[hreflang="ar"]').click());
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await shown(page.locator('h1'))).toBe(web.text('ar', 'front.heading'));
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);

    // The front door's search box with her postcode (resolved offline from the shipped postcode
    // districts), then Find support's own form to narrow it down.
    await page.getByLabel(web.text('ar', 'front.place')).fill('LS1 4AP');
    await act(page, () => page.getByRole('button', { name: web.text('ar', 'front.submit') }).click());
    expect(new URL(page.url()).pathname).toBe('/find-support');
    expect(await shown(page.locator('h1'))).toBe(web.text('ar', 'findSupport.title'));
    expect((await resultNames(page)).sort()).toEqual([
      'Leeds Counselling for Women',
      'Leeds Women’s Housing Project',
    ]);
    await page.locator('#need').selectOption('homelessness');
    await act(page, () =>
      page.getByRole('button', { name: web.text('ar', 'findSupport.form.submit'), exact: true }).click(),
    );
    expect(await resultNames(page)).toEqual(['Leeds Women’s Housing Project']);
    const results = page.url();

    await act(page, () => page.getByRole('link', { name: 'Leeds Women’s Housing Project' }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/find-support\/services\/[0-9a-f-]{36}$/);
    expect(await shown(page.locator('main h2').first())).toBe(
      web.text('ar', 'findSupport.service.howToGetHelp'),
    );

    const exit = page.locator('.govuk-exit-this-page__button');
    expect((await shown(exit)).trim()).toContain(web.text('ar', 'exit.button'));
    await act(page, () => exit.click());
    expect(page.url()).toBe(NEUTRAL_SITE);

    // Back goes to the page before the service (her results), never to the service itself.
    await act(page, () => page.goBack());
    expect(page.url()).toBe(results);
    expect(new URL(page.url()).pathname).not.toMatch(/^\/find-support\/services\//);
  });

  it('Shift three times leaves the same way, with no console errors from starting the components', async () => {
    const page = await web.newPage({ viewport: PHONE });
    await stubNeutralSite(page);
    const logged: string[] = [];
    // Chromium's own note on a Permissions-Policy feature it does not know is not the page's script.
    page.on('console', (m) => {
      if (!m.text().startsWith('Error with Permissions-Policy header')) logged.push(m.text());
    });
    await visit(page, '/find-support');
    await act(page, () => page.getByRole('link', { name: web.text('en', 'stayingSafe.title') }).click());
    expect(await shown(page.locator('h1'))).toBe(web.text('en', 'stayingSafe.title'));
    expect(logged).toEqual([]);
    await act(page, async () => {
      for (let i = 0; i < 3; i++) await page.keyboard.press('Shift');
    });
    expect(page.url()).toBe(NEUTRAL_SITE);
    await act(page, () => page.goBack());
    expect(new URL(page.url()).pathname).toBe('/find-support');
  });

  it('Exit this page still works without JavaScript, and Staying safe online says what it does', async () => {
    const page = await web.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await stubNeutralSite(page);
    await visit(page, '/?lang=ar');
    await act(page, () =>
      page
        .getByRole('link', { name: web.text('ar', 'stayingSafe.title') })
        .first()
        .click(),
    );
    expect(new URL(page.url()).pathname).toBe('/staying-safe');
    expect(await shown(page.locator('h1'))).toBe(web.text('ar', 'stayingSafe.title'));
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await act(page, () => page.locator('.govuk-exit-this-page__button').click());
    expect(page.url()).toBe(NEUTRAL_SITE);
  });
});
