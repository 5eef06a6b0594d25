import { type SQL, sql } from 'drizzle-orm';
import type { Breakdown } from './forms.ts';
import type { ReportingSources } from './sources.ts';

/**
 * The indicators, declared: what is counted (unit), over what (denominator), what counts as a
 * success (numerator), from which anchor event and within what window, from records or a survey.
 * The plain-English rule of each lives in locales/en/outcomes.json (`outcomes.indicators.<id>.rule`)
 * and docs/OUTCOMES.md (a test keeps them equal). Every figure is computed in SQL, one query each.
 */
export interface Filter {
  /** YYYY-MM-DD, inclusive */
  from: string;
  to: string;
  programmeId: string | null;
  organisationId: string | null;
  /** ONS local authority code */
  area: string | null;
  breakdown: Breakdown;
}

export interface IndicatorDefinition {
  id: string;
  source: 'records' | 'survey';
  /** What one counted thing is. */
  unit: 'women' | 'respondents' | 'offers' | 'referrals';
  /** The event that puts a unit in the period (its date must fall in the period). */
  anchor: string;
  /** How long after the anchor a success may come (null: no window). */
  window: string | null;
  /** Breakdowns the source can give (anonymous survey answers: programme and organisation only). */
  breakdowns: readonly Breakdown[];
  /** Whether the area filter can apply (not to anonymous survey answers). */
  areaFilter: boolean;
  /**
   * One row per group: grp, base (the denominator), yes (the numerator), pending (units with no
   * follow-up recorded yet; for surveys, invited but not answered), invited (surveys only).
   */
  query(src: ReportingSources, f: Filter): SQL;
}

const WOMEN: readonly Breakdown[] = ['none', 'age_band', 'language', 'area', 'programme', 'organisation'];
const SURVEY: readonly Breakdown[] = ['none', 'programme', 'organisation'];

/** The group a woman falls in for the breakdown (facts `f`; programme from `programme`). */
function group(f: Filter, programme: SQL = sql`null`): SQL {
  switch (f.breakdown) {
    case 'age_band':
      return sql`case when f.date_of_birth is null then 'unknown'
        else (select case when a < 25 then '16-24' when a < 35 then '25-34' when a < 45 then '35-44'
                          when a < 55 then '45-54' when a < 65 then '55-64' else '65+' end
              from (select date_part('year', age(${f.to}::date, f.date_of_birth)) as a) x) end`;
    case 'language':
      return sql`coalesce(f.language, 'unknown')`;
    case 'area':
      return sql`coalesce(f.area, 'unknown')`;
    case 'programme':
      return sql`coalesce(${programme}::text, 'none')`;
    case 'organisation':
      return sql`f.organisation_id::text`;
    default:
      return sql`'all'`;
  }
}

/**
 * Her facts (`f`) joined in only when the filter or breakdown needs them (organisation, area, age,
 * language), and the filters on them; `org` is the organisation the filter means (for referrals,
 * the receiving one, which the referral itself carries).
 */
function facts(src: ReportingSources, f: Filter, participant: SQL, org?: SQL) {
  const needed =
    (f.organisationId !== null && !org) ||
    f.area !== null ||
    ['age_band', 'language', 'area'].includes(f.breakdown) ||
    (f.breakdown === 'organisation' && !org);
  const orgExpr = org ?? sql`f.organisation_id`;
  return {
    join: needed ? sql`join ${src.participants()} f on f.participant_id = ${participant}` : sql``,
    where: sql`${f.organisationId === null ? sql`true` : sql`${orgExpr} = ${f.organisationId}::uuid`}
      and ${f.area === null ? sql`true` : sql`f.area = ${f.area}::text`}`,
  };
}

/** The programme filter for indicators not anchored on a programme: women who completed it. */
const completedProgramme = (f: Filter, participant: SQL) =>
  sql`(${f.programmeId}::uuid is null or exists (select 1 from outcome_events pc
       where pc.participant_id = ${participant} and pc.kind = 'programme_completed'
         and pc.programme_id = ${f.programmeId}::uuid))`;

const aggregate = (units: SQL) => sql`
  select grp, count(*) filter (where in_base)::int as base,
         count(*) filter (where in_base and yes)::int as yes,
         count(*) filter (where pending)::int as pending, null::int as invited
  from (${units}) u group by grp order by grp`;

