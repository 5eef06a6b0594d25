import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { CaseworkDeps } from './deps.ts';

/**
 * Casework's aggregate figures for the partnership (the commissioner's view): counts only, never a
 * referral, a session's register or a woman. The caller protects small numbers before showing them.
 */

export interface ReferralFlow {
  fromId: string;
  fromName: string;
  /** Null: a service outside the platform. */
  toId: string | null;
  toName: string | null;
  sent: number;
  /** By where each referral stands now: these four add up to `sent`. */
  accepted: number;
  declined: number;
  withdrawn: number;
  waiting: number;
}

export interface AnswerTime {
  toId: string;
  answered: number;
  /** Median days from sent to answered, or null when none was answered. */
  medianDays: number | null;
}

/** Referrals sent since `since`, by sending and receiving organisation, and how long answers took. */
export async function referralFlows(deps: CaseworkDeps, actor: Actor, since: Date) {
  authorise(actor, 'reports:aggregate');
  const flows = (
    await deps.db.execute(sql`
      select r.organisation_id as "fromId", f.name as "fromName",
             r.receiving_organisation_id as "toId", t.name as "toName",
             count(*)::int as sent,
             (count(*) filter (where r.status in ('accepted', 'attended', 'completed')))::int as accepted,
             (count(*) filter (where r.status = 'declined'))::int as declined,
             (count(*) filter (where r.status = 'withdrawn'))::int as withdrawn,
             (count(*) filter (where r.status = 'sent'))::int as waiting
      from casework_referrals r
      join organisations f on f.id = r.organisation_id
      left join organisations t on t.id = r.receiving_organisation_id
      where r.sent_at >= ${since.toISOString()}
      group by 1, 2, 3, 4
      order by 2, 4 nulls last`)
  ).rows as unknown as ReferralFlow[];
  const times = (
    await deps.db.execute(sql`
      select r.receiving_organisation_id as "toId", count(*)::int as answered,
             percentile_cont(0.5) within group (order by extract(epoch from (r.answered_at - r.sent_at)) / 86400) as "medianDays"
      from casework_referrals r
      where r.sent_at >= ${since.toISOString()} and r.answered_at is not null and r.receiving_organisation_id is not null
      group by 1`)
  ).rows as unknown as AnswerTime[];
  return {
    flows,
    times: times.map((t) => ({ ...t, medianDays: t.medianDays === null ? null : Number(t.medianDays) })),
  };
}

export interface DropInVisits {
  organisationId: string;
  organisation: string;
  place: string;
  /** The quarter's first day, YYYY-MM-DD. */
  quarter: string;
  sessions: number;
  visits: number;
}

/** Drop-in sessions held since `since` and the visits on their registers, by place and quarter. */
export async function dropInAttendance(
  deps: CaseworkDeps,
  actor: Actor,
  since: Date,
): Promise<DropInVisits[]> {
  authorise(actor, 'reports:aggregate');
  return (
    await deps.db.execute(sql`
      select s.organisation_id as "organisationId", o.name as organisation, s.place,
             to_char(date_trunc('quarter', s.starts_at at time zone 'Europe/London'), 'YYYY-MM-DD') as quarter,
             count(distinct s.id)::int as sessions, count(a.id)::int as visits
      from casework_drop_in_sessions s
      join organisations o on o.id = s.organisation_id
      left join casework_drop_in_attendance a on a.session_id = s.id
      where s.starts_at >= ${since.toISOString()} and s.starts_at < now()
      group by 1, 2, 3, 4
      order by 2, 3, 4`)
  ).rows as unknown as DropInVisits[];
}
