import { and, asc, eq, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import { passwordTokens, recoveryCodes, users } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import { reversePool } from './alumni.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { loadCohort } from './programmes.ts';
import {
  mentoringCohorts,
  mentoringLeaderSessions,
  mentoringLeaders,
  mentoringMentees,
  mentoringSurveyLinks,
} from './schema.ts';
import { issueLeaderLink } from './surveys.ts';

/**
 * Leaders of a corporate partner in a reverse-mentoring cohort: external people recorded by staff
 * (name, email, their organisation), with no casework record. The programme manager pairs each
 * with an alumna from the reverse pool and may invite them to sign in (role leader: they then see
 * only their own pairing, leader-self.ts). Their end survey (confidence, leadership, time
 * management, approaching new people professionally) is answered signed in or by a single-use link.
 * A manager can erase a leader's name and email; the retention job does so a year after their
 * cohort ended.
 */
export interface LeaderInput {
  name: string;
  email: string;
  employer: string;
}

export async function addLeader(deps: MentoringDeps, actor: Actor, cohortId: string, input: LeaderInput) {
  const { cohort, programme } = await loadCohort(deps, actor, cohortId);
  if (programme.kind !== 'reverse') throw new ValidationError({ name: 'mentoring.errors.notReverse' });
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mentoringLeaders)
      .values({
        ...input,
        organisationId: cohort.organisationId,
        cohortId: cohort.id,
        createdByUserId: actor.userId,
      })
      .returning({ id: mentoringLeaders.id });
    await audit(deps, tx, actor, 'mentorship.leader-added', 'mentoring_cohort', cohort.id, {
      leaderId: row!.id,
    });
    return row!.id;
  });
}

/** The cohort's leaders, with whether their survey was sent and answered (for the cohort page). */
export async function leadersOf(db: MentoringDeps['db'], cohortId: string) {
  return db
    .select({
      id: mentoringLeaders.id,
      name: mentoringLeaders.name,
      employer: mentoringLeaders.employer,
      erased: sql<boolean>`${mentoringLeaders.erasedAt} is not null`,
      alumnaMenteeId: mentoringLeaders.alumnaMenteeId,
      alumna: mentoringMentees.chosenName,
      /** 'none': not invited; 'invited': link sent, no password yet; 'active': can sign in. */
      signIn: sql<
        'none' | 'invited' | 'active'
      >`case when ${users.id} is null then 'none' when ${users.passwordHash} is null then 'invited' else 'active' end`,
      sessions: sql<number>`(select count(*)::int from ${mentoringLeaderSessions} s where s.leader_id = "mentoring_leaders"."id")`,
      surveySent: sql<boolean>`exists (select 1 from ${mentoringSurveyLinks} l where l.leader_id = "mentoring_leaders"."id")`,
      surveyAnswered: sql<boolean>`exists (select 1 from ${mentoringSurveyLinks} l where l.leader_id = "mentoring_leaders"."id" and l.used_at is not null)`,
    })
    .from(mentoringLeaders)
    .leftJoin(users, and(eq(users.id, mentoringLeaders.userId), eq(users.active, true)))
    .leftJoin(mentoringMentees, eq(mentoringMentees.id, mentoringLeaders.alumnaMenteeId))
    .where(eq(mentoringLeaders.cohortId, cohortId))
    .orderBy(asc(mentoringLeaders.createdAt));
}

/** Emails a leader the single-use link to their end survey (a new link withdraws an unused one). */
export async function sendLeaderSurvey(deps: MentoringDeps, actor: Actor, leaderId: string) {
  const leader = await managedLeader(deps, actor, leaderId);
  const { programme } = await loadCohort(deps, actor, leader.cohortId);
  const [answered] = await deps.db
    .select({ id: mentoringSurveyLinks.id })
    .from(mentoringSurveyLinks)
    .where(and(eq(mentoringSurveyLinks.leaderId, leader.id), isNotNull(mentoringSurveyLinks.usedAt)));
  // Answered already: nothing to send (a second link would let them answer twice).
  if (answered) return { cohortId: leader.cohortId, sent: false };
  const token = await deps.db.transaction(async (tx) => {
    const token = await issueLeaderLink(tx, leader);
    await audit(deps, tx, actor, 'mentorship.leader-survey-sent', 'mentoring_cohort', leader.cohortId, {
      leaderId: leader.id,
    });
    return token;
  });
  const t = (await platformI18n()).t('en');
  const values = {
    name: leader.name,
    programme: programme.name,
    link: `${deps.publicBaseUrl}/survey/${token}`,
  };
  await deps.mailer.send({
    to: leader.email,
    subject: t('mentoring.email.leaderSurveySubject', values),
    text: t('mentoring.email.leaderSurvey', values),
  });
  return { cohortId: leader.cohortId, sent: true };
}

