import { beforeAll, describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { insertMentee, programmeCohort } from '../../../tests/support/mentoring.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * A reverse-mentoring leader's subject access (issue 14, point 9): a manager of the programme's
 * organisation downloads everything held about one leader from the cohort page, and a leader
 * signed in downloads their own at /leader; the alumna appears by her chosen name only, and no
 * password hash or second-factor secret ever leaves. And pairing an alumna with a leader
 * introduces her through her safe messages (participants' messageHer), in her language.
 */
const { t, users, as, actor, smtp } = useScenario({
  organisations: { own: 'Harbour', other: 'Elsewhere' },
  users: {
    manager: 'manager',
    kw: 'key_worker',
    lena: 'leader',
    otherManager: ['manager', 'other'],
  },
  smtp: {},
});
const q = async (sql: string, params: unknown[] = []) => (await t.database.pool.query(sql, params)).rows;
let reverseCohort: string;
let leaderId: string;
let amalMentee: string;
let amal: string;
let basmaMentee: string;
let basma: string;
const AMAL_EMAIL = 'amal.alumna@example.org';

/** An alumna of the reverse pool with her safe contact rules: the methods she allows, her consents. */
async function alumna(
  name: string,
  cohortId: string,
  o: { methods: string[]; consents: ('contact_sms' | 'contact_email')[]; languages: string[] },
) {
  const p = t.services.participants;
  const kw = actor(users.kw);
  const participant = await registerWalkIn(t, users.kw, `${name} Surname`);
  await p.updateSection(kw, participant, {
    section: 'contact',
    data: {
      contactMethods: o.methods as never,
      safeTimes: null,
      neverContactAtHome: false,
      phone: '07700 900123',
      email: name === 'Amal' ? AMAL_EMAIL : 'basma.alumna@example.org',
    },
  });
  await p.updateSection(kw, participant, {
    section: 'languages',
    data: { languages: o.languages, interpreterNeeded: false, interpreterLanguage: null, englishLevel: null },
  } as never);
  for (const purpose of o.consents)
    await p.recordConsent(kw, participant, { purpose, organisationId: null, given: true, method: 'verbal' });
  const mentee = await insertMentee(t, {
    organisationId: users.manager.organisationId,
    participantId: participant,
    cohortId,
    chosenName: name,
    reverseMentor: true,
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
  ({ participant: amal, mentee: amalMentee } = await alumna('Amal', closed, {
    methods: ['email'],
    consents: ['contact_email'],
    languages: ['Arabic'],
  }));
  // Basma agreed to texts and emails, but neither is one of her safe methods: only in person.
  ({ participant: basma, mentee: basmaMentee } = await alumna('Basma', closed, {
    methods: ['in_person'],
    consents: ['contact_sms', 'contact_email'],
    languages: ['English'],
  }));
  leaderId = await m.addLeader(manager, reverseCohort, {
    name: 'Lena Leader',
    email: users.lena.email,
    employer: 'Partner plc',
  });
});

const cohortPage = () => `/mentoring/cohorts/${reverseCohort}`;
const outbox = (participantId: string) =>
  q(
    "select status, reason, channel from participant_message_outbox where kind = 'mentorship.leader-introduction' and participant_id = $1 order by channel",
    [participantId],
  );

describe('pairing introduces the alumna through her safe messages', () => {
  it('queues her introduction in her language and sends it by a method she allows', async () => {
    const a = await as(users.manager);
    const paired = await a.submit(
      cohortPage(),
      { alumna: amalMentee },
      `/mentoring/leaders/${leaderId}/alumna`,
    );
    expect(paired.statusCode).toBe(303);
    const rows = await outbox(amal);
    expect(rows.find((r) => r.channel === 'email')?.status).not.toBe('not_sent');
    const mail = smtp.lastTo(AMAL_EMAIL);
    // In Arabic, her language; the leader by their first name and employer, nothing more.
    expect(mail?.text).toContain('Lena');
    expect(mail?.text).toContain('Partner plc');
    expect(mail?.text).toContain('سترشدين');
    expect((await a.get(String(paired.headers.location))).body).toContain('She will be told');
    // Pairing her again queues nothing new.
    await a.submit(cohortPage(), { alumna: amalMentee }, `/mentoring/leaders/${leaderId}/alumna`);
    expect((await outbox(amal)).length).toBe(rows.length);
  });

  it('refuses a method she has not marked safe: nothing is sent, and the manager is told', async () => {
    const m = t.services.mentoring;
    const other = await m.addLeader(actor(users.manager), reverseCohort, {
      name: 'Otto Other',
      email: 'otto@partner.example',
      employer: 'Partner plc',
    });
    const a = await as(users.manager);
    const paired = await a.submit(
      cohortPage(),
      { alumna: basmaMentee },
      `/mentoring/leaders/${other}/alumna`,
    );
    expect(paired.statusCode).toBe(303);
    const rows = await outbox(basma);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r).toMatchObject({ status: 'not_sent', reason: 'not_safe_method' });
    expect(smtp.lastTo('basma.alumna@example.org')).toBeUndefined();
    expect((await a.get(String(paired.headers.location))).body).toContain('could not be told safely');
    // The pairing stands: her key worker can tell her in person.
    const [row] = await q('select alumna_mentee_id from mentoring_leaders where id = $1', [other]);
    expect(row.alumna_mentee_id).toBe(basmaMentee);
  });
});

describe('subject access for a leader', () => {
  beforeAll(async () => {
    const m = t.services.mentoring;
    const lena = actor(users.lena);
    // Their first visit links their account to the leader recorded with their email.
    await m.myPairing(lena);
    await m.logLeaderSession(lena, {
      heldOn: '2026-06-02',
      mode: 'online',
      minutes: 45,
      covered: 'How Amal found her first job',
      nextMeetingOn: null,
    });
    await m.sendLeaderSurvey(actor(users.manager), leaderId);
    await m.answerLeaderSurvey(lena, { confidence: 4, leadership: 5, timeManagement: 3, approaching: 4 });
  });

  const checkExport = async (body: string) => {
    const data = JSON.parse(body);
    expect(data.leader).toMatchObject({
      name: 'Lena Leader',
      email: users.lena.email,
      employer: 'Partner plc',
    });
    expect(data.programme.name).toBe('Leaders programme');
    expect(data.cohort.name).toBe('Leaders cohort');
    expect(data.alumnaMentor).toEqual({ chosenName: 'Amal' });
    expect(data.sessions).toMatchObject([
      { heldOn: '2026-06-02', minutes: 45, covered: 'How Amal found her first job' },
    ]);
    // When their survey was sent and answered; the answers themselves are kept by cohort only,
    // with nothing that ties them to the leader, so they cannot be part of it.
    expect(data.surveys).toMatchObject([{ survey: 'leader_end' }]);
    expect(data.surveys[0].answeredAt).toBeTruthy();
    expect(data.signIn).toMatchObject({ role: 'leader', email: users.lena.email, active: true });
    expect(data.signIn.createdAt).toBeTruthy();
    expect(
      data.accessLog.some((e: { action: string }) => e.action === 'mentorship.leader-session-logged'),
    ).toBe(true);
    // Her chosen name only: not her full name, not her record's id; no secrets of their sign-in.
    expect(body).not.toContain('Surname');
    expect(body).not.toContain(amal);
    const [secrets] = await q('select password_hash, totp_secret from users where id = $1', [users.lena.id]);
    expect(body).not.toContain(secrets.password_hash);
    expect(body).not.toContain(secrets.totp_secret);
    expect(body).not.toMatch(/passwordHash|totpSecret|totp_secret|password_hash/);
  };

  it('a manager downloads it as JSON from the cohort page; audited', async () => {
    const a = await as(users.manager);
    const url = `/mentoring/leaders/${leaderId}/export.json`;
    expect((await a.get(cohortPage())).body).toContain(`href="${url}"`);
    const res = await a.get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.headers['content-disposition']).toContain('attachment');
    await checkExport(res.body);
    const [event] = await q(
      "select record_type, record_id, details from audit_events where action = 'mentorship.leader-exported' order by seq desc limit 1",
    );
    expect(event).toMatchObject({
      record_type: 'mentoring_cohort',
      record_id: reverseCohort,
      details: { leaderId, by: 'manager' },
    });
    // Her chosen name went out in it: her own record's access log says so.
    const [hers] = await q(
      "select details from audit_events where action = 'mentorship.alumna-in-leader-export' and record_id = $1 order by seq desc limit 1",
      [amal],
    );
    expect(hers.details).toEqual({ leaderId, fields: ['chosen_name'] });
  });

  it('is refused to everyone else: a key worker, another organisation’s manager', async () => {
    const url = `/mentoring/leaders/${leaderId}/export.json`;
    expect((await (await as(users.kw)).get(url)).statusCode).toBe(403);
    expect((await (await as(users.otherManager)).get(url)).statusCode).toBe(404);
  });

  it('the leader signed in downloads their own at /leader', async () => {
    const l = await as(users.lena);
    expect((await l.get('/leader')).body).toContain('href="/leader/export.json"');
    const res = await l.get('/leader/export.json');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-disposition']).toContain('attachment');
    await checkExport(res.body);
    const [event] = await q(
      "select details from audit_events where action = 'mentorship.leader-exported' order by seq desc limit 1",
    );
    expect(event.details).toEqual({ leaderId, by: 'leader' });
    // Another leader's by id is not theirs to take.
    expect((await l.get(`/mentoring/leaders/${leaderId}/export.json`)).statusCode).toBe(403);
  });
});
