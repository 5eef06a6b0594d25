import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { createUser, registerWalkIn, signIn } from '../../../tests/support/app.ts';
import { insertMentee, programmeCohort } from '../../../tests/support/mentoring.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * Reverse mentoring, point 8 of issue 14: a partner's leader is an external person with their own
 * sign-in (role leader, second factor as every account) and no casework record. The programme
 * manager pairs them with an alumna and invites them; signed in, they see only their own pairing
 * (her chosen name, next meeting, sessions), log sessions and answer their own survey. Managers can
 * erase a leader; the retention job erases them a year after their cohort ended.
 */
const { t, users, as, actor, smtp } = useScenario({
  organisations: { own: 'Harbour', other: 'Elsewhere' },
  users: { manager: 'manager', kw: 'key_worker', otherManager: ['manager', 'other'] },
  smtp: {},
});
const PASSWORD = 'a-long-leader-password-2026';
let reverseCohort: string;
let leaderId: string;
let amal: string;
let amalMentee: string;
let basmaMentee: string;
let leader: Agent;
const lena = { name: 'Lena Leader', email: 'lena.leader@partner.example', employer: 'Partner plc' };

const q = async (sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params)).rows;

/** An alumna who completed and agreed to mentor leaders (the reverse pool), or one who did not. */
async function alumna(name: string, cohortId: string, reverseMentor: boolean) {
  const participant = await registerWalkIn(t, users.kw, `${name} Surname`);
  const mentee = await insertMentee(t, {
    organisationId: users.manager.organisationId,
    participantId: participant,
    cohortId,
    chosenName: name,
    reverseMentor,
  });
  return { participant, mentee };
}

beforeAll(async () => {
  const m = t.services.mentoring;
  const manager = actor(users.manager);
  const closed = await programmeCohort(t, manager, 'one_to_one', {
    name: 'Closed cohort',
    startsOn: '2025-09-01',
    endsOn: '2026-01-01',
    capacity: 5,
  });
  reverseCohort = await programmeCohort(t, manager, 'reverse', {
    name: 'Leaders cohort',
    startsOn: '2026-06-01',
    endsOn: '2099-10-01',
    capacity: 7,
  });
  ({ participant: amal, mentee: amalMentee } = await alumna('Amal', closed, true));
  ({ mentee: basmaMentee } = await alumna('Basma', closed, false));
  leaderId = await m.addLeader(manager, reverseCohort, lena);
});

const cohortPage = () => `/mentoring/cohorts/${reverseCohort}`;

describe('the programme manager', () => {
  it('pairs a leader only with an alumna of the reverse pool', async () => {
    const a = await as(users.manager);
    const refused = await a.submit(
      cohortPage(),
      { alumna: basmaMentee },
      `/mentoring/leaders/${leaderId}/alumna`,
    );
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Choose an alumna who agreed to mentor leaders');
    expect(refused.body).toContain(`href="#alumna-${leaderId}"`);
    const paired = await a.submit(
      cohortPage(),
      { alumna: amalMentee },
      `/mentoring/leaders/${leaderId}/alumna`,
    );
    expect(paired.statusCode).toBe(303);
    const [row] = await q('select alumna_mentee_id from mentoring_leaders where id = $1', [leaderId]);
    expect(row.alumna_mentee_id).toBe(amalMentee);
    expect((await a.get(cohortPage())).body).toContain('Not invited');
  });

  it('another organisation’s manager cannot pair, invite or erase the leader', async () => {
    const other = await as(users.otherManager);
    for (const action of ['alumna', 'invite', 'erase']) {
      const res = await other.submit(
        '/mentoring',
        { alumna: amalMentee },
        `/mentoring/leaders/${leaderId}/${action}`,
      );
      expect(res.statusCode, action).toBe(404);
    }
  });

  it('invites the leader: an account with role leader and a one-time link by email', async () => {
    const a = await as(users.manager);
    expect((await a.submit(cohortPage(), {}, `/mentoring/leaders/${leaderId}/invite`)).statusCode).toBe(303);
    const [user] = await q(
      'select u.role, u.name, u.organisation_id, u.password_hash from users u join mentoring_leaders l on l.user_id = u.id where l.id = $1',
      [leaderId],
    );
    expect(user).toMatchObject({
      role: 'leader',
      name: lena.name,
      organisation_id: users.manager.organisationId,
    });
    expect(user.password_hash).toBeNull();
    expect(smtp.lastTo(lena.email)?.text).toContain('/set-password/');
    expect((await a.get(cohortPage())).body).toContain('Invited, not signed in yet');
  });
});

