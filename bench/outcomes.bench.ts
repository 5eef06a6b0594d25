import os from 'node:os';
import { demoAccounts } from '../src/seed/demo.ts';
import { generateCasework } from './casework-data.ts';
import { type BenchContext, recordPercentiles } from './harness.ts';
import { generatedWomen, generateParticipants, signIn } from './participants.bench.ts';

/**
 * The outcomes indicators and the funder report at scale: 100,000 women (quick: 20,000) with
 * 1,000,000 contacts and their referrals (the participants benchmark's generators), wellbeing
 * scores, mentoring programmes with end-survey links and answers, and 200,000 outcome events
 * (quick: 40,000), all fictional and SQL-generated. Measures every indicator for a spread of
 * filters (p95 ≤ 300 ms), the full report page for a commissioner (p95 ≤ 1 s) and its PDF (≤ 5 s).
 * Leaves what it generated: the participants benchmark after it reuses the same women and casework.
 */
export default async function outcomesBench(bench: BenchContext) {
  // Each figure is printed as soon as it is known, as well as in the runner's table at the end.
  const ctx: BenchContext = {
    ...bench,
    record: (f) => {
      process.stdout.write(`    ${f.name}: ${Math.round(f.value * 100) / 100} ${f.unit}\n`);
      bench.record(f);
    },
  };
  const total = ctx.quick ? 20_000 : 100_000;
  const eventsTotal = total * 2;
  const pool = ctx.database.pool;
  const t0 = performance.now();
  // The participants benchmark generates the same women and casework; whichever runs first does.
  if (!(await generatedWomen(pool))) {
    await generateParticipants(pool, total);
    await generateCasework(pool, total * 10);
  }
  // A third of the referrals went to a partnership organisation (the indicator counts only those).
  await pool.query(`
    update casework_referrals r set receiving_organisation_id =
      (select id from organisations order by id offset (abs(hashtext(r.id::text)) % 3) limit 1)
    where abs(hashtext(r.id::text)) % 3 = 0`);
  await generateOutcomes(pool, eventsTotal);
  await pool.query('vacuum analyze');
  await pool.query('checkpoint');
  const { rows: counted } = await pool.query<{ events: number; contacts: number }>(
    'select (select count(*)::int from outcome_events) as events, (select count(*)::int from casework_contacts) as contacts',
  );
  ctx.record({ name: 'Outcomes: women generated', value: total, unit: 'rows' });
  ctx.record({ name: 'Outcomes: contacts', value: counted[0]!.contacts, unit: 'rows' });
  ctx.record({ name: 'Outcomes: outcome events', value: counted[0]!.events, unit: 'rows' });
  ctx.record({ name: 'Outcomes: generation time', value: (performance.now() - t0) / 1000, unit: 's' });
  ctx.record({
    name: 'Outcomes: machine load average (1 min) when measured',
    value: os.loadavg()[0]!,
    unit: '',
  });

  const accounts = await demoAccounts(ctx.database.db, ctx.services);
  const commissioner = accounts.find((a) => a.role === 'commissioner')!;
  const { rows: ids } = await pool.query<{ uid: string; org: string }>(
    'select id as uid, organisation_id as org from users where email = $1',
    [commissioner.email],
  );
  const actor = { userId: ids[0]!.uid, organisationId: ids[0]!.org, role: 'commissioner' as const };
  const { rows: orgs } = await pool.query<{ id: string }>('select id from organisations order by id limit 3');
  const { rows: programmes } = await pool.query<{ id: string }>(
    "select id from mentoring_programmes where name like 'Bench%' order by id limit 2",
  );
  const filters = [
    {},
    { organisation: orgs[0]!.id },
    { programme: programmes[0]!.id },
    { area: 'E08000035' },
    { breakdown: 'age_band' as const },
    { breakdown: 'language' as const, organisation: orgs[1]!.id },
    { breakdown: 'programme' as const },
    { breakdown: 'organisation' as const, programme: programmes[1]!.id },
  ];
  const indicatorIds = (await ctx.services.outcomes.definitions(actor)).indicators.map((d) => d.id);
  const samples: number[] = [];
  const byIndicator = new Map<string, number[]>();
  const rounds = ctx.quick ? 1 : 3;
  for (let r = 0; r < rounds; r++)
    for (const id of indicatorIds)
      for (const f of filters) {
        const s = performance.now();
        await ctx.services.outcomes.report(actor, { ...f, indicators: [id] });
        const ms = performance.now() - s;
        samples.push(ms);
        byIndicator.set(id, [...(byIndicator.get(id) ?? []), ms]);
      }
  recordPercentiles(ctx, 'Outcomes: one indicator, any filter', samples, 'ms', { p95: 300 });
  // Which indicator is slowest, for whoever tunes them next.
  for (const [id, ms] of byIndicator)
    ctx.record({ name: `Outcomes: ${id} (slowest filter)`, value: Math.max(...ms), unit: 'ms' });

  const cookie = await signIn(ctx.baseUrl, commissioner.email, commissioner.totpSecret);
  const get = async (path: string) => {
    const s = performance.now();
    const res = await fetch(`${ctx.baseUrl}${path}`, { headers: { cookie } });
    await res.arrayBuffer();
    if (res.status !== 200) throw new Error(`${path}: ${res.status}`);
    return performance.now() - s;
  };
  const page: number[] = [];
  for (let i = 0; i < (ctx.quick ? 5 : 15); i++)
    page.push(await get(`/reports?breakdown=${['none', 'age_band', 'programme'][i % 3]}`));
  recordPercentiles(ctx, 'Outcomes: full funder report page', page, 'ms', { p95: 1000 });
  const pdf: number[] = [];
  for (let i = 0; i < 3; i++) pdf.push(await get(`/reports.pdf?programme=${programmes[0]!.id}`));
  ctx.record({
    name: 'Outcomes: report PDF (slowest of 3)',
    value: Math.max(...pdf),
    unit: 'ms',
    target: 5000,
  });
}

