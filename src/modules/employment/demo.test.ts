import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { seedDemo } from '../../seed/demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database.db, t.services);
}, 120_000);
afterAll(() => t?.close());

describe('demo employment', () => {
  it('has three pledged employers listed publicly, about 40 opportunities of every kind, and women put forward at every stage', async () => {
    const q = async (sql: string) => (await t.database.pool.query(sql)).rows;
    const pledged = await t.app.inject('/employers/pledged');
    for (const name of ['Grand Northern Hotels (demo)', 'Kindred Care Homes (demo)', 'Fieldway Foods (demo)'])
      expect(pledged.body).toContain(name);
    const kinds = await q('select distinct kind from employment_opportunities');
    expect(kinds.map((r) => r.kind).sort()).toEqual(
      ['apprenticeship', 'course', 'job', 'placement', 'recruitment_day', 'volunteering'].sort(),
    );
    const [{ n, school, notSchool }] = await q(
      'select count(*)::int n, count(*) filter (where fits_school_hours)::int school, count(*) filter (where not fits_school_hours)::int "notSchool" from employment_opportunities',
    );
    expect(n).toBe(40);
    expect(school).toBeGreaterThan(0);
    expect(notSchool).toBeGreaterThan(0);
    expect((await q('select count(*)::int n from employment_work_profiles'))[0].n).toBe(9);
    const stages = (await q('select distinct stage from employment_put_forwards')).map((r) => r.stage);
    for (const stage of [
      'put_forward',
      'interview',
      'offer',
      'accepted',
      'declined',
      'not_offered',
      'withdrawn',
    ])
      expect(stages).toContain(stage);
  });
});
