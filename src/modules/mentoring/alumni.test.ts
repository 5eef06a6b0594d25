import { beforeAll, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { insertMentee, programmeCohort } from '../../../tests/support/mentoring.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * Alumnae: a completed mentee who agreed is listed for managers, invited only through her safe
 * messages, and those who agreed to mentor leaders form the pool shown on a reverse-mentoring cohort.
 */
const { t, users, as, actor } = useScenario({
  organisations: { own: 'Harbour', other: 'Elsewhere' },
  users: { manager: 'manager', kw: 'key_worker', otherManager: ['manager', 'other'] },
});
let cohortId: string;
let reverseCohortId: string;
let amal: string;
let basma: string;

beforeAll(async () => {
  const manager = actor(users.manager);
  cohortId = await programmeCohort(
    t,
    manager,
    'one_to_one',
    { name: 'Alumni cohort', startsOn: '2026-01-01', endsOn: '2026-05-01', capacity: 5 },
    'Alumni programme',
  );
  reverseCohortId = await programmeCohort(t, manager, 'reverse', {
    name: 'Leaders cohort',
    startsOn: '2026-06-01',
    endsOn: '2026-10-01',
    capacity: 5,
  });
  const mentee = async (name: string, status: string, alumna: boolean, reverseMentor: boolean) => {
    const participant = await registerWalkIn(t, users.kw, `${name} Alumna`);
    await insertMentee(t, {
      organisationId: users.manager.organisationId,
      participantId: participant,
      cohortId,
      chosenName: name,
      status,
      alumna,
      reverseMentor,
    });
    return participant;
  };
  amal = await mentee('Amal', 'completed', true, true);
  // Her completed pairing gives the date she completed.
  await t.database.pool.query(
    `with mentor as (
       insert into mentoring_mentors (organisation_id, name, email) values ($1, 'Old Mentor', 'old@example.invalid') returning id
     )
     insert into mentoring_pairs (organisation_id, cohort_id, mentee_id, mentor_id, status, ended_at, closure_reason)
     select $1, $2, m.id, mentor.id, 'ended', '2026-05-01T12:00:00Z', 'completed'
     from mentoring_mentees m, mentor where m.participant_id = $3`,
    [users.manager.organisationId, cohortId, amal],
  );
  basma = await mentee('Basma', 'completed', true, false);
  await mentee('Carla', 'completed', false, false);
  await mentee('Dina', 'ended_early', false, false);
});

it('lists completed mentees who agreed, for managers only', async () => {
  const page = await (await as(users.manager)).get('/mentoring/alumni');
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('Amal');
  expect(page.body).toContain('Basma');
  expect(page.body).not.toContain('Carla');
  expect(page.body).not.toContain('Dina');
  expect(page.body).toContain('agrees to mentor leaders');
  expect(page.body).toContain('completed 1 May 2026');
  expect((await (await as(users.kw)).get('/mentoring/alumni')).statusCode).toBe(403);
  // Another organisation's manager sees none of them.
  expect((await (await as(users.otherManager)).get('/mentoring/alumni')).body).not.toContain('Amal');
});

it('invites alumnae only through her safe messages, once per event', async () => {
  const a = await as(users.manager);
  const { rows: ids } = await t.database.pool.query(
    "select id from mentoring_mentees where chosen_name in ('Amal', 'Basma') order by chosen_name",
  );
  const none = await a.submit('/mentoring/alumni', {
    event: 'Breakfast',
    'on-day': '1',
    'on-month': '1',
    'on-year': '2099',
  });
  expect(none.statusCode).toBe(400);
  expect(none.body).toContain('Choose at least one alumna');
  const form = {
    menteeIds: ids.map((r) => r.id as string),
    event: 'Alumni breakfast',
    'on-day': '1',
    'on-month': '1',
    'on-year': '2099',
  };
  expect((await a.submit('/mentoring/alumni', form)).statusCode).toBe(303);
  const outbox = async () =>
    (
      await t.database.pool.query(
        "select participant_id from participant_message_outbox where kind = 'mentorship.invitation'",
      )
    ).rows.map((r) => r.participant_id as string);
  const first = await outbox();
  expect(new Set(first)).toEqual(new Set([amal, basma]));
  expect((await a.submit('/mentoring/alumni', form)).statusCode).toBe(303);
  expect((await outbox()).length).toBe(first.length);
  const { rows } = await t.database.pool.query(
    "select count(*)::int as n from audit_events where action = 'mentorship.alumna-invited'",
  );
  expect(rows[0].n).toBeGreaterThanOrEqual(2);
});

it('shows the reverse mentors who agreed on a reverse-mentoring cohort, and not on a one-to-one cohort', async () => {
  const a = await as(users.manager);
  const reverse = await a.get(`/mentoring/cohorts/${reverseCohortId}`);
  expect(reverse.body).toContain('Reverse mentors available');
  expect(reverse.body).toMatch(/<li>Amal /);
  expect(reverse.body).not.toContain('Basma');
  expect((await a.get(`/mentoring/cohorts/${cohortId}`)).body).not.toContain('Reverse mentors available');
});
