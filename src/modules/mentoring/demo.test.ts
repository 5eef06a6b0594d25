import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { users } from '../../platform/auth/schema.ts';
import { seedDemo } from '../../seed/demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('seeds a running cohort with the demo mentor matched to demo women, sessions logged, and a closed cohort’s survey results', async () => {
  await seedDemo(t.database.db, t.services);
  const all = await t.database.db.select().from(users);
  const mentor = all.find((u) => u.role === 'mentor' && u.email.startsWith('mentor@harbour'))!;
  const manager = all.find((u) => u.role === 'manager' && u.email.startsWith('manager@harbour'))!;
  const asMentor = { userId: mentor.id, organisationId: mentor.organisationId, role: mentor.role };
  const mine = await t.services.mentoring.myMentees(asMentor);
  expect(mine.pairs.length).toBeGreaterThan(0);
  expect(mine.pairs.every((p) => p.last?.heldOn)).toBe(true);
  const asManager = { userId: manager.id, organisationId: manager.organisationId, role: manager.role };
  const { programmes } = await t.services.mentoring.overview(asManager);
  const closed = programmes.flatMap((p) => p.cohorts).find((c) => c.cohort.status === 'closed')!;
  const report = await t.services.mentoring.cohortReport(asManager, closed.cohort.id);
  const mentee = report.surveys.find((s) => s.survey === 'mentee_end')!;
  expect(mentee).toMatchObject({ answered: 12, suppressed: false });
  expect(mentee.questions.find((q) => q.question === 'skills')!.more).toBe(92);
});

it('seeds the spring cohort’s alumnae and a running reverse-mentoring cohort; the demo leader sees their pairing', async () => {
  const all = await t.database.db.select().from(users);
  const leader = all.find((u) => u.role === 'leader' && u.email.startsWith('leader@harbour'))!;
  expect(leader.totpSecret).toBeTruthy();
  const asLeader = { userId: leader.id, organisationId: leader.organisationId, role: leader.role };
  const mine = await t.services.mentoring.myPairing(asLeader);
  expect(mine.alumna?.chosenName).toBe('Hana');
  expect(mine.sessions).toHaveLength(1);
  expect(mine.nextMeetingOn).not.toBeNull();
  const manager = all.find((u) => u.role === 'manager' && u.email.startsWith('manager@harbour'))!;
  const asManager = { userId: manager.id, organisationId: manager.organisationId, role: manager.role };
  const alumnae = await t.services.mentoring.alumni(asManager);
  expect(
    alumnae
      .filter((a) => a.reverseMentor)
      .map((a) => a.chosenName)
      .sort(),
  ).toEqual(['Hana', 'Sara']);
  const { rows } = await t.database.pool.query(
    'select l.name, c.status from mentoring_leaders l join mentoring_cohorts c on c.id = l.cohort_id where l.alumna_mentee_id is not null order by l.name',
  );
  expect(rows).toEqual([
    { name: 'Lena Leader', status: 'running' },
    { name: 'Leo Example (demo)', status: 'running' },
  ]);
});
