import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * The mentoring journey over real HTTP on the real database: a mentor applies on the public form,
 * is screened and approved; her key worker enrols her with her mentoring consent; the manager runs
 * matching, reads the reasons, pins and excludes, publishes; the mentor sees only what she chose,
 * logs a session and raises a concern that reaches her key worker at once.
 */
const { t, users, as, actor, smtp } = useScenario({
  organisations: { own: 'Harbour', other: 'Elsewhere' },
  users: {
    manager: 'manager',
    kw: 'key_worker',
    kw2: 'key_worker',
    mentor: 'mentor',
    mentor2: 'mentor',
    otherManager: ['manager', 'other'],
  },
  smtp: {},
});
const { manager, kw, kw2, mentor, mentor2, otherManager } = users;
let cohortId: string;
let programmeId: string;
let her: string;
let her2: string;

const application = (over: Record<string, string | string[]> = {}) => ({
  programmeId,
  name: 'Mary Mentor',
  email: mentor.email,
  employer: 'Example Bank',
  sectors: 'finance, education',
  skills: 'interviews, cv',
  languages: 'English, Arabic',
  availability: ['mon-am', 'wed-pm'],
  mode: 'online',
  capacity: '2',
  referee1: 'Rita Referee',
  referee1Relationship: 'Line manager',
  ...over,
});
const mentorIdOf = async (email: string) =>
  (await t.database.pool.query('select id from mentoring_mentors where email = $1', [email])).rows[0]
    ?.id as string;
const recruitment = {
  referencesReceived: 'yes',
  'screenedOn-day': '1',
  'screenedOn-month': '10',
  'screenedOn-year': '2026',
  dbsLevel: 'enhanced',
  dbsOutcome: 'clear',
  dbsCertificateNumber: '0012 3456 7890',
  'dbsIssuedOn-day': '1',
  'dbsIssuedOn-month': '9',
  'dbsIssuedOn-year': '2026',
  trainingDone: ['induction', 'safeguarding'],
};

beforeAll(async () => {
  her = await registerWalkIn(t, kw, 'Hawa Mentee');
  await t.services.participants.assignKeyWorker(actor(kw), her, kw.id);
  her2 = await registerWalkIn(t, kw, 'Nura Mentee');
});

