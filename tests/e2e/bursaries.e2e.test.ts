// Bursaries (issue 15): a mentee applies with her mentor (fees, resources, childcare and travel); a
// panel member who tries to decline before the interview is refused with the reason; the interview
// is recorded; an award with one line cut; the payment to the course provider is recorded with its
// receipt; at 3 months (the start-window job run on that day) a reminder appears on her mentor's
// home page; the course start is recorded; the fund's totals add up. axe checks every page; the
// mentor works on a 390 px phone, the panel at 1280 px.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addMonths } from '../../src/modules/bursaries/start-window.ts';
import { createUser, walkInForm } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
const main = (page: Page) => page.locator('#main-content');
const submitForm = (page: Page, action: string, button?: string) =>
  act(page, () =>
    page
      .locator(`form[action="${action}"] button${button ? `[value="${button}"]` : ''}`)
      .first()
      .click(),
  );
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
const fillDate = async (page: Page, name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  await page.locator(`#${name}-day`).fill(String(Number(d)));
  await page.locator(`#${name}-month`).fill(String(Number(m)));
  await page.locator(`#${name}-year`).fill(y!);
};

describe('bursary journey', { timeout: 300_000 }, () => {
  it('applies with her mentor, is heard before any decline, is awarded in part, paid, reminded and starts', async () => {
    const t = web.t;
    const org = web.organisationId;
    const manager = await createUser(t, org, 'manager');
    const panellist = await createUser(t, org, 'key_worker');
    const kw = await createUser(t, org, 'key_worker');
    const mentorUser = await createUser(t, org, 'mentor');
    const kwActor = { userId: kw.id, organisationId: org, role: 'key_worker' as const };
    const her = await t.services.participants.quickRegister(kwActor, walkInForm('Journey Hodan'));
    await t.services.participants.recordConsent(kwActor, her, {
      purpose: 'bursary',
      organisationId: null,
      given: true,
      method: 'verbal',
    });
    // Her mentoring as its tables hold it: a programme, its cohort, her enrolment and her live pair.
    const q = <T extends Record<string, unknown>>(text: string, values: unknown[]) =>
      t.database.pool.query<T>(text, values).then((r) => r.rows[0]!);
    const programme = await q<{ id: string }>(
      "insert into mentoring_programmes (organisation_id, name) values ($1, 'Journey programme') returning id",
      [org],
    );
    const cohort = await q<{ id: string }>(
      `insert into mentoring_cohorts (organisation_id, programme_id, name, starts_on, ends_on, capacity)
       values ($1, $2, 'Journey cohort', '2026-01-01', '2027-12-31', 10) returning id`,
      [org, programme.id],
    );
    const mentee = await q<{ id: string }>(
      `insert into mentoring_mentees (organisation_id, participant_id, cohort_id, status, chosen_name, shared_fields)
       values ($1, $2, $3, 'matched', 'Hodan', '{chosen_name}') returning id`,
      [org, her, cohort.id],
    );
    const mentorRow = await q<{ id: string }>(
      `insert into mentoring_mentors (organisation_id, user_id, status, name, email)
       values ($1, $2, 'approved', 'Journey Mentor', $3) returning id`,
      [org, mentorUser.id, mentorUser.email],
    );
    await q(
      `insert into mentoring_pairs (organisation_id, cohort_id, mentee_id, mentor_id, status, published_at)
       values ($1, $2, $3, $4, 'published', now()) returning id`,
      [org, cohort.id, mentee.id, mentorRow.id],
    );
    const managerActor = { userId: manager.id, organisationId: org, role: 'manager' as const };
    const fundId = await t.services.bursaries.createFund(managerActor, {
      name: 'Journey Futures Fund',
      funderOrganisationId: null,
      funderName: 'Journey Foundation',
      budgetPence: 5_500_000,
      maxAwardPence: 500_000,
      eligibleCategories: ['course_fees', 'books_resources', 'equipment', 'childcare', 'travel', 'exam_fees'],
      eligibleProgrammeIds: [programme.id],
      menteesMayApply: true,
      alumnaeMayApply: true,
      othersMayApply: false,
      criteria: ['need', 'readiness'],
      startWindowMonths: 12,
      opensOn: '2026-01-01',
      closesOn: null,
    });
    await t.services.bursaries.addPanelMember(managerActor, fundId, panellist.id);

    const as = async (user: typeof kw, viewport?: { width: number; height: number }) => {
      const tab = await web.newPage(viewport ? { viewport } : {});
      await signInAs(tab, user);
      return tab;
    };

    // Her mentor, on a phone: the application with her, four cost lines, her consent, sent.
    let m = await as(mentorUser, { width: 390, height: 844 });
    await visit(m, '/bursaries');
    await act(m, () => main(m).locator(`a[href="/bursaries/funds/${fundId}/apply/${her}"]`).click());
    await m.locator('#course').fill('Level 3 Electrical Installation');
    await m.locator('#provider').fill('Journey College');
    await m.locator('#aspiration').fill('To qualify as an electrician');
    await m.locator('input[name="lang"][value="en"]').check();
    await submitForm(m, `/bursaries/funds/${fundId}/apply/${her}`);
    const appPath = new URL(m.url()).pathname;
    expect(appPath).toMatch(/^\/bursaries\/applications\/[0-9a-f-]{36}$/);
    for (const [category, amount] of [
      ['course_fees', '3000'],
      ['books_resources', '400'],
      ['childcare', '900'],
      ['travel', '300'],
    ] as const) {
      await m.locator('#category').selectOption(category);
      await m.locator('#amount').fill(amount);
      await m.locator('#evidence').fill('Quote from Journey College');
      await submitForm(m, `${appPath}/lines`);
    }
    await expect(main(m).innerText()).resolves.toContain('£4,600.00');
    const consent = m.locator('input[name="consentNow"]');
    if (await consent.count()) await consent.first().check();
    await submitForm(m, `${appPath}/submit`);
    await expect(main(m).innerText()).resolves.toMatch(/guaranteed an interview|interview/i);

    // A panel member: no conflict; a decline before the interview is refused, with the reason.
    const p = await as(panellist);
    await visit(p, appPath);
    await p.locator('input[name="conflicted"][value="no"]').check();
    await submitForm(p, `${appPath}/declare`);
    await p.locator('input[name="kind"][value="decline"]').check();
    await p.locator('#reason').fill('Not a priority this round');
    await submitForm(p, `${appPath}/decision`);
    const refused = await main(p).innerText();
    expect(refused).toMatch(/interview/i);
    expect(await p.locator('.govuk-error-summary').count()).toBe(1);

    // The interview is recorded; the award cuts the books line.
    await fillDate(p, 'heldOn', today());
    await p.locator('#interviewers').fill('Panel chair and an adviser');
    await p.locator('#notes').fill('Clear plan; childcare is what stands in her way');
    await submitForm(p, `${appPath}/interview/held`);
    await p.locator('input[name="kind"][value="part"]').check();
    const lineInputs = p.locator('form[action$="/decision"] input[name^="line-"]');
    const n = await lineInputs.count();
    for (let i = 0; i < n; i++) {
      const input = lineInputs.nth(i);
      const label = await p.locator(`label[for="${await input.getAttribute('id')}"]`).innerText();
      if (/books|resources/i.test(label)) await input.fill('0');
      else if (!(await input.inputValue())) {
        const asked = /£([\d,.]+)/.exec(label)?.[1]?.replace(/,/g, '') ?? '0';
        await input.fill(asked);
      }
    }
    await p.locator('#reason').fill('');
    await submitForm(p, `${appPath}/decision`);
    await expect(main(p).innerText()).resolves.toContain('£4,200.00');

    // The manager: the award's page, the fees paid to the provider with the receipt.
    let g = await as(manager);
    await visit(g, appPath);
    await act(g, () => main(g).locator('a[href^="/bursaries/awards/"]').click());
    const awardPath = new URL(g.url()).pathname;
    const fees = await g
      .locator('#costLineId option')
      .filter({ hasText: 'fees' })
      .first()
      .getAttribute('value');
    await g.locator('#costLineId').selectOption(fees!);
    await g.locator('input[name="payee"][value="provider"]').check();
    await g.locator('#amount').fill('3000');
    await g.locator('#reference').fill('INV-JC-2042');
    await fillDate(g, 'scheduledOn', today());
    await submitForm(g, `${awardPath}/payments`);
    const paymentForm = g.locator(`form[action^="${awardPath}/payments/"]`).first();
    await paymentForm.locator('input[name="receiptRef"]').fill('RCPT-9911');
    await act(g, () => paymentForm.locator('button[value="paid"]').click());
    await expect(main(g).innerText()).resolves.toContain('RCPT-9911');

    // Three months on (the start-window job run on that day): the reminder on her mentor's home page.
    const awardId = awardPath.split('/').pop()!;
    const [{ awarded_on: awardedOn }] = (
      await t.database.pool.query<{ awarded_on: string }>(
        'select awarded_on::text from bursary_decisions where id = $1',
        [awardId],
      )
    ).rows as [{ awarded_on: string }];
    await t.services.bursaries.money.runStartWindow(new Date(`${addMonths(awardedOn, 3)}T10:00:00Z`));
    m = await as(mentorUser, { width: 390, height: 844 });
    await visit(m, '/');
    await expect(main(m).innerText()).resolves.toContain('Bursary courses not started');
    await act(m, () => main(m).locator(`a[href="${awardPath}"]`).click());

    // Her mentor records the start of the course.
    await fillDate(m, 'on', today());
    await submitForm(m, `${awardPath}/outcome`);
    await expect(main(m).innerText()).resolves.toContain('Course started');

    // The fund's money: paid £3,000, committed £1,200, nothing lapsed, the rest not yet awarded.
    g = await as(manager);
    await visit(g, `/bursaries/funds/${fundId}/money`);
    const ledger = await main(g).locator('table').first().innerText();
    expect(ledger).toContain('£3,000.00');
    expect(ledger).toContain('£1,200.00');
    expect(ledger).toContain('£50,800.00');
    expect(ledger).toContain('£55,000.00');
    await visit(g, `/bursaries/funds/${fundId}/report`);
    await expect(main(g).innerText()).resolves.toContain('fewer than 5');
  });
});
