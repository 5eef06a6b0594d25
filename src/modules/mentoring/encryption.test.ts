import { beforeAll, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { encryptedColumns } from '../../platform/crypto/registry.ts';

/**
 * Her goals in her own words and a mentor's DBS certificate number are encrypted at rest (like
 * participants' special-category fields), registered for key rotation, and values written before
 * encryption are moved at start-up.
 */
const { t, users, actor } = useScenario({ users: { manager: 'manager', kw: 'key_worker' } });
let her: string;
let cohortId: string;
let programmeId: string;

beforeAll(async () => {
  const m = t.services.mentoring;
  const manager = actor(users.manager);
  her = await registerWalkIn(t, users.kw, 'Cipher Mentee');
  programmeId = await m.createProgramme(manager, {
    name: 'Cipher programme',
    kind: 'one_to_one',
    lengthMonths: 4,
    meetingExpectations: null,
    surveys: [],
  });
  cohortId = await m.createCohort(manager, programmeId, {
    name: 'Cipher cohort',
    startsOn: '2026-01-01',
    endsOn: '2026-05-01',
    capacity: 5,
  });
});

it('stores her goals encrypted, and gives them back in her subject access export', async () => {
  const id = await t.services.mentoring.enrol(
    actor(users.kw),
    her,
    {
      cohortId,
      sharedFields: ['chosen_name', 'goals'],
      chosenName: 'Cipher',
      languages: [],
      availability: [],
      goals: 'Study for a nursing degree',
      aspirations: [],
      goalSkills: [],
      interpreterAvailable: false,
      mode: 'online',
    },
    'verbal',
  );
  const { rows } = await t.database.pool.query(
    'select goals, goals_enc from mentoring_mentees where id = $1',
    [id],
  );
  expect(rows[0].goals).toBeNull();
  expect(rows[0].goals_enc).toMatch(/^v1\./);
  expect(rows[0].goals_enc).not.toContain('nursing');
  const data = await t.services.participants.subjectAccessExport(actor(users.manager), her);
  expect(JSON.stringify(data)).toContain('Study for a nursing degree');
  expect(JSON.stringify(data)).not.toContain('goalsEnc');
});

it('registers both columns for key rotation', () => {
  const specs = encryptedColumns();
  expect(specs.find((s) => s.table === 'mentoring_mentees')?.columns).toContain('goals_enc');
  expect(specs.find((s) => s.table === 'mentoring_mentors')?.columns).toContain('dbs_certificate_number_enc');
});

it('moves values written before encryption into the encrypted columns, once', async () => {
  const pool = t.database.pool;
  const { rows: m } = await pool.query(
    `insert into mentoring_mentors (organisation_id, name, email, dbs_certificate_number)
     values ($1, 'Old Mentor', 'old@example.invalid', '009988776655') returning id`,
    [users.manager.organisationId],
  );
  const { rows: e } = await pool.query(
    `insert into mentoring_mentees (organisation_id, participant_id, cohort_id, chosen_name, goals)
     values ($1, gen_random_uuid(), $2, 'Old', 'Open a bakery') returning id`,
    [users.manager.organisationId, cohortId],
  );
  expect(await t.services.mentoring.encryptPlaintext()).toBe(2);
  expect(await t.services.mentoring.encryptPlaintext()).toBe(0);
  const mentor = await pool.query(
    'select dbs_certificate_number as plain, dbs_certificate_number_enc as enc from mentoring_mentors where id = $1',
    [m[0].id],
  );
  expect(mentor.rows[0].plain).toBeNull();
  expect(t.services.cipher.decrypt(mentor.rows[0].enc)).toBe('009988776655');
  const mentee = await pool.query(
    'select goals as plain, goals_enc as enc from mentoring_mentees where id = $1',
    [e[0].id],
  );
  expect(mentee.rows[0].plain).toBeNull();
  expect(t.services.cipher.decrypt(mentee.rows[0].enc)).toBe('Open a bakery');
  const page = await t.services.mentoring.mentorPage(actor(users.manager), m[0].id);
  expect(page.mentor.dbsCertificateNumber).toBe('009988776655');
});
