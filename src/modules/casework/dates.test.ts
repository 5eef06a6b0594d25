import { beforeAll, describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * Dates typed into casework forms go through the one GOV.UK date parser: a month of 13 or 0, or the
 * 31st of a 30-day month, is refused with the form shown again, never rolled into another date
 * (2/13/2025 was once saved as 2 January 2026).
 */
const { t, users, as } = useScenario({ users: { kw: 'key_worker' } });
const { kw } = users;
let id: string;
const contact = (day: string, month: string, year: string) => ({
  kind: 'one_to_one',
  'happenedOn-day': day,
  'happenedOn-month': month,
  'happenedOn-year': year,
  notes: `Date check ${day}/${month}/${year}`,
});

beforeAll(async () => {
  id = await registerWalkIn(t, kw, 'Hawa');
});

describe('casework dates', () => {
  for (const [d, m, y] of [
    ['2', '13', '2025'],
    ['2', '0', '2025'],
    ['31', '4', '2025'],
    ['29', '2', '2025'],
  ] as const)
    it(`refuses ${d}/${m}/${y} on a contact, saving nothing`, async () => {
      const a = await as(kw);
      const res = await a.submit(`/participants/${id}/contacts/new`, contact(d, m, y));
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('govuk-error-summary');
      expect((await a.get(`/participants/${id}/contacts`)).body).not.toContain(`Date check ${d}/${m}/${y}`);
    });

  it('accepts 29 February in a leap year', async () => {
    const a = await as(kw);
    const res = await a.submit(`/participants/${id}/contacts/new`, contact('29', '2', '2024'));
    expect(res.statusCode).toBe(303);
    expect((await a.get(`/participants/${id}/contacts`)).body).toContain('29 February 2024');
  });

  it('refuses month 13 as a step due date and as a plan review date', async () => {
    const a = await as(kw);
    const goal = await a.submit(`/participants/${id}/plan/goals/new`, { goal: 'Find a course' });
    expect(goal.statusCode).toBe(303);
    const plan = (await a.get(`/participants/${id}/plan`)).body;
    const goalId = /\/plan\/goals\/([0-9a-f-]{36})\/steps\/new/.exec(plan)![1];
    const step = await a.submit(`/plan/goals/${goalId}/steps/new`, {
      step: 'Call the college',
      owner: 'her',
      'dueOn-day': '2',
      'dueOn-month': '13',
      'dueOn-year': '2030',
    });
    expect(step.statusCode).toBe(400);
    const review = await a.submit(`/participants/${id}/plan/review`, {
      'nextReviewOn-day': '2',
      'nextReviewOn-month': '13',
      'nextReviewOn-year': '2030',
    });
    expect(review.statusCode).toBe(400);
  });
});
