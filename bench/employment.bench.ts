import os from 'node:os';
import { sampleOpportunities, sampleProfiles } from '../src/modules/employment/matching-sample.ts';
import { demoAccounts } from '../src/seed/demo.ts';
import { Rng } from './generate.ts';
import { type BenchContext, load, recordPercentiles } from './harness.ts';
import { signIn } from './participants.bench.ts';

/**
 * Employment matching over the database (issue 13, "Done when"): 50,000 open opportunities and
 * 100,000 women with work profiles (quick: a tenth), seeded from the same fictional spread as the
 * in-memory benchmark (src/modules/employment/matching-sample.ts), loaded with multi-row inserts and
 * analysed. The women are spread over the partner organisations as the participants benchmark
 * spreads them (a user ranks only her own organisation's women); 80% consent to matching.
 * Measured: the service call behind her work page (opportunities ranked for one woman; p95 20 ms),
 * the one behind an opportunity's page (women ranked for one opportunity; p95 50 ms), and her work
 * page over HTTP, signed in as a key worker (p95 100 ms).
 */
export interface EmploymentBenchData {
  nOpps: number;
  nWomen: number;
  kw: { email: string; totpSecret: string };
  actor: { userId: string; organisationId: string; role: 'key_worker' };
  /** Women of the key worker's organisation whose page ranks (current consent to matching). */
  mine: string[];
  /** Open opportunities, not closed, to rank women for. */
  oppIds: string[];
}

/**
 * Seeds the benchmark's opportunities and women into the database (the runner's throwaway one, or
 * a kept one when profiling by hand) and returns who and what to measure.
 */
