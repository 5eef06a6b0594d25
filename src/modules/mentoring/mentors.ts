import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import { users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import {
  type dbsLevels,
  type dbsOutcomes,
  type MeetingMode,
  mentoringCohorts,
  mentoringMentors,
  mentoringProgrammes,
  mentoringSupervisionNotes,
  type trainingModules,
} from './schema.ts';
import { openMentor, seal } from './secrets.ts';

export interface Application {
  programmeId: string;
  name: string;
  email: string;
  employer: string | null;
  sectors: string[];
  skills: string[];
  languages: string[];
  availability: string[];
  mode: MeetingMode;
  place: string | null;
  capacity: number;
  motivation: string | null;
  references: { name: string; relationship: string }[];
}

export type Mentor = ReturnType<typeof openMentor>;

/**
 * A public application to a programme recruiting now. Nobody is signed in: the programme decides
 * the organisation; the audit event names no person.
 */
export async function apply(deps: MentoringDeps, input: Application, actor: Actor | null = null) {
  if (!isUuid(input.programmeId)) throw new ValidationError({ programmeId: 'mentoring.errors.programme' });
  return deps.db.transaction(async (tx) => {
    const [programme] = await tx
      .select({ id: mentoringProgrammes.id, organisationId: mentoringProgrammes.organisationId })
      .from(mentoringProgrammes)
      .innerJoin(
        mentoringCohorts,
        and(
          eq(mentoringCohorts.programmeId, mentoringProgrammes.id),
          eq(mentoringCohorts.status, 'recruiting'),
        ),
      )
      .where(eq(mentoringProgrammes.id, input.programmeId))
      .limit(1);
    if (!programme || (actor && programme.organisationId !== actor.organisationId))
      throw new ValidationError({ programmeId: 'mentoring.errors.programme' });
    const [row] = await tx
      .insert(mentoringMentors)
      .values({
        ...input,
        organisationId: programme.organisationId,
        references: input.references.map((r) => ({ ...r, received: false })),
      })
      .returning({ id: mentoringMentors.id });
    await audit(deps, tx, actor, 'mentorship.mentor-applied', 'mentoring_mentor', row!.id, {
      programmeId: programme.id,
      by: actor ? 'staff' : 'public',
    });
    return row!.id;
  });
}

async function load(deps: MentoringDeps, actor: Actor, id: string, db: DbOrTx = deps.db) {
  authorise(actor, 'mentoring:manage');
  if (!isUuid(id)) throw new NotFoundError();
  const [m] = await db.select().from(mentoringMentors).where(eq(mentoringMentors.id, id));
  requireOwn(actor, m);
  return openMentor(deps.cipher, m);
}

/** A mentor's application and recruitment record, with supervision notes; audited as a view. */
export async function mentorPage(deps: MentoringDeps, actor: Actor, id: string) {
  return deps.db.transaction(async (tx) => {
    const mentor = await load(deps, actor, id, tx);
    const notes = await tx
      .select({
        note: mentoringSupervisionNotes.note,
        createdAt: mentoringSupervisionNotes.createdAt,
        author: users.name,
      })
      .from(mentoringSupervisionNotes)
      .leftJoin(users, eq(users.id, mentoringSupervisionNotes.authorUserId))
      .where(eq(mentoringSupervisionNotes.mentorId, mentor.id))
      .orderBy(desc(mentoringSupervisionNotes.createdAt));
    const [account] = mentor.userId
      ? await tx
          .select({ name: users.name, active: users.active })
          .from(users)
          .where(eq(users.id, mentor.userId))
      : [];
    await audit(deps, tx, actor, 'mentorship.mentor-viewed', 'mentoring_mentor', mentor.id);
    return { mentor, notes, account: account ?? null };
  });
}

export interface Recruitment {
  referencesReceived: boolean;
  screenedOn: string | null;
  screeningNotes: string | null;
  dbsLevel: (typeof dbsLevels)[number] | null;
  dbsOutcome: (typeof dbsOutcomes)[number] | null;
  dbsCertificateNumber: string | null;
  dbsIssuedOn: string | null;
  trainingDone: (typeof trainingModules)[number][];
}

/** References, screening interview, DBS (level, outcome, certificate number, date: never the certificate), training. */
export async function recordRecruitment(deps: MentoringDeps, actor: Actor, id: string, input: Recruitment) {
  await deps.db.transaction(async (tx) => {
    const mentor = await load(deps, actor, id, tx);
    const { referencesReceived, dbsCertificateNumber, ...rest } = input;
    await tx
      .update(mentoringMentors)
      .set({
        ...rest,
        dbsCertificateNumberEnc: seal(deps.cipher, dbsCertificateNumber),
        legacyDbsCertificateNumber: null,
        references: (mentor.references ?? []).map((r) => ({ ...r, received: referencesReceived })),
        status: mentor.status === 'applied' && input.screenedOn ? 'screened' : mentor.status,
        updatedAt: new Date(),
      })
      .where(eq(mentoringMentors.id, mentor.id));
    await audit(deps, tx, actor, 'mentorship.mentor-recruitment', 'mentoring_mentor', mentor.id, {
      screened: Boolean(input.screenedOn),
      dbsLevel: input.dbsLevel,
      dbsOutcome: input.dbsOutcome,
      training: input.trainingDone,
    });
  });
}

/** What approval still needs; an empty list means the manager may approve. */
export function approvalGaps(m: Mentor): string[] {
  const gaps: string[] = [];
  if (!(m.references ?? []).some((r) => r.received)) gaps.push('references');
  if (!m.screenedOn) gaps.push('screening');
  if (m.dbsOutcome !== 'clear' || !m.dbsCertificateNumber || !m.dbsIssuedOn) gaps.push('dbs');
  if (!m.trainingDone.includes('induction') || !m.trainingDone.includes('safeguarding'))
    gaps.push('training');
  return gaps;
}

/**
 * Approval by a manager, once recruitment is complete. The mentor signs in with their own account
 * (role mentor, second factor as every user): an account of the organisation with their email is
 * linked now, otherwise at their first visit to /mentor once an admin has invited them.
 */
export async function approve(
  deps: MentoringDeps,
  actor: Actor,
  id: string,
  decision: 'approved' | 'declined',
) {
  return deps.db.transaction(async (tx) => {
    const mentor = await load(deps, actor, id, tx);
    if (decision === 'approved') {
      const gaps = approvalGaps(mentor);
      if (gaps.length) throw new ValidationError({ decision: `mentoring.errors.gaps.${gaps[0]}` });
    }
    const account = decision === 'approved' ? await accountFor(tx, mentor) : null;
    await tx
      .update(mentoringMentors)
      .set({
        status: decision,
        approvedByUserId: actor.userId,
        approvedAt: new Date(),
        userId: account ?? mentor.userId,
        updatedAt: new Date(),
      })
      .where(eq(mentoringMentors.id, mentor.id));
    await audit(deps, tx, actor, `mentorship.mentor-${decision}`, 'mentoring_mentor', mentor.id, {
      linked: Boolean(account),
    });
    return { linked: Boolean(account) };
  });
}

/** The mentor-role account of the mentor's organisation with the same email, if an admin invited one. */
async function accountFor(db: DbOrTx, m: Pick<Mentor, 'organisationId' | 'email'>) {
  const [u] = await db
    .select({ id: users.id })
    .from(users)
    .where(
      and(
        eq(users.organisationId, m.organisationId),
        eq(users.role, 'mentor'),
        eq(users.active, true),
        sql`lower(${users.email}) = lower(${m.email})`,
      ),
    );
  return u?.id ?? null;
}

export async function addSupervisionNote(deps: MentoringDeps, actor: Actor, id: string, note: string) {
  await deps.db.transaction(async (tx) => {
    const mentor = await load(deps, actor, id, tx);
    await tx.insert(mentoringSupervisionNotes).values({
      organisationId: mentor.organisationId,
      mentorId: mentor.id,
      note,
      authorUserId: actor.userId,
    });
    await audit(deps, tx, actor, 'mentorship.supervision-noted', 'mentoring_mentor', mentor.id);
  });
}

/**
 * The approved mentor record of a signed-in mentor: by their account, or (first visit after an
 * admin invited them) by their email in their organisation, linked then. None: 404.
 */
export async function selfMentor(deps: MentoringDeps, actor: Actor, db: DbOrTx = deps.db): Promise<Mentor> {
  authorise(actor, 'mentoring:mentor');
  const [own] = await db
    .select()
    .from(mentoringMentors)
    .where(
      and(
        eq(mentoringMentors.userId, actor.userId),
        eq(mentoringMentors.organisationId, actor.organisationId),
        eq(mentoringMentors.status, 'approved'),
      ),
    );
  if (own) return openMentor(deps.cipher, own);
  const [me] = await db.select({ email: users.email }).from(users).where(eq(users.id, actor.userId));
  if (!me) throw new NotFoundError();
  const [found] = await db
    .update(mentoringMentors)
    .set({ userId: actor.userId })
    .where(
      and(
        eq(mentoringMentors.organisationId, actor.organisationId),
        eq(mentoringMentors.status, 'approved'),
        isNull(mentoringMentors.userId),
        sql`lower(${mentoringMentors.email}) = lower(${me.email})`,
      ),
    )
    .returning();
  if (!found) throw new NotFoundError();
  await deps.audit.record(
    { actor, action: 'mentorship.mentor-linked', recordType: 'mentoring_mentor', recordId: found.id },
    db,
  );
  return openMentor(deps.cipher, found);
}
