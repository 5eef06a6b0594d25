import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { users } from '../../platform/auth/schema.ts';
import { seedDemo } from '../../seed/demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('seeds a year of outcomes the commissioner’s report shows as real figures', async () => {
  await seedDemo(t.database.db, t.services);
  const commissioner = (await t.database.db.select().from(users)).find((u) => u.role === 'commissioner')!;
  const actor = {
    userId: commissioner.id,
    organisationId: commissioner.organisationId,
    role: commissioner.role,
  };
  const report = await t.services.outcomes.report(actor, { indicators: ['job_or_course_within_6_months'] });
  const line = report.sections[0]!.figure.lines[0]!;
  // The outcomes demo's 40 alumnae, and the two alumnae mentoring's demo closes as completed before
  // they mentor leaders (mentoring/demo-reverse.ts).
  expect(line.base.value).toBe(42);
  expect(line.percent).toBeGreaterThan(50);
});