export async function seedEmploymentBench(
  ctx: Pick<BenchContext, 'quick' | 'database' | 'services'>,
): Promise<EmploymentBenchData> {
  const nOpps = ctx.quick ? 5_000 : 50_000;
  const nWomen = ctx.quick ? 10_000 : 100_000;
  const pool = ctx.database.pool;
  const today = new Date().toISOString().slice(0, 10);
  const rng = new Rng('employment-db');

  const accounts = await demoAccounts(ctx.database.db, ctx.services);
  const kw = accounts.find((a) => a.role === 'key_worker')!;
  const { rows: who } = await pool.query<{ uid: string; org: string }>(
    'select id as uid, organisation_id as org from users where email = $1',
    [kw.email],
  );
  const actor = { userId: who[0]!.uid, organisationId: who[0]!.org, role: 'key_worker' as const };
  const { rows: employers } = await pool.query<{ id: string }>(
    'select organisation_id as id from employment_employers order by organisation_id',
  );
  const { rows: partners } = await pool.query<{ id: string }>(
    "select id from organisations where kind <> 'employer' and id in (select organisation_id from users where role = 'key_worker') order by id",
  );

  // Opportunities: status open, shared with the partnership, at the sample's places and dates.
  const oppRng = rng.fork('opportunities');
  const opps = sampleOpportunities(() => oppRng.next(), nOpps, today);
  for (let i = 0; i < opps.length; i += 5_000) {
    const rows = opps.slice(i, i + 5_000).map((o, j) => ({
      organisation_id: employers[(i + j) % employers.length]!.id,
      posted_by_organisation_id: employers[(i + j) % employers.length]!.id,
      kind: o.kind,
      title: `Bench opportunity ${i + j}`,
      description: 'Fictional opportunity for the benchmark.',
      sector: o.sector,
      remote: o.remote,
      postcode_district: o.point ? 'LS1' : null,
      latitude: o.point?.lat ?? null,
      longitude: o.point?.lng ?? null,
      hours: o.hours,
      term_time_only: o.termTimeOnly,
      contract: 'part_time',
      hourly_pay_pence: o.hourlyPayPence,
      closing_date: o.closingDate,
      start_date: o.startDate,
      min_spoken_english: o.minSpokenEnglish,
      min_written_english: o.minWrittenEnglish,
      min_qualification_level: o.minQualificationLevel,
      skills: o.skills,
      right_to_work_allowed: o.rightToWorkAllowed,
      on_immigration_salary_list: o.onImmigrationSalaryList,
      dbs_level: o.dbsLevel,
      created_at: new Date(Date.now() - (i + j) * 60_000).toISOString(),
    }));
    await pool.query(
      `insert into employment_opportunities (organisation_id, posted_by_organisation_id, kind, title, description,
         sector, remote, postcode_district, latitude, longitude, hours, term_time_only, contract, hourly_pay_pence,
         closing_date, start_date, min_spoken_english, min_written_english, min_qualification_level, skills,
         right_to_work_allowed, on_immigration_salary_list, dbs_level, created_at, updated_at)
       select organisation_id, posted_by_organisation_id, kind, title, description, sector, remote, postcode_district,
         latitude, longitude, hours, term_time_only, contract, hourly_pay_pence, closing_date, start_date,
         min_spoken_english, min_written_english, min_qualification_level, skills, right_to_work_allowed,
         on_immigration_salary_list, dbs_level, created_at, created_at
       from json_populate_recordset(null::employment_opportunities, $1::json)`,
      [JSON.stringify(rows)],
    );
  }

  // Women: participants rows spread over the partner organisations, each with a work profile.
  const womenRng = rng.fork('women');
  const women = sampleProfiles(() => womenRng.next(), nWomen, today);
  const ids: string[] = [];
  for (let i = 0; i < women.length; i += 5_000) {
    const batch = women.slice(i, i + 5_000);
    const { rows } = await pool.query<{ id: string }>(
      `insert into participants (organisation_id, status, preferred_name, given_name, family_name, languages,
         english_level, never_contact_at_home, contact_methods)
       select o, 'active', 'Bench woman ' || n, 'Bench', 'Woman ' || n, array['Arabic'], 'entry_2', false, array['sms']
       from unnest($1::uuid[], $2::int[]) as t(o, n)
       returning id`,
      [batch.map((_, j) => partners[(i + j) % partners.length]!.id), batch.map((_, j) => i + j)],
    );
    const batchIds = rows.map((r) => r.id);
    ids.push(...batchIds);
    const profiles = batch.map((w, j) => ({
      participant_id: batchIds[j],
      organisation_id: partners[(i + j) % partners.length]!.id,
      skills: w.skills,
      sectors: w.sectors,
      qualification_level: w.qualificationLevel,
      spoken_english: w.spokenEnglish,
      written_english: w.writtenEnglish,
      availability: w.availability,
      school_hours_only: w.schoolHoursOnly,
      term_time_only: w.termTimeOnly,
      latitude: w.point?.lat ?? null,
      longitude: w.point?.lng ?? null,
      max_journey_minutes: w.maxJourneyMinutes,
      modes: w.modes,
      pay_needed_pence: w.payNeededPence,
      aspirations: w.aspirations,
      right_to_work_enc: ctx.services.cipher.encrypt(
        JSON.stringify({
          basis: w.rightToWork,
          expires: w.rightToWorkExpires,
          reviewOn: null,
          assessedByUserId: actor.userId,
          assessedOn: today,
        }),
      ),
    }));
    await pool.query(
      `insert into employment_work_profiles (participant_id, organisation_id, skills, sectors, qualification_level,
         spoken_english, written_english, availability, school_hours_only, term_time_only, latitude, longitude,
         max_journey_minutes, modes, pay_needed_pence, aspirations, right_to_work_enc)
       select participant_id, organisation_id, skills, sectors, qualification_level, spoken_english, written_english,
         availability, school_hours_only, term_time_only, latitude, longitude, max_journey_minutes, modes,
         pay_needed_pence, aspirations, right_to_work_enc
       from json_populate_recordset(null::employment_work_profiles, $1::json)`,
      [JSON.stringify(profiles)],
    );
  }
  // Consent: support for all; matching for 4 in 5 (one in ten of those withdrew it later).
  await pool.query(
    `insert into participant_consents (participant_id, purpose, given, method, recorded_at)
     select id, p, true, 'verbal', now() - interval '30 days' from participants, unnest(array['support','matching']) p
     where preferred_name like 'Bench woman %' and (p = 'support' or abs(hashtext(id::text)) % 5 <> 0)`,
  );
  await pool.query(
    `insert into participant_consents (participant_id, purpose, given, method, recorded_at)
     select id, 'matching', false, 'verbal', now() - interval '1 day' from participants
     where preferred_name like 'Bench woman %' and abs(hashtext(id::text)) % 50 = 1`,
  );
  // The prefilter's boxes, as the app fills in rows saved without them at start-up.
  await ctx.services.employment.ensureReferenceData();
  await pool.query('vacuum analyze');
  await pool.query('checkpoint');

  // Women of the key worker's organisation, to rank opportunities for; opportunities to rank women for.
  // Only women whose page ranks (her current answer to matching is yes): the others' pages rank nothing.
  const { rows: mine } = await pool.query<{ id: string }>(
    `select w.participant_id as id from employment_work_profiles w join participants p on p.id = w.participant_id
     where w.organisation_id = $1 and p.preferred_name like 'Bench woman %'
       and (select c.given from participant_consents c where c.participant_id = p.id and c.purpose = 'matching'
            order by c.recorded_at desc limit 1)
     order by w.participant_id limit 200`,
    [actor.organisationId],
  );
  const { rows: oppIds } = await pool.query<{ id: string }>(
    `select id from employment_opportunities where title like 'Bench opportunity %' and status = 'open'
     and (closing_date is null or closing_date >= $1) order by id limit 200`,
    [today],
  );
  return {
    nOpps,
    nWomen,
    kw,
    actor,
    mine: mine.map((r) => r.id),
    oppIds: oppIds.map((r) => r.id),
  };
}

