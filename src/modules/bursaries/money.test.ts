import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn, walkInForm } from '../../../tests/support/app.ts';
import { fundInput } from '../../../tests/support/bursaries.ts';
import { giving360Validator } from '../../../tests/support/giving360-schema.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ledgerOf } from './fund-money.ts';
import { ukDate } from './money-deps.ts';
import type { CostCategory } from './schema.ts';
import { addMonths } from './start-window.ts';

/**
 * The money side of bursaries on the real database over real HTTP: payments by reference against
 * awarded lines, the fund's totals adding up after payments, failures, returns and a lapse; the
 * start window (reminder at 3 months to the one who applied with her, by email and on her home
 * page; extension with a reason; lapse at 12 months returning the unpaid money); the 360Giving
 * export validating against the shipped schema with nothing that identifies a woman; the report.
 */
const { t, users, as, actor, smtp } = useScenario({
  organisations: { own: 'Harbour', other: 'Elsewhere' },
  users: { manager: 'manager', kw: 'key_worker', otherManager: ['manager', 'other'] },
  smtp: {},
});
const { manager, kw, otherManager } = users;

const sql = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  t.database.pool.query<T>(text, values).then((r) => r.rows);

/** Distinctive details of the women, searched for in every export. */
const women = [
  { name: 'Zenobia Quillfeather', phone: '07700 900417', email: 'zenobia.q@example.org', dob: '1987-06-14' },
  { name: 'Marisol Otterbury', phone: '07700 900938', email: 'marisol.o@example.org', dob: '1991-11-29' },
];
const ids: string[] = [];
let fundId: string;
const budget = 2_000_000;

async function award(participant: string, lines: [CostCategory, number][], cut?: CostCategory) {
  const b = t.services.bursaries;
  const kwA: Actor = actor(kw);
  const id = await b.startApplication(kwA, fundId, participant, {
    course: 'Level 2 Electrical Installation',
    provider: 'Northgate College',
    plannedStartOn: addMonths(ukDate(), 2),
    aspiration: 'To become an electrician',
    planGoalIds: [],
    menteeId: null,
    lang: 'en',
  });
  for (const [category, amountPence] of lines)
    await b.addLine(kwA, id, { category, description: null, amountPence, evidence: 'Quote' });
  await b.submit(kwA, id, 'verbal');
  await b.declare(actor(manager), id, { conflicted: false, note: null });
  const lineRows = await sql<{ id: string; category: string; amount_pence: number }>(
    'select id, category, amount_pence from bursary_cost_lines where application_id = $1',
    [id],
  );
  const awarded = Object.fromEntries(lineRows.map((l) => [l.id, l.category === cut ? 0 : l.amount_pence]));
  await b.decide(actor(manager), id, {
    kind: cut ? 'part' : 'full',
    reason: null,
    conditions: null,
    awarded,
  });
  const [d] = await sql<{ id: string }>('select id from bursary_decisions where application_id = $1', [id]);
  return { decision: d!.id, lines: Object.fromEntries(lineRows.map((l) => [l.category, l.id])) };
}

const awardUrl = (id: string) => `/bursaries/awards/${id}`;
const today = () => ukDate();
const dateParts = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return { [`${name}-day`]: String(Number(d)), [`${name}-month`]: String(Number(m)), [`${name}-year`]: y! };
};
const ledger = async () =>
  ledgerOf(t.database.db, { id: fundId, organisationId: manager.organisationId, budgetPence: budget });
const addsUp = (l: Awaited<ReturnType<typeof ledger>>) =>
  l.paidPence + l.committedPence + l.lapsedPence + l.unawardedPence;

beforeAll(async () => {
  fundId = await t.services.bursaries.createFund(
    actor(manager),
    fundInput({
      name: 'Futures Fund',
      budgetPence: budget,
      eligibleCategories: ['course_fees', 'books_resources', 'equipment', 'childcare', 'travel', 'exam_fees'],
    }),
  );
  await t.services.bursaries.addPanelMember(actor(manager), fundId, manager.id);
  for (const w of women) {
    const id = await t.services.participants.quickRegister(actor(kw), {
      ...walkInForm(w.name),
      phone: w.phone,
    });
    await t.services.participants.updateSection(actor(kw), id, {
      section: 'contact',
      data: {
        contactMethods: ['email'],
        safeTimes: null,
        neverContactAtHome: false,
        phone: w.phone,
        email: w.email,
      },
    });
    await sql('update participants set date_of_birth = $2 where id = $1', [id, w.dob]);
    ids.push(id);
  }
}, 60_000);

