import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { seedDemo } from '../../seed/demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('seeds a fictional fund with an application at every stage: draft, submitted, interviewed, awarded, declined', async () => {
  await seedDemo(t.database.db, t.services);
  const { rows } = await t.database.pool.query<{
    status: string;
    kind: string | null;
    held: boolean;
    guaranteed: boolean;
  }>(
    `select a.status, d.kind, a.guaranteed_interview as guaranteed,
            exists (select 1 from bursary_interviews i where i.application_id = a.id and i.held_on is not null) as held
       from bursary_applications a left join bursary_decisions d on d.application_id = a.id
      order by a.created_at`,
  );
  expect(rows).toEqual([
    { status: 'draft', kind: null, held: false, guaranteed: false },
    { status: 'submitted', kind: null, held: false, guaranteed: true },
    { status: 'interviewing', kind: null, held: true, guaranteed: true },
    { status: 'decided', kind: 'part', held: false, guaranteed: true },
    { status: 'decided', kind: 'decline', held: true, guaranteed: true },
  ]);
  const { rows: funds } = await t.database.pool.query(
    'select max_award_pence, start_window_months from bursary_funds',
  );
  expect(funds).toEqual([{ max_award_pence: 500_000, start_window_months: 12 }]);
});
