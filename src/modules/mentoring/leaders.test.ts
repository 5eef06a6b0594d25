import { beforeAll, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { programmeCohort } from '../../../tests/support/mentoring.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * Reverse mentoring: staff record the partner’s leaders on a reverse cohort (external people, no
 * casework record); each answers their own end survey once, here through a single-use emailed link
 * (their own sign-in is leader-sign-in.test.ts).
 */
const { t, users, as, actor, smtp } = useScenario({
  users: { manager: 'manager', kw: 'key_worker' },
  smtp: {},
});
let reverseCohort: string;
let oneToOneCohort: string;

beforeAll(async () => {
  const manager = actor(users.manager);
  const cohortOf = (kind: 'reverse' | 'one_to_one') =>
    programmeCohort(t, manager, kind, {
      name: `${kind} cohort`,
      startsOn: '2026-06-01',
      endsOn: '2026-10-01',
      capacity: 7,
    });
  reverseCohort = await cohortOf('reverse');
  oneToOneCohort = await cohortOf('one_to_one');
});

const leader = { name: 'Lena Leader', email: 'lena@partner.example', employer: 'Partner plc' };

it('records a leader on a reverse-mentoring cohort only', async () => {
  const a = await as(users.manager);
  const page = `/mentoring/cohorts/${reverseCohort}`;
  const bad = await a.submit(page, { ...leader, email: 'not an email' }, `${page}/leaders`);
  expect(bad.statusCode).toBe(400);
  expect((await a.submit(page, leader, `${page}/leaders`)).statusCode).toBe(303);
  const shown = await a.get(page);
  expect(shown.body).toContain('Lena Leader');
  expect(shown.body).toContain('Partner plc');
  const other = `/mentoring/cohorts/${oneToOneCohort}`;
  expect((await a.get(other)).body).not.toContain('Leaders being mentored');
  const refused = await a.submit(other, leader, `${other}/leaders`);
  expect(refused.statusCode).toBe(400);
  expect(refused.body).toContain('only be added to a reverse-mentoring cohort');
});

it('emails the leader a single-use link; they answer their own survey without signing in, once', async () => {
  const a = await as(users.manager);
  const { rows } = await t.database.pool.query("select id from mentoring_leaders where name = 'Lena Leader'");
  const page = `/mentoring/cohorts/${reverseCohort}`;
  expect((await a.submit(page, {}, `/mentoring/leaders/${rows[0].id}/survey`)).statusCode).toBe(303);
  const mail = smtp.lastTo(leader.email)!;
  const token = /\/survey\/([\w-]+)/.exec(mail.text)![1]!;
  const anonymous = new Agent(t.app);
  const survey = await anonymous.get(`/survey/${token}`);
  expect(survey.statusCode).toBe(200);
  expect(survey.body).toContain('leadership');
  const answers = { confidence: '5', leadership: '4', timeManagement: '4', approaching: '5' };
  const done = await anonymous.submit(`/survey/${token}`, answers);
  expect(done.statusCode).toBe(200);
  expect((await anonymous.get(`/survey/${token}`)).statusCode).toBe(404);
  const stored = await t.database.pool.query(
    "select cohort_id, answers from mentoring_survey_answers where survey = 'leader_end'",
  );
  expect(stored.rows).toEqual([
    {
      cohort_id: reverseCohort,
      answers: { confidence: 5, leadership: 4, timeManagement: 4, approaching: 5 },
    },
  ]);
  const after = (await a.get(page)).body;
  expect(after).toContain('Answered');
  // Answered: no second link is sent.
  await a.submit(page, {}, `/mentoring/leaders/${rows[0].id}/survey`);
  expect(smtp.lastTo(leader.email)!.text).toBe(mail.text);
});