describe('payments against awarded lines, by reference', () => {
  let a: Awaited<ReturnType<typeof award>>;
  beforeAll(async () => {
    a = await award(
      ids[0]!,
      [
        ['course_fees', 300_000],
        ['books_resources', 40_000],
        ['childcare', 60_000],
        ['travel', 20_000],
      ],
      'books_resources',
    );
  });

  it('schedules a payment to the course provider and marks it paid with its receipt', async () => {
    const m = await as(manager);
    const form = {
      costLineId: a.lines.course_fees!,
      payee: 'provider',
      amount: '3000',
      reference: 'INV-2026-0042',
      ...dateParts('scheduledOn', today()),
    };
    const r = await m.submit(awardUrl(a.decision), form, `${awardUrl(a.decision)}/payments`);
    expect(r.statusCode).toBe(303);
    const [p] = await sql<{ id: string; status: string }>(
      'select id, status from bursary_payments where decision_id = $1',
      [a.decision],
    );
    expect(p!.status).toBe('scheduled');
    const noReceipt = await m.submit(
      awardUrl(a.decision),
      { to: 'paid', payment: p!.id },
      `${awardUrl(a.decision)}/payments/${p!.id}`,
    );
    expect(noReceipt.statusCode).toBe(400);
    expect(mainOf(noReceipt.body)).toContain('Enter the receipt');
    const paid = await m.submit(
      awardUrl(a.decision),
      { to: 'paid', receiptRef: 'RCPT-77', payment: p!.id },
      `${awardUrl(a.decision)}/payments/${p!.id}`,
    );
    expect(paid.statusCode).toBe(303);
    const page = await m.get(awardUrl(a.decision));
    expect(mainOf(page.body)).toContain('RCPT-77');
    expect((await ledger()).paidPence).toBe(300_000);
  });

  it('refuses more than a line has left, a cut line, bank details, and a move that cannot happen', async () => {
    const m = await as(manager);
    const base = { payee: 'her', reference: 'TRV-1', ...dateParts('scheduledOn', today()) };
    const over = await m.submit(
      awardUrl(a.decision),
      { ...base, costLineId: a.lines.travel!, amount: '200.01' },
      `${awardUrl(a.decision)}/payments`,
    );
    expect(over.statusCode).toBe(400);
    expect(mainOf(over.body)).toContain('more than is left on this line');
    const cut = await m.submit(
      awardUrl(a.decision),
      { ...base, costLineId: a.lines.books_resources!, amount: '10' },
      `${awardUrl(a.decision)}/payments`,
    );
    expect(cut.statusCode).toBe(400);
    const bank = await m.submit(
      awardUrl(a.decision),
      { ...base, costLineId: a.lines.travel!, amount: '10', reference: 'sort 20-00-00 acc 12345678' },
      `${awardUrl(a.decision)}/payments`,
    );
    expect(bank.statusCode).toBe(400);
    expect(mainOf(bank.body)).toContain('not bank details');
    const [p] = await sql<{ id: string }>(
      "select id from bursary_payments where decision_id = $1 and status = 'paid'",
      [a.decision],
    );
    const again = await m.submit(
      awardUrl(a.decision),
      { to: 'failed', payment: p!.id },
      `${awardUrl(a.decision)}/payments/${p!.id}`,
    );
    expect(again.statusCode).toBe(400);
  });

  it('keeps the fund adding up through a failure and a return', async () => {
    const m = await as(manager);
    const pay = async (line: string, amount: string, ref: string) => {
      await m.submit(
        awardUrl(a.decision),
        { costLineId: line, payee: 'her', amount, reference: ref, ...dateParts('scheduledOn', today()) },
        `${awardUrl(a.decision)}/payments`,
      );
      const [p] = await sql<{ id: string }>('select id from bursary_payments where reference = $1', [ref]);
      return p!.id;
    };
    const failed = await pay(a.lines.childcare!, '200', 'CC-1');
    await m.submit(
      awardUrl(a.decision),
      { to: 'failed', payment: failed },
      `${awardUrl(a.decision)}/payments/${failed}`,
    );
    const returned = await pay(a.lines.childcare!, '600', 'CC-2');
    await m.submit(
      awardUrl(a.decision),
      { to: 'paid', receiptRef: 'R-2', payment: returned },
      `${awardUrl(a.decision)}/payments/${returned}`,
    );
    expect((await ledger()).paidPence).toBe(360_000);
    await m.submit(
      awardUrl(a.decision),
      { to: 'returned', payment: returned },
      `${awardUrl(a.decision)}/payments/${returned}`,
    );
    const l = await ledger();
    // Awarded 380,000 (books cut): 300,000 paid, the rest committed again after the failure and return.
    expect(l).toMatchObject({
      paidPence: 300_000,
      committedPence: 80_000,
      lapsedPence: 0,
      unawardedPence: budget - 380_000,
    });
    expect(addsUp(l)).toBe(budget);
    const page = await m.get(`/bursaries/funds/${fundId}/money`);
    expect(page.statusCode).toBe(200);
    expect(mainOf(page.body)).toContain('£3,000.00');
  });
});

