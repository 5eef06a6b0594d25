// Into work (issue 13): an employer signs the pledge and posts a school-hours job; a key worker
// records a woman's availability (school hours) and journey limit, sees the job fit and another
// rejected with its named reason, and puts her forward with her consent; the employer sees only
// the shared fields and records an interview and an offer; the key worker records her decline for
// school hours; the report counts it. axe checks every page on the way.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { organisations } from '../../src/platform/auth/schema.ts';
import { createOrganisation, createUser, walkInForm } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const main = (page: Page) => page.locator('#main-content');
const submitForm = (page: Page, action: string) =>
  act(page, () => page.locator(`form[action="${action}"] button`).first().click());

describe('into work journey', { timeout: 300_000 }, () => {
  it('pledge, school-hours job, matching with named reasons, put forward with consent, offer declined for school hours', async () => {
    const t = web.t;
    const hotel = await createOrganisation(t, 'Journey Hotel');
    await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, hotel));
    const employer = await createUser(t, hotel, 'employer');
    const kw = await createUser(t, web.organisationId, 'key_worker');
    const admin = await createUser(t, web.organisationId, 'admin');
    const actor = { userId: kw.id, organisationId: web.organisationId, role: 'key_worker' as const };
    const her = await t.services.participants.quickRegister(actor, walkInForm('Journey Noor'));
    await t.services.participants.recordConsent(actor, her, {
      purpose: 'matching',
      organisationId: null,
      given: true,
      method: 'verbal',
    });

    // The employer: profile, pledge, a school-hours job and an early one.
    // One signed-in person at a time: each new tab starts signed out (tests/support/browser.ts).
    const as = async (user: typeof kw) => {
      const tab = await web.newPage();
      await signInAs(tab, user);
      return tab;
    };
    let e = await as(employer);
    await visit(e, '/employers/profile');
    await e.locator('#sector').fill('Hospitality');
    await e.locator('#size').check();
    await e.locator('#sites').fill('LS1');
    await e.locator('#contactName').fill('Jo Hiring');
    await e.locator('#contactEmail').fill('jo@example.org');
    await submitForm(e, '/employers/profile');
    expect(new URL(e.url()).pathname).toBe('/employers/pledge');
    await e.locator('#level').check();
    await e.locator('input[name="commitments"]').first().check();
    await e.locator('#signedByName').fill('Jo Hiring, HR');
    await e.locator('#publicOptIn').check();
    await submitForm(e, '/employers/pledge');
    await expect(main(e).innerText()).resolves.toContain('waiting for the partnership');

    const post = async (title: string, from: string, to: string) => {
      await visit(e, '/opportunities/new');
      await e.locator('#kind').check();
      await e.locator('#title').fill(title);
      await e.locator('#description').fill('Housekeeping');
      await e.locator('#sector').fill('hospitality');
      await e.locator('#remote').check();
      await e.locator('#postcodeDistrict').fill('LS1');
      await e.locator('#hours-mon-from').fill(from);
      await e.locator('#hours-mon-to').fill(to);
      await e.locator('input[name="contract"][value="part_time"]').check();
      await e.locator('#dbsLevel').check();
      await e.locator('#shareScope').check();
      await submitForm(e, '/opportunities/new');
      expect(new URL(e.url()).pathname).toMatch(/^\/opportunities\/[0-9a-f-]{36}$/);
      return new URL(e.url()).pathname.split('/').pop()!;
    };
    const job = await post('Journey school-hours job', '09:30', '14:30');
    await post('Journey breakfast job', '08:00', '12:00');

    // The key worker: her availability and journey limit, her matches, putting her forward.
    let k = await as(kw);
    await visit(k, `/participants/${her}/work`);
    await k.locator('#skills').fill('cleaning');
    await k.locator('#sectors').fill('hospitality');
    await k.locator('#availability-mon-from').fill('09:15');
    await k.locator('#availability-mon-to').fill('14:45');
    await k.locator('#schoolHoursOnly').check();
    await k.locator('#postcodeDistrict').fill('LS2');
    await k.locator('#maxJourneyMinutes').fill('45');
    await k.locator('#rtwBasis').selectOption('refugee_status');
    await submitForm(k, `/participants/${her}/work`);
    const page = await main(k).innerText();
    expect(page).toContain('Journey school-hours job');
    await k.locator('summary').filter({ hasText: 'why they do not fit her' }).click();
    await expect(main(k).innerText()).resolves.toContain(
      'starts 08:00 — outside her school-hours availability',
    );
    await act(k, () => k.locator(`a[href="/participants/${her}/work/${job}/put-forward"]`).first().click());
    await k.locator('input[name="fields"][value="name"]').check();
    await k.locator('input[name="fields"][value="skills"]').check();
    await k.locator('#consented').check();
    await submitForm(k, `/participants/${her}/work/${job}/put-forward`);
    const putForward = new URL(k.url()).pathname;
    expect(putForward).toMatch(/^\/put-forwards\//);

    // The employer sees only what she shared; records an interview, then an offer.
    e = await as(employer);
    await visit(e, putForward);
    const shared = await main(e).innerText();
    expect(shared).toContain('Journey Noor');
    expect(shared).not.toContain('Refugee status');
    await e.locator('#interviewOn-day').fill('10');
    await e.locator('#interviewOn-month').fill('3');
    await e.locator('#interviewOn-year').fill('2099');
    await e.locator('#interviewTime').fill('10:30');
    await submitForm(e, `${putForward}/stage`);
    await e.locator('#offerOn-day').fill('20');
    await e.locator('#offerOn-month').fill('3');
    await e.locator('#offerOn-year').fill('2099');
    await act(e, () =>
      e
        .locator('form', { has: e.locator('input[name="to"][value="offer"]') })
        .locator('button')
        .click(),
    );

    // She declines: school hours.
    k = await as(kw);
    await visit(k, putForward);
    await k.locator('input[name="reason"][value="school_hours"]').check();
    await act(k, () =>
      k
        .locator('form', { has: k.locator('input[name="to"][value="declined"]') })
        .locator('button')
        .click(),
    );
    await expect(main(k).innerText()).resolves.toContain('Declined by her');

    // The report counts it (small counts suppressed), and the public list waits for the review.
    const a = await as(admin);
    await visit(a, '/reports/employment');
    await expect(main(a).innerText()).resolves.toContain('fewer than 5');
    await visit(a, '/employers');
    await visit(a, '/employers/pledged');
    await visit(a, '/employers/guide');
    await visit(a, '/employers/commitments');
    await visit(a, '/opportunities');

    // The opportunity as her key worker sees it (the women who fit), the digest, and a form's errors.
    k = await as(kw);
    await visit(k, `/opportunities/${job}`);
    await expect(main(k).innerText()).resolves.toContain('Women on your caseload who fit');
    await visit(k, '/opportunities/digest');
    await visit(k, `/participants/${her}/work`);
    await k.locator('#maxJourneyMinutes').fill('2');
    await k.locator('#availability-tue-from').fill('14:00');
    await k.locator('#availability-tue-to').fill('09:00');
    await submitForm(k, `/participants/${her}/work`);
    await expect(k.locator('.govuk-error-summary').innerText()).resolves.toContain(
      'Enter minutes from 5 to 300',
    );
  });
});
