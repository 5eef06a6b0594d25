// Practice self-assessment and the commissioner's view (issue 16): a provider's manager rates every
// point of the Mapping the Maze model with evidence, adds an action and completes the year; a
// commissioner sees it side by side with another provider's, downloads it for a tender, and opens
// the commissioning overview. axe checks every page on the way, at 1280 px and at 390 px.
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { areas } from '../../src/modules/commissioning/model.ts';
import { createOrganisation, createUser } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const main = (page: Page) => page.locator('#main-content');
const submitForm = (page: Page, action: string) =>
  act(page, () => page.locator(`form[action="${action}"] button`).first().click());

describe('practice self-assessment journey', { timeout: 300_000 }, () => {
  it('a manager completes a self-assessment with evidence and an action; a commissioner compares and exports it', async () => {
    const t = web.t;
    const manager = await createUser(t, web.organisationId, 'manager');
    const council = await createOrganisation(t, 'Journey Council');
    const commissioner = await createUser(t, council, 'commissioner');
    // Another provider completed its self-assessment already (through the service, as its manager).
    const other = await createOrganisation(t, 'Journey Riverside');
    const otherManager = await createUser(t, other, 'manager');
    const actor = { userId: otherManager.id, organisationId: other, role: 'manager' as const };
    await t.services.commissioning.startYear(actor, 2026);
    for (const area of areas)
      await t.services.commissioning.saveArea(
        actor,
        2026,
        area.code,
        area.points.map((p) => ({
          point: `${area.code}.${p}`,
          rating: 'partly',
          evidence: 'Riverside evidence',
        })),
      );
    await t.services.commissioning.complete(actor, 2026);

    // The manager, on a phone-width screen: open the year, rate every area, add an action, complete.
    const m = await web.newPage({ viewport: { width: 390, height: 844 } });
    await signInAs(m, manager);
    await visit(m, '/self-assessment');
    await m.locator('#year').fill('2026');
    await submitForm(m, '/self-assessment');
    expect(new URL(m.url()).pathname).toBe('/self-assessment/2026');
    for (const area of areas) {
      await visit(m, `/self-assessment/2026/${area.code}`);
      for (const [i, p] of area.points.entries()) {
        await m
          .locator(`input[name="${area.code}-${p}-rating"][value="${i % 2 ? 'fully' : 'mostly'}"]`)
          .check();
        await m.locator(`#${area.code}-${p}-evidence`).fill(`Journey evidence: ${area.code} ${p}`);
      }
      await submitForm(m, `/self-assessment/2026/${area.code}`);
      expect(new URL(m.url()).pathname).toBe('/self-assessment/2026');
    }
    await m.locator('#point').selectOption('environment.women-only');
    await m.locator('#action').fill('Open a women-only room on Tuesdays');
    await m.locator('#owner').fill('Service manager');
    await m.locator('#dueOn-day').fill('31');
    await m.locator('#dueOn-month').fill('3');
    await m.locator('#dueOn-year').fill('2027');
    await submitForm(m, '/self-assessment/2026/actions');
    await expect(main(m).innerText()).resolves.toContain('Open a women-only room on Tuesdays');
    await submitForm(m, '/self-assessment/2026/complete');
    await expect(main(m).innerText()).resolves.toContain(web.text('en', 'commissioning.year.completed'));

    // The commissioner: side by side, both downloads, and the overview.
    const c = await web.newPage();
    await signInAs(c, commissioner);
    await visit(c, '/self-assessment/partnership');
    const table = await main(c).locator('table').first().innerText();
    expect(table).toContain('Journeys Test Partnership');
    expect(table).toContain('Journey Riverside');
    expect(table).toContain('7 of 7 in place');
    expect(table).toContain('0 of 7 in place');
    const csvDownload = c.waitForEvent('download');
    await c.getByRole('link', { name: web.text('en', 'commissioning.partnership.csv') }).click();
    const csv = readFileSync((await (await csvDownload).path()) as string, 'utf8');
    expect(csv).toContain('Journey evidence: ethos knowledge');
    expect(csv).toContain('Riverside evidence');
    const xlsxDownload = c.waitForEvent('download');
    await c.getByRole('link', { name: web.text('en', 'commissioning.partnership.xlsx') }).click();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile((await (await xlsxDownload).path()) as string);
    expect(wb.worksheets[2]?.getRow(2).values).toContain('Open a women-only room on Tuesdays');

    await visit(c, '/commissioning');
    await expect(main(c).locator('h1').innerText()).resolves.toBe(
      web.text('en', 'commissioning.overview.title'),
    );
    expect(
      await main(c)
        .getByRole('link', { name: web.text('en', 'commissioning.overview.outcomesLink') })
        .count(),
    ).toBe(1);
    // The same overview in Arabic, right to left.
    await visit(c, '/commissioning?lang=ar');
    await expect(c.locator('html').getAttribute('dir')).resolves.toBe('rtl');
  });
});
