// Issue 12 point 14, the documents a woman receives, as a key worker gets them: her subject access
// export downloaded through her record's own link and read back as a document for her (sections,
// labels, codes and dates in words, no ids), the printed referral summary (who referred her and how
// to reach them, her interpreter need, how to contact her safely) and the printed plan (her key
// worker). At 1280 px and on a 390 px phone, in English and in Arabic; axe checks every page. The
// PDF is English by design for now (pdfkit cannot lay out right-to-left lines): it says so.
import { readFile } from 'node:fs/promises';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { users } from '../../src/platform/auth/schema.ts';
import { createOrganisation, createUser, type TestUser } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';
import { pdfText } from '../support/pdf.ts';

const web = useBrowserApp();
const path = (page: Page) => new URL(page.url()).pathname;
const actorOf = (u: TestUser) => ({ userId: u.id, organisationId: u.organisationId, role: u.role });
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const ISO_TIME = /\d{4}-\d{2}-\d{2}(T\d{2}:\d{2})?/;

const variants = [
  { lang: 'en', width: 1280 },
  { lang: 'en', width: 390 },
  { lang: 'ar', width: 1280 },
  { lang: 'ar', width: 390 },
] as const;

/** Downloads what a link on the page points at, as the browser does when she clicks it. */
async function download(page: Page, link: string): Promise<Buffer> {
  const started = page.waitForEvent('download');
  await page.locator(link).click();
  const file = await (await started).path();
  return readFile(file);
}

