import { and, desc, eq, inArray, isNull, lte, ne } from 'drizzle-orm';
import { grants } from '../../platform/auth/authorise.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { pledges } from './schema.ts';

/**
 * The pledge's renewal reminder: once its reminder date (three months before it ends) has come, the
 * employer's people and the partnership's pledge reviewers are emailed once. Only an employer's
 * latest pledge, and not one the partnership returned. The pledge is claimed first (its
 * `reminder_sent_at` set where it was empty), so two runs at once send it once. Returns emails sent.
 */
export async function sendPledgeReminders(
  deps: EmploymentDeps,
  mailer: Mailer,
  publicBaseUrl: string,
  at = new Date(),
): Promise<number> {
  const on = today(at);
  const due = await deps.db
    .selectDistinctOn([pledges.organisationId], {
      id: pledges.id,
      organisationId: pledges.organisationId,
      name: organisations.name,
      validUntil: pledges.validUntil,
      review: pledges.review,
      remindOn: pledges.remindOn,
      sent: pledges.reminderSentAt,
    })
    .from(pledges)
    .innerJoin(organisations, eq(organisations.id, pledges.organisationId))
    .where(and(eq(organisations.kind, 'employer'), eq(organisations.active, true)))
    .orderBy(pledges.organisationId, desc(pledges.createdAt));
  const toRemind = due.filter((p) => p.review !== 'returned' && p.remindOn <= on && p.sent === null);
  if (!toRemind.length) return 0;
  const t = (await platformI18n()).t('en');
  const base = publicBaseUrl.replace(/\/$/, '');
  const reviewers = await deps.db
    .select({ email: users.email })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .where(
      and(
        eq(users.active, true),
        inArray(users.role, [...grants['employment:pledge-review']]),
        ne(organisations.kind, 'employer'),
      ),
    );
  let sent = 0;
  for (const p of toRemind) {
    const [claimed] = await deps.db
      .update(pledges)
      .set({ reminderSentAt: at })
      .where(and(eq(pledges.id, p.id), isNull(pledges.reminderSentAt), lte(pledges.remindOn, on)))
      .returning({ id: pledges.id });
    if (!claimed) continue;
    const people = await deps.db
      .select({ email: users.email })
      .from(users)
      .where(and(eq(users.organisationId, p.organisationId), eq(users.active, true)));
    const values = { employer: p.name, date: p.validUntil };
    const subject = t('employment.pledgeReminder.subject', values);
    const letters = [
      ...people.map((u) => ({ to: u.email, link: `${base}/employers/pledge`, intro: 'employerIntro' })),
      ...reviewers.map((u) => ({ to: u.email, link: `${base}/employers`, intro: 'partnershipIntro' })),
    ];
    for (const l of letters) {
      const text = [
        t(`employment.pledgeReminder.${l.intro}`, values),
        '',
        t('employment.pledgeReminder.link', { url: l.link }),
      ].join('\n');
      await mailer.send({ to: l.to, subject, text });
      sent++;
    }
    await audit(deps, deps.db, null, 'employer.pledge-reminded', 'organisation', p.organisationId, {
      pledgeId: p.id,
      recipients: letters.length,
    });
  }
  return sent;
}
