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

it('pays the part award in part and leaves it near its start-by date, its reminders due', async () => {
  const { rows: payments } = await t.database.pool.query<{ status: string; payee: string }>(
    'select status, payee from bursary_payments order by created_at',
  );
  expect(payments).toEqual([
    { status: 'paid', payee: 'provider' },
    { status: 'failed', payee: 'her' },
    { status: 'scheduled', payee: 'her' },
  ]);
  const { rows } = await t.database.pool.query<{ days: number }>(
    "select (start_by - current_date) as days from bursary_decisions where status = 'awarded'",
  );
  expect(rows[0]!.days).toBeGreaterThan(0);
  expect(rows[0]!.days).toBeLessThan(31);
  expect((await t.services.bursaries.money.runStartWindow()).reminded).toBe(1);
});
