import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { addMonths } from './model.ts';

/**
 * Bursaries over real HTTP on the real database: a manager sets up a fund and its panel; her mentor
 * applies with her, and the total is capped at the fund's maximum; her key worker records her
 * consent and sends it; the interview guarantee holds for mentees and alumnae of the fund's
 * programmes only; a conflicted panel member is refused; the award's start-by date and her letter;
 * who may see an application; erasure keeps the money and drops what identifies her.
 */
const { t, users, as, actor } = useScenario({
  organisations: { own: 'Harbour', other: 'Elsewhere' },
  users: {
    manager: 'manager',
    kw: 'key_worker',
    panellist: 'key_worker',
    conflicted: 'key_worker',
    mentor: 'mentor',
    mentor2: 'mentor',
    otherManager: ['manager', 'other'],
  },
});
const { manager, kw, panellist, conflicted, mentor, mentor2, otherManager } = users;
const women = {} as Record<'mentee' | 'alumna' | 'other' | 'elsewhere', string>;
let fundId: string;
let eligibleProgramme: string;

const sql = <T extends Record<string, unknown>>(text: string, values: unknown[] = []) =>
  t.database.pool.query<T>(text, values).then((r) => r.rows);

/** Mentoring as its tables hold it: a programme, a cohort, her enrolment, and (for a mentee) her mentor's live pair. */
async function enrolIn(
  programme: string,
  participantId: string,
  status: 'matched' | 'completed',
  mentorUserId?: string,
) {
  const [cohort] = await sql<{ id: string }>(
    `insert into mentoring_cohorts (organisation_id, programme_id, name, starts_on, ends_on, capacity)
     values ($1, $2, 'Cohort', '2026-01-01', '2027-12-31', 10) returning id`,
    [manager.organisationId, programme],
  );
  const [mentee] = await sql<{ id: string }>(
    `insert into mentoring_mentees (organisation_id, participant_id, cohort_id, status, chosen_name, shared_fields, alumna)
     values ($1, $2, $3, $4, 'Hawa', '{chosen_name}', $5) returning id`,
    [manager.organisationId, participantId, cohort!.id, status, status === 'completed'],
  );
  if (!mentorUserId) return;
  const [m] = await sql<{ id: string }>(
    `insert into mentoring_mentors (organisation_id, user_id, status, name, email)
     values ($1, $2, 'approved', 'Mary Mentor', 'mary@example.org') returning id`,
    [manager.organisationId, mentorUserId],
  );
  await sql(
    `insert into mentoring_pairs (organisation_id, cohort_id, mentee_id, mentor_id, status, published_at)
     values ($1, $2, $3, $4, 'published', now())`,
    [manager.organisationId, cohort!.id, mentee!.id, m!.id],
  );
}

const fundForm = (over: Record<string, string | string[]> = {}) => ({
  name: 'Routes to learning',
  funderOrganisationId: '',
  funderName: 'Example Foundation',
  budget: '55000',
  maxAward: '5000',
  eligibleCategories: ['course_fees', 'books_resources', 'childcare', 'travel', 'exam_fees'],
  eligibleProgrammeIds: [eligibleProgramme],
  menteesMayApply: 'yes',
  alumnaeMayApply: 'yes',
  othersMayApply: 'yes',
  criteria: ['aspiration_fit', 'need'],
  startWindowMonths: '12',
  'opensOn-day': '1',
  'opensOn-month': '1',
  'opensOn-year': '2026',
  ...over,
});
const applicationForm = (over: Record<string, string> = {}) => ({
  course: 'Level 3 Teaching Assistant',
  provider: 'City College',
  aspiration: 'To work in a school',
  lang: 'ar',
  ...over,
});
const appUrl = (id: string) => `/bursaries/applications/${id}`;

/** Starts an application as `who` and adds the lines (pounds), returning its id. */
async function apply(who: typeof manager, participantId: string, lines: [string, string][]) {
  const a = await as(who);
  const started = await a.submit(`/bursaries/funds/${fundId}/apply/${participantId}`, applicationForm());
  expect(started.statusCode).toBe(303);
  const id = /applications\/([0-9a-f-]{36})/.exec(started.headers.location as string)![1]!;
  for (const [category, amount] of lines) {
    const r = await a.submit(appUrl(id), { category, amount, evidence: 'Quote' }, `${appUrl(id)}/lines`);
    expect(r.statusCode).toBe(303);
  }
  return id;
}

async function submitted(participantId: string, lines: [string, string][] = [['course_fees', '1000']]) {
  const id = await apply(kw, participantId, lines);
  const r = await (await as(kw)).submit(appUrl(id), { consentNow: 'verbal' }, `${appUrl(id)}/submit`);
  expect(r.statusCode).toBe(303);
  return id;
}

