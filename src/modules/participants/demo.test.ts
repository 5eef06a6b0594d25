import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { users } from '../../platform/auth/schema.ts';
import { seedDemo } from '../../seed/demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('seeds fictional women into each demo organisation, on her key worker’s caseload', async () => {
  await seedDemo(t.database.db, t.services);
  const kws = (await t.database.db.select().from(users)).filter((u) => u.role === 'key_worker');
  expect(kws).toHaveLength(3);
  for (const kw of kws) {
    const actor = { userId: kw.id, organisationId: kw.organisationId, role: kw.role };
    const caseload = await t.services.participants.caseload(actor);
    expect(caseload.rows.map((r) => r.preferredName).sort()).toEqual([
      'Amani (demo)',
      'Lina (demo)',
      'Rahel (demo)',
    ]);
    const record = await t.services.participants.view(actor, caseload.rows[0]!.id);
    expect(await t.services.participants.hasConsent(record.id, 'support')).toBe(true);
  }
});
