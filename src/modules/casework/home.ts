import { and, asc, desc, eq, gte, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { HomeScope, HomeSection } from '../participants/index.ts';
import { appointmentBookings, appointmentSlots } from './appointments/schema.ts';
import { dropInSessions, planGoals, planReviews, planSteps, referrals } from './schema.ts';

/**
 * Casework's panels on the staff home page (participants/home.ts gathers them for the women in
 * view: her caseload, or a manager's organisation). Each lists a few rows and says how many.
 */
export const ANSWERED_DAYS = 14;
/** A review due within this many days is listed (and every overdue one). */
export const REVIEW_AHEAD_DAYS = 7;
const ROWS = 10;
const view = (name: string) => `casework/views/home/${name}.njk`;
const ids = (scope: HomeScope) => [...scope.women.keys()];
const nameOf = (scope: HomeScope, id: string) => scope.women.get(id)?.name ?? null;
/** Today in London, as yyyy-mm-dd, and the instants it starts and ends. */
function londonDay(now: Date) {
  const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
  return { day, start: sql`(${day}::date::timestamp at time zone 'Europe/London')` };
}
const plusDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Today's drop-ins of her organisation, in time order. */
async function dropInsToday(db: DbOrTx, scope: HomeScope) {
  const { start } = londonDay(scope.now);
  const rows = await db
    .select({
      id: dropInSessions.id,
      place: dropInSessions.place,
      startsAt: dropInSessions.startsAt,
      endsAt: dropInSessions.endsAt,
    })
    .from(dropInSessions)
    .where(
      and(
        eq(dropInSessions.organisationId, scope.actor.organisationId),
        sql`${dropInSessions.startsAt} >= ${start} and ${dropInSessions.startsAt} < ${start} + interval '1 day'`,
      ),
    )
    .orderBy(asc(dropInSessions.startsAt));
  return { rows };
}

/** Today's booked 1-2-1s: hers as the member of staff, or the organisation's for a manager. */
async function appointmentsToday(db: DbOrTx, scope: HomeScope) {
  const { start } = londonDay(scope.now);
  const rows = await db
    .select({
      id: appointmentBookings.id,
      participantId: appointmentBookings.participantId,
      mode: appointmentSlots.mode,
      place: appointmentSlots.place,
      startsAt: appointmentSlots.startsAt,
    })
    .from(appointmentBookings)
    .innerJoin(appointmentSlots, eq(appointmentSlots.id, appointmentBookings.slotId))
    .where(
      and(
        eq(appointmentBookings.organisationId, scope.actor.organisationId),
        eq(appointmentBookings.status, 'booked'),
        scope.scope === 'own' ? eq(appointmentSlots.staffUserId, scope.actor.userId) : undefined,
        sql`${appointmentSlots.startsAt} >= ${start} and ${appointmentSlots.startsAt} < ${start} + interval '1 day'`,
      ),
    )
    .orderBy(asc(appointmentSlots.startsAt));
  const names = await scope.names(rows.map((r) => r.participantId));
  return { rows: rows.map((r) => ({ ...r, name: names.get(r.participantId) ?? null })) };
}

/**
 * Referrals for the women in view answered (accepted or declined) since she last looked, or in the
 * last ANSWERED_DAYS days when that is longer ago; those answered since she last looked are new.
 */
async function answeredReferrals(db: DbOrTx, scope: HomeScope) {
  const { lastLooked } = scope;
  if (!scope.women.size) return { days: ANSWERED_DAYS, lastLooked, rows: [] };
  const daysAgo = new Date(scope.now.getTime() - ANSWERED_DAYS * 86_400_000);
  const since = lastLooked && lastLooked < daysAgo ? lastLooked : daysAgo;
  const rows = await db
    .select({
      id: referrals.id,
      participantId: referrals.participantId,
      serviceName: referrals.serviceName,
      status: referrals.status,
      answeredAt: referrals.answeredAt,
    })
    .from(referrals)
    .where(
      and(
        eq(referrals.organisationId, scope.actor.organisationId),
        inArray(referrals.participantId, ids(scope)),
        isNotNull(referrals.answeredAt),
        gte(referrals.answeredAt, since),
      ),
    )
    .orderBy(desc(referrals.answeredAt))
    .limit(ROWS);
  return {
    days: ANSWERED_DAYS,
    lastLooked,
    rows: rows.map((r) => ({
      ...r,
      name: nameOf(scope, r.participantId),
      isNew: !lastLooked || (r.answeredAt !== null && r.answeredAt > lastLooked),
    })),
  };
}

/** Plans whose latest review set a next review on or before REVIEW_AHEAD_DAYS from today. */
async function reviewsDue(db: DbOrTx, scope: HomeScope) {
  if (!scope.women.size) return { rows: [], total: 0 };
  const { day } = londonDay(scope.now);
  const latest = db
    .selectDistinctOn([planReviews.participantId], {
      participantId: planReviews.participantId,
      next: planReviews.nextReviewOn,
    })
    .from(planReviews)
    .where(
      and(
        eq(planReviews.organisationId, scope.actor.organisationId),
        inArray(planReviews.participantId, ids(scope)),
      ),
    )
    .orderBy(planReviews.participantId, desc(planReviews.reviewedOn), desc(planReviews.createdAt))
    .as('latest');
  const rows = await db
    .select({ participantId: latest.participantId, next: latest.next })
    .from(latest)
    .where(sql`${latest.next} <= ${plusDays(day, REVIEW_AHEAD_DAYS)}::date`)
    .orderBy(asc(latest.next));
  return {
    total: rows.length,
    rows: rows.slice(0, ROWS).map((r) => ({
      ...r,
      name: nameOf(scope, r.participantId),
      overdue: r.next !== null && r.next < day,
    })),
  };
}

/** Steps of open goals past their due date and not done, oldest first. */
async function overdueSteps(db: DbOrTx, scope: HomeScope) {
  if (!scope.women.size) return { rows: [], total: 0 };
  const { day } = londonDay(scope.now);
  const rows = await db
    .select({
      participantId: planGoals.participantId,
      goalId: planGoals.id,
      step: planSteps.step,
      dueOn: planSteps.dueOn,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(planSteps)
    .innerJoin(planGoals, eq(planGoals.id, planSteps.goalId))
    .where(
      and(
        eq(planGoals.organisationId, scope.actor.organisationId),
        inArray(planGoals.participantId, ids(scope)),
        eq(planGoals.status, 'open'),
        isNull(planSteps.doneAt),
        lt(planSteps.dueOn, day),
      ),
    )
    .orderBy(asc(planSteps.dueOn))
    .limit(ROWS);
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map(({ total: _, ...r }) => ({ ...r, name: nameOf(scope, r.participantId) })),
  };
}

/** The organisation's referrals still waiting for an answer, longest waiting first, with days waited. */
async function waitingReferrals(db: DbOrTx, scope: HomeScope) {
  const rows = await db
    .select({
      id: referrals.id,
      participantId: referrals.participantId,
      serviceName: referrals.serviceName,
      sentAt: referrals.sentAt,
      total: sql<number>`count(*) over ()`.mapWith(Number),
    })
    .from(referrals)
    .where(and(eq(referrals.organisationId, scope.actor.organisationId), eq(referrals.status, 'sent')))
    .orderBy(asc(referrals.sentAt))
    .limit(ROWS);
  const names = await scope.names(rows.map((r) => r.participantId));
  return {
    total: rows[0]?.total ?? 0,
    rows: rows.map(({ total: _, ...r }) => ({
      ...r,
      name: names.get(r.participantId) ?? null,
      days: Math.floor((scope.now.getTime() - r.sentAt.getTime()) / 86_400_000),
    })),
  };
}

/** Registered on participants' home extension point by the casework service factory. */
export const caseworkHomeSections: HomeSection[] = [
  { id: 'drop-ins-today', order: 10, template: view('drop-ins-today'), load: dropInsToday },
  { id: 'answered-referrals', order: 20, template: view('answered-referrals'), load: answeredReferrals },
  { id: 'reviews-due', order: 30, template: view('reviews-due'), load: reviewsDue },
  { id: 'overdue-steps', order: 40, template: view('overdue-steps'), load: overdueSteps },
  {
    id: 'waiting-referrals',
    order: 60,
    template: view('waiting-referrals'),
    managersOnly: true,
    load: waitingReferrals,
  },
];

/** Registered by the appointments service factory: today's 1-2-1s come first on the page. */
export const appointmentsHomeSection: HomeSection = {
  id: 'appointments-today',
  order: 5,
  template: view('appointments-today'),
  load: appointmentsToday,
};
