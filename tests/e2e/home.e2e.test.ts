// Issue 12 point 10: a key worker's and a manager's home pages, on a laptop (1280 px) and a phone
// (390 px), in English and Arabic: the panels are there, nothing runs wider than the screen, and
// axe checks every page. The manager hands two women from one key worker to another.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { dropInSessions, referrals } from '../../src/modules/casework/schema.ts';
import { participants } from '../../src/modules/participants/schema.ts';
import { createUser, registerWalkIn, type TestUser } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const LAPTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };
const pageWidth = (page: Page) => page.locator('html').evaluate((el) => el.scrollWidth);
const headings = (page: Page) => page.locator('.app-home-panel h2').allInnerTexts();

let kw: TestUser;
let kw2: TestUser;
let manager: TestUser;
let amal: string;
let beti: string;
beforeAll(async () => {
  kw = await createUser(web.t, web.organisationId, 'key_worker');
  kw2 = await createUser(web.t, web.organisationId, 'key_worker');
  manager = await createUser(web.t, web.organisationId, 'manager');
  amal = await registerWalkIn(web.t, kw, 'Journey Amal');
  beti = await registerWalkIn(web.t, kw, 'Journey Beti');
  const { db } = web.t.database;
  await db
    .update(participants)
    .set({ lastContactAt: new Date(Date.now() - 40 * 86_400_000) })
    .where(eq(participants.id, amal));
  await db.insert(dropInSessions).values({
    organisationId: web.organisationId,
    place: 'Journey Community Hall',
    startsAt: new Date(),
    endsAt: new Date(Date.now() + 3_600_000),
    capacity: 12,
  });
  await db.insert(referrals).values({
    participantId: beti,
    organisationId: web.organisationId,
    serviceId: crypto.randomUUID(),
    serviceName: 'Journey Legal Advice',
    status: 'accepted',
    sentAt: new Date(Date.now() - 3 * 86_400_000),
    answeredAt: new Date(Date.now() - 86_400_000),
  });
}, 60_000);

/** The home page at each width, in English then Arabic: the panels, and nothing wider than the screen. */
async function everyLayout(page: Page, expected: { en: string[]; ar: string[] }) {
  for (const viewport of [LAPTOP, PHONE])
    for (const lang of ['en', 'ar'] as const) {
      await page.setViewportSize(viewport);
      await visit(page, `/?lang=${lang}`);
      expect(await page.locator('html').getAttribute('lang')).toBe(lang);
      const shownHeadings = await headings(page);
      for (const h of expected[lang]) expect(shownHeadings, `${lang} ${viewport.width}`).toContain(h);
      expect(await pageWidth(page), `${lang} at ${viewport.width} px`).toBeLessThanOrEqual(viewport.width);
    }
  await visit(page, '/?lang=en');
}

describe('staff home pages', { timeout: 240_000 }, () => {
  it('a key worker’s day: today, answers, and the women she has not heard from', async () => {
    const page = await web.newPage();
    await signInAs(page, kw);
    const main = page.locator('main');
    expect(await shown(main)).toContain('Journey Community Hall');
    expect(await shown(main)).toContain('Journey Legal Advice');
    expect(await shown(page.locator('section[aria-labelledby="home-not-contacted"]'))).toContain(
      'Journey Amal',
    );
    await everyLayout(page, {
      en: [web.text('en', 'caseworkHome.dropIns.title'), web.text('en', 'caseworkHome.answered.title')],
      ar: [web.text('ar', 'caseworkHome.dropIns.title'), web.text('ar', 'caseworkHome.answered.title')],
    });
    // From her home to the whole directory (point 11), on a phone and in Arabic too.
    await act(page, () => page.locator('#main-content a[href="/directory"]').click());
    for (const lang of ['en', 'ar']) {
      await page.setViewportSize(PHONE);
      await visit(page, `/directory?area=all&wayfinder=yes&lang=${lang}`);
      expect(await shown(page.locator('#browse-total'))).not.toBe('');
      expect(await pageWidth(page), `directory, ${lang}`).toBeLessThanOrEqual(PHONE.width);
    }
  });

  it('a manager’s week: the organisation, caseloads, and a hand-over of two women', async () => {
    const page = await web.newPage();
    await signInAs(page, manager);
    const caseloads = web.text('en', 'participantsHome.caseloads.title');
    await everyLayout(page, {
      en: [caseloads, web.text('en', 'caseworkHome.waiting.title')],
      ar: [web.text('ar', 'participantsHome.caseloads.title'), web.text('ar', 'caseworkHome.waiting.title')],
    });
    // Hand over, on a phone.
    await page.setViewportSize(PHONE);
    await act(page, () => page.locator(`a[href="/caseload/hand-over?from=${kw.id}"]`).click());
    expect(await pageWidth(page)).toBeLessThanOrEqual(PHONE.width);
    await page.getByLabel('Journey Amal').check();
    await page.getByLabel('Journey Beti').check();
    await page.locator('#toUserId').selectOption(kw2.id);
    await act(page, () => page.locator('#main-content form[method="post"] button[type="submit"]').click());
    expect(new URL(page.url()).pathname).toBe('/');
    expect(await shown(page.locator('.govuk-notification-banner'))).toContain(
      web.text('en', 'participants.handOver.done', { count: '2' }),
    );
    const [row] = await web.t.database.db
      .select({ kw: participants.keyWorkerUserId })
      .from(participants)
      .where(eq(participants.id, amal));
    expect(row?.kw).toBe(kw2.id);
  });
});
