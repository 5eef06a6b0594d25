// A mentor applies on the public form and is screened and approved; a key worker enrols a woman
// with her mentoring consent; the manager runs matching, reads a pair's reasons, pins it and
// publishes; the mentor, on a 390 px phone, logs a session and raises a concern that appears to her
// key worker; the pairing closes and her end survey is answered through its link. axe checks every page.
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { createUser, walkInForm } from '../support/app.ts';
import { act, signInAs, useBrowserApp, visit } from '../support/browser.ts';

const web = useBrowserApp();
/** One tab at a time (useBrowserApp closes the last): each person signs in on a fresh one. */
const signedIn = async (
  user: Parameters<typeof signInAs>[1],
  viewport?: { width: number; height: number },
) => {
  const page = await web.newPage(viewport ? { viewport } : {});
  await signInAs(page, user);
  return page;
};
const submit = (page: Page, action: string) =>
  act(page, () => page.locator(`#main-content form[action="${action}"] button`).first().click());

describe('mentoring journey', { timeout: 300_000 }, () => {
  it('applies, approves, enrols, matches, publishes, logs a worrying session on a phone, and answers the end survey', async () => {
    const t = web.t;
    const manager = await createUser(t, web.organisationId, 'manager');
    const kw = await createUser(t, web.organisationId, 'key_worker');
    const mentor = await createUser(t, web.organisationId, 'mentor');
    const asManager = { userId: manager.id, organisationId: web.organisationId, role: 'manager' as const };
    const asKw = { userId: kw.id, organisationId: web.organisationId, role: 'key_worker' as const };
    const m = t.services.mentoring;
    const programmeId = await m.createProgramme(asManager, {
      name: 'Journey Routes',
      kind: 'one_to_one',
      lengthMonths: 4,
      meetingExpectations: null,
      surveys: ['mentee_end'],
    });
    const cohortId = await m.createCohort(asManager, programmeId, {
      name: 'Journey cohort',
      startsOn: '2026-09-01',
      endsOn: '2027-01-01',
      capacity: 10,
    });
    const her = await t.services.participants.quickRegister(asKw, walkInForm('Journey Samira'));

    // A mentor applies.
    const anon = await web.newPage();
    await visit(anon, '/mentoring/become-a-mentor');
    await anon.selectOption('#programmeId', programmeId);
    await anon.fill('#name', 'Jo Mentor');
    await anon.fill('#email', mentor.email);
    await anon.fill('#sectors', 'finance');
    await anon.fill('#skills', 'interviews');
    await anon.fill('#languages', 'English, Arabic');
    await anon.check('input[name="availability"][value="mon-am"]');
    await anon.check('input[name="mode"][value="online"]');
    await anon.check('input[name="capacity"][value="1"]');
    await anon.fill('#referee1', 'Rita Referee');
    await anon.fill('#referee1Relationship', 'Manager');
    await submit(anon, '/mentoring/become-a-mentor');
    expect(await anon.locator('h1').innerText()).toContain('Application sent');

    // The manager screens and approves.
    let mp = await signedIn(manager);
    await visit(mp, '/mentoring');
    await act(mp, () => mp.getByRole('link', { name: 'Jo Mentor' }).click());
    const mentorPath = new URL(mp.url()).pathname;
    await mp.check('input[name="referencesReceived"]');
    for (const [f, v] of [
      ['screenedOn', ['1', '8', '2026']],
      ['dbsIssuedOn', ['1', '7', '2026']],
    ] as const) {
      await mp.fill(`#${f}-day`, v[0]);
      await mp.fill(`#${f}-month`, v[1]);
      await mp.fill(`#${f}-year`, v[2]);
    }
    await mp.selectOption('#dbsLevel', 'enhanced');
    await mp.selectOption('#dbsOutcome', 'clear');
    await mp.fill('#dbsCertificateNumber', '001234567890');
    await mp.check('input[name="trainingDone"][value="induction"]');
    await mp.check('input[name="trainingDone"][value="safeguarding"]');
    await submit(mp, `${mentorPath}/recruitment`);
    await mp.check('input[name="decision"][value="approved"]');
    await submit(mp, `${mentorPath}/decision`);
    expect(await mp.locator('.govuk-notification-banner').innerText()).toContain('linked');

    // Her key worker enrols her with her consent.
    let kp = await signedIn(kw);
    await visit(kp, `/participants/${her}/mentoring`);
    await kp.selectOption('#cohortId', cohortId);
    await kp.check('input[name="consentNow"][value="verbal"]');
    await kp.check('input[name="sharedFields"][value="languages"]');
    await kp.fill('#chosenName', 'Samira');
    await kp.fill('#languages', 'Arabic');
    await kp.fill('#goals', 'Work in a bank');
    await kp.fill('#aspirations', 'finance');
    await kp.check('input[name="mode"][value="online"]');
    await submit(kp, `/participants/${her}/mentoring`);
    expect(await kp.locator('main').innerText()).toContain('Waiting for a mentor');

    // The manager runs matching, reads the reasons, pins the pair and publishes.
    mp = await signedIn(manager);
    await visit(mp, `/mentoring/cohorts/${cohortId}`);
    await submit(mp, `/mentoring/cohorts/${cohortId}/match`);
    const card = mp.locator('.govuk-summary-card', { hasText: 'Samira – Jo Mentor' });
    expect(await card.innerText()).toContain('Shared language');
    await act(mp, () => card.getByRole('button', { name: /Pin/ }).click());
    expect(await mp.locator('.govuk-summary-card', { hasText: 'Samira – Jo Mentor' }).innerText()).toContain(
      'Pinned',
    );
    await submit(mp, `/mentoring/cohorts/${cohortId}/publish`);

    // The mentor, on a phone, logs a session and raises a concern.
    const phone = await signedIn(mentor, { width: 390, height: 844 });
    await visit(phone, '/mentor');
    expect(await phone.locator('main').innerText()).toContain('Samira');
    await act(phone, () => phone.getByRole('link', { name: /Log a session/ }).click());
    expect(await phone.locator('main').innerText()).not.toContain('Work in a bank');
    const pairPath = new URL(phone.url()).pathname;
    await phone.fill('#heldOn-day', '2');
    await phone.fill('#heldOn-month', '9');
    await phone.fill('#heldOn-year', '2026');
    await phone.check('input[name="mode"][value="online"]');
    await phone.fill('#minutes', '60');
    await phone.fill('#worrying', 'She seemed frightened of someone at home');
    await submit(phone, `${pairPath}/sessions`);
    expect(await phone.locator('.govuk-notification-banner').innerText()).toContain('key worker');

    // The pairing completes (recorded by the manager), which sends her end survey.
    const pairId = pairPath.split('/').pop()!;
    await m.closePair(asManager, pairId, {
      reason: 'completed',
      note: null,
      endedBadly: false,
      alumna: true,
    });

    // Her key worker sees the concern, and answers the end survey with her through its link.
    await t.services.participants.assignKeyWorker(asKw, her, kw.id);
    kp = await signedIn(kw);
    await visit(kp, `/participants/${her}/mentoring`);
    expect(await kp.locator('main').innerText()).toContain('frightened of someone at home');
    await submit(kp, `/participants/${her}/mentoring/survey`);
    expect(new URL(kp.url()).pathname).toMatch(/^\/survey\//);
    for (const q of ['skills', 'confidence', 'networks']) await kp.check(`input[name="${q}"][value="5"]`);
    await act(kp, () => kp.locator('#main-content form button').click());
    expect(await kp.locator('h1').innerText()).toContain('Thank you');
  });
});