async function declare(who: typeof manager, id: string, conflictedAnswer: 'yes' | 'no') {
  const r = await (await as(who)).submit(
    appUrl(id),
    { conflicted: conflictedAnswer },
    `${appUrl(id)}/declare`,
  );
  expect(r.statusCode).toBe(303);
}

const decline = async (who: typeof manager, id: string) =>
  (await as(who)).submit(appUrl(id), { kind: 'decline', reason: 'Not accredited' }, `${appUrl(id)}/decision`);

beforeAll(async () => {
  for (const k of ['mentee', 'alumna', 'other'] as const) {
    women[k] = await registerWalkIn(t, kw, `Bursary ${k}`);
    await t.services.participants.assignKeyWorker(actor(kw), women[k], kw.id);
  }
  women.elsewhere = await registerWalkIn(t, kw, 'Bursary elsewhere');
  await t.services.participants.assignKeyWorker(actor(kw), women.elsewhere, kw.id);
  const [p, q] = await sql<{ id: string }>(
    `insert into mentoring_programmes (organisation_id, name) values ($1, 'Eligible'), ($1, 'Another') returning id`,
    [manager.organisationId],
  );
  eligibleProgramme = p!.id;
  await enrolIn(eligibleProgramme, women.mentee, 'matched', mentor.id);
  await enrolIn(eligibleProgramme, women.alumna, 'completed');
  // A mentee of a programme the fund does not name: no guarantee.
  await enrolIn(q!.id, women.elsewhere, 'matched');
});

