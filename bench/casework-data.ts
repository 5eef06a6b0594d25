/**
 * Casework rows for the participants benchmark, generated in set-based SQL over the participants
 * already there: contacts (ten per woman on average, skewed: about one woman in a hundred has
 * hundreds, most have a handful), some edited contacts' earlier versions, referrals (a few still
 * waiting for an answer), plan goals with steps, and plan reviews. Deterministic for a seed: every
 * choice is a hash of the woman's rank and the row's number, not random(). Casework has no encrypted
 * columns (contact notes are plain text, restricted by role), so notes come from a small pool of
 * fictional sentences made in JS and picked in SQL. Everything generated is fictional.
 */

import { Rng, sentence } from './generate.ts';
import type { BenchContext } from './harness.ts';

type Pool = BenchContext['database']['pool'];

export interface CaseworkCounts {
  contacts: number;
  contactVersions: number;
  referrals: number;
  goals: number;
  steps: number;
  reviews: number;
}

/**
 * Adds `contactsTotal` contacts (at most ten per participant on average) and the other casework
 * rows. Returns the row counts written.
 */
export async function generateCasework(
  pool: Pool,
  contactsTotal: number,
  seed = 20260101,
): Promise<CaseworkCounts> {
  const rng = new Rng(seed).fork('casework');
  const notes = Array.from({ length: 200 }, () => sentence(rng, rng.int(6, 30)));
  const goals = Array.from({ length: 50 }, () => sentence(rng, rng.int(4, 10)));
  const steps = Array.from({ length: 50 }, () => sentence(rng, rng.int(3, 8)));
  const h = (expr: string) => `abs(hashint4((${expr})::int # ${seed % 1_000_000}))`;

  // Her rank (deterministic order), organisation and key worker.
  await pool.query(`
    create temporary table bench_women as
    select id, organisation_id as org, key_worker_user_id as kw, created_at,
           (row_number() over (order by created_at, preferred_name, id))::int as r
    from participants where erased_at is null`);
  const { rows: counted } = await pool.query<{ n: number }>('select count(*)::int as n from bench_women');
  const women = counted[0]!.n;
  if (women * 10 < contactsTotal) throw new Error(`${women} women are too few for ${contactsTotal} contacts`);

  // How many contacts each woman has: 1% with 150-500, the rest 0-15 (most a handful).
  await pool.query(`
    create temporary table bench_contact_counts as
    select id, org, kw, r,
           case when ${h('r * 7 + 1')} % 100 = 0 then 150 + ${h('r * 7 + 2')} % 351
                else (${h('r * 7 + 3')} % 8) + (${h('r * 7 + 4')} % 9) end as k
    from bench_women`);
  const contacts = await pool.query(
    `insert into casework_contacts (participant_id, organisation_id, author_user_id, kind, happened_at, notes,
       restricted, next_contact_on, version, created_at, updated_at)
     select c.id, c.org, c.kw,
            (array['drop_in','drop_in','drop_in','one_to_one','one_to_one','phone','phone','outreach','group'])[1 + x.hk % 9],
            x.at,
            case when x.hk % 10 < 8 then ($2::text[])[1 + x.hk % 200] end,
            x.hk % 33 = 0,
            case when x.hk % 3 = 0 then (x.at + (7 + x.hk % 28) * interval '1 day')::date end,
            case when x.hk % 50 = 7 then 2 else 1 end, x.at, x.at
     from bench_contact_counts c, generate_series(1, c.k) j,
          lateral (select ${h('c.r * 1000 + j')} as hk,
                          now() - (${h('c.r * 1000 + j + 500')} % 730) * interval '1 day'
                            - (${h('c.r * 1000 + j + 700')} % 480) * interval '1 minute' as at) x
     order by c.r, j
     limit $1`,
    [contactsTotal, notes],
  );
  // One contact in fifty was edited once: its earlier version is kept.
  const versions = await pool.query(
    `insert into casework_contact_versions (contact_id, version, kind, happened_at, notes, restricted,
       next_contact_on, edited_by_user_id, edited_at)
     select id, 1, kind, happened_at - interval '1 day', coalesce($1, notes), restricted, next_contact_on,
            author_user_id, created_at
     from casework_contacts where version = 2`,
    [notes[0]],
  );
  // Her last contact (retention) as casework keeps it.
  await pool.query(`
    update participants p set last_contact_at = l.at
    from (select participant_id, max(happened_at) as at from casework_contacts group by participant_id) l
    where l.participant_id = p.id`);

  // Referrals to (fictional) directory services: three in ten women, one in twelve still waiting for an answer.
  const referrals = await pool.query(
    `insert into casework_referrals (participant_id, organisation_id, from_user_id, service_id, service_name,
       sections, note, status, sent_at, answered_at, updated_at)
     select w.id, w.org, w.kw, md5('bench-service-' || x.hk % 300)::uuid, 'Fictional service ' || x.hk % 300,
            array['contact','languages'], ($1::text[])[1 + x.hk % 200],
            x.status, x.at, case when x.status <> 'sent' then x.at + (x.hk % 10) * interval '1 day' end, x.at
     from bench_women w,
          lateral (select ${h('w.r * 3 + 11')} as hk,
                          (array['sent','accepted','accepted','declined','attended','completed','completed',
                                 'completed','withdrawn','accepted','attended','completed'])[1 + ${h('w.r * 3 + 12')} % 12] as status,
                          now() - (${h('w.r * 3 + 13')} % 700) * interval '1 day' as at) x
     where ${h('w.r * 3 + 10')} % 10 < 3`,
    [notes],
  );

  // Her plan: half the women have one to three goals, each with two steps; a review with the next date.
  const goalRows = await pool.query(
    `insert into casework_plan_goals (participant_id, organisation_id, goal, domains, status, created_by_user_id,
       created_at, updated_at)
     select w.id, w.org, ($1::text[])[1 + ${h('w.r * 5 + g')} % 50],
            array[(array['employment','english','housing','money','wellbeing','safety'])[1 + ${h('w.r * 5 + g + 1')} % 6]],
            (array['open','open','open','achieved','stopped'])[1 + ${h('w.r * 5 + g + 2')} % 5],
            w.kw, w.created_at, w.created_at
     from bench_women w, generate_series(1, 1 + ${h('w.r + 21')} % 3) g
     where ${h('w.r + 20')} % 2 = 0`,
    [goals],
  );
  const stepRows = await pool.query(
    `insert into casework_plan_steps (goal_id, step, owner, due_on, done_at, created_at)
     select g.id, ($1::text[])[1 + (length(g.goal) * 7 + s) % 50],
            (array['her','key_worker','partner'])[1 + s % 3],
            (g.created_at + (s * 30) * interval '1 day')::date,
            case when s = 1 then g.created_at + interval '20 days' end, g.created_at
     from casework_plan_goals g, generate_series(1, 2) s`,
    [steps],
  );
  const reviews = await pool.query(`
    insert into casework_plan_reviews (participant_id, organisation_id, reviewed_on, next_review_on, by_user_id, created_at)
    select w.id, w.org, (now() - (${h('w.r + 30')} % 180) * interval '1 day')::date,
           (now() + (${h('w.r + 31')} % 120 - 30) * interval '1 day')::date, w.kw, now()
    from bench_women w where ${h('w.r + 20')} % 2 = 0`);
  await pool.query('drop table bench_contact_counts');
  await pool.query('drop table bench_women');
  // As autovacuum would after a bulk load.
  for (const t of [
    'casework_contacts',
    'casework_contact_versions',
    'casework_referrals',
    'casework_plan_goals',
    'casework_plan_steps',
    'casework_plan_reviews',
    'participants',
  ])
    await pool.query(`vacuum analyze ${t}`);
  return {
    contacts: contacts.rowCount ?? 0,
    contactVersions: versions.rowCount ?? 0,
    referrals: referrals.rowCount ?? 0,
    goals: goalRows.rowCount ?? 0,
    steps: stepRows.rowCount ?? 0,
    reviews: reviews.rowCount ?? 0,
  };
}
