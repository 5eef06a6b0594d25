import type { Actor } from '../../src/platform/auth/actor.ts';
import type { TestApp } from './app.ts';

/**
 * Mentoring set-up shared by the module's tests: a programme with one cohort, made through the
 * service as a manager would, and a mentee row inserted as history (a completed alumna, with or
 * without the reverse-mentoring pool), which the service only reaches through a whole programme.
 */
export interface CohortSpec {
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
}

/** A four-month programme of this kind with one cohort; returns the cohort's id. */
export async function programmeCohort(
  t: TestApp,
  manager: Actor,
  kind: 'reverse' | 'one_to_one',
  cohort: CohortSpec,
  programmeName = kind === 'reverse' ? 'Leaders programme' : 'Routes programme',
): Promise<string> {
  const m = t.services.mentoring;
  const programme = await m.createProgramme(manager, {
    name: programmeName,
    kind,
    lengthMonths: 4,
    meetingExpectations: null,
    surveys: [],
  });
  return m.createCohort(manager, programme, cohort);
}

/** A mentee of a cohort, by her chosen name; completed alumna by default. Returns the mentee's id. */
export async function insertMentee(
  t: TestApp,
  m: {
    organisationId: string;
    participantId: string;
    cohortId: string;
    chosenName: string;
    status?: string;
    alumna?: boolean;
    reverseMentor?: boolean;
  },
): Promise<string> {
  const { rows } = await t.database.pool.query<{ id: string }>(
    `insert into mentoring_mentees (organisation_id, participant_id, cohort_id, chosen_name, status, alumna, reverse_mentor)
     values ($1, $2, $3, $4, $5, $6, $7) returning id`,
    [
      m.organisationId,
      m.participantId,
      m.cohortId,
      m.chosenName,
      m.status ?? 'completed',
      m.alumna ?? true,
      m.reverseMentor ?? false,
    ],
  );
  return rows[0]!.id;
}
