import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { selfMentor } from './mentors.ts';
import { openRequest } from './repair-requests.ts';
import {
  type MenteeSharedField,
  mentoringConcerns,
  mentoringMentees,
  mentoringPairs,
  mentoringSessions,
} from './schema.ts';
import { openMentee } from './secrets.ts';

/** Only the fields she chose; everything else is left out, not blanked in a template. */
export function sharedView(cipher: FieldCipher, m: typeof mentoringMentees.$inferSelect) {
  const allowed = new Set<MenteeSharedField>(m.sharedFields);
  return {
    chosenName: allowed.has('chosen_name') ? m.chosenName : null,
    languages: allowed.has('languages') ? m.languages : null,
    availability: allowed.has('availability') ? m.availability : null,
    goals: allowed.has('goals') ? openMentee(cipher, m).goals : null,
  };
}

/** A mentor's own live pairs, with what each mentee lets them see and the next meeting. */
export async function myMentees(deps: MentoringDeps, actor: Actor) {
  return deps.db.transaction(async (tx) => {
    const me = await selfMentor(deps, actor, tx);
    const rows = await tx
      .select({ pair: mentoringPairs, mentee: mentoringMentees })
      .from(mentoringPairs)
      .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
      .where(and(eq(mentoringPairs.mentorId, me.id), eq(mentoringPairs.status, 'published')))
      .orderBy(asc(mentoringPairs.publishedAt));
    const ids = rows.map((r) => r.pair.id);
    const last = ids.length
      ? await tx
          .selectDistinctOn([mentoringSessions.pairId], {
            pairId: mentoringSessions.pairId,
            heldOn: mentoringSessions.heldOn,
            nextMeetingOn: mentoringSessions.nextMeetingOn,
          })
          .from(mentoringSessions)
          .where(inArray(mentoringSessions.pairId, ids))
          .orderBy(
            mentoringSessions.pairId,
            desc(mentoringSessions.heldOn),
            desc(mentoringSessions.createdAt),
          )
      : [];
    for (const r of rows)
      await audit(
        deps,
        tx,
        actor,
        'mentorship.mentee-viewed-by-mentor',
        'participant',
        r.mentee.participantId,
        {
          pairId: r.pair.id,
          fields: r.mentee.sharedFields,
        },
      );
    return {
      mentor: { name: me.name },
      pairs: rows.map((r) => ({
        id: r.pair.id,
        her: sharedView(deps.cipher, r.mentee),
        last: last.find((l) => l.pairId === r.pair.id) ?? null,
      })),
    };
  });
}

/** One of the mentor's own live pairs; any other pair (another mentor's, a draft) is not found. */
export async function ownPair(deps: MentoringDeps, actor: Actor, pairId: string, db = deps.db) {
  const me = await selfMentor(deps, actor, db);
  if (!isUuid(pairId)) throw new NotFoundError();
  const [row] = await db
    .select({ pair: mentoringPairs, mentee: mentoringMentees })
    .from(mentoringPairs)
    .innerJoin(mentoringMentees, eq(mentoringMentees.id, mentoringPairs.menteeId))
    .where(
      and(
        eq(mentoringPairs.id, pairId),
        eq(mentoringPairs.mentorId, me.id),
        eq(mentoringPairs.status, 'published'),
      ),
    );
  if (!row) throw new NotFoundError(undefined, { reason: 'record' });
  return row;
}

export async function pairForMentor(deps: MentoringDeps, actor: Actor, pairId: string) {
  return deps.db.transaction(async (tx) => {
    const row = await ownPair(deps, actor, pairId, tx as never);
    const sessions = await tx
      .select()
      .from(mentoringSessions)
      .where(eq(mentoringSessions.pairId, row.pair.id))
      .orderBy(desc(mentoringSessions.heldOn));
    await audit(
      deps,
      tx,
      actor,
      'mentorship.mentee-viewed-by-mentor',
      'participant',
      row.mentee.participantId,
      {
        pairId: row.pair.id,
        fields: row.mentee.sharedFields,
      },
    );
    return {
      pairId: row.pair.id,
      her: sharedView(deps.cipher, row.mentee),
      sessions,
      repairAsked: Boolean(await openRequest(tx, row.pair.id)),
    };
  });
}

export interface SessionLog {
  heldOn: string;
  mode: 'online' | 'in_person';
  minutes: number;
  covered: string | null;
  goalProgress: string | null;
  nextMeetingOn: string | null;
  worrying: string | null;
}

/**
 * Logs a session. "Something worrying" becomes a safeguarding concern in the same transaction: on
 * her record for her key worker and on the programme view for its managers at once; no other mentor
 * ever sees it (and the mentor who raised it sees only that it was passed on).
 */
export async function logSession(deps: MentoringDeps, actor: Actor, pairId: string, input: SessionLog) {
  return deps.db.transaction(async (tx) => {
    const { pair, mentee } = await ownPair(deps, actor, pairId, tx as never);
    const { worrying, ...session } = input;
    const [row] = await tx
      .insert(mentoringSessions)
      .values({
        ...session,
        organisationId: pair.organisationId,
        pairId: pair.id,
        loggedByUserId: actor.userId,
      })
      .returning({ id: mentoringSessions.id });
    if (worrying) {
      const [c] = await tx
        .insert(mentoringConcerns)
        .values({
          organisationId: pair.organisationId,
          pairId: pair.id,
          participantId: mentee.participantId,
          sessionId: row!.id,
          concern: worrying,
          raisedByUserId: actor.userId,
        })
        .returning({ id: mentoringConcerns.id });
      await audit(deps, tx, actor, 'mentorship.concern-raised', 'participant', mentee.participantId, {
        concernId: c!.id,
        pairId: pair.id,
      });
    }
    await audit(deps, tx, actor, 'mentorship.session-logged', 'participant', mentee.participantId, {
      pairId: pair.id,
      sessionId: row!.id,
      minutes: input.minutes,
    });
    return { concern: Boolean(worrying) };
  });
}

/** Open concerns of the manager's organisation, newest first (programme view). */
export async function openConcerns(deps: MentoringDeps, actor: Actor) {
  return deps.db
    .select({
      id: mentoringConcerns.id,
      participantId: mentoringConcerns.participantId,
      raisedAt: mentoringConcerns.raisedAt,
    })
    .from(mentoringConcerns)
    .where(
      and(
        eq(mentoringConcerns.organisationId, actor.organisationId),
        sql`${mentoringConcerns.acknowledgedAt} is null`,
      ),
    )
    .orderBy(desc(mentoringConcerns.raisedAt));
}