const completers: IndicatorDefinition = {
  id: 'job_or_course_within_6_months',
  source: 'records',
  unit: 'women',
  anchor: 'programme_completed',
  window: '6 months',
  breakdowns: WOMEN,
  areaFilter: true,
  query: (src, f) =>
    aggregate(sql`
      with anchor as (
        select distinct on (e.participant_id) e.participant_id, e.occurred_on, e.programme_id
        from outcome_events e
        where e.kind = 'programme_completed' and e.occurred_on between ${f.from}::date and ${f.to}::date
          and (${f.programmeId}::uuid is null or e.programme_id = ${f.programmeId}::uuid)
        order by e.participant_id, e.occurred_on)
      select ${group(f, sql`a.programme_id`)} as grp, true as in_base,
        exists (select 1 from outcome_events o where o.participant_id = a.participant_id
                  and o.kind in ('job_started', 'course_started')
                  and o.occurred_on between a.occurred_on and (a.occurred_on + interval '6 months')::date) as yes,
        not exists (select 1 from outcome_events o where o.participant_id = a.participant_id
                  and o.kind <> 'programme_completed' and o.occurred_on >= a.occurred_on) as pending
      from anchor a ${facts(src, f, sql`a.participant_id`).join}
      where ${facts(src, f, sql`a.participant_id`).where}`),
};

/** An end-of-programme survey question: answers of 4 or 5 (of 1 to 5) count as "more". */
function surveyQuestion(
  id: string,
  survey: 'mentee_end' | 'mentor_end',
  question: string,
): IndicatorDefinition {
  return {
    id,
    source: 'survey',
    unit: 'respondents',
    anchor: `${survey} answered`,
    window: null,
    breakdowns: SURVEY,
    areaFilter: false,
    query: (src, f) => {
      // Answers carry no woman: only the programme and the organisation can split them.
      const grpS =
        f.breakdown === 'programme'
          ? sql`s.programme_id::text`
          : f.breakdown === 'organisation'
            ? sql`s.organisation_id::text`
            : sql`'all'`;
      const where = sql`s.survey = ${survey}
        and (${f.programmeId}::uuid is null or s.programme_id = ${f.programmeId}::uuid)
        and (${f.organisationId}::uuid is null or s.organisation_id = ${f.organisationId}::uuid)`;
      return sql`
        with answered as (
          select ${grpS} as grp, count(*)::int as base,
                 count(*) filter (where (s.answers->>${question})::int >= 4)::int as yes
          from ${src.surveyAnswers()} s
          where ${where} and s.answered_at >= ${f.from}::date and s.answered_at < ${f.to}::date + 1
          group by 1),
        invited as (
          select ${grpS} as grp, count(*)::int as invited
          from ${src.surveyInvites()} s
          where ${where} and s.sent_at >= ${f.from}::date and s.sent_at < ${f.to}::date + 1
          group by 1)
        select coalesce(a.grp, i.grp) as grp, coalesce(a.base, 0) as base, coalesce(a.yes, 0) as yes,
               greatest(coalesce(i.invited, 0) - coalesce(a.base, 0), 0) as pending, coalesce(i.invited, 0) as invited
        from answered a full join invited i on i.grp = a.grp order by 1`;
    },
  };
}

/** Each offer's answer: accepted, declined, or neither yet (one row per offer answered). */
const answers = sql`(select source, source_ref, bool_or(kind = 'offer_accepted') as accepted
  from outcome_events where kind in ('offer_accepted', 'offer_declined') group by source, source_ref)`;

const offers: IndicatorDefinition = {
  id: 'offers_accepted',
  source: 'records',
  unit: 'offers',
  anchor: 'offer_made',
  window: null,
  breakdowns: WOMEN,
  areaFilter: true,
  query: (src, f) => {
    const her = facts(src, f, sql`o.participant_id`);
    return aggregate(sql`
      select ${group(f)} as grp, true as in_base, coalesce(a.accepted, false) as yes, a.source is null as pending
      from outcome_events o
      left join ${answers} a on a.source = o.source and a.source_ref = o.source_ref
      ${her.join}
      where o.kind = 'offer_made' and o.occurred_on between ${f.from}::date and ${f.to}::date
        and ${her.where} and ${completedProgramme(f, sql`o.participant_id`)}`);
  },
};