describe('a year to start', () => {
  let a: Awaited<ReturnType<typeof award>>;
  const awardedOn = () => today();
  beforeAll(async () => {
    a = await award(ids[1]!, [
      ['course_fees', 250_000],
      ['travel', 50_000],
    ]);
    const m = await as(manager);
    // £1,000 paid to the provider, £200 travel still scheduled when it lapses.
    for (const [line, amount, ref] of [
      [a.lines.course_fees!, '1000', 'F-1'],
      [a.lines.travel!, '200', 'T-1'],
    ] as const)
      await m.submit(
        awardUrl(a.decision),
        { costLineId: line, payee: 'provider', amount, reference: ref, ...dateParts('scheduledOn', today()) },
        `${awardUrl(a.decision)}/payments`,
      );
    const [f] = await sql<{ id: string }>("select id from bursary_payments where reference = 'F-1'");
    await m.submit(
      awardUrl(a.decision),
      { to: 'paid', receiptRef: 'RF-1', payment: f!.id },
      `${awardUrl(a.decision)}/payments/${f!.id}`,
    );
  });

  it('reminds the key worker who applied with her at 3 months, by email and on her home page', async () => {
    const money = t.services.bursaries.money;
    expect(
      (await money.runStartWindow(new Date(`${addMonths(awardedOn(), 3)}T02:00:00Z`))).reminded,
    ).toBeGreaterThan(0);
    const mail = smtp.lastTo(kw.email);
    expect(mail?.subject).toContain('3 months');
    for (const w of women) expect(mail?.text).not.toContain(w.name);
    const home = await (await as(kw)).get('/');
    expect(mainOf(home.body)).toContain('Bursary courses not started');
    expect(mainOf(home.body)).toContain(awardUrl(a.decision));
    // Run again the same day: nothing is sent twice.
    const before = smtp.inbox.length;
    await money.runStartWindow(new Date(`${addMonths(awardedOn(), 3)}T09:00:00Z`));
    expect(smtp.inbox.length).toBe(before);
  });

  it('does not move another award’s payment through this award’s address', async () => {
    const [other] = await sql<{ id: string }>(
      "select id from bursary_payments where reference = 'INV-2026-0042'",
    );
    const r = await (await as(manager)).submit(
      awardUrl(a.decision),
      { to: 'returned', payment: other!.id },
      `${awardUrl(a.decision)}/payments/${other!.id}`,
    );
    expect(r.statusCode).toBe(404);
    const [still] = await sql<{ status: string }>('select status from bursary_payments where id = $1', [
      other!.id,
    ]);
    expect(still!.status).toBe('paid');
  });

  it('refuses an extension without a reason', async () => {
    const r = await (await as(manager)).submit(
      awardUrl(a.decision),
      { ...dateParts('to', addMonths(awardedOn(), 13)), reason: '' },
      `${awardUrl(a.decision)}/extend`,
    );
    expect(r.statusCode).toBe(400);
    expect(mainOf(r.body)).toContain('Enter the reason');
  });

  it('lapses at 12 months and gives the unpaid money back to the fund', async () => {
    const money = t.services.bursaries.money;
    const before = await ledger();
    // Still open on its start-by date (she may start that day)...
    await money.runStartWindow(new Date(`${addMonths(awardedOn(), 12)}T12:00:00Z`));
    expect(
      (await sql<{ status: string }>('select status from bursary_decisions where id = $1', [a.decision]))[0]!
        .status,
    ).toBe('awarded');
    // ...and lapsed the day after.
    const dayAfter = new Date(Date.parse(`${addMonths(awardedOn(), 12)}T09:00:00Z`) + 86_400_000);
    const r = await money.runStartWindow(dayAfter);
    // This award and the first one (made the same day, never started) both lapse.
    expect(r.lapsed).toBe(2);
    const [d] = await sql<{ status: string }>('select status from bursary_decisions where id = $1', [
      a.decision,
    ]);
    expect(d!.status).toBe('lapsed');
    const after = await ledger();
    // Unpaid money back: this award's £3,000 less £1,000 paid, and the first's £3,800 less £3,000.
    expect(after.lapsedPence - before.lapsedPence).toBe(200_000 + 80_000);
    expect(after.paidPence).toBe(before.paidPence);
    expect(after.committedPence).toBe(before.committedPence - 280_000);
    expect(after.remainingPence - before.remainingPence).toBe(280_000);
    expect(addsUp(after)).toBe(budget);
    const [travel] = await sql<{ status: string }>(
      "select status from bursary_payments where reference = 'T-1'",
    );
    expect(travel!.status).toBe('failed');
    const [event] = await sql<{ details: { returnedPence: number } }>(
      "select details from audit_events where action = 'bursary.award-lapsed' and record_id = $1",
      [a.decision],
    );
    expect(event!.details.returnedPence).toBe(200_000);
  });
});

