import os from 'node:os';
import { ledgerOf } from '../src/modules/bursaries/fund-money.ts';
import { reportOf } from '../src/modules/bursaries/fund-report.ts';
import { demoAccounts } from '../src/seed/demo.ts';
import { fundInput } from '../tests/support/bursaries.ts';
import { type BenchContext, load, recordPercentiles } from './harness.ts';
import { signIn } from './participants.bench.ts';

/**
 * Bursaries at scale (issue 15, "Done when"): one fund with 10,000 applications (quick: a tenth) at
 * every stage, three cost lines each, interviews, 6 in 10 decided (4 in 5 of those awards, some
 * started, completed or lapsed) and 50,000 payments against the awarded lines (scheduled, paid,
 * failed, returned), loaded with set-based inserts and analysed. Measured over HTTP, signed in as
 * the demo manager: the fund page (/bursaries/funds/:id, first and 200th page), its money page (the ledger) and its
 * report, each p95 ≤ 100 ms.
 */
export default async function bursariesBench(ctx: BenchContext) {
  const nApps = ctx.quick ? 1_000 : 10_000;
  const nPayments = ctx.quick ? 5_000 : 50_000;
  const pool = ctx.database.pool;
  const t0 = performance.now();

  const accounts = await demoAccounts(ctx.database.db, ctx.services);
  const manager = accounts.find((a) => a.role === 'manager')!;
  const { rows: who } = await pool.query<{ uid: string; org: string }>(
    'select id as uid, organisation_id as org from users where email = $1',
    [manager.email],
  );
  const actor = { userId: who[0]!.uid, organisationId: who[0]!.org, role: 'manager' as const };
  const fundId = await ctx.services.bursaries.createFund(
    actor,
    fundInput({
      name: 'Bench fund',
      funderName: 'Bench Foundation',
      budgetPence: 6_000_000_000,
      eligibleCategories: ['course_fees', 'books_resources', 'equipment', 'childcare', 'travel', 'exam_fees'],
      criteria: ['need', 'readiness'],
      opensOn: '2024-01-01',
    }),
  );
  const org = actor.organisationId;

  // Applications: 10% draft, 10% withdrawn, 15% submitted, 5% interviewing, 60% decided.
  await pool.query(
    `insert into bursary_applications (organisation_id, fund_id, course, provider, planned_start_on, status,
       eligibility, guaranteed_interview, made_with_user_id, submitted_at, created_at)
     select $1, $2, 'Bench course ' || n, 'Bench college ' || (n % 40), date '2026-09-01',
       case when n % 20 < 2 then 'draft' when n % 20 < 4 then 'withdrawn' when n % 20 < 7 then 'submitted'
            when n % 20 < 8 then 'interviewing' else 'decided' end,
       case when n % 3 = 0 then 'mentee' when n % 3 = 1 then 'alumna' else 'other' end, n % 3 <> 2, $3,
       case when n % 20 < 2 then null else timestamptz '2025-01-01' + (n % 500) * interval '1 day' end,
       timestamptz '2025-01-01' + (n % 500) * interval '1 day'
     from generate_series(1, $4::int) n`,
    [org, fundId, actor.userId, nApps],
  );
  await pool.query(
    `insert into bursary_cost_lines (organisation_id, application_id, category, amount_pence, awarded_pence, position)
     select a.organisation_id, a.id, c.category, c.amount, case when a.status = 'decided' then c.amount end, c.position
     from bursary_applications a,
       (values ('course_fees', 300000, 0), ('childcare', 60000, 1), ('travel', 40000, 2)) as c(category, amount, position)
     where a.fund_id = $1`,
    [fundId],
  );
  await pool.query(
    `insert into bursary_interviews (organisation_id, application_id, held_on, interviewers)
     select organisation_id, id, (submitted_at + interval '14 days')::date, 'Bench panel'
     from bursary_applications where fund_id = $1 and status in ('interviewing', 'decided')`,
    [fundId],
  );
  // Decisions: 1 in 5 declined; awards awarded, started, completed or lapsed.
  await pool.query(
    `insert into bursary_decisions (organisation_id, application_id, fund_id, kind, awarded_pence, decided_at,
       awarded_on, start_by, status, started_on, completed_on, lapsed_on)
     select a.organisation_id, a.id, a.fund_id, d.kind, case when d.kind = 'decline' then 0 else 400000 end,
       a.submitted_at + interval '30 days',
       case when d.kind <> 'decline' then (a.submitted_at + interval '30 days')::date end,
       case when d.kind <> 'decline' then (a.submitted_at + interval '30 days' + interval '12 months')::date end,
       case when d.kind = 'decline' then null else d.status end,
       case when d.status in ('started', 'completed') then (a.submitted_at + interval '90 days')::date end,
       case when d.status = 'completed' then (a.submitted_at + interval '300 days')::date end,
       case when d.status = 'lapsed' then (a.submitted_at + interval '400 days')::date end
     from (select *, row_number() over (order by id) as n from bursary_applications
           where fund_id = $1 and status = 'decided') a,
       lateral (select case when a.n % 5 = 0 then 'decline' else 'full' end as kind,
                       (array['awarded', 'started', 'completed', 'lapsed'])[1 + (a.n % 4)::int] as status) d`,
    [fundId],
  );
  // Payments: spread over the awards' lines; 80% paid, 10% scheduled, 5% failed, 5% returned.
  await pool.query(
    `with lines as (
       select l.id as line_id, d.id as decision_id, d.organisation_id, d.fund_id, d.awarded_on,
              row_number() over (order by l.id) - 1 as i
       from bursary_decisions d join bursary_cost_lines l on l.application_id = d.application_id
       where d.fund_id = $1 and d.status is not null)
     insert into bursary_payments (organisation_id, fund_id, decision_id, cost_line_id, payee, reference,
       amount_pence, status, scheduled_on, paid_on, failed_on, returned_on, receipt_ref)
     select l.organisation_id, l.fund_id, l.decision_id, l.line_id, case when n % 3 = 0 then 'her' else 'provider' end,
       'BENCH-' || n, 5000,
       case when n % 20 < 16 then 'paid' when n % 20 < 18 then 'scheduled' when n % 20 = 18 then 'failed' else 'returned' end,
       l.awarded_on + 7, case when n % 20 < 16 or n % 20 = 19 then l.awarded_on + 10 end,
       case when n % 20 = 18 then l.awarded_on + 10 end, case when n % 20 = 19 then l.awarded_on + 40 end,
       case when n % 20 < 16 then 'R-' || n end
     from generate_series(0, $2::int - 1) n
     join lines l on l.i = n % (select count(*) from lines)`,
    [fundId, nPayments],
  );
  await pool.query('vacuum analyze');
  const counts = (
    await pool.query<{ apps: string; payments: string; awards: string }>(
      `select (select count(*) from bursary_applications where fund_id = $1) as apps,
              (select count(*) from bursary_payments where fund_id = $1) as payments,
              (select count(*) from bursary_decisions where fund_id = $1 and status is not null) as awards`,
      [fundId],
    )
  ).rows[0]!;
  ctx.record({ name: 'bursaries: applications generated', value: Number(counts.apps), unit: 'rows' });
  ctx.record({ name: 'bursaries: awards generated', value: Number(counts.awards), unit: 'rows' });
  ctx.record({ name: 'bursaries: payments generated', value: Number(counts.payments), unit: 'rows' });
  ctx.record({ name: 'bursaries: generation time', value: (performance.now() - t0) / 1000, unit: 's' });

  // The ledger really adds up at this size.
  const { ledger } = await ctx.services.bursaries.money.fundMoney(actor, fundId);
  const sum = ledger.paidPence + ledger.committedPence + ledger.lapsedPence + ledger.unawardedPence;
  if (sum !== ledger.budgetPence) throw new Error(`ledger does not add up: ${sum} <> ${ledger.budgetPence}`);

  // The service calls behind the money page and the report (database time, no HTML), warmed first.
  const fund = { id: fundId, organisationId: org, budgetPence: 6_000_000_000 };
  for (const [name, call] of [
    ['ledger (SQL sums)', () => ledgerOf(ctx.database.db, fund)],
    ['report figures (SQL)', () => reportOf(ctx.database.db, fund)],
    // The whole service calls behind the pages (authorisation, SQL, audit), without HTML.
    ['money page service', () => ctx.services.bursaries.money.fundMoney(actor, fundId)],
    ['report service', () => ctx.services.bursaries.money.fundReport(actor, fundId)],
    ['fund page service', () => ctx.services.bursaries.fundPage(actor, fundId)],
  ] as const) {
    for (let i = 0; i < 3; i++) await call();
    const times: number[] = [];
    for (let i = 0; i < (ctx.quick ? 10 : 30); i++) {
      const s = performance.now();
      await call();
      times.push(performance.now() - s);
    }
    recordPercentiles(ctx, `bursaries: ${name} (service)`, times);
  }
  ctx.record({
    name: 'bursaries: machine load average (1 min) when measured',
    value: os.loadavg()[0]!,
    unit: '',
  });

  const cookie = await signIn(ctx.baseUrl, manager.email, manager.totpSecret);
  const k = `${(Number(counts.apps) / 1000).toLocaleString('en-GB')}k applications, ${(Number(counts.payments) / 1000).toLocaleString('en-GB')}k payments`;
  const pages: [string, string, string][] = [
    ['fund page', `/bursaries/funds/${fundId}`, 'Bench course'],
    // Page 200 of 400 (25 a page): skipping 4,975 applications must stay as quick as page 1.
    ['fund page, page 200', `/bursaries/funds/${fundId}?page=200`, 'Bench course'],
    ['fund money page (ledger)', `/bursaries/funds/${fundId}/money`, 'BUR-'],
    ['fund report', `/bursaries/funds/${fundId}/report`, '<progress'],
  ];
  for (const [name, path, mark] of pages) {
    const first = await fetch(`${ctx.baseUrl}${path}`, { headers: { cookie } });
    if (first.status !== 200 || !(await first.text()).includes(mark))
      throw new Error(`${name}: ${first.status}, "${mark}" not on the page`);
    await load(`${ctx.baseUrl}${path}`, { seconds: 1, connections: 2, headers: { cookie } });
    const r = await load(`${ctx.baseUrl}${path}`, {
      seconds: ctx.quick ? 2 : 5,
      connections: 2,
      headers: { cookie },
    });
    if (r.non2xx || r.errors) throw new Error(`${name}: ${r.non2xx} non-2xx, ${r.errors} errors`);
    recordPercentiles(
      ctx,
      `bursaries: ${name} ${path.replace(fundId, ':id')} (HTTP, ${k})`,
      r.latencies,
      'ms',
      {
        p95: 100,
      },
    );
  }
}
