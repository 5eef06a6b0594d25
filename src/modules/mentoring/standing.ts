import { and, asc, eq, inArray, or } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { MentoringDeps } from './deps.ts';
import {
  mentoringCohorts,
  mentoringMentees,
  mentoringMentors,
  mentoringPairs,
  mentoringProgrammes,
} from './schema.ts';
import { openMentee } from './secrets.ts';

/**
 * What other modules (bursaries) may ask mentoring about her, through the door: is she a current
 * mentee or an alumna of these programmes, is this user her mentor, whom does this mentor mentor.
 * Nothing here reads her record; each answer is the least the caller needs.
 */

export type Standing = 'mentee' | 'alumna' | null;

/**
 * Her standing in any of `programmeIds` (her organisation's): a current mentee (waiting or matched),
 * else an alumna (completed, or marked alumna), else null. Mentee outranks alumna.
 */
export async function standingIn(
  db: DbOrTx,
  organisationId: string,
  participantId: string,
  programmeIds: readonly string[],
): Promise<Standing> {
  if (!programmeIds.length) return null;
  const rows = await db
    .select({ status: mentoringMentees.status, alumna: mentoringMentees.alumna })
    .from(mentoringMentees)
    .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringMentees.cohortId))
    .where(
      and(
        eq(mentoringMentees.organisationId, organisationId),
        eq(mentoringMentees.participantId, participantId),
        inArray(mentoringCohorts.programmeId, [...programmeIds]),
      ),
    );
  if (rows.some((r) => r.status === 'waiting' || r.status === 'matched')) return 'mentee';
  if (rows.some((r) => r.alumna || r.status === 'completed')) return 'alumna';
  return null;
}

/** A mentor's live mentees as other modules may know them: her record id and what she shares. */
export interface MenteeOfMentor {
  participantId: string;
  menteeId: string;
  programmeId: string;
  /** Only when she shares her chosen name with her mentor. */
  chosenName: string | null;
  /** Her goals in her words, only when she shares them with her mentor. */
  goals: string | null;
}

/**
 * The actor's own live (published) mentees, when the actor is an approved mentor linked to their
 * account; anyone else gets an empty list (no error: "is this user her mentor" is then simply no).
 */
export async function menteesOfMentor(
  deps: MentoringDeps,
  actor: Actor,
  db: DbOrTx = deps.db,
): Promise<MenteeOfMentor[]> {
  if (actor.role !== 'mentor') return [];
  const rows = await db
    .select({ mentee: mentoringMentees, programmeId: mentoringCohorts.programmeId })
    .from(mentoringPairs)
    .innerJoin(mentoringMentors, eq(mentoringMentors.id, mentoringPairs.mentorId))
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringMentees.cohortId))
    .where(
      and(
        eq(mentoringMentors.userId, actor.userId),
        eq(mentoringMentors.organisationId, actor.organisationId),
        eq(mentoringMentors.status, 'approved'),
        eq(mentoringPairs.status, 'published'),
      ),
    );
  return rows.map(({ mentee, programmeId }) => {
    const shared = new Set(mentee.sharedFields);
    return {
      participantId: mentee.participantId,
      menteeId: mentee.id,
      programmeId,
      chosenName: shared.has('chosen_name') ? mentee.chosenName : null,
      goals: shared.has('goals') ? openMentee(deps.cipher, mentee).goals : null,
    };
  });
}

/** Her enrolments (id and programme) for staff linking a bursary to her mentoring: no goals, no mentor. */
export async function enrolmentsOf(db: DbOrTx, organisationId: string, participantId: string) {
  return db
    .select({
      menteeId: mentoringMentees.id,
      programmeId: mentoringCohorts.programmeId,
      cohort: mentoringCohorts.name,
      status: mentoringMentees.status,
    })
    .from(mentoringMentees)
    .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringMentees.cohortId))
    .where(
      and(
        eq(mentoringMentees.organisationId, organisationId),
        eq(mentoringMentees.participantId, participantId),
        or(
          eq(mentoringMentees.status, 'waiting'),
          eq(mentoringMentees.status, 'matched'),
          eq(mentoringMentees.status, 'completed'),
        ),
      ),
    );
}

/** Her organisation's programmes by name, for a fund's "who may apply" choice. */
export async function programmeNames(db: DbOrTx, organisationId: string) {
  return db
    .select({ id: mentoringProgrammes.id, name: mentoringProgrammes.name })
    .from(mentoringProgrammes)
    .where(eq(mentoringProgrammes.organisationId, organisationId))
    .orderBy(asc(mentoringProgrammes.name));
}
