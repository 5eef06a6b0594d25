import { and, desc, eq, inArray, lt, lte, or, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/schema.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import type { HomePanel } from '../../platform/views/home-panels.ts';
import { audit, type MoneyDeps, ukDate } from './money-deps.ts';
import { bursaryApplications, bursaryDecisions, bursaryPayments, bursaryReminders } from './schema.ts';
import {
  type AwardClock,
  addMonths,
  deadlineOf,
  REMINDER_MONTHS,
  remindersDue,
  shouldLapse,
  unpaidOnLapse,
} from './start-window.ts';

/**
 * The daily start-window job (issue 15, point 6): awards past their deadline without a start lapse
 * (their unpaid money goes back to the fund and payments still scheduled are marked failed), and
 * the 3/6/9-month reminders go to the mentor or key worker who made the application with her, by
 * email and as a notice on their home page. `now` is a parameter so that tests and the browser
 * journey can run it on any day. Safe to run twice at once: each award is locked and skipped when
 * another run holds it, and a reminder month is written once (its unique key).
 */
export async function runStartWindow(deps: MoneyDeps, now = new Date()) {
  const today = ukDate(now);
  const waiting = await deps.db
    .select({ id: bursaryDecisions.id })
    .from(bursaryDecisions)
    .where(
      and(
        eq(bursaryDecisions.status, 'awarded'),
        // A reminder may be due, or the deadline (even a short window's) has passed.
        or(
          lte(bursaryDecisions.awardedOn, addMonths(today, -REMINDER_MONTHS[0])),
          lt(sql`coalesce(${bursaryDecisions.extendedTo}, ${bursaryDecisions.startBy})`, today),
        ),
      ),
    )
    .limit(5000);
  let lapsed = 0;
  let reminded = 0;
  for (const { id } of waiting) {
    const result = await deps.db.transaction(async (tx) => {
      const [award] = await tx
        .select()
        .from(bursaryDecisions)
        .where(eq(bursaryDecisions.id, id))
        .for('update', { skipLocked: true });
      if (award?.status !== 'awarded' || !award.awardedOn || !award.startBy) return null;
      const sent = await tx
        .select({ month: bursaryReminders.month })
        .from(bursaryReminders)
        .where(eq(bursaryReminders.decisionId, id));
      const clock: AwardClock = {
        awardedOn: award.awardedOn,
        startBy: award.startBy,
        extendedTo: award.extendedTo,
        startedOn: award.startedOn,
        lapsedOn: award.lapsedOn,
        remindersSent: sent.map((s) => s.month),
      };
      if (shouldLapse(clock, today)) {
        const [paid] = await tx
          .select({ pence: sql<number>`coalesce(sum(${bursaryPayments.amountPence}), 0)::int` })
          .from(bursaryPayments)
          .where(and(eq(bursaryPayments.decisionId, id), eq(bursaryPayments.status, 'paid')));
        await tx
          .update(bursaryPayments)
          .set({ status: 'failed', failedOn: today, updatedAt: now })
          .where(and(eq(bursaryPayments.decisionId, id), eq(bursaryPayments.status, 'scheduled')));
        await tx
          .update(bursaryDecisions)
          .set({ status: 'lapsed', lapsedOn: today, updatedAt: now })
          .where(eq(bursaryDecisions.id, id));
        await audit(deps, tx, null, 'bursary.award-lapsed', 'bursary_decision', id, {
          returnedPence: unpaidOnLapse(award.awardedPence, Number(paid?.pence ?? 0)),
        });
        return { kind: 'lapsed' as const };
      }
      const due = remindersDue(clock, today);
      if (!due.length) return null;
      const [app] = await tx
        .select({ madeWith: bursaryApplications.madeWithUserId })
        .from(bursaryApplications)
        .where(eq(bursaryApplications.id, award.applicationId));
      const to = app?.madeWith ?? null;
      await tx
        .insert(bursaryReminders)
        .values(
          due.map((month) => ({
            organisationId: award.organisationId,
            decisionId: id,
            month,
            sentToUserId: to,
            sentAt: now,
          })),
        )
        .onConflictDoNothing();
      await audit(deps, tx, null, 'bursary.reminder-sent', 'bursary_decision', id, { months: due });
      return { kind: 'reminder' as const, to, month: Math.max(...due), deadline: deadlineOf(clock) };
    });
    if (result?.kind === 'lapsed') lapsed++;
    if (result?.kind === 'reminder') {
      reminded++;
      if (result.to) await emailReminder(deps, result.to, id, result.month, result.deadline);
    }
  }
  return { lapsed, reminded };
}

/** The email names no woman: it says an award has not started and links to it. */
async function emailReminder(
  deps: MoneyDeps,
  userId: string,
  decisionId: string,
  month: number,
  deadline: string,
) {
  if (!deps.mailer) return;
  const [user] = await deps.db
    .select({ email: users.email, active: users.active })
    .from(users)
    .where(eq(users.id, userId));
  if (!user?.active) return;
  // In English, like every staff email: Wayfinder keeps no language for a user (users has no such
  // column; the language switcher is a per-browser cookie), so there is none to choose from.
  const t = (await platformI18n()).t('en');
  const base = (deps.publicBaseUrl ?? '').replace(/\/$/, '');
  await deps.mailer.send({
    to: user.email,
    subject: t('bursaries.money.reminder.subject', { months: month }),
    text: [
      t('bursaries.money.reminder.body', { months: month, deadline }),
      '',
      t('bursaries.money.reminder.link', { url: `${base}/bursaries/awards/${decisionId}` }),
    ].join('\n'),
  });
}

/**
 * The home page notice: awards this user was reminded about whose course has still not started
 * (newest first). It names no woman, only the award and its start-by date.
 */
export async function reminderPanels(deps: MoneyDeps, actor: Actor): Promise<HomePanel[]> {
  const rows = await deps.db
    .select({
      decisionId: bursaryDecisions.id,
      month: sql<number>`max(${bursaryReminders.month})`,
      startBy: bursaryDecisions.startBy,
      extendedTo: bursaryDecisions.extendedTo,
    })
    .from(bursaryReminders)
    .innerJoin(bursaryDecisions, eq(bursaryDecisions.id, bursaryReminders.decisionId))
    .where(
      and(
        eq(bursaryReminders.sentToUserId, actor.userId),
        eq(bursaryReminders.organisationId, actor.organisationId),
        eq(bursaryDecisions.status, 'awarded'),
      ),
    )
    .groupBy(bursaryDecisions.id)
    .orderBy(desc(sql`max(${bursaryReminders.sentAt})`))
    .limit(10);
  if (!rows.length) return [];
  return [
    {
      id: 'bursary-start-reminders',
      template: 'bursaries/views/money/home-reminders.njk',
      data: { rows: rows.map((r) => ({ ...r, deadline: r.extendedTo ?? r.startBy })) },
    },
  ];
}

/** Reminder months already sent for these awards (the award page lists them). */
export async function remindersOf(db: MoneyDeps['db'], decisionIds: string[]) {
  if (!decisionIds.length) return [];
  return db.select().from(bursaryReminders).where(inArray(bursaryReminders.decisionId, decisionIds));
}