describe('a fund and its panel', () => {
  it('is set up by a manager, with £5,000 as the most one award can be', async () => {
    const m = await as(manager);
    const form = await m.get('/bursaries/funds/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('value="5000.00"');
    const bad = await m.submit('/bursaries/funds/new', fundForm({ maxAward: 'lots', name: '' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    const made = await m.submit('/bursaries/funds/new', fundForm());
    expect(made.statusCode).toBe(303);
    fundId = /funds\/([0-9a-f-]{36})/.exec(made.headers.location as string)![1]!;
    const [row] = await sql<{ max_award_pence: number; budget_pence: string }>(
      'select max_award_pence, budget_pence from bursary_funds where id = $1',
      [fundId],
    );
    expect(row).toEqual({ max_award_pence: 500_000, budget_pence: '5500000' });
    for (const u of [panellist, conflicted]) {
      const added = await m.submit(
        `/bursaries/funds/${fundId}`,
        { userId: u.id },
        `/bursaries/funds/${fundId}/panel`,
      );
      expect(added.statusCode).toBe(303);
    }
    expect((await (await as(kw)).submit(`/bursaries/funds/new`, fundForm())).statusCode).toBe(403);
  });
});

describe('her application, made with her mentor', () => {
  let id: string;
  it('is started by her mentor and its total is capped at the fund maximum, beside the field', async () => {
    const mm = await as(mentor);
    const list = await mm.get('/bursaries');
    expect(list.body).toContain(`/bursaries/funds/${fundId}/apply/${women.mentee}`);
    id = await apply(mentor, women.mentee, [
      ['course_fees', '3000'],
      ['childcare', '1,500.00'],
    ]);
    const over = await mm.submit(appUrl(id), { category: 'travel', amount: '600' }, `${appUrl(id)}/lines`);
    expect(over.statusCode).toBe(400);
    expect(mainOf(over.body)).toContain('The total would be £5,100.00: this fund gives at most £5,000.00');
    expect(over.body).toMatch(/id="amount-error"/);
    const notFunded = await mm.submit(
      appUrl(id),
      { category: 'equipment', amount: '10' },
      `${appUrl(id)}/lines`,
    );
    expect(notFunded.statusCode).toBe(400);
    expect(notFunded.body).toContain('This fund does not pay for that');
    const exact = await mm.submit(appUrl(id), { category: 'travel', amount: '500' }, `${appUrl(id)}/lines`);
    expect(exact.statusCode).toBe(303);
    const [{ total }] = (await sql<{ total: string }>(
      'select sum(amount_pence)::text as total from bursary_cost_lines where application_id = $1',
      [id],
    )) as [{ total: string }];
    expect(total).toBe('500000');
  });

  it('cannot be sent by her mentor until her key worker records her consent; the panel cannot see the draft', async () => {
    const mm = await as(mentor);
    const refused = await mm.submit(appUrl(id), {}, `${appUrl(id)}/submit`);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Her key worker must record her consent');
    expect((await (await as(panellist)).get(appUrl(id))).statusCode).toBe(404);
    const sent = await (await as(kw)).submit(appUrl(id), { consentNow: 'written' }, `${appUrl(id)}/submit`);
    expect(sent.statusCode).toBe(303);
    const [row] = await sql(
      'select status, eligibility, guaranteed_interview from bursary_applications where id = $1',
      [id],
    );
    expect(row).toEqual({ status: 'submitted', eligibility: 'mentee', guaranteed_interview: true });
    expect((await (await as(panellist)).get(appUrl(id))).statusCode).toBe(200);
  });

  it('is seen only by her mentor, her key worker, the panel and managers, each view audited', async () => {
    expect((await (await as(mentor2)).get(appUrl(id))).statusCode).toBe(404);
    expect((await (await as(otherManager)).get(appUrl(id))).statusCode).toBe(404);
    for (const u of [mentor, kw, manager, panellist])
      expect((await (await as(u)).get(appUrl(id))).statusCode).toBe(200);
    const viewed = await sql<{ n: number }>(
      "select count(*)::int as n from audit_events where action = 'bursary.application-viewed' and record_id = $1",
      [women.mentee],
    );
    expect(viewed[0]!.n).toBeGreaterThanOrEqual(4);
    // The mentor never reads her record: her page of bursaries is her key worker's.
    expect((await (await as(mentor)).get(`/participants/${women.mentee}/bursaries`)).statusCode).toBe(403);
    expect((await (await as(kw)).get(`/participants/${women.mentee}/bursaries`)).statusCode).toBe(200);
  });

  it('cannot be declined before her guaranteed interview: the page says why', async () => {
    await declare(panellist, id, 'no');
    const early = await decline(panellist, id);
    expect(early.statusCode).toBe(400);
    expect(mainOf(early.body)).toContain(
      'She is guaranteed an interview: record the interview before declining',
    );
    const held = await (await as(panellist)).submit(
      appUrl(id),
      {
        'heldOn-day': '1',
        'heldOn-month': '12',
        'heldOn-year': '2026',
        interviewers: 'Panel chair and adviser',
        notes: 'Clear plan',
      },
      `${appUrl(id)}/interview/held`,
    );
    expect(held.statusCode).toBe(303);
    const [notes] = await sql<{ notes_enc: string }>(
      'select notes_enc from bursary_interviews where application_id = $1',
      [id],
    );
    expect(notes!.notes_enc).not.toContain('Clear plan');
    const part = await (await as(panellist)).submit(
      appUrl(id),
      { kind: 'part', ...Object.fromEntries(await cut(id)) },
      `${appUrl(id)}/decision`,
    );
    expect(part.statusCode).toBe(303);
    const [d] = await sql<{ kind: string; awarded_pence: number; awarded_on: string; start_by: string }>(
      "select kind, awarded_pence, to_char(awarded_on, 'YYYY-MM-DD') as awarded_on, to_char(start_by, 'YYYY-MM-DD') as start_by from bursary_decisions where application_id = $1",
      [id],
    );
    expect(d!.kind).toBe('part');
    expect(d!.awarded_pence).toBe(450_000);
    expect(d!.start_by).toBe(addMonths(d!.awarded_on, 12));
    expect(d!.start_by.slice(0, 4)).toBe(String(Number(d!.awarded_on.slice(0, 4)) + 1));
    const letters = await sql("select id from participant_message_outbox where kind = 'bursary.decision'");
    expect(letters.length).toBeGreaterThan(0);
    const pdf = await (await as(kw)).get(`${appUrl(id)}/letter.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toContain('application/pdf');
  });
});

/** Every line in full but the travel line, cut to nothing. */
async function cut(id: string): Promise<[string, string][]> {
  const lines = await sql<{ id: string; category: string; amount_pence: number }>(
    'select id, category, amount_pence from bursary_cost_lines where application_id = $1',
    [id],
  );
  return lines.map((l) => [`line-${l.id}`, l.category === 'travel' ? '0' : String(l.amount_pence / 100)]);
}

describe('the interview guarantee', () => {
  it('holds for an alumna of an eligible programme', async () => {
    const id = await submitted(women.alumna);
    await declare(panellist, id, 'no');
    expect((await decline(panellist, id)).statusCode).toBe(400);
  });

  it('does not hold for a woman outside the fund’s programmes, nor for a mentee of another programme', async () => {
    for (const w of [women.other, women.elsewhere]) {
      const id = await submitted(w);
      const [row] = await sql(
        'select eligibility, guaranteed_interview from bursary_applications where id = $1',
        [id],
      );
      expect(row).toEqual({ eligibility: 'other', guaranteed_interview: false });
      await declare(panellist, id, 'no');
      expect((await decline(panellist, id)).statusCode).toBe(303);
    }
  });
});

describe('a conflicted panel member', () => {
  it('is refused scoring and deciding', async () => {
    const id = await submitted(women.other);
    await declare(conflicted, id, 'yes');
    const c = await as(conflicted);
    const page = await c.get(appUrl(id));
    expect(page.body).toContain('You declared a conflict of interest');
    expect(
      (await c.submit(appUrl(id), { aspiration_fit: '4', need: 'na' }, `${appUrl(id)}/scores`)).statusCode,
    ).toBe(403);
    expect((await decline(conflicted, id)).statusCode).toBe(403);
    // Scores: "not applicable" is left out of the average.
    await declare(panellist, id, 'no');
    const scored = await (await as(panellist)).submit(
      appUrl(id),
      { aspiration_fit: '4', need: 'na' },
      `${appUrl(id)}/scores`,
    );
    expect(scored.statusCode).toBe(303);
    const rows = await sql(
      'select criterion, score from bursary_scores where application_id = $1 order by criterion',
      [id],
    );
    expect(rows).toEqual([
      { criterion: 'aspiration_fit', score: 4 },
      { criterion: 'need', score: null },
    ]);
  });
});

describe('arranging the interview and withdrawing consent', () => {
  it('invites her through her safe messages, and shows the interview arranged', async () => {
    const id = await submitted(women.alumna);
    await declare(panellist, id, 'no');
    const tomorrow = new Date(Date.now() + 2 * 86_400_000);
    const invited = await (await as(panellist)).submit(
      appUrl(id),
      {
        'on-day': String(tomorrow.getUTCDate()),
        'on-month': String(tomorrow.getUTCMonth() + 1),
        'on-year': String(tomorrow.getUTCFullYear()),
        time: '10:30',
        place: 'Harbour office',
      },
      `${appUrl(id)}/interview/invite`,
    );
    expect(invited.statusCode).toBe(303);
    const rows = await sql<{ channel: string; status: string }>(
      "select channel, status from participant_message_outbox where kind = 'bursary.interview'",
    );
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.status === 'not_sent')).toBe(true);
    const page = await (await as(panellist)).get(appUrl(id));
    expect(page.body).toContain('Interview arranged');
    // She gave no safe way to reach her by text or email: staff are told, not left believing it went.
    expect(page.body).toContain('nothing could be sent to her by text or email');
    const [app] = await sql('select status from bursary_applications where id = $1', [id]);
    expect(app).toEqual({ status: 'interviewing' });
  });

  it('books the interview as a 1-2-1 appointment from the free slots', async () => {
    const id = await submitted(women.alumna);
    await declare(panellist, id, 'no');
    const startsAt = new Date(Date.now() + 3 * 86_400_000);
    startsAt.setUTCHours(11, 0, 0, 0);
    const slot = await t.services.appointments.createSlot(actor(manager), {
      mode: 'phone',
      place: null,
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1_800_000),
      staffUserId: panellist.id,
    });
    const page = await (await as(panellist)).get(appUrl(id));
    expect(page.body).toContain(`value="${slot}"`);
    const booked = await (await as(panellist)).submit(
      appUrl(id),
      { slotId: slot },
      `${appUrl(id)}/interview/book`,
    );
    expect(booked.statusCode).toBe(303);
    const [row] = await sql<{ appointment_id: string | null; status: string }>(
      `select i.appointment_id, b.status from bursary_interviews i
         join casework_appointment_bookings b on b.id = i.appointment_id where i.application_id = $1`,
      [id],
    );
    expect(row?.status).toBe('booked');
  });

  it('withdraws her undecided applications when she withdraws her bursary consent; decided ones stay', async () => {
    const before = await sql<{ status: string }>(
      'select status from bursary_applications where participant_id = $1 order by status',
      [women.other],
    );
    expect(before.map((r) => r.status)).toEqual(['decided', 'submitted']);
    await t.services.participants.recordConsent(actor(kw), women.other, {
      purpose: 'bursary',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const after = await sql<{ status: string }>(
      'select status from bursary_applications where participant_id = $1 order by status',
      [women.other],
    );
    expect(after.map((r) => r.status)).toEqual(['decided', 'withdrawn']);
  });
});

describe('her data rights', () => {
  it('exports her bursaries, and erasure keeps the money without what identifies her', async () => {
    const exported = await t.services.participants.subjectAccessExport(actor(manager), women.mentee, 'json');
    expect(JSON.stringify(exported)).toContain('To work in a school');
    await t.services.participants.erase(actor(manager), women.mentee);
    const rows = await sql<{
      participant_id: string | null;
      aspiration_enc: string | null;
      anonymised_at: Date | null;
    }>(
      'select participant_id, aspiration_enc, anonymised_at from bursary_applications where course = $1 and anonymised_at is not null',
      ['Level 3 Teaching Assistant'],
    );
    expect(rows.length).toBe(1);
    expect(rows[0]!.participant_id).toBeNull();
    expect(rows[0]!.aspiration_enc).toBeNull();
    const [d] = await sql<{ awarded_pence: number }>(
      'select d.awarded_pence from bursary_decisions d join bursary_applications a on a.id = d.application_id where a.anonymised_at is not null',
    );
    expect(d!.awarded_pence).toBe(450_000);
  });
});
