// A commissioner maps services for refugee and asylum-seeking women, opens an area from the map and
// downloads the table; a visitor does the same without JavaScript, by keyboard. axe checks every page.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../src/modules/directory/csv.ts';
import { createUser } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';
import { writeServices } from '../support/coverage.ts';
import { AREA, FIVE, knownServices } from '../support/known-directory.ts';

const web = useBrowserApp();

beforeAll(async () => {
  await writeServices(web.t.database.db, knownServices);
}, 60_000);

const headline = (page: import('playwright-core').Page) => page.locator('#headline-all').innerText();

describe('the map of the maze', { timeout: 300_000 }, () => {
  it('a commissioner filters to refugees and asylum seekers, opens an area from the map and exports the CSV', async () => {
    const commissioner = await createUser(web.t, web.organisationId, 'commissioner');
    const page = await web.newPage();
    await signInAs(page, commissioner);
    await act(page, () =>
      page
        .getByRole('link', { name: web.text('en', 'coverage.nav') })
        .first()
        .click(),
    );
    expect(new URL(page.url()).pathname).toBe('/coverage');
    expect(await headline(page)).toMatch(
      /^In 2 areas of England and Wales \(out of 175\) there are services for women/,
    );

    // The five Mapping the Maze needs, and only them; refugees and asylum seekers.
    for (const box of await page.locator('input[name="domains"]').all()) {
      const value = await box.getAttribute('value');
      if (FIVE.includes(value!)) await box.check();
      else await box.uncheck();
    }
    await page.getByLabel('Refugees and asylum seekers').check();
    await act(page, () =>
      page.getByRole('button', { name: web.text('en', 'coverage.filters.apply') }).click(),
    );
    expect(await headline(page)).toBe(
      'In 1 area of England and Wales (out of 175) there are services for refugee and asylum-seeking women that address all of the following: Substance use, Mental health, Housing and homelessness, Offending and the justice system and Complex needs.',
    );
    expect(await page.locator('#headline-some').innerText()).toBe(
      'All but 173 areas of England and Wales have at least one of these services for refugee and asylum-seeking women.',
    );

    // Open Powys from the map.
    const powys = page.locator('svg.app-coverage-map a[aria-label="Powys: 5 of 5 needs"]');
    await expect.poll(() => powys.count()).toBe(1);
    await act(page, () => powys.click());
    expect(new URL(page.url()).pathname).toBe(`/coverage/areas/${AREA.powys}`);
    expect(new URL(page.url()).searchParams.get('group')).toBe('refugees-asylum-seekers');
    expect(await page.locator('h1').innerText()).toBe('Powys');
    expect(await page.locator('#area-summary').innerText()).toBe(
      'Powys has services for refugee and asylum-seeking women for 5 of the 5 chosen needs (1 service).',
    );
    expect(await page.getByRole('link', { name: 'Powys Refugee Women’s Network' }).count()).toBe(5);

    // Back to the map, and download the table.
    await act(page, () => page.getByRole('link', { name: web.text('en', 'coverage.area.back') }).click());
    expect(await headline(page)).toMatch(/^In 1 area of England and Wales/);
    const download = page.waitForEvent('download');
    await page.getByRole('link', { name: web.text('en', 'coverage.exports.csv') }).click();
    const file = await (await download).path();
    const rows = parseCsv(readFileSync(file, 'utf8'));
    expect(rows).toHaveLength(176);
    expect(rows.find((r) => r[0] === AREA.powys)!.slice(-3)).toEqual(['5', '5', '1']);
    expect(rows.find((r) => r[0] === AREA.middlesbrough)!.slice(3, 8)).toEqual(['0', '1', '0', '0', '0']);
  });

  it('works for a visitor without JavaScript, by keyboard, with the attribution beside the map', async () => {
    const page = await web.newPage({ javaScriptEnabled: false });
    await visit(page, '/coverage?women=only');
    expect(await page.locator('.govuk-exit-this-page').count()).toBe(1);
    expect(await headline(page)).toMatch(
      /^In 1 area of England and Wales \(out of 175\) there are women-only services/,
    );
    expect(await page.locator('figure').innerText()).toContain(web.text('en', 'coverage.map.attribution'));

    // Keyboard: Tab from "Skip the map" reaches the map's first area, and Enter opens it.
    await page.getByRole('link', { name: web.text('en', 'coverage.map.skip') }).focus();
    await page.keyboard.press('Tab');
    expect(await page.locator(':focus').getAttribute('aria-label')).toBe('Hartlepool: 5 of 5 needs');
    await act(page, () => page.keyboard.press('Enter'));
    expect(await page.locator('h1').innerText()).toBe('Hartlepool');
    expect(await page.locator('#area-missing').innerText()).toBe(web.text('en', 'coverage.area.missingNone'));
    await visit(page, `/coverage/areas/${AREA.westminster}?women=only`);
    expect(await page.locator('#area-missing').innerText()).toContain('Substance use');

    // Sorting the table is a link too.
    await visit(page, '/coverage?women=only');
    await act(page, () => page.getByRole('link', { name: /^Needs covered/ }).click());
    const first = await page.locator('#coverage-matrix tbody tr').first().locator('th').innerText();
    expect(first).toBe('Hartlepool');
    await visit(page, '/coverage/priorities');
    // 25 areas a page (all 175 at once were 48,000 px tall on a phone), the rest a link away.
    expect(await page.locator('#priorities tbody tr').count()).toBe(25);
    await act(page, () => page.locator('.govuk-pagination__next a').click());
    expect(await page.locator('#priorities tbody tr').first().locator('td').first().innerText()).toBe('26');
  });
});