describe('course started and completed, and an extension', () => {
  it('records the start (by the key worker who applied with her) and then the lapse job leaves it alone', async () => {
    const w = await registerWalkIn(t, kw, 'Third Woman');
    const a = await award(w, [['course_fees', 100_000]]);
    const k = await as(kw);
    const ext = await (await as(manager)).submit(
      awardUrl(a.decision),
      { ...dateParts('to', addMonths(today(), 15)), reason: 'Her housing moved her' },
      `${awardUrl(a.decision)}/extend`,
    );
    expect(ext.statusCode).toBe(303);
    const future = await k.submit(
      awardUrl(a.decision),
      { outcome: 'started', ...dateParts('on', addMonths(today(), 1)) },
      `${awardUrl(a.decision)}/outcome`,
    );
    expect(future.statusCode).toBe(400);
    const started = await k.submit(
      awardUrl(a.decision),
      { outcome: 'started', ...dateParts('on', today()) },
      `${awardUrl(a.decision)}/outcome`,
    );
    expect(started.statusCode).toBe(303);
    // The start arrives by itself as her outcome event, once (issue 16).
    const startEvents = await sql<{ participant_id: string; kind: string; occurred_on: string }>(
      "select participant_id, kind, occurred_on::text from outcome_events where source = 'bursaries' and source_ref = $1",
      [a.decision],
    );
    expect(startEvents).toEqual([{ participant_id: w, kind: 'course_started', occurred_on: today() }]);
    await t.services.bursaries.money.runStartWindow(new Date(`${addMonths(today(), 16)}T12:00:00Z`));
    const [d] = await sql<{ status: string; started_on: string }>(
      'select status, started_on::text from bursary_decisions where id = $1',
      [a.decision],
    );
    expect(d).toEqual({ status: 'started', started_on: today() });
  });
});

