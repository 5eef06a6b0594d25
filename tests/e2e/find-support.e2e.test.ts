// A woman on her phone finds housing support near her, in English then Arabic, and leaves quickly.
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser } from '../support/app.ts';
import {
  act,
  NEUTRAL_SITE,
  resultNames,
  shown,
  signInAs,
  stubNeutralSite,
  useBrowserApp,
  visit,
} from '../support/browser.ts';
import { addServices } from '../support/directory.ts';

const web = useBrowserApp();
const PHONE = { width: 375, height: 667 };
const LEEDS = 'E08000035';

beforeAll(async () => {
  await addServices(web.t.database.db, [
    {
      name: 'Leeds Women’s Housing Project',
      description: 'Housing advice and help to find a safe home, for women only.',
      terms: ['homelessness', 'women-only'],
      areaCodes: [LEEDS],
      locations: [
        {
          latitude: 53.8,
          longitude: -1.55,
          areaCode: LEEDS,
          address1: '4 Fictional Parade',
          city: 'Leeds',
          postcode: 'LS1 4ZZ',
        },
      ],
      languages: ['ar'],
      free: true,
      schedules: [{ byday: 'MO,TU,WE,TH,FR', opens: '09:00', closes: '17:00' }],
      email: 'housing@example.org',
    },
    {
      name: 'Leeds Tenancy Advice Centre',
      description: 'Housing and tenancy advice for anyone in Leeds.',
      terms: ['homelessness', 'drop-in'],
      areaCodes: [LEEDS],
      locations: [
        { latitude: 53.81, longitude: -1.52, areaCode: LEEDS, address1: '5 Pretend Street', city: 'Leeds' },
      ],
      free: false,
    },
    {
      name: 'Leeds Counselling for Women',
      description: 'Counselling and wellbeing support.',
      terms: ['mental-health', 'women-only'],
      areaCodes: [LEEDS],
    },
  ]);
}, 60_000);

describe('Find support on a phone', { timeout: 90_000 }, () => {
  it('searches housing near Leeds, filters women-only, opens a service, switches to Arabic and exits', async () => {
    const page = await web.newPage({ viewport: PHONE });
    await stubNeutralSite(page);

    await visit(page, '/find-support');
    expect(await shown(page.locator('h1'))).toBe(web.text('en', 'findSupport.title'));
    await page.locator('#q').fill('housing');
    await page.locator('#place').fill('Leeds');
    await act(page, () =>
      page.getByRole('button', { name: web.text('en', 'findSupport.form.submit') }).click(),
    );
    expect(new URL(page.url()).searchParams.get('q')).toBe('housing');
    expect((await resultNames(page)).sort()).toEqual([
      'Leeds Tenancy Advice Centre',
      'Leeds Women’s Housing Project',
    ]);
    expect(await shown(page.locator('#results-heading'))).toContain('near Leeds');

    await page.locator('#womenOnly').check();
    await act(page, () =>
      page.getByRole('button', { name: web.text('en', 'findSupport.form.submit') }).click(),
    );
    expect(await resultNames(page)).toEqual(['Leeds Women’s Housing Project']);
    // The search is kept in the form.
    expect(await page.locator('#q').inputValue()).toBe('housing');
    expect(await page.locator('#womenOnly').isChecked()).toBe(true);

    await act(page, () => page.getByRole('link', { name: 'Leeds Women’s Housing Project' }).click());
    expect(new URL(page.url()).pathname).toMatch(/^\/find-support\/services\/[0-9a-f-]{36}$/);
    expect(await shown(page.locator('h1'))).toBe('Leeds Women’s Housing Project');
    expect(await shown(page.locator('main'))).toContain('4 Fictional Parade');

    await act(page, () => page.locator('a[hreflang="ar"]').click());
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    expect(await page.locator('html').getAttribute('lang')).toBe('ar');
    expect(await shown(page.locator('main h2').first())).toBe(
      web.text('ar', 'findSupport.service.howToGetHelp'),
    );
    const exit = page.locator('.govuk-exit-this-page__button');
    expect((await shown(exit)).trim()).toContain(web.text('ar', 'exit.button'));

    await act(page, () => exit.click());
    expect(page.url()).toBe(NEUTRAL_SITE);
    expect(await shown(page.locator('h1'))).toBe('Weather');
  });

  it('searches without JavaScript', async () => {
    const page = await web.newPage({ viewport: PHONE, javaScriptEnabled: false });
    await visit(page, '/find-support?lang=ar');
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    await page.locator('#q').fill('housing');
    await page.locator('#womenOnly').check();
    await act(page, () =>
      page.getByRole('button', { name: web.text('ar', 'findSupport.form.submit') }).click(),
    );
    expect(await resultNames(page)).toEqual(['Leeds Women’s Housing Project']);
  });
});

describe('Directory staff pages', { timeout: 180_000 }, () => {
  it('a manager adds a refuge, fixes a mistake the form points out, and marks it reviewed', async () => {
    const user = await createUser(web.t, web.organisationId, 'manager');
    const page = await web.newPage();
    await signInAs(page, user, { from: '/sign-in?next=%2Fdirectory%2Fservices' });
    expect(new URL(page.url()).pathname).toBe('/directory/services');
    await act(page, () => page.getByRole('button', { name: web.text('en', 'directory.staff.add') }).click());

    await page.locator('#name').fill('Journey Safe House');
    await page.locator('#description').fill('A safe house for women and their children.');
    await page.getByLabel(web.text('en', 'findSupport.terms.domestic-abuse')).check();
    await page.getByLabel(web.text('en', 'findSupport.terms.women-only'), { exact: true }).check();
    await page.locator('#address1').fill('8 Hidden Walk');
    await page.locator('#town').fill('Leeds');
    await page.locator('#postcode').fill('not real');
    await page.locator('#withheld').check();
    await page.getByLabel('Leeds', { exact: true }).check();
    await act(page, () => page.getByRole('button', { name: web.text('en', 'directory.staff.save') }).click());

    expect(await shown(page.locator('.govuk-error-summary'))).toContain(
      web.text('en', 'directory.staff.errors.postcode.postcode'),
    );
    expect(await page.locator('#name').inputValue()).toBe('Journey Safe House');
    expect(await page.locator('#withheld').isChecked()).toBe(true);
    await page.locator('#postcode').fill('LS9 9ZZ');
    await act(page, () => page.getByRole('button', { name: web.text('en', 'directory.staff.save') }).click());
    expect(await shown(page.locator('.govuk-notification-banner'))).toContain(
      web.text('en', 'directory.staff.created'),
    );

    await act(page, () =>
      page.getByRole('button', { name: web.text('en', 'directory.staff.markReviewed') }).click(),
    );
    expect(await shown(page.locator('.govuk-notification-banner'))).toContain(
      web.text('en', 'directory.staff.reviewed'),
    );

    // Its public page gives the area, not the address.
    await act(page, () =>
      page.getByRole('link', { name: web.text('en', 'directory.staff.publicPage') }).click(),
    );
    const main = await shown(page.locator('main'));
    expect(main).toContain(web.text('en', 'findSupport.service.withheld'));
    expect(main).not.toContain('8 Hidden Walk');
    expect(main).not.toContain('LS9 9ZZ');
  });
});