describe('documents she receives', { timeout: 240_000 }, () => {
  it.each(variants)('in $lang at $width px', async ({ lang, width }) => {
    const tr = (key: string, values?: Record<string, unknown>) => web.text(lang, key, values);
    const en = (key: string, values?: Record<string, unknown>) => web.text('en', key, values);
    const tag = `${lang} ${width}`;
    const partner = await createOrganisation(web.t, `Partner Legal ${tag}`);
    const partnerManager = await createUser(web.t, partner, 'manager');
    const service = await web.t.services.directory.createService(actorOf(partnerManager), {
      name: `Partner Advice Clinic ${tag}`,
      description: 'Immigration advice for women',
    });
    const kw = await createUser(web.t, web.organisationId, 'key_worker');
    // A person's name, so the printed pages can be checked for it (the test users are "Test <role>").
    const kwName = `Amal Haddad ${width}${lang}`;
    await web.t.database.db.update(users).set({ name: kwName }).where(eq(users.id, kw.id));

    const her = `Hodan ${tag}`;
    const id = await web.t.services.participants.register(actorOf(kw), {
      consent: { purposes: ['support', 'contact_sms'], method: 'verbal' },
      names: { preferredName: her, givenName: 'Hodan Abdi', familyName: 'Farah', dateOfBirth: '1988-07-03' },
      contact: {
        contactMethods: ['sms', 'in_person'],
        safeTimes: 'Tuesday mornings',
        neverContactAtHome: true,
        phone: '07700 900456',
        email: null,
      },
      languages: {
        languages: ['Somali', 'Arabic'],
        interpreterNeeded: true,
        interpreterLanguage: 'Somali',
        englishLevel: 'entry_1',
      },
    });
    await web.t.services.participants.recordConsent(actorOf(kw), id, {
      purpose: 'share_organisation',
      organisationId: partner,
      given: true,
      method: 'verbal',
    });
    const referral = await web.t.services.casework.createReferral(actorOf(kw), id, {
      serviceId: service.id,
      sections: ['names', 'languages'],
      note: 'Needs advice on family reunion',
      agreed: false,
    });
    await web.t.services.casework.addGoal(actorOf(kw), id, {
      goal: 'Understand her immigration options',
      domains: ['immigration_advice'],
    });

    const page = await web.newPage({ viewport: { width, height: 844 } });
    await signInAs(page, kw, { from: `/sign-in?lang=${lang}&next=/participants/${id}` });
    expect(path(page)).toBe(`/participants/${id}`);
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);

    // Her subject access export, through the record's own link.
    const pdfLink = page.locator(`a[href="/participants/${id}/export.pdf"]`);
    expect(await shown(pdfLink)).toBe(tr('participants.export.pdfLink'));
    // The link is not translated yet either: in an Arabic page it says it is English (WCAG 3.1.2).
    if (lang === 'ar')
      expect(
        await pdfLink.evaluate((a) =>
          (a.querySelector('[lang]') ?? a.closest('[lang]'))?.getAttribute('lang'),
        ),
      ).toBe('en');
    const pdf = await download(page, `a[href="/participants/${id}/export.pdf"]`);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const raw = pdf.toString('latin1');
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/S \/H2/);
    // In English whatever the page's language (her languages are Somali and Arabic), and it says so.
    expect(raw).toContain('/Lang (en-GB)');
    const text = pdfText(pdf);
    if (process.env.SHOW_PDF) console.log(text);
    expect(text).toContain(en('participants.export.pdfTitle', { name: her }));
    expect(text).toContain('This copy is in English');
    for (const s of ['participant', 'consents', 'referrals', 'plan', 'accessLog'])
      expect(text, `section ${s}`).toContain(en(`participants.export.sections.${s}`));
    expect(text).toContain(`${en('participants.export.fields.englishLevel')}: ESOL Entry 1`);
    expect(text).toContain(`${en('participants.export.fields.keyWorkerName')}: ${kwName}`);
    expect(text).toContain(en('participants.codes.purposes.contact_sms'));
    expect(text).toContain('3 July 1988');
    expect(text).toContain(`Partner Advice Clinic ${tag}`);
    // Whom she agreed to share with, and who used her record, by name (the ids are not printed).
    expect(text).toContain(`Organisation: Partner Legal ${tag}`);
    expect(text).toContain('Organisation: Journeys Test Partnership');
    expect(text).not.toContain('Answer unseen');
    expect(text).not.toMatch(UUID);
    expect(text).not.toMatch(ISO_TIME);
    // No field names (camelCase) or stored codes (snake_case, dotted actions) left in her copy.
    const words = text.replace(/\S+@\S+/g, '');
    expect(words).not.toMatch(/\b[a-z]+[A-Z][A-Za-z]*\b/);
    expect(words).not.toMatch(/\b[a-z]+_[a-z0-9_]+\b/);
    expect(words).not.toMatch(/\b[a-z]+\.[a-z_]+\b/);

    // The printed referral summary: from the referral's page, by its link.
    await visit(page, `/referrals/${referral.id}`);
    await act(page, () => page.locator(`a[href="/referrals/${referral.id}/summary"]`).click());
    expect(path(page)).toBe(`/referrals/${referral.id}/summary`);
    const summary = await shown(page.locator('main'));
    expect(summary).toContain(tr('casework.summary.referrer'));
    expect(summary).toContain(
      tr('casework.summary.referrerIs', { name: kwName, organisation: 'Journeys Test Partnership' }),
    );
    expect(summary).toContain(tr('casework.summary.reachReferrer'));
    expect(summary).toContain(kw.email);
    expect(summary).toContain(tr('casework.summary.interpreterIn', { language: 'Somali' }));
    expect(summary).toContain(tr('casework.summary.safeContact'));
    expect(summary).toContain(tr('participants.safeContact.neverAtHome'));
    expect(summary).toContain('Tuesday mornings');
    expect(summary).toContain(tr('participants.codes.contactMethods.sms'));
    expect(summary).toContain('Needs advice on family reunion');

    // The printed plan: from her plan, by its button; it names her key worker and how to reach her.
    await visit(page, `/participants/${id}/plan`);
    await act(page, () => page.locator(`a[href="/participants/${id}/plan/print"]`).click());
    expect(path(page)).toBe(`/participants/${id}/plan/print`);
    expect(await shown(page.locator('#plan-key-worker'))).toContain(
      tr('casework.plan.keyWorker', {
        name: kwName,
        organisation: 'Journeys Test Partnership',
        email: kw.email,
      }),
    );
    expect(await shown(page.locator('main'))).toContain('Understand her immigration options');
  });
});
