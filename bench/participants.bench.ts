import os from 'node:os';
import { generate } from 'otplib';
import { DEMO_PASSWORD, demoAccounts } from '../src/seed/demo.ts';
import { generateCasework } from './casework-data.ts';
import { type BenchContext, load, recordPercentiles } from './harness.ts';

/**
 * Her record page and "My caseload" under load, with 100,000 participants (quick: 20,000) spread over
 * the three demo organisations and 750 fictional key workers, as SQL-generated rows, and their
 * casework: 1,000,000 contacts (quick: 200,000), skewed (a few women with hundreds, most with a
 * handful), with referrals, plan goals, steps and reviews (bench/casework-data.ts).
 */
export default async function participantsPages(ctx: BenchContext) {
  const total = ctx.quick ? 20_000 : 100_000;
  const seconds = ctx.quick ? 3 : 10;
  const pool = ctx.database.pool;
  const t0 = performance.now();
  // The outcomes benchmark (run before this one) may have generated the same women and casework.
  const reused = await generatedWomen(pool);
  if (!reused) await generateParticipants(pool, total);
  ctx.record({ name: 'Participants generated', value: total, unit: 'rows' });
  ctx.record({ name: 'Participants generation time', value: (performance.now() - t0) / 1000, unit: 's' });
  const t1 = performance.now();
  const casework = reused ? await caseworkCounts(pool) : await generateCasework(pool, total * 10);
  ctx.record({ name: 'Contacts generated', value: casework.contacts, unit: 'rows' });
  ctx.record({ name: 'Contact earlier versions generated', value: casework.contactVersions, unit: 'rows' });
  ctx.record({ name: 'Referrals generated', value: casework.referrals, unit: 'rows' });
  ctx.record({
    name: 'Plan goals / steps / reviews generated',
    value: casework.goals + casework.steps + casework.reviews,
    unit: 'rows',
  });
  // As a running system would long since have done after a bulk load: every table vacuumed and
  // analysed and the load's WAL checkpointed, so none of that runs while the pages are measured.
  await pool.query('vacuum analyze');
  await pool.query('checkpoint');
  ctx.record({ name: 'Casework generation time', value: (performance.now() - t1) / 1000, unit: 's' });
  const label = `${total.toLocaleString('en-GB')} participants, ${casework.contacts.toLocaleString('en-GB')} contacts`;

  const accounts = await demoAccounts(ctx.database.db, ctx.services);
  const kw = accounts.find((a) => a.role === 'key_worker')!;
  const manager = accounts.find((a) => a.role === 'manager' && a.organisation === kw.organisation)!;
  const kwCookie = await signIn(ctx.baseUrl, kw.email, kw.totpSecret);
  const managerCookie = await signIn(ctx.baseUrl, manager.email, manager.totpSecret);

  // Her record page: a woman on the demo key worker's caseload, with special-category data.
  const { rows } = await pool.query<{ id: string; uid: string; org: string }>(
    `select p.id, u.id as uid, u.organisation_id as org from participants p join users u on u.id = p.key_worker_user_id
     where u.email = $1 order by p.created_at limit 1`,
    [kw.email],
  );
  const her = rows[0]!;
  await ctx.services.participants.updateSpecialCategory(
    { userId: her.uid, organisationId: her.org, role: 'key_worker' },
    her.id,
    {
      immigrationStatus: 'refugee',
      rightToWorkCheckedOn: '2025-01-01',
      rightToWorkMethod: 'online_share_code',
      rightToWorkOutcome: 'unlimited',
      rightToWorkRecheckOn: null,
      ethnicity: 'Fictional',
      religion: null,
      sexuality: null,
      healthNotes: 'Fictional note',
    },
  );
  const { rows: size } = await pool.query<{ n: number }>(
    'select count(*)::int as n from participants p join users u on u.id = p.key_worker_user_id where u.email = $1',
    [kw.email],
  );
  ctx.record({ name: 'Demo key worker caseload size', value: size[0]!.n, unit: 'women' });

  // Latencies mean little on a busy machine: the load when measuring, for the record.
  ctx.record({
    name: 'Participants: machine load average (1 min) when measured',
    value: os.loadavg()[0]!,
    unit: '',
  });

  const pages = [
    { name: 'Her record page', url: `/participants/${her.id}`, cookie: kwCookie },
    { name: 'My caseload (key worker)', url: '/caseload', cookie: kwCookie },
    { name: 'Caseloads by key worker (manager)', url: '/caseload', cookie: managerCookie },
    { name: 'Find a woman by name', url: '/participants/search?q=amina', cookie: kwCookie },
  ];
  for (const page of pages) {
    // Warm up first (templates compiled, code optimised, rows cached): the steady state is measured.
    await load(`${ctx.baseUrl}${page.url}`, { seconds: 1, connections: 4, headers: { cookie: page.cookie } });
    const r = await load(`${ctx.baseUrl}${page.url}`, {
      seconds,
      connections: 4,
      headers: { cookie: page.cookie },
    });
    if (r.non2xx || r.errors) throw new Error(`${page.name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    recordPercentiles(ctx, `${page.name} (${label})`, r.latencies, 'ms', {
      p95: page.name.startsWith('Find') ? undefined : 100,
    });
    ctx.record({ name: `${page.name} throughput`, value: r.requestsPerSecond, unit: 'req/s' });
  }
}

/** Key workers and participants, generated in SQL: fictional names, realistic statuses and consents. */
export async function generateParticipants(pool: BenchContext['database']['pool'], total: number) {
  await pool.query(`
    insert into users (organisation_id, email, name, role)
    select o.id, 'bench-kw-' || o.n || '-' || g || '@bench.wayfinder.invalid', 'Bench key worker ' || g, 'key_worker'
    from (select id, row_number() over (order by created_at) as n from organisations) o, generate_series(1, 250) g`);
  await pool.query(
    `with kws as (
       select organisation_id, array_agg(id order by id) as ids from users where role = 'key_worker' group by organisation_id
     ), orgs as (select row_number() over (order by organisation_id) - 1 as i, organisation_id, ids from kws),
     names as (select array['Amina','Hodan','Lina','Rahel','Selam','Saba','Grace','Mariam','Fatima','Nour','Zainab','Esther'] as given,
                      array['Example','Sample','Placeholder','Fictional','Testcase','Madeup'] as family)
     insert into participants (organisation_id, key_worker_user_id, status, preferred_name, given_name, family_name,
       date_of_birth, languages, english_level, never_contact_at_home, contact_methods, home_area_code, created_at, updated_at)
     select o.organisation_id,
            o.ids[1 + (g / 3) % array_length(o.ids, 1)],
            (array['active','active','active','active','active','active','active','paused','paused','moved_on'])[1 + g % 10],
            n.given[1 + g % 12] || ' ' || g, n.given[1 + g % 12], n.family[1 + (g / 12) % 6] || '-' || g,
            date '1960-01-01' + (g % 15000), array['Arabic'], 'entry_2', g % 4 = 0, array['sms'], 'E08000035',
            now() - (g % 2000) * interval '1 day', now() - (g % 700) * interval '1 day'
     from generate_series(1, $1::int) g
     join orgs o on o.i = g % (select count(*) from orgs), names n`,
    [total],
  );
  await pool.query(`
    insert into participant_consents (participant_id, purpose, given, method, recorded_at)
    select id, p, true, 'verbal', created_at from participants, unnest(array['support','anonymised_reporting']) p
    where not exists (select 1 from participant_consents c where c.participant_id = participants.id)`);
  await pool.query(`
    insert into participant_status_history (participant_id, status, reason, changed_at)
    select id, 'active', 'registered', created_at from participants
    where not exists (select 1 from participant_status_history h where h.participant_id = participants.id)`);
  // As autovacuum would: the visibility map lets the managers' counts read the index only.
  await pool.query('vacuum analyze participants');
  await pool.query('analyze');
}

/** How many generated women are there already (0: none yet). */
export async function generatedWomen(pool: BenchContext['database']['pool']): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    "select count(*)::int as n from participants p join users u on u.id = p.key_worker_user_id where u.email like 'bench-kw-%'",
  );
  return rows[0]!.n;
}

/** The casework rows already generated, counted (when the women were generated by another benchmark). */
async function caseworkCounts(pool: BenchContext['database']['pool']) {
  const { rows } = await pool.query<Record<string, number>>(`select
    (select count(*)::int from casework_contacts) as contacts,
    (select count(*)::int from casework_contact_versions) as "contactVersions",
    (select count(*)::int from casework_referrals) as referrals,
    (select count(*)::int from casework_plan_goals) as goals,
    (select count(*)::int from casework_plan_steps) as steps,
    (select count(*)::int from casework_plan_reviews) as reviews`);
  return rows[0] as {
    contacts: number;
    contactVersions: number;
    referrals: number;
    goals: number;
    steps: number;
    reviews: number;
  };
}

/** Signs in through the pages (password, then a TOTP code) and returns the session cookie. */
export async function signIn(baseUrl: string, email: string, totpSecret: string): Promise<string> {
  const jar = new Map<string, string>();
  const cookie = () => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
  const keep = (res: Response) => {
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      jar.set(pair!.slice(0, i), pair!.slice(i + 1));
    }
    return res;
  };
  const token = async (path: string) => {
    const res = keep(await fetch(`${baseUrl}${path}`, { headers: { cookie: cookie() }, redirect: 'manual' }));
    return /name="_csrf" value="([^"]+)"/.exec(await res.text())?.[1] ?? '';
  };
  const post = async (path: string, form: Record<string, string>) =>
    keep(
      await fetch(`${baseUrl}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookie() },
        body: new URLSearchParams(form).toString(),
      }),
    );
  await post('/sign-in', { email, password: DEMO_PASSWORD, _csrf: await token('/sign-in') });
  const done = await post('/sign-in/code', {
    code: await generate({ secret: totpSecret }),
    _csrf: await token('/sign-in/code'),
  });
  if (done.status !== 302 || done.headers.get('location')?.startsWith('/sign-in'))
    throw new Error(`bench sign-in failed for ${email}: ${done.status}`);
  return cookie();
}