type Pool = BenchContext['database']['pool'];

/**
 * Mentoring programmes (six, two per organisation) with cohorts, mentors, one mentee and pair per
 * completing woman, end-survey links and answers (most answer); wellbeing scores; and the outcome
 * events: completions, then job and course starts (most within six months), offers with their
 * answers, and other kinds, up to `eventsTotal`.
 */
async function generateOutcomes(pool: Pool, eventsTotal: number) {
  await pool.query(`
    insert into mentoring_programmes (organisation_id, name, surveys)
    select o.id, 'Bench programme ' || o.n || '-' || g, '{mentee_end,mentor_end}'
    from (select id, row_number() over (order by id) as n from organisations limit 3) o, generate_series(1, 2) g`);
  await pool.query(`
    insert into mentoring_cohorts (organisation_id, programme_id, name, starts_on, ends_on, capacity, status)
    select organisation_id, id, 'Bench cohort', current_date - 400, current_date - 200, 5000, 'closed'
    from mentoring_programmes where name like 'Bench%'`);
  await pool.query(`
    insert into mentoring_mentors (organisation_id, programme_id, name, email, status)
    select organisation_id, programme_id, 'Bench mentor', 'bench-mentor-' || id || '@bench.wayfinder.invalid', 'approved'
    from mentoring_cohorts where name = 'Bench cohort'`);
  // One woman in eight completed a programme of her organisation in the last year and a half.
  await pool.query(`
    create temporary table bench_completers as
    select p.id as participant_id, p.organisation_id, c.id as cohort_id, c.programme_id, m.id as mentor_id,
           current_date - (abs(hashtext(p.id::text)) % 540) as completed_on
    from participants p
    join lateral (select c.* from mentoring_cohorts c where c.organisation_id = p.organisation_id and c.name = 'Bench cohort'
                  order by (c.id::text < md5(p.id::text)) limit 1) c on true
    join mentoring_mentors m on m.programme_id = c.programme_id and m.name = 'Bench mentor'
    where p.preferred_name not like '%(demo)' and abs(hashtext(p.id::text || 'c')) % 8 = 0`);
  await pool.query(`
    insert into mentoring_mentees (organisation_id, participant_id, cohort_id, chosen_name, status)
    select organisation_id, participant_id, cohort_id, 'Bench mentee', 'completed' from bench_completers`);
  await pool.query(`
    insert into mentoring_pairs (organisation_id, cohort_id, mentee_id, mentor_id, status, closure_reason)
    select m.organisation_id, m.cohort_id, m.id, b.mentor_id, 'ended', 'completed'
    from mentoring_mentees m join bench_completers b on b.participant_id = m.participant_id and b.cohort_id = m.cohort_id`);
  await pool.query(`
    insert into mentoring_survey_links (organisation_id, pair_id, respondent, survey, token_hash, expires_at, created_at)
    select p.organisation_id, p.id, r.respondent, r.survey, md5(p.id::text || r.respondent), now(), b.completed_on
    from mentoring_pairs p join mentoring_mentees m on m.id = p.mentee_id
    join bench_completers b on b.participant_id = m.participant_id,
    (values ('mentee', 'mentee_end'), ('mentor', 'mentor_end')) r(respondent, survey)
    where m.chosen_name = 'Bench mentee'`);
  await pool.query(`
    insert into mentoring_survey_answers (organisation_id, cohort_id, survey, answers, answered_at)
    select l.organisation_id, p.cohort_id, l.survey,
           jsonb_build_object('skills', 1 + h % 5, 'confidence', 1 + (h / 5) % 5, 'networks', 1 + (h / 25) % 5,
                              'openMinded', 1 + (h / 7) % 5, 'coaching', 4),
           l.created_at + interval '3 days'
    from mentoring_survey_links l join mentoring_pairs p on p.id = l.pair_id,
    lateral (select abs(hashtext(l.id::text)) as h) x
    where x.h % 10 < 8`);
  // Wellbeing: two women in five scored, most more than once.
  await pool.query(`
    insert into casework_scale_readings (participant_id, organisation_id, scale, score, recorded_at)
    select p.id, p.organisation_id, 'wellbeing', 1 + abs(hashtext(p.id::text || g)) % 10,
           now() - (abs(hashtext(p.id::text)) % 500 + (3 - g) * 60) * interval '1 day'
    from participants p, generate_series(1, 3) g
    where abs(hashtext(p.id::text || 'w')) % 5 < 2 and g <= 1 + abs(hashtext(p.id::text || 'n')) % 3`);
  await pool.query(`
    insert into outcome_events (participant_id, kind, occurred_on, source, source_ref, programme_id, details)
    select participant_id, 'programme_completed', completed_on, 'bench-mentoring', participant_id::text, programme_id,
           jsonb_build_object('programmeId', programme_id)
    from bench_completers`);
  // Job and course starts, offers and the rest, for women at random, until the total is reached.
  await pool.query(
    `insert into outcome_events (participant_id, kind, occurred_on, source, source_ref, details)
     select p.id, k.kind, current_date - (x.h % 600), 'bench', p.id::text || '-' || g, k.details
     from participants p, generate_series(1, 4) g,
     lateral (select abs(hashtext(p.id::text || g)) as h) x,
     lateral (select (array['job_started','course_started','course_started','volunteering_started','qualification_gained',
                            'english_level_up','safe_housing_secured','offer_made','course_completed','job_started'])[1 + x.h % 10] as kind,
                     case when x.h % 10 in (0, 9) then jsonb_build_object('hoursPerWeek', 8 + x.h % 30, 'contract', 'part_time')
                          else '{}'::jsonb end as details) k
     where p.preferred_name not like '%(demo)'
     limit $1 - (select count(*) from outcome_events)`,
    [eventsTotal],
  );
  await pool.query(`
    insert into outcome_events (participant_id, kind, occurred_on, source, source_ref, details)
    select participant_id, case when abs(hashtext(id::text)) % 4 = 0 then 'offer_accepted' else 'offer_declined' end,
           occurred_on + 3, source, source_ref,
           case when abs(hashtext(id::text)) % 4 = 0 then '{}'::jsonb
                else jsonb_build_object('reason', (array['school_hours','childcare','travel','pay'])[1 + abs(hashtext(id::text)) % 4]) end
    from outcome_events where kind = 'offer_made' and source = 'bench' and abs(hashtext(id::text || 'a')) % 10 < 8`);
  await pool.query('drop table bench_completers');
}