describe('programmes and the public mentor application', () => {
  it('says nobody is recruiting until a cohort is, then a manager adds a programme and a cohort', async () => {
    const anon = new Agent(t.app);
    const closed = await anon.get('/mentoring/become-a-mentor');
    expect(closed.statusCode).toBe(200);
    expect(closed.body).toContain('No programme is recruiting mentors');
    expect(closed.body).toContain('Exit this page');

    const m = await as(manager);
    const bad = await m.submit('/mentoring/programmes/new', {
      name: '',
      kind: 'one_to_one',
      lengthMonths: '40',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter a number of months from 1 to 24');
    const made = await m.submit('/mentoring/programmes/new', {
      name: 'Routes',
      kind: 'one_to_one',
      lengthMonths: '4',
      surveys: ['mentee_end', 'mentor_end'],
    });
    expect(made.statusCode).toBe(303);
    programmeId = (await t.database.pool.query("select id from mentoring_programmes where name = 'Routes'"))
      .rows[0].id;
    const cohort = await m.submit(`/mentoring/programmes/${programmeId}/cohorts/new`, {
      name: 'Spring',
      'startsOn-day': '1',
      'startsOn-month': '3',
      'startsOn-year': '2027',
      'endsOn-day': '1',
      'endsOn-month': '7',
      'endsOn-year': '2027',
      capacity: '20',
    });
    expect(cohort.statusCode).toBe(303);
    cohortId = cohort.headers.location!.split('/').pop()!;
    // Another organisation's manager: the programme and the cohort are not found.
    const other = await as(otherManager);
    expect((await other.get(`/mentoring/cohorts/${cohortId}`)).statusCode).toBe(404);
    expect((await other.get(`/mentoring/programmes/${programmeId}/cohorts/new`)).statusCode).toBe(404);
  });

  it('takes an application from anyone, with the GOV.UK error summary for mistakes', async () => {
    const anon = new Agent(t.app);
    const bad = await anon.submit(
      '/mentoring/become-a-mentor',
      application({ email: 'not an email', availability: [] }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Enter an email address');
    expect(bad.body).toContain('Choose at least one time');
    expect(bad.body).toContain('Example Bank');
    const ok = await anon.submit('/mentoring/become-a-mentor', application());
    expect(ok.statusCode).toBe(200);
    expect(ok.body).toContain('Application sent');
    const { rows } = await t.database.pool.query(
      "select details from audit_events where action = 'mentorship.mentor-applied'",
    );
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows[0].details)).not.toContain('Mary');
  });
});

describe('safe recruitment and approval', () => {
  it('refuses approval until references, screening, a clear DBS and training are recorded; keeps no certificate', async () => {
    const m = await as(manager);
    const id = await mentorIdOf(mentor.email);
    const page = await m.get(`/mentoring/mentors/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Never upload or copy the certificate');
    const early = await m.submit(
      `/mentoring/mentors/${id}`,
      { decision: 'approved' },
      `/mentoring/mentors/${id}/decision`,
    );
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('References received');
    const badDbs = await m.submit(
      `/mentoring/mentors/${id}`,
      { ...recruitment, dbsCertificateNumber: '123' },
      `/mentoring/mentors/${id}/recruitment`,
    );
    expect(badDbs.statusCode).toBe(400);
    expect(badDbs.body).toContain('A DBS certificate number has 12 digits');
    const saved = await m.submit(
      `/mentoring/mentors/${id}`,
      recruitment,
      `/mentoring/mentors/${id}/recruitment`,
    );
    expect(saved.statusCode).toBe(303);
    const approved = await m.submit(
      `/mentoring/mentors/${id}`,
      { decision: 'approved' },
      `/mentoring/mentors/${id}/decision`,
    );
    expect(approved.statusCode).toBe(303);
    const { rows } = await t.database.pool.query(
      'select status, user_id, dbs_certificate_number, dbs_certificate_number_enc from mentoring_mentors where id = $1',
      [id],
    );
    // Linked to the mentor-role account an admin invited with the same email.
    expect(rows[0]).toMatchObject({ status: 'approved', user_id: mentor.id, dbs_certificate_number: null });
    // The certificate number is stored encrypted, and read back only on the manager's mentor page.
    expect(rows[0].dbs_certificate_number_enc).toMatch(/^v1\./);
    expect(rows[0].dbs_certificate_number_enc).not.toContain('001234567890');
    expect((await m.get(`/mentoring/mentors/${id}`)).body).toContain('001234567890');
    // Another organisation's manager cannot see the mentor.
    expect((await (await as(otherManager)).get(`/mentoring/mentors/${id}`)).statusCode).toBe(404);
  });
});

describe('her enrolment, with her mentoring consent', () => {
  const enrolment = (over: Record<string, string | string[]> = {}) => ({
    cohortId,
    sharedFields: ['chosen_name', 'languages'],
    chosenName: 'Hawa',
    languages: 'Arabic',
    availability: ['mon-am'],
    goals: 'I want to work in a bank',
    aspirations: 'finance',
    goalSkills: 'interviews',
    mode: 'online',
    ...over,
  });

  it('refuses to enrol her without her consent, then enrols her with it and records it in the ledger', async () => {
    const a = await as(kw);
    const url = `/participants/${her}/mentoring`;
    const refused = await a.submit(url, enrolment());
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('She must agree to mentoring');
    const ok = await a.submit(url, enrolment({ consentNow: 'verbal' }));
    expect(ok.statusCode).toBe(303);
    expect(await t.services.participants.hasConsent(her, 'mentoring')).toBe(true);
    const page = await a.get(url);
    expect(page.body).toContain('Waiting for a mentor');
    expect(page.body).toContain('She has agreed to mentoring');
    const again = await a.submit(url, enrolment());
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already enrolled');
    // Her second woman: no shared language with the mentor, no interpreter (unmatched, with why).
    const other = await a.submit(`/participants/${her2}/mentoring`, {
      ...enrolment({ chosenName: 'Nura', languages: 'Tigrinya', consentNow: 'written' }),
    });
    expect(other.statusCode).toBe(303);
    const { rows } = await t.database.pool.query(
      "select count(*)::int as n from audit_events where action = 'mentorship.her-page-viewed' and record_id = $1",
      [her],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('is her own organisation’s work: another organisation and a mentor get no page about her', async () => {
    expect((await (await as(otherManager)).get(`/participants/${her}/mentoring`)).statusCode).toBe(404);
    expect((await (await as(mentor)).get(`/participants/${her}/mentoring`)).statusCode).toBe(403);
  });
});

describe('whole-cohort matching, pins, exclusions and publishing', () => {
  it('shows weights, runs matching into drafts with every rule’s part, and says why someone is unmatched', async () => {
    const m = await as(manager);
    const ran = await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/cohorts/${cohortId}/match`);
    expect(ran.statusCode).toBe(303);
    const page = await m.get(`/mentoring/cohorts/${cohortId}`);

    expect(page.body).toContain('Hawa – Mary Mentor');
    for (const rule of [
      'Aspiration or sector fit',
      'Skills against her goals',
      'Shared language',
      'Mentor capacity',
    ])
      expect(page.body).toContain(rule);
    expect(page.body).toContain('No shared language and no interpreter');
    const bad = await m.submit(
      `/mentoring/cohorts/${cohortId}`,
      { aspiration: '99' },
      `/mentoring/cohorts/${cohortId}/weights`,
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a whole number from 0 to 10');
  });

  it('keeps a pinned pair through a new run, and never proposes an excluded pair again', async () => {
    const m = await as(manager);
    const pair = async () =>
      (
        await t.database.pool.query(
          "select id, pinned from mentoring_pairs where cohort_id = $1 and status = 'draft'",
          [cohortId],
        )
      ).rows[0];
    const first = await pair();
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/pairs/${first.id}/pin`);
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/cohorts/${cohortId}/match`);
    expect((await pair()).pinned).toBe(true);
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/pairs/${(await pair()).id}/exclude`);
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/cohorts/${cohortId}/match`);
    expect(await pair()).toBeUndefined();
    const page = await m.get(`/mentoring/cohorts/${cohortId}`);
    expect(page.body).toContain('Excluded by the manager');
    // Undo for the rest of the journey: the exclusion goes, matching proposes the pair again.
    await t.database.pool.query('delete from mentoring_exclusions where cohort_id = $1', [cohortId]);
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/cohorts/${cohortId}/match`);
    expect(await pair()).toBeDefined();
  });

  it('publishes: she is told through her safe messages, the mentor by email', async () => {
    const m = await as(manager);
    const res = await m.submit(
      `/mentoring/cohorts/${cohortId}`,
      {},
      `/mentoring/cohorts/${cohortId}/publish`,
    );
    expect(res.statusCode).toBe(303);
    const { rows } = await t.database.pool.query(
      "select status, reason from participant_message_outbox where kind = 'mentorship.introduction' and participant_id = $1",
      [her],
    );
    // She gave no consent to texts or emails: the message is written as not sent, and why.
    expect(rows.length).toBeGreaterThan(0);
    expect(smtp.lastTo(mentor.email)?.subject).toContain('Routes');
    const cohort = await t.database.pool.query('select status from mentoring_cohorts where id = $1', [
      cohortId,
    ]);
    expect(cohort.rows[0].status).toBe('running');
  });
});

describe("a mentor's own pages", () => {
  it('shows her mentor only the fields she chose, never her goals when she did not share them', async () => {
    const a = await as(mentor);
    const home = await a.get('/mentor');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Hawa');
    expect(home.body).not.toContain('Hawa Mentee');
    // The link is named after its card once ("Log a session (Hawa)", was "Log a session Hawa (Hawa)").
    expect(home.body).toContain('Log a session<span class="govuk-visually-hidden"> (Hawa)</span>');
    const pairId = home.body.match(/\/mentor\/pairs\/([0-9a-f-]{36})/)![1]!;
    const page = await a.get(`/mentor/pairs/${pairId}`);
    expect(page.body).toContain('arabic');
    expect(page.body).not.toContain('I want to work in a bank');
    const { rows } = await t.database.pool.query(
      "select count(*)::int as n from audit_events where action = 'mentorship.mentee-viewed-by-mentor' and record_id = $1",
      [her],
    );
    expect(rows[0].n).toBeGreaterThan(0);
  });

  it('gives another mentor nothing: no mentees, no pair page', async () => {
    const a = await as(mentor);
    const pairId = (await a.get('/mentor')).body.match(/\/mentor\/pairs\/([0-9a-f-]{36})/)![1]!;
    const other = await as(mentor2);
    expect((await other.get('/mentor')).statusCode).toBe(404);
    expect((await other.get(`/mentor/pairs/${pairId}`)).statusCode).toBe(404);
    expect((await (await as(kw)).get('/mentor')).statusCode).toBe(403);
  });

  it('logs a session; something worrying reaches her key worker and the manager at once', async () => {
    const a = await as(mentor);
    const pairId = (await a.get('/mentor')).body.match(/\/mentor\/pairs\/([0-9a-f-]{36})/)![1]!;
    const session = {
      'heldOn-day': '2',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      mode: 'online',
      minutes: '45',
      covered: 'Her CV',
      worrying: 'She said someone at home takes her phone',
    };
    const bad = await a.submit(`/mentor/pairs/${pairId}`, { ...session, minutes: 'lots' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter the length in minutes');
    const ok = await a.submit(`/mentor/pairs/${pairId}`, session);
    expect(ok.statusCode).toBe(303);
    const keyWorkerPage = await (await as(kw)).get(`/participants/${her}/mentoring`);
    expect(keyWorkerPage.body).toContain('someone at home takes her phone');
    // Another key worker of her organisation sees that there is a concern, not its words.
    const colleague = (await (await as(kw2)).get(`/participants/${her}/mentoring`)).body;
    expect(colleague).toContain('Her key worker and the managers can read it');
    expect(colleague).not.toContain('someone at home');
    const overview = await (await as(manager)).get('/mentoring');
    expect(overview.body).toContain('1 concern raised by a mentor');
    // Not shown back to the mentor.
    expect((await a.get(`/mentor/pairs/${pairId}`)).body).not.toContain('someone at home');
    // On her key worker's caseload at once, until she acknowledges it.
    const k = await as(kw);
    expect((await k.get('/caseload')).body).toContain('Mentor’s concern');
    const concernId = (
      await t.database.pool.query('select id from mentoring_concerns where participant_id = $1', [her])
    ).rows[0].id;
    const ack = await k.submit(
      `/participants/${her}/mentoring`,
      {},
      `/participants/${her}/mentoring/concerns/${concernId}/acknowledge`,
    );
    expect(ack.statusCode).toBe(303);
    expect((await (await as(manager)).get('/mentoring')).body).not.toContain('concern raised by a mentor');
  });

  it('lets the mentor ask for a new pairing after the first session: the managers are told, the cohort page shows why', async () => {
    const a = await as(mentor);
    const pairId = (await a.get('/mentor')).body.match(/\/mentor\/pairs\/([0-9a-f-]{36})/)![1]!;
    const url = `/mentor/pairs/${pairId}/repair-request`;
    const empty = await a.submit(`/mentor/pairs/${pairId}`, { reason: ' ' }, url);
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Say why a new pairing would be better');
    const asked = await a.submit(
      `/mentor/pairs/${pairId}`,
      { reason: 'We cannot find a time that suits us both' },
      url,
    );
    expect(asked.statusCode).toBe(303);
    expect((await a.get(`/mentor/pairs/${pairId}`)).body).toContain('You have asked for a new pairing');
    const again = await a.submit(`/mentor/pairs/${pairId}`, { reason: 'Still' }, url);
    expect(again.statusCode).toBe(400);
    // The managers are told, without her name or the reason in the email.
    const mail = smtp.lastTo(manager.email)!;
    expect(mail.subject).toContain('new pairing');
    expect(mail.text).toContain(`/mentoring/cohorts/${cohortId}#repair-requests`);
    expect(mail.text).not.toContain('Hawa');
    expect(mail.text).not.toContain('a time that suits');
    const cohortPage = (await (await as(manager)).get(`/mentoring/cohorts/${cohortId}`)).body;
    expect(cohortPage).toContain('Asked for a new pairing');
    expect(cohortPage).toContain('We cannot find a time that suits us both');
  });

  it('re-pairs her after a poor first meeting: the pair ends, is never proposed again, she waits for another', async () => {
    const m = await as(manager);
    const live = async () =>
      (
        await t.database.pool.query(
          "select id from mentoring_pairs where cohort_id = $1 and status = 'published'",
          [cohortId],
        )
      ).rows[0]?.id as string | undefined;
    const pairId = (await live())!;
    const res = await m.submit(`/mentoring/pairs/${pairId}`, {}, `/mentoring/pairs/${pairId}/repair`);
    expect(res.statusCode).toBe(303);
    expect(await live()).toBeUndefined();
    // The only mentor is excluded for her now: she waits, and the page says why.
    const after = (await m.get(`/mentoring/cohorts/${cohortId}`)).body;
    expect(after).toContain('Excluded by the manager');
    // The mentor's request is answered by the re-pairing.
    expect(after).not.toContain('We cannot find a time that suits us both');
    // Back to one live pair for the rest of the journey.
    await t.database.pool.query('delete from mentoring_exclusions where cohort_id = $1', [cohortId]);
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/cohorts/${cohortId}/match`);
    await m.submit(`/mentoring/cohorts/${cohortId}`, {}, `/mentoring/cohorts/${cohortId}/publish`);
    await t.database.pool.query('update mentoring_sessions set pair_id = $1 where pair_id = $2', [
      await live(),
      pairId,
    ]);
  });

  it('lets her key worker ask for a new pairing for her, on her mentoring page', async () => {
    const a = await as(kw);
    const page = `/participants/${her}/mentoring`;
    const form = (await a.get(page)).body;
    expect(form).toContain('She asks for a new pairing');
    const pairId = /name="pairId" value="([0-9a-f-]{36})"/.exec(form)![1]!;
    const url = `${page}/repair-request`;
    expect((await a.submit(page, { pairId, reason: '' }, url)).statusCode).toBe(400);
    const ok = await a.submit(page, { pairId, reason: 'She would like a mentor who speaks Arabic' }, url);
    expect(ok.statusCode).toBe(303);
    expect((await a.get(page)).body).toContain('She has asked for a new pairing');
    const cohortPage = (await (await as(manager)).get(`/mentoring/cohorts/${cohortId}`)).body;
    expect(cohortPage).toContain('Asked by her');
    expect(cohortPage).toContain('She would like a mentor who speaks Arabic');
    // Her request is hers: in her subject access export.
    const data = await t.services.participants.subjectAccessExport(actor(manager), her);
    expect(JSON.stringify(data)).toContain('She would like a mentor who speaks Arabic');
  });

  it('reviews and closes the pairing; the end surveys go out through single-use links', async () => {
    const m = await as(manager);
    const pairId = (
      await t.database.pool.query(
        "select id from mentoring_pairs where cohort_id = $1 and status = 'published'",
        [cohortId],
      )
    ).rows[0].id;
    const cohortPage = await m.get(`/mentoring/cohorts/${cohortId}`);
    expect(cohortPage.body).toContain(`/mentoring/pairs/${pairId}`);
    expect(cohortPage.body).toContain('Mentors approved');
    const page = await m.get(`/mentoring/pairs/${pairId}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Her CV');
    const review = await m.submit(`/mentoring/pairs/${pairId}`, {
      kind: 'midpoint',
      'heldOn-day': '3',
      'heldOn-month': '11',
      'heldOn-year': '2026',
      notes: 'Going well',
    });
    expect(review.statusCode).toBe(303);
    const noReason = await m.submit(`/mentoring/pairs/${pairId}`, {}, `/mentoring/pairs/${pairId}/close`);
    expect(noReason.statusCode).toBe(400);
    const closed = await m.submit(
      `/mentoring/pairs/${pairId}`,
      { reason: 'completed', alumna: 'yes' },
      `/mentoring/pairs/${pairId}/close`,
    );
    expect(closed.statusCode).toBe(303);
    const mentee = await t.database.pool.query(
      'select status, alumna from mentoring_mentees where participant_id = $1',
      [her],
    );
    expect(mentee.rows[0]).toMatchObject({ status: 'completed', alumna: true });
    // Her completion reached the outcomes module by itself (once, keyed on the pair).
    const completed = await t.database.pool.query(
      "select kind, source, source_ref from outcome_events where participant_id = $1 and kind = 'programme_completed'",
      [her],
    );
    expect(completed.rows).toEqual([
      { kind: 'programme_completed', source: 'mentoring', source_ref: pairId },
    ]);
    const links = await t.database.pool.query(
      'select respondent from mentoring_survey_links where pair_id = $1',
      [pairId],
    );
    expect(links.rows.map((r) => r.respondent).sort()).toEqual(['mentee', 'mentor']);
    // The mentor's link, from their email: answered once, then it is gone.
    const link = /\/survey\/([\w-]+)/.exec(smtp.lastTo(mentor.email)!.text)![1]!;
    const anon = new Agent(t.app);
    const survey = await anon.get(`/survey/${link}`);
    expect(survey.statusCode).toBe(200);
    expect(survey.body).toContain('Do you feel more open-minded?');
    const missing = await anon.submit(`/survey/${link}`, { openMinded: '5' });
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Choose an answer');
    const answered = await anon.submit(`/survey/${link}`, { openMinded: '5', coaching: '4' });
    expect(answered.statusCode).toBe(200);
    expect((await anon.get(`/survey/${link}`)).statusCode).toBe(404);
    const stored = await t.database.pool.query('select survey, answers from mentoring_survey_answers');
    expect(stored.rows).toEqual([{ survey: 'mentor_end', answers: { openMinded: 5, coaching: 4 } }]);
    // One answer: the programme view does not show it (counts under 5 are suppressed).
    expect((await m.get(`/mentoring/cohorts/${cohortId}`)).body).toContain('Fewer than 5 answers');
    // Her key worker answers hers with her: a fresh single-use link opens at once.
    const k = await as(kw);
    expect((await k.get(`/participants/${her}/mentoring`)).body).toContain('Answer the survey with her now');
    const opened = await k.submit(
      `/participants/${her}/mentoring`,
      {},
      `/participants/${her}/mentoring/survey`,
    );
    expect(opened.statusCode).toBe(303);
    const herLink = opened.headers.location!;
    expect((await k.get(herLink)).body).toContain('Do you feel more confident?');
    const done = await k.submit(herLink, { skills: '5', confidence: '4', networks: '4' });
    expect(done.statusCode).toBe(200);
    expect((await k.get(`/participants/${her}/mentoring`)).body).not.toContain(
      'Answer the survey with her now',
    );
  });

  it('ends her mentoring when she withdraws her consent: her mentor no longer sees her', async () => {
    await t.services.participants.recordConsent(actor(kw), her, {
      purpose: 'mentoring',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const home = await (await as(mentor)).get('/mentor');
    expect(home.body).not.toContain('Hawa');
    const { rows } = await t.database.pool.query(
      'select status from mentoring_mentees where participant_id = $1',
      [her],
    );
    expect(rows[0].status).toBe('withdrawn');
  });
});