/** A leader of the manager's organisation, not erased (an erased one has nothing left to act on). */
export async function managedLeader(
  deps: MentoringDeps,
  actor: Actor,
  leaderId: string,
  db: DbOrTx = deps.db,
) {
  authorise(actor, 'mentoring:manage');
  if (!isUuid(leaderId)) throw new NotFoundError();
  const [leader] = await db.select().from(mentoringLeaders).where(eq(mentoringLeaders.id, leaderId));
  requireOwn(actor, leader);
  if (leader.erasedAt) throw new NotFoundError();
  return leader;
}

/**
 * Pairs a leader with an alumna who agreed to mentor leaders (the organisation's reverse pool), and
 * introduces her to them through her safe messages (participants.messageHer: her consent, safe
 * methods and safe hours decide; in her language), in the same transaction. Only her chosen name
 * will reach the leader (audited on her record when they look); she is told the leader's first
 * name and employer. `told` is false when no way of messaging her was allowed: the pairing stands
 * and the manager is asked to have her key worker tell her. Pairing her with the same leader again
 * queues nothing new.
 */
export async function pairLeader(deps: MentoringDeps, actor: Actor, leaderId: string, menteeId: string) {
  const { cohortId, outboxIds } = await deps.db.transaction(async (tx) => {
    const leader = await managedLeader(deps, actor, leaderId, tx);
    const alumna = (await reversePool(tx, actor.organisationId)).find((a) => a.id === menteeId);
    if (!alumna) throw new ValidationError({ [`alumna-${leader.id}`]: 'mentoring.errors.chooseAlumna' });
    const { programme } = await loadCohort(deps, actor, leader.cohortId, tx);
    await tx
      .update(mentoringLeaders)
      .set({ alumnaMenteeId: alumna.id })
      .where(eq(mentoringLeaders.id, leader.id));
    const queued = await deps.participants.messageHer(
      tx,
      actor,
      alumna.participantId,
      {
        kind: 'mentorship.leader-introduction',
        template: 'mentoring.message.leaderIntroduction',
        subject: 'mentoring.message.leaderIntroductionSubject',
        values: {
          leader: leader.name.split(' ')[0] ?? leader.name,
          employer: leader.employer,
          programme: programme.name,
        },
      },
      { idempotencyKey: `mentoring:leader:${leader.id}:${alumna.id}:introduction` },
    );
    const outboxIds = queued.filter((q) => q.status === 'pending').map((q) => q.outboxId);
    await audit(deps, tx, actor, 'mentorship.leader-paired', 'participant', alumna.participantId, {
      leaderId: leader.id,
      cohortId: leader.cohortId,
      queued: outboxIds.length,
    });
    return { cohortId: leader.cohortId, outboxIds };
  });
  if (outboxIds.length) await deps.participants.deliverMessages({ ids: outboxIds });
  return { cohortId, told: outboxIds.length > 0 };
}

const INVITE_HOURS = 72;

/**
 * Invites a leader to sign in: an account with role `leader` in the programme's organisation (its
 * name and email copied from the leader), linked to the leader, and the platform's one-time link to
 * choose a password; the second factor is enrolled at first sign-in, as for every account. Asking
 * again while the link is unused sends a new one. If the email cannot be sent the account is
 * withdrawn again, so nothing is left half-done.
 */
export async function inviteLeader(deps: MentoringDeps, actor: Actor, leaderId: string) {
  const leader = await managedLeader(deps, actor, leaderId);
  const { programme } = await loadCohort(deps, actor, leader.cohortId);
  const [existing] = leader.userId
    ? await deps.db
        .select({ id: users.id, passwordHash: users.passwordHash, active: users.active })
        .from(users)
        .where(eq(users.id, leader.userId))
    : [];
  if (existing?.passwordHash && existing.active)
    throw new ValidationError({ [`invite-${leader.id}`]: 'mentoring.errors.leaderSignsIn' });
  const userId =
    existing?.id ??
    (await deps.db.transaction(async (tx) => {
      // users_email_key is unique on lower(email): an address already in use inserts nothing.
      const [row] = await tx
        .insert(users)
        .values({
          organisationId: leader.organisationId,
          name: leader.name,
          email: leader.email,
          role: 'leader',
        })
        .onConflictDoNothing()
        .returning({ id: users.id });
      if (!row) throw new ValidationError({ [`invite-${leader.id}`]: 'mentoring.errors.leaderEmailTaken' });
      await tx.update(mentoringLeaders).set({ userId: row.id }).where(eq(mentoringLeaders.id, leader.id));
      await audit(deps, tx, actor, 'mentorship.leader-invited', 'mentoring_cohort', leader.cohortId, {
        leaderId: leader.id,
        userId: row.id,
      });
      return row.id;
    }));
  const token = await deps.accounts.issuePasswordToken(userId, 'invite', actor, INVITE_HOURS);
  const t = (await platformI18n()).t('en');
  const values = {
    name: leader.name,
    programme: programme.name,
    hours: INVITE_HOURS,
    link: `${deps.publicBaseUrl}/set-password/${token}`,
  };
  try {
    await deps.mailer.send({
      to: leader.email,
      subject: t('mentoring.email.leaderInviteSubject', values),
      text: t('mentoring.email.leaderInvite', values),
    });
  } catch {
    if (!existing) await withdrawInvitation(deps, actor, leader, userId);
    throw new ValidationError({ [`invite-${leader.id}`]: 'mentoring.errors.leaderEmailNotSent' });
  }
  return leader.cohortId;
}

