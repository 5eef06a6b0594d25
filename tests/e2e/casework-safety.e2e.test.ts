// Issue 12, safety and consent, as a key worker lives it: a walk-in registered with her contact
// consents (nothing chosen for her), an assessment that assumes no answer, a referral that needs her
// consent to share (recorded on the way, her note kept), and the partner's answer reaching the key
// worker. At 1280 px and on a 390 px phone, in English and in Arabic; axe checks every page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { needDomains } from '../../src/modules/casework/assessment.ts';
import { scales } from '../../src/modules/casework/schema.ts';
import { createOrganisation, createUser } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const submit = (page: Page) =>
  act(page, () => page.locator('#main-content form[method="post"] button[type="submit"]').first().click());
const path = (page: Page) => new URL(page.url()).pathname;

const variants = [
  { lang: 'en', width: 1280 },
  { lang: 'en', width: 390 },
  { lang: 'ar', width: 1280 },
  { lang: 'ar', width: 390 },
] as const;

describe('casework safety and consent', { timeout: 240_000 }, () => {
  it.each(variants)('in $lang at $width px', async ({ lang, width }) => {
    const tr = (key: string, values?: Record<string, unknown>) => web.text(lang, key, values);
    const partner = await createOrganisation(web.t, `Partner Skills ${lang} ${width}`);
    const partnerManager = await createUser(web.t, partner, 'manager');
    const partnerKw = await createUser(web.t, partner, 'key_worker');
    const service = await web.t.services.directory.createService(
      { userId: partnerManager.id, organisationId: partner, role: 'manager' },
      { name: `Partner Employability Club ${lang} ${width}`, description: 'CVs and interviews for women' },
    );
    const kw = await createUser(web.t, web.organisationId, 'key_worker');
    const viewport = { width, height: 844 };

    const page = await web.newPage({ viewport });
    await signInAs(page, kw, { from: `/sign-in?lang=${lang}&next=/participants/quick` });
    expect(await page.locator('html').getAttribute('lang')).toBe(lang);

    // Point 3: the walk-in form chooses nothing for her; her contact consents are asked for.
    expect(await page.locator('input[name="method"]:checked').count()).toBe(0);
    const name = `Safety Sara ${lang} ${width}`;
    await page.locator('#preferredName').fill(name);
    await page.locator('input[name="supportConsent"]').check();
    await page.locator('input[name="contactConsents"][value="contact_sms"]').check();
    await page.locator('input[name="method"][value="verbal"]').check();
    await page.locator('#neverContactAtHome-2').check();
    await page.locator('input[name="contactMethods"][value="sms"]').check();
    await page.locator('input[name="contactMethods"][value="phone"]').check();
    await page.locator('#phone').fill('07700 900321');
    await submit(page);
    expect(path(page)).toMatch(/^\/participants\/[0-9a-f-]{36}$/);
    const id = path(page).split('/').pop()!;
    const rule = await shown(page.locator('.app-contact-rule'));
    expect(rule).toContain(
      tr('participants.contactRule.usable', { channels: tr('participants.codes.contactMethods.sms') }),
    );
    expect(rule).toContain(tr('participants.codes.contactMethods.phone'));

    // Point 1: no need is answered for her; each error names its question.
    await visit(page, `/participants/${id}/assessments/new`);
    expect(await page.locator('input[type="radio"]:checked').count()).toBe(0);
    await submit(page);
    const summary = await shown(page.locator('.govuk-error-summary'));
    expect(summary).toContain(tr('casework.errors.needMissing', { domain: 'domestic_abuse' }));
    expect(summary).toContain(tr('casework.errors.scaleFor', { scale: 'confidence' }));
    for (const d of needDomains) await page.locator(`input[name="need-${d}"][value="not_asked"]`).check();
    await page.locator('input[name="need-housing"][value="urgent"]').check();
    for (const s of scales) await page.locator(`#scale-${s}`).fill('5');
    await submit(page);
    expect(path(page)).toMatch(/^\/assessments\//);
    expect(await shown(page.locator('main'))).toContain(tr('casework.needLevels.not_asked'));

    // Point 2: the referral says up front that her consent to share is missing, and the note survives.
    const referral = `/participants/${id}/referrals/new?serviceId=${service.id}`;
    await visit(page, referral);
    expect(await shown(page.locator('.govuk-warning-text'))).toContain(
      tr('casework.referral.consentMissing', { organisation: `Partner Skills ${lang} ${width}` }),
    );
    await page.locator('input[name="sections"][value="names"]').check();
    await page.locator('#note').fill('Wants evening CV help');
    await act(page, () =>
      page.getByRole('button', { name: tr('casework.referral.recordConsentFirst') }).click(),
    );
    expect(path(page)).toBe(`/participants/${id}/consent`);
    expect(await page.locator('input[name="method"]:checked').count()).toBe(0);
    await page.locator('#given').check();
    await page.locator('input[name="method"][value="written"]').check();
    await submit(page);
    expect(path(page)).toBe(`/participants/${id}/referrals/new`);
    expect(await page.locator('#note').inputValue()).toBe('Wants evening CV help');
    await act(page, () => page.getByRole('button', { name: tr('casework.referral.send') }).click());
    expect(path(page)).toMatch(/^\/referrals\/[0-9a-f-]{36}$/);
    const referralUrl = path(page);

    // Point 8: the partner declines, with a reason it must give; the key worker is told.
    const p = await web.newPage({ viewport });
    await signInAs(p, partnerKw, { from: `/sign-in?lang=${lang}&next=${referralUrl}` });
    const decline = () => act(p, () => p.locator('button[name="to"][value="declined"]').click());
    await decline();
    expect(await shown(p.locator('.govuk-error-summary'))).toContain(tr('casework.errors.declineReason'));
    await p.locator('#reason').fill('Course full until spring');
    await decline();
    expect(await shown(p.locator('main'))).toContain('Course full until spring');

    // The key worker's browser (her session was ended by the partner's new page).
    const again = await web.newPage({ viewport });
    await signInAs(again, kw, { from: `/sign-in?lang=${lang}&next=/caseload` });
    const banner = again.locator('.govuk-notification-banner', {
      hasText: tr('participants.caseload.noticesHeading'),
    });
    expect(await shown(banner)).toContain(
      tr('casework.referral.notice.declined', { service: `Partner Employability Club ${lang} ${width}` }),
    );
    await act(again, () => banner.locator(`a[href="${referralUrl}"]`).click());
    expect(await shown(again.locator('main'))).toContain('Course full until spring');
    await visit(again, '/caseload');
    expect(await again.locator(`a[href="${referralUrl}"]`).count()).toBe(0);
  });
});