export default async function employmentBench(ctx: BenchContext) {
  const t0 = performance.now();
  const data = await seedEmploymentBench(ctx);
  ctx.record({ name: 'employment: open opportunities generated', value: data.nOpps, unit: 'rows' });
  ctx.record({ name: 'employment: women with work profiles generated', value: data.nWomen, unit: 'rows' });
  ctx.record({ name: 'employment: generation time', value: (performance.now() - t0) / 1000, unit: 's' });
  await measureEmploymentBench(ctx, data);
}

/** The three figures of issue 13, over data seeded by seedEmploymentBench. */
export async function measureEmploymentBench(
  ctx: Pick<BenchContext, 'quick' | 'record' | 'baseUrl' | 'services'>,
  data: EmploymentBenchData,
) {
  const { nOpps, nWomen, kw, actor } = data;
  const mine = data.mine.map((id) => ({ id }));
  const oppIds = data.oppIds.map((id) => ({ id }));
  const rounds = ctx.quick ? 30 : 100;
  const svc = ctx.services.employment;
  const k = (n: number) => `${(n / 1000).toLocaleString('en-GB')}k`;
  ctx.record({
    name: 'employment: machine load average (1 min) when measured',
    value: os.loadavg()[0]!,
    unit: '',
  });

  // Warm up (code optimised, rows cached), then time distinct women.
  for (let i = 0; i < 5; i++) await svc.workPage(actor, mine[i]!.id);
  const forHer: number[] = [];
  let fits = 0;
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    const page = await svc.workPage(actor, mine[(i * 7) % mine.length]!.id);
    forHer.push(performance.now() - s);
    fits += page.matches?.fits.length ?? 0;
  }
  recordPercentiles(
    ctx,
    `employment: opportunities ranked for one woman (service, ${k(nOpps)} open)`,
    forHer,
    'ms',
    { p95: 20 },
  );
  ctx.record({
    name: 'employment: opportunities shown fitting a woman (mean)',
    value: fits / rounds,
    unit: 'items',
  });

  for (let i = 0; i < 5; i++) await svc.womenWhoFit(actor, oppIds[i]!.id);
  const forOpp: number[] = [];
  let womenShown = 0;
  for (let i = 0; i < rounds; i++) {
    const s = performance.now();
    const r = await svc.womenWhoFit(actor, oppIds[(i * 7) % oppIds.length]!.id);
    forOpp.push(performance.now() - s);
    womenShown += r.fits.length;
  }
  recordPercentiles(
    ctx,
    `employment: women ranked for one opportunity (service, ${k(nWomen)} women)`,
    forOpp,
    'ms',
    { p95: 50 },
  );
  ctx.record({
    name: 'employment: women shown fitting an opportunity (mean)',
    value: womenShown / rounds,
    unit: 'items',
  });

  // Her work page over HTTP, signed in as the demo key worker: different women in turn (one
  // woman's page alone would time only her candidates, from the database's cache).
  const cookie = await signIn(ctx.baseUrl, kw.email, kw.totpSecret);
  const pages = ctx.quick ? 4 : 10;
  const latencies: number[] = [];
  await load(`${ctx.baseUrl}/participants/${mine[150]!.id}/work`, {
    seconds: 1,
    connections: 2,
    headers: { cookie },
  });
  for (const w of mine.slice(0, pages)) {
    // The page really ranks: it lists opportunities to put her forward to.
    const page = await fetch(`${ctx.baseUrl}/participants/${w.id}/work`, { headers: { cookie } });
    if (page.status !== 200 || !(await page.text()).includes('/put-forward'))
      throw new Error(`work page: ${page.status}, no matches listed`);
    const r = await load(`${ctx.baseUrl}/participants/${w.id}/work`, {
      seconds: 1,
      connections: 2,
      headers: { cookie },
    });
    if (r.non2xx || r.errors) throw new Error(`work page: ${r.non2xx} non-2xx, ${r.errors} errors`);
    latencies.push(...r.latencies);
  }
  recordPercentiles(
    ctx,
    `employment: her work page /participants/:id/work (HTTP, ${k(nOpps)} open)`,
    latencies,
    'ms',
    {
      p95: 100,
    },
  );
}
