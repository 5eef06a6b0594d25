// A key worker registers a woman with her consent, completes an assessment with her, builds her plan
// and refers her to a partner's service; the partner's key worker accepts and sees only what was
// shared; a drop-in register adds a walk-in. axe checks every page on the way.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { needDomains } from '../../src/modules/casework/assessment.ts';
import { scales } from '../../src/modules/casework/schema.ts';
import { createOrganisation, createUser } from '../support/app.ts';
import { act, shown, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const en = (key: string, values?: Record<string, unknown>) => web.text('en', key, values);
const submit = (page: Page) =>
  act(page, () => page.locator('#main-content form[method="post"] button[type="submit"]').first().click());
const path = (page: Page) => new URL(page.url()).pathname;

describe('casework journey', { timeout: 240_000 }, () => {
  it('assessment, plan, referral accepted by a partner who sees only what was shared, and a walk-in', async () => {
    const partner = await createOrganisation(web.t, 'Journey Partner Skills');
    const kw = await createUser(web.t, web.organisationId, 'key_worker');
    const partnerKw = await createUser(web.t, partner, 'key_worker');
    const service = await web.t.services.directory.createService(
      { userId: partnerKw.id, organisationId: partner, role: 'key_worker' },
      { name: 'Journey Employability Club', description: 'CVs and interviews' },
    );

    const page = await web.newPage();
    await signInAs(page, kw, { from: '/sign-in?next=/participants/register' });
    await page.getByLabel(en('participants.codes.purposes.support')).check();
    await page.getByLabel(en('participants.codes.consentMethods.verbal')).check();
    await submit(page);
    await page.getByLabel(en('participants.fields.preferredName')).fill('Journey Nadia');
    await page.getByLabel(en('participants.fields.familyName')).fill('Casework-Test');
    await page.locator('#neverContactAtHome').check();
    await page.getByLabel(en('participants.fields.phone')).fill('07700 900555');
    await page.locator('#interpreterNeeded-2').check();
    await submit(page);
    const id = path(page).split('/').pop()!;
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    // Her consent to sharing with the partner, as recorded from her record.
    await web.t.services.participants.recordConsent(
      { userId: kw.id, organisationId: web.organisationId, role: 'key_worker' },
      id,
      { purpose: 'share_organisation', organisationId: partner, given: true, method: 'verbal' },
    );

    // Assessment with her.
    await act(page, () =>
      page
        .getByRole('link', { name: en('casework.nav.assessments') })
        .first()
        .click(),
    );
    await act(page, () => page.getByRole('button', { name: en('casework.assessment.new') }).click());
    await page
      .getByLabel(en('casework.assessment.strengths'))
      .fill('Patient, organised, speaks Dari and Pashto');
    for (const s of scales) await page.locator(`#scale-${s}`).fill('4');
    // Nothing is answered for her: each need is chosen (here, not asked yet).
    for (const d of needDomains) await page.locator(`input[name="need-${d}"][value="not_asked"]`).check();
    await submit(page);
    expect(await shown(page.locator('main'))).toContain('Patient, organised');
    await visit(page, `/participants/${id}/assessments`);
    expect(await page.locator('svg[role="img"]').count()).toBe(1);

    // Her plan.
    await visit(page, `/participants/${id}/plan/goals/new`);
    await page.getByLabel(en('casework.plan.goal')).fill('I want to work in a nursery');
    await page.getByLabel(en('casework.domains.employment'), { exact: true }).check();
    await submit(page);
    await act(page, () =>
      page
        .getByRole('link', { name: new RegExp(en('casework.plan.addStep')) })
        .first()
        .click(),
    );
    await page.getByLabel(en('casework.plan.step'), { exact: true }).fill('Apply for the childcare course');
    await page.getByLabel(en('casework.owners.her'), { exact: true }).check();
    await submit(page);
    // Progress agreed with her: the step is done, and she is still working on the goal.
    await act(page, () =>
      page
        .getByRole('link', { name: new RegExp(en('casework.planProgress.update')) })
        .first()
        .click(),
    );
    await page.getByLabel('Apply for the childcare course', { exact: true }).check();
    await page.getByLabel(en('casework.planProgress.statuses.open'), { exact: true }).check();
    await submit(page);
    expect(path(page)).toBe(`/participants/${id}/plan`);
    expect(await shown(page.locator('main'))).toContain(en('casework.planProgress.saved'));
    await visit(page, `/participants/${id}/plan/print`);
    expect(await shown(page.locator('main'))).toContain('Apply for the childcare course');
    expect(await shown(page.locator('main'))).toContain(en('casework.planProgress.statuses.open'));

    // Referral to the partner's service, sharing her names only.
    await visit(page, `/participants/${id}/referrals/new?serviceId=${service.id}`);
    await page.getByLabel(en('casework.sections.names'), { exact: true }).check();
    await page.getByLabel(en('casework.referral.note')).fill('Would like help with a CV');
    await submit(page);
    expect(path(page)).toMatch(/^\/referrals\//);
    const referralPath = path(page);

    // A drop-in register adds a walk-in.
    await visit(page, '/drop-ins/new');
    await page.locator('#place').fill('Journey community hall');
    await page.locator('#date-day').fill('2');
    await page.locator('#date-month').fill('6');
    await page.locator('#date-year').fill('2099');
    await page.locator('#startTime').fill('10:00');
    await page.locator('#endTime').fill('12:00');
    await submit(page);
    await page.locator('#preferredName').fill('Journey Walk-in');
    await page.locator('#supportConsent').check();
    // How she gave consent is not chosen for her: the key worker says.
    await page.locator('input[name="method"][value="verbal"]').check();
    await page.locator('#neverContactAtHome-2').check();
    await submit(page);
    expect(await shown(page.locator('main'))).toContain('Journey Walk-in');

    // The partner's key worker answers in the inbox (a new visitor)
    // and sees only her names.
    const partnerPage = await web.newPage();
    await signInAs(partnerPage, partnerKw, { from: '/sign-in?next=/referrals/inbox' });
    await act(partnerPage, () =>
      partnerPage.getByRole('link', { name: 'Journey Employability Club' }).click(),
    );
    expect(path(partnerPage)).toBe(referralPath);
    await act(partnerPage, () =>
      partnerPage.getByRole('button', { name: en('casework.referral.moveTo.accepted') }).click(),
    );
    await act(partnerPage, () =>
      partnerPage.getByRole('link', { name: en('casework.referral.sharedRecord') }).click(),
    );
    const shared = await shown(partnerPage.locator('main'));
    expect(shared).toContain('Casework-Test');
    expect(shared).not.toContain('07700 900555');
    expect(shared).not.toContain('Patient, organised');
    expect(shared).not.toContain('I want to work in a nursery');
  });
});
