// A key worker registers a woman with her consent, completes her record, and a walk-in is registered
// in seconds; a manager sees the caseloads. axe checks every page on the way.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const en = (key: string, values?: Record<string, unknown>) => web.text('en', key, values);
const submit = (page: Page) =>
  act(page, () => page.locator('#main-content form button[type="submit"]').first().click());
const path = (page: Page) => new URL(page.url()).pathname;

describe('her record', { timeout: 180_000 }, () => {
  it('registers her consent first, then her details, and shows her record with the safe-contact warning', async () => {
    const kw = await createUser(web.t, web.organisationId, 'key_worker');
    const page = await web.newPage();
    await signInAs(page, kw, { from: '/sign-in?next=/caseload' });
    expect(await shown(page.locator('h1'))).toBe(en('participants.caseload.title'));

    await act(page, () => page.getByRole('button', { name: en('participants.register.start') }).click());
    expect(await shown(page.locator('h1'))).toBe(en('participants.register.consentTitle'));
    // Without consent to support, she cannot be registered: the error is shown and focusable.
    await page.getByLabel(en('participants.codes.purposes.contact_sms')).check();
    await page.getByLabel(en('participants.codes.consentMethods.verbal')).check();
    await submit(page);
    expect(await shown(page.locator('.govuk-error-summary'))).toContain(
      en('participants.errors.supportConsentMissing'),
    );
    await page.getByLabel(en('participants.codes.purposes.support')).check();
    await submit(page);
    expect(path(page)).toBe('/participants/register/details');

    await page.getByLabel(en('participants.fields.preferredName')).fill('Journey Jamila');
    await page.getByLabel(en('participants.fields.familyName')).fill('Browser-Test');
    await page.locator('#neverContactAtHome').check();
    await page.getByLabel(en('participants.codes.contactMethods.sms')).check();
    await page.getByLabel(en('participants.fields.safeTimes')).fill('Weekday mornings');
    await page.getByLabel(en('participants.fields.phone')).fill('07700 900999');
    await page.getByLabel(en('participants.fields.languages')).fill('Arabic, Kurdish');
    await page.locator('#interpreterNeeded-2').check();
    await submit(page);
    expect(path(page)).toMatch(/^\/participants\/[0-9a-f-]{36}$/);
    expect(await shown(page.locator('h1'))).toContain('Journey Jamila');
    expect(await shown(page.locator('.govuk-warning-text'))).toContain(
      en('participants.safeContact.neverAtHome'),
    );

    // Change a section: a wrong value is shown with the input kept; then saved.
    await act(page, () =>
      page
        // govuk-frontend names a card's action after its card: "Change (Home area, …)".
        .getByRole('link', { name: `${en('common.change')} (${en('participants.sections.circumstances')})` })
        .click(),
    );
    // Her area is chosen by name from the list; a wrong entry elsewhere keeps the choice.
    await page.getByLabel(en('participants.fields.homeAreaCode')).selectOption({ label: 'Leeds' });
    await page.getByLabel(en('participants.fields.careCommitments')).fill('Two children at school');
    await page.locator('#schoolHoursOnly').check();
    await page.locator('#travelLimitMinutes').fill('9999');
    await submit(page);
    expect(await shown(page.locator('.govuk-error-summary'))).toContain(en('participants.errors.minutes'));
    expect(await page.getByLabel(en('participants.fields.homeAreaCode')).inputValue()).toBe('E08000035');
    expect(await page.getByLabel(en('participants.fields.careCommitments')).inputValue()).toBe(
      'Two children at school',
    );
    await page.locator('#travelLimitMinutes').fill('45');
    await submit(page);
    expect(await shown(page.locator('.govuk-notification-banner'))).toContain(en('participants.edit.saved'));

    // Her special-category section, then her status.
    await act(page, () =>
      page
        .getByRole('link', { name: `${en('common.change')} (${en('participants.sections.special')})` })
        .click(),
    );
    await page.getByLabel(en('participants.fields.immigrationStatus')).selectOption('refugee');
    await submit(page);
    expect(await shown(page.locator('main'))).toContain(en('participants.codes.immigrationStatuses.refugee'));
    await act(page, () => page.getByRole('link', { name: en('participants.status.pauseLink') }).click());
    await page.getByLabel(en('participants.codes.reasons.caring')).check();
    await submit(page);
    expect(await shown(page.locator('h1'))).toContain(en('participants.codes.statuses.paused'));
  });

  it('registers a walk-in in seconds, finds her by name, and a manager sees the caseloads', async () => {
    const kw = await createUser(web.t, web.organisationId, 'key_worker');
    const page = await web.newPage();
    await signInAs(page, kw, { from: '/sign-in?next=/participants/quick' });
    await page.getByLabel(en('participants.fields.preferredName')).fill('Walk-in Wafa');
    await page.getByLabel(en('participants.codes.purposes.support')).check();
    await page.getByLabel(en('participants.codes.consentMethods.verbal')).check();
    await page.locator('#neverContactAtHome-2').check();
    await submit(page);
    expect(await shown(page.locator('.govuk-notification-banner').first())).toContain(
      en('participants.quick.done'),
    );

    await visit(page, '/participants/search?q=wafa');
    expect(await shown(page.locator('main table'))).toContain('Walk-in Wafa');

    const manager = await createUser(web.t, web.organisationId, 'manager');
    const m = await web.newPage();
    await signInAs(m, manager, { from: '/sign-in?next=/caseload' });
    expect(await shown(m.locator('h1'))).toBe(en('participants.caseload.organisationTitle'));
    await act(m, () => m.locator(`a[href="/caseload?keyWorker=${kw.id}"]`).click());
    expect(await shown(m.locator('main'))).toContain('Walk-in Wafa');
  });
});
