import { beforeAll, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/** Her data rights cover mentoring: her subject access export includes it, erasure removes it. */
const { t, users, actor } = useScenario({ users: { manager: 'manager', kw: 'key_worker' } });
let her: string;

beforeAll(async () => {
  const m = t.services.mentoring;
  const manager = actor(users.manager);
  const kw = actor(users.kw);
  her = await registerWalkIn(t, users.kw, 'Rights Mentee');
  const programme = await m.createProgramme(manager, {
    name: 'Rights programme',
    kind: 'one_to_one',
    lengthMonths: 4,
    meetingExpectations: null,
    surveys: [],
  });
  const cohort = await m.createCohort(manager, programme, {
    name: 'Rights cohort',
    startsOn: '2026-01-01',
    endsOn: '2026-05-01',
    capacity: 5,
  });
  await m.enrol(
    kw,
    her,
    {
      cohortId: cohort,
      sharedFields: ['chosen_name', 'goals'],
      chosenName: 'Rights',
      languages: ['english'],
      availability: ['mon-am'],
      goals: 'A goal in her own words',
      aspirations: [],
      goalSkills: [],
      interpreterAvailable: false,
      mode: 'online',
    },
    'verbal',
  );
});

it('puts her mentoring in her subject access export', async () => {
  const data = await t.services.participants.subjectAccessExport(actor(users.manager), her);
  expect(JSON.stringify(data)).toContain('A goal in her own words');
});

it('erases her mentoring with her record', async () => {
  await t.services.participants.erase(actor(users.manager), her);
  const { rows } = await t.database.pool.query(
    'select count(*)::int as n from mentoring_mentees where participant_id = $1',
    [her],
  );
  expect(rows[0].n).toBe(0);
});
