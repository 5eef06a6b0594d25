import { beforeAll, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * Her mentoring works towards goals of her support plan: her key worker picks them from her plan
 * when enrolling her (casework owns the plan; mentoring keeps only the goal ids and reads the titles
 * through casework's door). A goal that is not one of her own open goals is refused.
 */
const { t, users, as, actor } = useScenario({ users: { manager: 'manager', kw: 'key_worker' } });
let her: string;
let other: string;
let cohortId: string;
let goal: string;
let closedGoal: string;
let othersGoal: string;

beforeAll(async () => {
  const m = t.services.mentoring;
  const manager = actor(users.manager);
  const kw = actor(users.kw);
  her = await registerWalkIn(t, users.kw, 'Plan Mentee');
  other = await registerWalkIn(t, users.kw, 'Other Planner');
  const programme = await m.createProgramme(manager, {
    name: 'Plan programme',
    kind: 'one_to_one',
    lengthMonths: 4,
    meetingExpectations: null,
    surveys: [],
  });
  cohortId = await m.createCohort(manager, programme, {
    name: 'Plan cohort',
    startsOn: '2026-01-01',
    endsOn: '2026-05-01',
    capacity: 5,
  });
  goal = await t.services.casework.addGoal(kw, her, { goal: 'Find work as a pharmacist', domains: [] });
  closedGoal = await t.services.casework.addGoal(kw, her, { goal: 'Open a bank account', domains: [] });
  await t.database.pool.query("update casework_plan_goals set status = 'achieved' where id = $1", [
    closedGoal,
  ]);
  othersGoal = await t.services.casework.addGoal(kw, other, { goal: 'Another woman’s goal', domains: [] });
});

const enrolment = (planGoalIds: string[]) => ({
  cohortId,
  consentNow: 'verbal',
  sharedFields: ['chosen_name'],
  chosenName: 'Plan',
  languages: 'English',
  mode: 'online',
  planGoalIds,
});

it('offers her open plan goals on the enrolment form, never a goal already achieved', async () => {
  const page = await (await as(users.kw)).get(`/participants/${her}/mentoring`);
  expect(page.statusCode).toBe(200);
  expect(page.body).toContain('Find work as a pharmacist');
  expect(page.body).not.toContain('Open a bank account');
});

it('refuses a goal from another woman’s plan or one already achieved', async () => {
  const a = await as(users.kw);
  for (const ids of [[othersGoal], [closedGoal]]) {
    const res = await a.submit(`/participants/${her}/mentoring`, enrolment(ids));
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose goals from her own support plan');
  }
});

it('links the goals she chose: their ids kept here, their titles shown from her plan', async () => {
  const a = await as(users.kw);
  const res = await a.submit(`/participants/${her}/mentoring`, enrolment([goal]));
  expect(res.statusCode).toBe(303);
  const { rows } = await t.database.pool.query(
    'select plan_goal_ids from mentoring_mentees where participant_id = $1',
    [her],
  );
  expect(rows[0].plan_goal_ids).toEqual([goal]);
  const page = await a.get(`/participants/${her}/mentoring`);
  expect(page.body).toMatch(/Her plan goals\s*<\/dt>\s*<dd[^>]*>\s*Find work as a pharmacist/);
});
