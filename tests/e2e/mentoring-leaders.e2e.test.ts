// Reverse mentoring (issue 14, point 8): the programme manager pairs a partner's leader with an
// alumna and invites them to sign in; the leader chooses a password, sets up their second factor,
// and on a 390 px phone sees only their own pairing (her chosen name), logs a session and answers
// their end survey; every other page refuses them. axe checks every page.

import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { createUser, registerWalkIn } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';
import { startSmtp, type TestSmtp } from '../support/smtp.ts';

let smtp: TestSmtp;
const web = useBrowserApp(async () => {
  smtp = await startSmtp();
  return { mailer: smtp.mailer };
});
afterAll(() => smtp?.close());

const submit = (page: Page, action: string) =>
  act(page, () => page.locator(`#main-content form[action="${action}"] button`).first().click());
const phone = { width: 390, height: 844 };

describe('reverse-mentoring leader journey', { timeout: 300_000 }, () => {
  it('is invited, signs in with a second factor, sees only their pairing, logs a session and answers the survey', async () => {
    const t = web.t;
    const manager = await createUser(t, web.organisationId, 'manager');
    const kw = await createUser(t, web.organisationId, 'key_worker');
    const asManager = { userId: manager.id, organisationId: web.organisationId, role: 'manager' as const };
    const m = t.services.mentoring;
    const make = async (kind: 'one_to_one' | 'reverse', name: string) =>
      m.createProgramme(asManager, { name, kind, lengthMonths: 4, meetingExpectations: null, surveys: [] });
    const spring = await m.createCohort(asManager, await make('one_to_one', 'Journey Routes'), {
      name: 'Spring',
      startsOn: '2026-01-01',
      endsOn: '2026-05-01',
      capacity: 5,
    });
    const cohortId = await m.createCohort(asManager, await make('reverse', 'Journey Leaders'), {
      name: 'Partner leaders',
      startsOn: '2026-06-01',
      endsOn: '2099-01-01',
      capacity: 7,
    });
    // An alumna of the spring cohort who agreed to mentor leaders.
    const her = await registerWalkIn(t, kw, 'Journey Nadia');
    await t.database.pool.query(
      `insert into mentoring_mentees (organisation_id, participant_id, cohort_id, chosen_name, status, alumna, reverse_mentor)
       values ($1, $2, $3, 'Nadia', 'completed', true, true)`,
      [web.organisationId, her, spring],
    );

    // The manager records the leader, pairs them with Nadia and invites them to sign in.
    const mp = await web.newPage();
    await signInAs(mp, manager);
    const cohortPage = `/mentoring/cohorts/${cohortId}`;
    await visit(mp, cohortPage);
    await mp.fill('#name', 'Jamie Leader');
    await mp.fill('#email', 'jamie.leader@partner.example');
    await mp.fill('#employer', 'Partner plc');
    await submit(mp, `${cohortPage}/leaders`);
    const leaderId = (
      await t.database.pool.query("select id from mentoring_leaders where name = 'Jamie Leader'")
    ).rows[0].id as string;
    await mp.selectOption(`#alumna-${leaderId}`, { label: 'Nadia' });
    await submit(mp, `/mentoring/leaders/${leaderId}/alumna`);
    expect(await mp.locator('main').innerText()).toContain('Nadia');
    // Nadia has no safe way to be messaged: the pairing stands and the manager is told so.
    expect(await mp.locator('.govuk-notification-banner').innerText()).toContain('could not be told safely');
    await act(mp, () => mp.getByRole('button', { name: 'Invite to sign in Jamie Leader' }).click());
    expect(await mp.locator('.govuk-notification-banner').innerText()).toContain('Invitation sent');
    const mail = smtp.lastTo('jamie.leader@partner.example')!;
    const link = /http:\/\/\S+\/set-password\/\S+/.exec(mail.text)![0];
    // The end survey is opened for them.
    await act(mp, () => mp.getByRole('button', { name: 'Email their end survey Jamie Leader' }).click());
    expect(await mp.locator('.govuk-notification-banner').innerText()).toContain('End survey sent');

    // The leader, on a phone, chooses a password and sets up the second factor.
    const lp = await web.newPage({ viewport: phone });
    await visit(lp, link);
    const password = 'a long leader passphrase 2026';
    await lp.fill('#password', password);
    await lp.fill('#confirm', password);
    await act(lp, () => lp.locator('#main-content form button[type="submit"]').first().click());
    await lp.fill('#email', 'jamie.leader@partner.example');
    await lp.fill('#password', password);
    await act(lp, () => lp.locator('#main-content form button[type="submit"]').click());
    expect(new URL(lp.url()).pathname).toBe('/sign-in/enrol');
    await lp.getByText(web.text('en', 'enrol.cannotScan')).click();
    const secret = (await lp.getByTestId('totp-secret').innerText()).trim();
    await lp.fill('#code', await generate({ secret }));
    await act(lp, () => lp.locator('#main-content form button[type="submit"]').click());
    await act(lp, () => lp.getByRole('link', { name: web.text('en', 'recovery.continue') }).click());

    // Home leads to their mentoring; they see Nadia's chosen name, nothing of her record.
    await act(lp, () => lp.locator('#main-content').getByRole('link', { name: 'My mentoring' }).click());
    expect(new URL(lp.url()).pathname).toBe('/leader');
    const main = await lp.locator('main').innerText();
    expect(main).toContain('Nadia');
    expect(main).not.toContain('Journey Nadia');
    expect(await lp.locator('html').evaluate((el) => el.scrollWidth)).toBeLessThanOrEqual(390);
    // Their own data, to download.
    expect(await lp.getByRole('link', { name: 'Download everything we hold about you (JSON)' }).count()).toBe(
      1,
    );

    // They log a session.
    await lp.fill('#heldOn-day', '2');
    await lp.fill('#heldOn-month', '6');
    await lp.fill('#heldOn-year', '2026');
    await lp.check('input[name="mode"][value="online"]');
    await lp.fill('#minutes', '45');
    await lp.fill('#covered', 'How our interviews feel to newcomers');
    await submit(lp, '/leader/sessions');
    expect(await lp.locator('.govuk-notification-banner').innerText()).toContain('Session saved');
    expect(await lp.locator('main').innerText()).toContain('45 minutes');

    // And answer their survey.
    await act(lp, () => lp.getByRole('link', { name: 'Answer your survey' }).click());
    for (const q of ['confidence', 'leadership', 'timeManagement', 'approaching'])
      await lp.check(`input[name="${q}"][value="4"]`);
    await submit(lp, '/leader/survey');
    expect(await lp.locator('main').innerText()).toContain('you have answered');

    // Nothing else is theirs: her record, casework, the managers' and mentors' pages are refused.
    for (const url of [`/participants/${her}`, '/caseload', cohortPage, '/mentor']) {
      const res = await visit(lp, url);
      expect([403, 404], url).toContain(res?.status());
    }
  });
});