describe('the leader, signed in', () => {
  it('chooses a password and enrols a second factor before reaching anything', async () => {
    const link = /\/set-password\/[\w-]+/.exec(smtp.lastTo(lena.email)!.text)![0];
    leader = new Agent(t.app);
    expect((await leader.submit(link, { password: PASSWORD, confirm: PASSWORD })).statusCode).toBe(302);
    const first = await leader.submit('/sign-in', { email: lena.email, password: PASSWORD });
    expect(first.headers.location).toContain('/sign-in/enrol');
    // No page is open before the second factor is enrolled.
    expect((await leader.get('/leader')).headers.location).toMatch(/^\/sign-in/);
    const enrol = await leader.get('/sign-in/enrol');
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol.body)![1]!;
    const enrolled = await leader.submit('/sign-in/enrol', { code: await generate({ secret }) });
    expect(enrolled.statusCode).toBe(302);
    const home = await leader.get('/');
    expect(home.body).toContain('href="/leader"');
  });

  it('sees only their own pairing: her chosen name, nothing else about her; the view is audited', async () => {
    const page = await leader.get('/leader');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Amal');
    expect(page.body).not.toContain('Surname');
    expect(page.body).toContain('Leaders programme');
    const [event] = await q(
      "select record_id from audit_events where action = 'mentorship.alumna-viewed-by-leader' order by seq desc limit 1",
    );
    expect(event?.record_id).toBe(amal);
  });

  it('reaches nothing else: her record, casework, the mentors’ and managers’ pages', async () => {
    for (const url of [
      `/participants/${amal}`,
      `/participants/${amal}/mentoring`,
      '/caseload',
      '/mentoring',
      cohortPage(),
      '/mentor',
      '/directory',
      '/opportunities',
    ]) {
      const res = await leader.get(url);
      expect([403, 404], url).toContain(res.statusCode);
    }
  });

  it('logs a session like a mentor does: bad input shows the error summary', async () => {
    const bad = await leader.submit(
      '/leader',
      { 'heldOn-day': '31', 'heldOn-month': '2', 'heldOn-year': '2026' },
      '/leader/sessions',
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const ok = await leader.submit(
      '/leader',
      {
        'heldOn-day': '2',
        'heldOn-month': '6',
        'heldOn-year': '2026',
        mode: 'online',
        minutes: '45',
        covered: 'How Amal found her first job',
        'nextMeetingOn-day': '1',
        'nextMeetingOn-month': '1',
        'nextMeetingOn-year': '2099',
      },
      '/leader/sessions',
    );
    expect(ok.statusCode).toBe(303);
    const page = (await leader.get('/leader')).body;
    expect(page).toContain('45 minutes');
    expect(page).toContain('1 January 2099');
    const a = await as(users.manager);
    expect((await a.get(cohortPage())).body).toContain('Can sign in');
  });

  it('answers their own survey once the manager has opened it, once', async () => {
    expect((await leader.get('/leader/survey')).body).toContain('not open yet');
    const a = await as(users.manager);
    await a.submit(cohortPage(), {}, `/mentoring/leaders/${leaderId}/survey`);
    const emailed = /\/survey\/([\w-]+)/.exec(smtp.lastTo(lena.email)!.text)![1]!;
    expect((await leader.get('/leader')).body).toContain('href="/leader/survey"');
    const bad = await leader.submit('/leader/survey', { confidence: '9' });
    expect(bad.statusCode).toBe(400);
    const answers = { confidence: '4', leadership: '5', timeManagement: '3', approaching: '4' };
    expect((await leader.submit('/leader/survey', answers)).statusCode).toBe(303);
    expect((await leader.get('/leader')).body).toContain('you have answered');
    // The emailed link is spent too: one answer per leader.
    expect((await new Agent(t.app).get(`/survey/${emailed}`)).statusCode).toBe(404);
    const stored = await q(
      "select cohort_id, answers from mentoring_survey_answers where survey = 'leader_end'",
    );
    expect(stored).toEqual([
      {
        cohort_id: reverseCohort,
        answers: { confidence: 4, leadership: 5, timeManagement: 3, approaching: 4 },
      },
    ]);
  });
});

describe('an account an admin made with role leader', () => {
  it('is linked on its first visit to the leader with the same email in its organisation, and audited', async () => {
    const made = await createUser(t, users.manager.organisationId, 'leader');
    const stranger = await createUser(t, users.manager.organisationId, 'leader');
    const id = await t.services.mentoring.addLeader(actor(users.manager), reverseCohort, {
      name: 'Ada Admin-Made',
      email: made.email.toUpperCase(),
      employer: 'Partner plc',
    });
    // No leader of their own: not found.
    expect((await (await signIn(t, stranger)).get('/leader')).statusCode).toBe(404);
    const page = await (await signIn(t, made)).get('/leader');
    expect(page.statusCode).toBe(200);
    expect((await q('select user_id from mentoring_leaders where id = $1', [id]))[0].user_id).toBe(made.id);
    const [event] = await q("select details from audit_events where action = 'mentorship.leader-linked'");
    expect(event.details).toEqual({ leaderId: id });
  });
});

