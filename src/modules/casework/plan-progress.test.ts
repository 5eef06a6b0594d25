import { beforeAll, describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, as } = useScenario({ users: { kw: 'key_worker' } });
const { kw } = users;
let id: string;

beforeAll(async () => {
  id = await registerWalkIn(t, kw, 'Selam');
});

const goalIdsOn = (html: string) =>
  [...html.matchAll(/href="\/plan\/goals\/([0-9a-f-]{36})\/progress"/g)].map((m) => m[1]!);
const stepBoxes = (html: string) =>
  [
    ...html.matchAll(
      /<input class="govuk-checkboxes__input" id="[^"]+" name="done" type="checkbox" value="([0-9a-f-]{36})"( checked)?/g,
    ),
  ].map((m) => ({ id: m[1]!, checked: Boolean(m[2]) }));
const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('support plan progress, agreed with her', () => {
  it('marks steps done and not done, and where she is with a goal; the plan and its print show it', async () => {
    const a = await as(kw);
    await a.submit(`/participants/${id}/plan/goals/new`, {
      goal: 'I want to drive',
      domains: ['employment'],
    });
    await a.submit(`/participants/${id}/plan/goals/new`, { goal: 'Find a quiet place to study' });
    let plan = await a.get(`/participants/${id}/plan`);
    const [drive, study] = goalIdsOn(plan.body);
    expect(drive && study).toBeTruthy();
    expect(text(plan.body)).toContain('Where she is with it Working on it');
    for (const step of ['Book the theory test', 'Pass the theory test'])
      await a.submit(`/plan/goals/${drive}/steps/new`, { step, owner: 'her' });
    await a.submit(`/plan/goals/${study}/steps/new`, { step: 'Ask at the library', owner: 'key_worker' });

    const form = await a.get(`/plan/goals/${drive}/progress`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('I want to drive');
    const boxes = stepBoxes(form.body);
    expect(boxes.map((b) => b.checked)).toEqual([false, false]);
    expect(form.body).toMatch(/name="status" type="radio" value="open" checked/);
    const otherGoalStep = stepBoxes((await a.get(`/plan/goals/${study}/progress`)).body)[0]!.id;

    // The first step is done and she has achieved the goal; a step of another goal is not touched.
    const done = await a.submit(`/plan/goals/${drive}/progress`, {
      status: 'achieved',
      done: [boxes[0]!.id, otherGoalStep],
    });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe(`/participants/${id}/plan`);
    plan = await a.get(`/participants/${id}/plan`);
    expect(plan.body).toContain('Progress saved.');
    const planText = text(plan.body);
    expect(planText).toContain('Where she is with it Achieved');
    expect(planText).toMatch(/Book the theory test Who: Her – done/);
    expect(planText).not.toMatch(/Pass the theory test Who: Her – done/);
    expect(planText).not.toMatch(/Ask at the library Who: Key worker – done/);
    expect(stepBoxes((await a.get(`/plan/goals/${drive}/progress`)).body).map((b) => b.checked)).toEqual([
      true,
      false,
    ]);
    expect(text((await a.get(`/participants/${id}/plan/print`)).body)).toContain(
      'Where she is with it Achieved',
    );

    // Not done after all, and the goal is no longer relevant to her.
    const undone = await a.submit(`/plan/goals/${drive}/progress`, { status: 'stopped' });
    expect(undone.statusCode).toBe(303);
    const again = text((await a.get(`/participants/${id}/plan`)).body);
    expect(again).toContain('Where she is with it No longer relevant');
    expect(again).not.toMatch(/Book the theory test Who: Her – done/);

    const { rows } = await t.database.pool.query(
      `select details from audit_events where action = 'plan.goal-progress' order by seq`,
    );
    expect(rows.map((r) => [r.details.status, r.details.stepsDone, r.details.stepsNotDone])).toEqual([
      ['achieved', [boxes[0]!.id], []],
      ['stopped', [], [boxes[0]!.id]],
    ]);
    expect(JSON.stringify(rows)).not.toContain('theory');
  });

  it('refuses a status that is not one of the choices, changing nothing', async () => {
    const a = await as(kw);
    const [goal] = goalIdsOn((await a.get(`/participants/${id}/plan`)).body);
    const before = await t.database.pool.query('select status from casework_plan_goals where id = $1', [
      goal,
    ]);
    const res = await a.submit(`/plan/goals/${goal}/progress`, { status: 'deleted' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('Choose one');
    const after = await t.database.pool.query('select status from casework_plan_goals where id = $1', [goal]);
    expect(after.rows).toEqual(before.rows);
  });

  it('records that the plan was reviewed with her, with the date', async () => {
    const a = await as(kw);
    expect((await a.get(`/participants/${id}/plan`)).body).toContain('Not reviewed yet.');
    const res = await a.submit(`/participants/${id}/plan`, {}, `/participants/${id}/plan/review`);
    expect(res.statusCode).toBe(303);
    const today = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC',
    }).format(new Date());
    expect(text((await a.get(`/participants/${id}/plan`)).body)).toContain(
      `Last reviewed together on ${today}.`,
    );
  });

  it('tags a step past its due date and not done as overdue, and no other', async () => {
    const a = await as(kw);
    const her = await registerWalkIn(t, kw, 'Hana Overdue');
    await a.submit(`/participants/${her}/plan/goals/new`, { goal: 'Get my certificates translated' });
    const [goal] = goalIdsOn((await a.get(`/participants/${her}/plan`)).body);
    const due = (step: string, year: string) => ({
      step,
      owner: 'her',
      'dueOn-day': '1',
      'dueOn-month': '3',
      'dueOn-year': year,
    });
    await a.submit(`/plan/goals/${goal}/steps/new`, due('Find a translator', '2020'));
    await a.submit(`/plan/goals/${goal}/steps/new`, due('Send the certificates', '2099'));
    const plan = await a.get(`/participants/${her}/plan`);
    expect([...plan.body.matchAll(/govuk-tag[^"]*"[^>]*>\s*Overdue/g)]).toHaveLength(1);
    expect(text(plan.body)).toMatch(/Find a translator .*Overdue/);
    expect(text(plan.body)).not.toMatch(/Send the certificates [^O]*Overdue/);
  });
});