/**
 * Her wellbeing scores: casework's wellbeing scale (1-10) and her answer to the ONS life
 * satisfaction question (0-10, wellbeing.ts). ONS reports its four questions separately, never
 * summed; life satisfaction is its headline measure, so that one answer is her score here.
 */
const wellbeingReadings = (src: ReportingSources) => sql`(
  select participant_id, score, recorded_at from ${src.wellbeing()} c
  union all
  select participant_id, life_satisfaction, answered_at from outcome_wellbeing_answers)`;

const wellbeing: IndicatorDefinition = {
  id: 'wellbeing_rose_by_2',
  source: 'records',
  unit: 'women',
  anchor: 'latest wellbeing assessment',
  window: null,
  breakdowns: WOMEN,
  areaFilter: true,
  query: (src, f) =>
    aggregate(sql`
      with readings as (
        select w.participant_id, count(*) as n,
               (array_agg(w.score order by w.recorded_at))[1] as first,
               (array_agg(w.score order by w.recorded_at desc))[1] as last,
               max(w.recorded_at) as latest
        from ${wellbeingReadings(src)} w where w.recorded_at < ${f.to}::date + 1
        group by w.participant_id
        having max(w.recorded_at) >= ${f.from}::date)
      select ${group(f)} as grp, r.n >= 2 as in_base, r.last - r.first >= 2 as yes, r.n = 1 as pending
      from readings r ${facts(src, f, sql`r.participant_id`).join}
      where ${facts(src, f, sql`r.participant_id`).where} and ${completedProgramme(f, sql`r.participant_id`)}`),
};

/** Five working days (Monday to Friday; bank holidays not known here) after the day it was sent. */
const fiveWorkingDays = (sent: SQL) => sql`(${sent}::date + case
  when extract(isodow from ${sent}::date) <= 5 then 7
  when extract(isodow from ${sent}::date) = 6 then 6 else 5 end)`;

const referrals: IndicatorDefinition = {
  id: 'referrals_answered_in_5_days',
  source: 'records',
  unit: 'referrals',
  anchor: 'referral sent',
  window: '5 working days',
  breakdowns: WOMEN,
  areaFilter: true,
  query: (src, f) =>
    aggregate(sql`
      select ${f.breakdown === 'organisation' ? sql`r.receiving_organisation_id::text` : group(f)} as grp,
        true as in_base,
        r.answered_at is not null
          and (r.answered_at at time zone 'Europe/London')::date
              <= ${fiveWorkingDays(sql`(r.sent_at at time zone 'Europe/London')`)} as yes,
        r.answered_at is null as pending
      from ${src.referrals()} r ${facts(src, f, sql`r.participant_id`, sql`r.receiving_organisation_id`).join}
      where r.sent_at >= ${f.from}::date and r.sent_at < ${f.to}::date + 1
        and ${facts(src, f, sql`r.participant_id`, sql`r.receiving_organisation_id`).where}
        and ${completedProgramme(f, sql`r.participant_id`)}`),
};

export const indicators: readonly IndicatorDefinition[] = [
  completers,
  surveyQuestion('survey_more_skills', 'mentee_end', 'skills'),
  surveyQuestion('survey_more_confidence', 'mentee_end', 'confidence'),
  surveyQuestion('survey_wider_networks', 'mentee_end', 'networks'),
  surveyQuestion('mentors_more_open_minded', 'mentor_end', 'openMinded'),
  offers,
  wellbeing,
  referrals,
];

export const indicatorIds = indicators.map((i) => i.id);

/** Declined offers by reason, for the offers indicator's second table. */
export const declineReasonsQuery = (src: ReportingSources, f: Filter) => sql`
  select coalesce(d.details->>'reason', 'other') as grp, count(*)::int as n
  from outcome_events o
  join outcome_events d on d.source = o.source and d.source_ref = o.source_ref and d.kind = 'offer_declined'
  ${facts(src, f, sql`o.participant_id`).join}
  where o.kind = 'offer_made' and o.occurred_on between ${f.from}::date and ${f.to}::date
    and ${facts(src, f, sql`o.participant_id`).where} and ${completedProgramme(f, sql`o.participant_id`)}
  group by 1 order by 1`;
