// Proving impact (issue 16): a commissioner builds a funder report for one programme, broken down
// by age band, reads each figure's rule and n beside it, and downloads the accessible PDF; a key
// worker records an outcome on her record, with the errors beside the fields first. axe checks
// every page; the main pages are photographed at 1280 and 390 px, in English and Arabic.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, walkInForm } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const main = (page: Page) => page.locator('#main-content');
const SHOTS = '/work/shots/s5-outcomes';

async function shoot(page: Page, name: string) {
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: `${SHOTS}/${name}-${width}.png`, fullPage: true }).catch(() => {});
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

describe('outcomes journey', { timeout: 300_000 }, () => {
  it('a commissioner builds a programme report and downloads its PDF; a key worker records an outcome', async () => {
    const t = web.t;
    const commissioner = await createUser(t, web.organisationId, 'commissioner');
    // A programme year: 30 women completed, 22 started a job or course within six months.
    const org = web.organisationId;
    const { rows } = await t.database.pool.query<{ id: string }>(
      "insert into mentoring_programmes (organisation_id, name) values ($1, 'Journey mentoring') returning id",
      [org],
    );
    const programme = rows[0]!.id;
    const women = await t.database.pool.query<{ id: string }>(
      `insert into participants (organisation_id, preferred_name, date_of_birth, languages)
       select $1, 'Journey woman ' || i, date '1975-01-01' + i * 300, array['Arabic'] from generate_series(1, 30) i returning id`,
      [org],
    );
    const on = (days: number) => new Date(Date.now() - days * 86_400_000).toISOString().slice(0, 10);
    for (const [i, w] of women.rows.entries()) {
      const base = { participantId: w.id, recordedBy: null };
      await t.services.outcomes.recordEvent({
        ...base,
        kind: 'programme_completed',
        occurredOn: on(200),
        source: 'mentoring',
        sourceRef: `j-${i}`,
        details: { programmeId: programme },
      });
      if (i < 22)
        await t.services.outcomes.recordEvent({
          ...base,
          kind: i % 2 ? 'job_started' : 'course_started',
          occurredOn: on(150),
          source: 'staff',
          sourceRef: `s-${i}`,
        });
    }

    for (const lang of ['en', 'ar']) {
      const c = await web.newPage();
      await signInAs(c, commissioner, { from: `/sign-in?lang=${lang}&next=/reports` });
      await visit(c, '/reports');
      await c.locator('#programme').selectOption(programme);
      await c.locator('#breakdown').selectOption('age_band');
      await act(c, () => c.locator('form.wf-report-filters button').click());
      expect(new URL(c.url()).searchParams.get('programme')).toBe(programme);
      const text = await main(c).innerText();
      expect(text).toMatch(/\d+%/);
      await shoot(c, `reports-${lang}`);
      if (lang === 'en') {
        expect(text).toContain('Started a job or course within 6 months of completing mentoring');
        const download = c.waitForEvent('download');
        await c.locator('a[href^="/reports.pdf"]').click();
        const file = await (await download).path();
        const { readFileSync } = await import('node:fs');
        expect(readFileSync(file!).subarray(0, 5).toString()).toBe('%PDF-');
        await act(c, () => c.locator('a[href="/outcomes/definitions"]').click());
        await shoot(c, 'definitions-en');
      }
      await c.close();
    }

    const kw = await createUser(t, web.organisationId, 'key_worker');
    const actor = { userId: kw.id, organisationId: web.organisationId, role: 'key_worker' as const };
    const her = await t.services.participants.quickRegister(actor, walkInForm('Journey Hana'));
    const k = await web.newPage();
    await signInAs(k, kw);
    await visit(k, `/participants/${her}/outcomes`);
    await act(k, () => k.locator(`form[action="/participants/${her}/outcomes"] button`).click());
    await expect(main(k).innerText()).resolves.toContain('Choose an outcome');
    await shoot(k, 'her-errors-en');
    await k.locator('#kind').selectOption('course_started');
    await k.locator('#occurredOn-day').fill('3');
    await k.locator('#occurredOn-month').fill('11');
    await k.locator('#occurredOn-year').fill('2026');
    await act(k, () => k.locator(`form[action="/participants/${her}/outcomes"] button`).click());
    await expect(main(k).innerText()).resolves.toContain('Started a course');
    await shoot(k, 'her-en');
  });
});