describe('erasure and retention of leaders', () => {
  it('a manager erases a leader: name, email, notes and sign-in go; audited', async () => {
    const a = await as(users.manager);
    // Not without ticking that they mean it: the error summary says so, nothing is erased.
    const unconfirmed = await a.submit(cohortPage(), {}, `/mentoring/leaders/${leaderId}/erase`);
    expect(unconfirmed.statusCode).toBe(400);
    expect(unconfirmed.body).toContain(`href="#erase-${leaderId}"`);
    expect(
      (await q('select erased_at from mentoring_leaders where id = $1', [leaderId]))[0].erased_at,
    ).toBeNull();
    const erased = await a.submit(cohortPage(), { confirm: 'yes' }, `/mentoring/leaders/${leaderId}/erase`);
    expect(erased.statusCode).toBe(303);
    const [row] = await q('select name, email, erased_at, user_id from mentoring_leaders where id = $1', [
      leaderId,
    ]);
    expect(row).toMatchObject({ name: '', email: '' });
    expect(row.erased_at).not.toBeNull();
    const [user] = await q(
      'select name, email, active, password_hash, totp_secret from users where id = $1',
      [row.user_id],
    );
    expect(user).toMatchObject({ name: '', active: false, password_hash: null, totp_secret: null });
    expect(user.email).not.toContain('partner.example');
    expect(await q('select covered from mentoring_leader_sessions where leader_id = $1', [leaderId])).toEqual(
      [{ covered: null }],
    );
    // Nothing of theirs is left in any text column of the leader tables or users.
    const left = await q(
      "select 1 from users where email ilike '%lena%' or name ilike '%lena%' union all select 1 from mentoring_leaders where name ilike '%lena%'",
    );
    expect(left).toEqual([]);
    // Their open session ends at its next request.
    expect((await leader.get('/leader')).headers.location).toMatch(/^\/sign-in/);
    const [event] = await q(
      "select details from audit_events where action = 'mentorship.leader-erased' order by seq desc limit 1",
    );
    expect(event.details).toMatchObject({ leaderId, reason: 'request' });
    expect((await a.get(cohortPage())).body).toContain('name and email erased');
  });

  it('the daily retention job erases leaders a year after their cohort ended, and no sooner', async () => {
    const m = t.services.mentoring;
    const manager = actor(users.manager);
    const ended = await m.createCohort(
      manager,
      (await q('select programme_id from mentoring_cohorts where id = $1', [reverseCohort]))[0].programme_id,
      { name: 'Old leaders cohort', startsOn: '2024-01-01', endsOn: '2024-05-01', capacity: 3 },
    );
    const old = await m.addLeader(manager, ended, {
      name: 'Otto Oldleader',
      email: 'otto@partner.example',
      employer: 'Partner plc',
    });
    const now = new Date('2025-04-30T12:00:00Z');
    expect(await m.leaderRetention(now)).toBe(0);
    // The participants' daily job runs the leaders' rule too.
    expect(
      await t.services.participants.runRetention(new Date('2025-05-02T12:00:00Z')),
    ).toBeGreaterThanOrEqual(1);
    const [row] = await q('select name, email, erased_at from mentoring_leaders where id = $1', [old]);
    expect(row).toMatchObject({ name: '', email: '' });
    const [event] = await q(
      "select details from audit_events where action = 'mentorship.leader-erased' and details->>'leaderId' = $1",
      [old],
    );
    expect(event.details.reason).toBe('retention');
  });

  it('her erasure blanks what a leader wrote about their sessions with her; withdrawing consent unpairs them', async () => {
    const m = t.services.mentoring;
    const manager = actor(users.manager);
    const other = await m.addLeader(manager, reverseCohort, {
      name: 'Pia Partner',
      email: 'pia@partner.example',
      employer: 'Partner plc',
    });
    await m.pairLeader(manager, other, amalMentee);
    await q(
      `insert into mentoring_leader_sessions (organisation_id, leader_id, held_on, mode, minutes, covered)
       values ($1, $2, '2026-06-03', 'online', 30, 'Amal told me about her journey')`,
      [users.manager.organisationId, other],
    );
    await t.services.participants.recordConsent(actor(users.kw), amal, {
      purpose: 'mentoring',
      given: false,
      method: 'verbal',
    } as never);
    expect(
      (await q('select alumna_mentee_id from mentoring_leaders where id = $1', [other]))[0].alumna_mentee_id,
    ).toBeNull();
    await q('update mentoring_leaders set alumna_mentee_id = $1 where id = $2', [amalMentee, other]);
    await t.services.participants.erase(manager, amal);
    expect(await q('select covered from mentoring_leader_sessions where leader_id = $1', [other])).toEqual([
      { covered: null },
    ]);
  });
});
