import { and, eq, gte, inArray, lt, ne, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import { platformI18n } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail.ts';
import { londonOffsetMinutes } from '../../platform/time.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { fitCount, type ProfileForMatch, womenQueryFor } from './match.ts';
import { cubeText } from './matching-prefilter.ts';
import { matchColumns, visibleTo } from './opportunities.ts';
import { forMatch } from './profiles.ts';
import { digests, opportunities, workProfiles } from './schema.ts';

/** The London calendar date of an instant, YYYY-MM-DD. */
const londonDate = (at: Date) =>
  new Date(at.getTime() + londonOffsetMinutes(at) * 60_000).toISOString().slice(0, 10);

/** The month before `at` (London): its first day, and the first day of the month after it. */
export function lastMonth(at: Date): { start: string; end: string } {
  const [y, m] = londonDate(at).split('-').map(Number) as [number, number];
  const start = new Date(Date.UTC(y, m - 2, 1)).toISOString().slice(0, 10);
  return { start, end: new Date(Date.UTC(y, m - 1, 1)).toISOString().slice(0, 10) };
}

/**
 * Whether `at` falls on the month's first working day in London: the first Monday to Friday that is
 * not New Year's Day (other bank holidays never fall on a month's first weekday but for Easter
 * Monday, 1 April at the latest, and then the digest goes a day early: acceptable).
 */
export function isFirstWorkingDay(at: Date): boolean {
  const date = londonDate(at);
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  for (let day = 1; day <= 7; day++) {
    const dow = new Date(Date.UTC(y, m - 1, day)).getUTCDay();
    if (dow === 0 || dow === 6 || (m === 1 && day === 1)) continue;
    return day === d;
  }
  return false;
}

/**
 * Opportunities opened across the partnership last month that this organisation's staff may see,
 * each with how many women on its caseload (with their consent to matching) it fits. Set-based: one
 * query pairs every opportunity with the women inside its prefilter box (matching-prefilter.ts),
 * one asks for the consent of all of them at once, and the matcher counts each opportunity's fits.
 */
async function digestRows(deps: EmploymentDeps, organisationId: string, at: Date) {
  const { start, end } = lastMonth(at);
  const viewer: Actor = { userId: '', organisationId, role: 'manager' };
  const opened = await deps.db
    .select({ ...matchColumns, createdAt: opportunities.createdAt })
    .from(opportunities)
    .where(
      and(
        visibleTo(viewer),
        gte(opportunities.createdAt, new Date(`${start}T00:00:00Z`)),
        lt(opportunities.createdAt, new Date(`${end}T00:00:00Z`)),
      ),
    )
    .orderBy(opportunities.createdAt);
  const on = today(at);
  const candidates = new Map<string, string[]>(opened.map((o) => [o.id, []]));
  const profiles = new Map<string, ProfileForMatch>();
  if (opened.length) {
    const queries = opened.map((o) => ({ id: o.id, ...womenQueryFor(o) }));
    const { rows: pairs } = await deps.db.execute<{ opportunity_id: string; participant_id: string }>(sql`
      select q.id as opportunity_id, w.participant_id
      from unnest(${`{${queries.map((q) => q.id).join(',')}}`}::uuid[],
                  ${`{${queries.map((q) => `"${cubeText(q.box)}"`).join(',')}}`}::text[],
                  ${`{${queries.map((q) => q.days).join(',')}}`}::int[]) as q(id, box, days)
      join ${workProfiles} w on w.organisation_id = ${organisationId}
        and w.match_box && q.box::cube and w.available_days & q.days = q.days`);
    const consenting = await deps.participants.womenWithConsent(
      viewer,
      [...new Set(pairs.map((p) => p.participant_id))],
      'matching',
    );
    const rows = consenting.size
      ? await deps.db
          .select()
          .from(workProfiles)
          .where(inArray(workProfiles.participantId, [...consenting.keys()]))
      : [];
    for (const row of rows) profiles.set(row.participantId, forMatch(deps, row));
    for (const p of pairs)
      if (profiles.has(p.participant_id)) candidates.get(p.opportunity_id)!.push(p.participant_id);
  }
  return {
    month: start,
    rows: opened.map((o) => ({
      id: o.id,
      title: o.title,
      kind: o.kind,
      sector: o.sector,
      fits: fitCount(
        o,
        candidates.get(o.id)!.map((id) => profiles.get(id)!),
        on,
      ),
    })),
  };
}

/** The digest page for the actor's organisation (the same as the month's email). */
export async function digestPage(deps: EmploymentDeps, actor: Actor, at = new Date()) {
  authorise(actor, 'employment:staff');
  const digest = await digestRows(deps, actor.organisationId, at);
  await audit(deps, deps.db, actor, 'employment.digest-viewed', 'organisation', actor.organisationId, {
    month: digest.month,
  });
  return digest;
}

/**
 * On the month's first working day, emails each partner organisation's staff (managers and key
 * workers) last month's opportunities with their fit counts; once per organisation and month (a
 * unique row claims it first). Counts only: no woman is named in an email.
 */
export async function sendDigests(
  deps: EmploymentDeps,
  mailer: Mailer,
  publicBaseUrl: string,
  at = new Date(),
) {
  if (!isFirstWorkingDay(at)) return 0;
  const t = (await platformI18n()).t('en');
  const orgs = await deps.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(and(ne(organisations.kind, 'employer'), eq(organisations.active, true)));
  let sent = 0;
  for (const org of orgs) {
    const digest = await digestRows(deps, org.id, at);
    const staff = await deps.db
      .select({ email: users.email })
      .from(users)
      .where(
        and(
          eq(users.organisationId, org.id),
          eq(users.active, true),
          inArray(users.role, ['manager', 'key_worker']),
        ),
      );
    const [claimed] = await deps.db
      .insert(digests)
      .values({
        organisationId: org.id,
        month: digest.month,
        opportunities: digest.rows.length,
        recipients: staff.length,
      })
      .onConflictDoNothing()
      .returning();
    if (!claimed) continue;
    const lines = digest.rows.map((r) =>
      t('employment.digest.line', {
        title: r.title,
        kind: t(`employment.codes.kinds.${r.kind}`),
        fits: r.fits,
      }),
    );
    const text = [
      t('employment.digest.emailIntro', { month: digest.month.slice(0, 7) }),
      '',
      ...(lines.length ? lines : [t('employment.digest.none')]),
      '',
      t('employment.digest.emailLink', { url: `${publicBaseUrl.replace(/\/$/, '')}/opportunities/digest` }),
    ].join('\n');
    for (const s of staff) {
      await mailer.send({
        to: s.email,
        subject: t('employment.digest.subject', { month: digest.month.slice(0, 7) }),
        text,
      });
      sent++;
    }
    await audit(deps, deps.db, null, 'employment.digest-sent', 'organisation', org.id, {
      month: digest.month,
      recipients: staff.length,
    });
  }
  return sent;
}