describe('360Giving export and the fund report', () => {
  it('validates against the shipped schema and holds no name, email, phone or date of birth', async () => {
    const m = await as(manager);
    const r = await m.get(`/bursaries/${fundId}/360giving.json`);
    expect(r.statusCode).toBe(200);
    const pkg = JSON.parse(r.body);
    const validate = giving360Validator();
    expect(validate(pkg) || validate.errors).toBe(true);
    expect(pkg.grants.length).toBe(3);
    for (const g of pkg.grants) expect(g.recipientIndividual.id).toMatch(/^360G-WAYFINDER-[0-9a-f-]{36}$/);
    const xlsx = await m.get(`/bursaries/${fundId}/360giving.xlsx`);
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const cells: string[] = [];
    wb.getWorksheet('grants')!.eachRow((row) => {
      row.eachCell((c) => void cells.push(String(c.value)));
    });
    for (const text of [r.body, cells.join('\n')]) {
      const lower = text.toLowerCase();
      for (const w of women) {
        for (const v of [w.name, ...w.name.split(' '), w.email, w.phone, w.phone.replace(/ /g, ''), w.dob])
          expect(lower).not.toContain(v.toLowerCase());
      }
      for (const id of ids) expect(text).not.toContain(id);
      expect(lower).not.toContain('northgate college');
    }
  });

  it('shows the report with small counts suppressed, and its CSV and XLSX', async () => {
    const m = await as(manager);
    const page = await m.get(`/bursaries/funds/${fundId}/report`);
    expect(page.statusCode).toBe(200);
    const main = mainOf(page.body);
    expect(main).toContain('fewer than 5');
    for (const w of women) expect(main).not.toContain(w.name);
    const csv = await m.get(`/bursaries/funds/${fundId}/report.csv`);
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('decisions,full,<5');
    expect(csv.body).toContain('money,budget,,20000');
    const xlsx = await m.get(`/bursaries/funds/${fundId}/report.xlsx`);
    expect(xlsx.statusCode).toBe(200);
  });

  it('opens the figures, not the awards, to the managers of a funder in the partnership', async () => {
    const funded = await t.services.bursaries.createFund(actor(manager), {
      name: 'Funded by Elsewhere',
      funderOrganisationId: otherManager.organisationId,
      funderName: null,
      budgetPence: 1_000_000,
      maxAwardPence: 500_000,
      eligibleCategories: ['course_fees'],
      eligibleProgrammeIds: [],
      menteesMayApply: true,
      alumnaeMayApply: true,
      othersMayApply: true,
      criteria: ['need'],
      startWindowMonths: 12,
      opensOn: '2026-01-01',
      closesOn: null,
    });
    const funder = await as(otherManager);
    for (const path of [`/bursaries/funds/${funded}/money`, `/bursaries/funds/${funded}/report`]) {
      const r = await funder.get(path);
      expect(r.statusCode).toBe(200);
    }
    // Its 360Giving file is open to her too; with no awards yet it says there is nothing to publish.
    const giving = await funder.get(`/bursaries/${funded}/360giving.json`);
    expect(JSON.parse(giving.body)).toMatchObject({ status: 404, title: 'No awards to publish yet' });
    const [someAward] = await sql<{ id: string }>(
      'select id from bursary_decisions where status is not null limit 1',
    );
    expect((await funder.get(awardUrl(someAward!.id))).statusCode).toBe(404);
  });

  it('is refused to a key worker and to another organisation', async () => {
    expect((await (await as(kw)).get(`/bursaries/funds/${fundId}/money`)).statusCode).toBe(403);
    expect((await (await as(otherManager)).get(`/bursaries/funds/${fundId}/report`)).statusCode).toBe(404);
    expect((await (await as(otherManager)).get(`/bursaries/${fundId}/360giving.json`)).statusCode).toBe(404);
  });
});

describe('course completed', () => {
  it('reports the start and the completion to the outcomes capability, each once', async () => {
    const w = await registerWalkIn(t, kw, 'Fifth Woman');
    const a = await award(w, [['course_fees', 50_000]]);
    const k = await as(kw);
    for (const outcome of ['started', 'completed'])
      expect(
        (
          await k.submit(
            awardUrl(a.decision),
            { outcome, ...dateParts('on', today()) },
            `${awardUrl(a.decision)}/outcome`,
          )
        ).statusCode,
      ).toBe(303);
    const events = await sql<{ kind: string }>(
      "select kind from outcome_events where source = 'bursaries' and source_ref = $1 and participant_id = $2 order by kind",
      [a.decision, w],
    );
    expect(events.map((e) => e.kind)).toEqual(['course_completed', 'course_started']);
  });
});