async function withdrawInvitation(
  deps: MentoringDeps,
  actor: Actor,
  leader: typeof mentoringLeaders.$inferSelect,
  userId: string,
) {
  await deps.db.transaction(async (tx) => {
    await tx.update(mentoringLeaders).set({ userId: null }).where(eq(mentoringLeaders.id, leader.id));
    await tx.delete(users).where(and(eq(users.id, userId), isNull(users.passwordHash)));
    await audit(deps, tx, actor, 'mentorship.leader-invite-withdrawn', 'mentoring_cohort', leader.cohortId, {
      leaderId: leader.id,
      reason: 'email-not-sent',
    });
  });
}

/**
 * Erases a leader's personal data: name and email blanked, their session notes blanked (counts,
 * dates and lengths stay for the programme's figures), unused survey links withdrawn, and their
 * sign-in closed for good (deactivated, name and address replaced, password, second factor and
 * recovery codes removed: a session still open ends at its next request). `actor` is null for the
 * retention job. Audited either way.
 */
async function eraseLeaderRow(
  deps: MentoringDeps,
  tx: DbOrTx,
  actor: Actor | null,
  leader: typeof mentoringLeaders.$inferSelect,
  reason: 'request' | 'retention',
) {
  await tx
    .update(mentoringLeaders)
    .set({ name: '', email: '', erasedAt: new Date() })
    .where(eq(mentoringLeaders.id, leader.id));
  await tx
    .update(mentoringLeaderSessions)
    .set({ covered: null })
    .where(eq(mentoringLeaderSessions.leaderId, leader.id));
  await tx
    .delete(mentoringSurveyLinks)
    .where(and(eq(mentoringSurveyLinks.leaderId, leader.id), isNull(mentoringSurveyLinks.usedAt)));
  if (leader.userId) {
    await tx
      .update(users)
      .set({
        name: '',
        email: `erased-${leader.userId}@erased.invalid`,
        active: false,
        passwordHash: null,
        totpSecret: null,
        totpEnabledAt: null,
        updatedAt: new Date(),
      })
      .where(and(eq(users.id, leader.userId), eq(users.role, 'leader')));
    await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, leader.userId));
    await tx.delete(passwordTokens).where(eq(passwordTokens.userId, leader.userId));
  }
  await audit(deps, tx, actor, 'mentorship.leader-erased', 'mentoring_cohort', leader.cohortId, {
    leaderId: leader.id,
    reason,
  });
}

/** A manager erases a leader (their request, or the partner's): audited, returns the cohort. */
export async function eraseLeader(deps: MentoringDeps, actor: Actor, leaderId: string) {
  return deps.db.transaction(async (tx) => {
    const leader = await managedLeader(deps, actor, leaderId, tx);
    await eraseLeaderRow(deps, tx, actor, leader, 'request');
    return leader.cohortId;
  });
}

/** Leaders are kept this long after their cohort ends, then erased by the retention job. */
export const LEADER_RETENTION_MONTHS = 12;

/**
 * The retention rule for leaders (run by the participants' daily retention job, registered as a
 * retention task): every leader whose cohort ended more than LEADER_RETENTION_MONTHS ago is erased,
 * each in its own transaction. Returns how many.
 */
export async function leaderRetention(deps: MentoringDeps, now = new Date()) {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - LEADER_RETENTION_MONTHS);
  const due = await deps.db
    .select({ leader: mentoringLeaders })
    .from(mentoringLeaders)
    .innerJoin(mentoringCohorts, eq(mentoringCohorts.id, mentoringLeaders.cohortId))
    .where(
      and(isNull(mentoringLeaders.erasedAt), lt(mentoringCohorts.endsOn, cutoff.toISOString().slice(0, 10))),
    );
  for (const { leader } of due)
    await deps.db.transaction((tx) => eraseLeaderRow(deps, tx, null, leader, 'retention'));
  return due.length;
}

/** The cohort a leader of the manager's organisation is on (for re-showing its page with an error). */
export async function leaderCohortId(deps: MentoringDeps, actor: Actor, leaderId: string) {
  return (await managedLeader(deps, actor, leaderId)).cohortId;
}
