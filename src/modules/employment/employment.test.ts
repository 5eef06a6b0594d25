import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';

/**
 * The employment journey through the pages: an employer pledges and posts a school-hours job; a
 * key worker records her work profile, sees the job fit and another miss, puts her forward with her
 * consent; the employer sees only the shared fields, records an interview and an offer; she declines
 * for school hours.
 */
const { t, org, users, as, actor } = useScenario({
  organisations: {
    harbour: 'Harbour Women',
    hotel: 'Grand Northern Hotels',
    other: 'Other Employer Ltd',
    partner: 'Partner Skills',
  },
  users: {
    kw: 'key_worker',
    partnerKw: ['key_worker', 'partner'],
    admin: 'admin',
    manager: 'manager',
    employer: ['employer', 'hotel'],
    otherEmployer: ['employer', 'other'],
  },
});
const { kw, partnerKw, admin, employer, otherEmployer } = users;
let her: string;

const schoolHours = {
  'hours-mon-from': '09:30',
  'hours-mon-to': '14:30',
  'hours-wed-from': '09:30',
  'hours-wed-to': '14:30',
};
const job = (title: string, hours: Record<string, string>) => ({
  kind: 'job',
  title,
  description: 'Housekeeping in a city-centre hotel',
  sector: 'hospitality',
  remote: 'on_site',
  postcodeDistrict: 'LS1',
  contract: 'part_time',
  hourlyPayPence: '12.21',
  places: '2',
  skills: 'cleaning, customer service',
  rightToWorkAllowed: ['refugee_status', 'settled', 'time_limited'],
  dbsLevel: 'none',
  shareScope: 'partnership',
  ...hours,
});

beforeAll(async () => {
  for (const key of ['hotel', 'other'] as const)
    await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org[key]));
  her = await registerWalkIn(t, kw, 'Amira Work');
  await t.services.participants.assignKeyWorker(actor(kw), her, kw.id);
});

describe('employers and the pledge', () => {
  it('an employer saves its profile (postcode districts checked) and signs the pledge; listed once approved and opted in', async () => {
    const a = await as(employer);
    const bad = await a.submit('/employers/profile', {
      sector: '',
      size: '',
      sites: 'ZZ99',
      contactEmail: 'x',
    });
    expect(bad.statusCode).toBe(400);
    const body = mainOf(bad.body);
    for (const text of [
      'Enter the sector',
      'Choose the size',
      'Enter a contact name',
      'Enter an email address',
    ])
      expect(body).toContain(text);
    const ok = await a.submit('/employers/profile', {
      sector: 'Hospitality',
      size: 'large',
      sites: 'LS1, bd7',
      contactName: 'Jo Hiring',
      contactEmail: 'jo@example.org',
    });
    expect(ok.statusCode).toBe(303);
    const pledge = await a.submit('/employers/pledge', {
      level: 'employer',
      commitments: ['guaranteed_interview', 'school_hours'],
      signedByName: 'Jo Hiring, HR manager',
      publicOptIn: 'yes',
    });
    expect(pledge.statusCode).toBe(303);
    const page = mainOf((await a.get('/employers/pledge')).body);
    expect(page).toContain('waiting for the partnership');
    // Not public until the partnership approves it.
    expect((await t.app.inject('/employers/pledged')).body).not.toContain('Grand Northern Hotels');

    const staff = await as(admin);
    const list = await staff.get('/employers');
    expect(list.body).toContain('Grand Northern Hotels');
    const pledgeId = /\/employers\/pledges\/([0-9a-f-]{36})\/review/.exec(list.body)?.[1];
    expect(pledgeId).toBeTruthy();
    expect(
      (await staff.submit('/employers', { review: 'approved' }, `/employers/pledges/${pledgeId}/review`))
        .statusCode,
    ).toBe(303);
    const pub = await t.app.inject('/employers/pledged');
    expect(pub.statusCode).toBe(200);
    expect(pub.body).toContain('Grand Northern Hotels');
    expect(pub.body).toContain('A guaranteed interview');
    expect(pub.body).toContain('govuk-exit-this-page');
  });

  it('the partnership edits the list of commitments employers may choose', async () => {
    const a = await as(admin);
    const add = (label: string) => a.submit('/employers/commitments', { label }, '/employers/commitments');
    const empty = await add('');
    expect(empty.statusCode).toBe(400);
    expect(mainOf(empty.body)).toContain('Enter the commitment');
    expect((await add('Paid travel to interviews')).statusCode).toBe(303);
    const e = await as(employer);
    expect((await e.get('/employers/pledge')).body).toContain('Paid travel to interviews');
    // Its row's own button retires it.
    const list = (await a.get('/employers/commitments')).body;
    const row = list.slice(list.indexOf('Paid travel to interviews'));
    const toggle = /\/employers\/commitments\/([0-9a-f-]{36})\/toggle/.exec(row)?.[1];
    const retired = await a.submit('/employers/commitments', {}, `/employers/commitments/${toggle}/toggle`);
    expect(retired.statusCode).toBe(303);
    expect((await e.get('/employers/pledge')).body).not.toContain('Paid travel to interviews');
  });

  it('reminds the employer and the partnership when the pledge is due for renewal', async () => {
    await t.database.pool.query(
      "update employment_pledges set remind_on = current_date - 1, valid_until = '2099-01-31' where organisation_id = $1",
      [org.hotel],
    );
    expect(mainOf((await (await as(employer)).get('/employers/pledge')).body)).toContain(
      'Your pledge ends on 2099-01-31',
    );
    expect(mainOf((await (await as(admin)).get('/employers')).body)).toContain('renewal due');
  });

  it('a key worker cannot sign a pledge; an employer cannot see the staff list of employers', async () => {
    expect((await (await as(kw)).get('/employers/pledge')).statusCode).toBe(403);
    expect((await (await as(employer)).get('/employers')).statusCode).toBe(403);
  });
});

let fitting: string;
let early: string;
let putForwardId: string;

describe('opportunities', () => {
  it('posts a job; "fits school hours" is worked out from its hours', async () => {
    const a = await as(employer);
    const res = await a.submit('/opportunities/new', job('School-hours housekeeper', schoolHours));
    expect(res.statusCode).toBe(303);
    fitting = String(res.headers.location).split('/').pop()!;
    const res2 = await a.submit(
      '/opportunities/new',
      job('Breakfast housekeeper', { 'hours-mon-from': '08:00', 'hours-mon-to': '12:00' }),
    );
    expect(res2.statusCode).toBe(303);
    early = String(res2.headers.location).split('/').pop()!;
    const page = mainOf((await a.get(`/opportunities/${fitting}`)).body);
    expect(page).toMatch(/Fits school hours\s*<\/dt>\s*<dd[^>]*>\s*Yes/);
    expect(mainOf((await a.get(`/opportunities/${early}`)).body)).toMatch(
      /Fits school hours\s*<\/dt>\s*<dd[^>]*>\s*No/,
    );
  });

  it('shows its pay in pounds and pence, its dates as dates, and "Not needed" for English not asked for', async () => {
    const a = await as(employer);
    const res = await a.submit(
      '/opportunities/new',
      job('Evening cleaner', {
        hourlyPayPence: '12.50',
        'closingDate-day': '31',
        'closingDate-month': '1',
        'closingDate-year': '2099',
      }),
    );
    expect(res.statusCode).toBe(303);
    const page = mainOf((await a.get(String(res.headers.location))).body);
    expect(page).toMatch(/Hourly pay \(£\)\s*<\/dt>\s*<dd[^>]*>\s*£12\.50\s*</); // was "£12.5"
    expect(page).toMatch(/Closing date\s*<\/dt>\s*<dd[^>]*>\s*31 January 2099\s*</); // was "2099-01-31"
    expect(page).toMatch(/Spoken English needed \(CEFR\)\s*<\/dt>\s*<dd[^>]*>\s*Not needed\s*</); // was empty
    expect(mainOf((await a.get('/opportunities')).body)).toContain('>31 January 2099<');
  });

  it('shows every error at once, a bad time on its day included', async () => {
    const res = await (await as(employer)).submit('/opportunities/new', {
      kind: '',
      'hours-tue-from': '14:00',
      'hours-tue-to': '09:00',
    });
    expect(res.statusCode).toBe(400);
    const body = mainOf(res.body);
    for (const text of [
      'Choose the kind of opportunity',
      'Enter a title',
      'Enter a description',
      'the end after the start',
    ])
      expect(body).toContain(text);
  });

  it('shared with named organisations, only they see it', async () => {
    const res = await (await as(employer)).submit('/opportunities/new', {
      ...job('Named-share job', schoolHours),
      shareScope: 'named',
      sharedWith: [org.partner],
    });
    expect(res.statusCode).toBe(303);
    const id = String(res.headers.location).split('/').pop()!;
    expect((await (await as(partnerKw)).get(`/opportunities/${id}`)).statusCode).toBe(200);
    expect((await (await as(kw)).get(`/opportunities/${id}`)).statusCode).toBe(404);
    expect((await (await as(kw)).get('/opportunities')).body).not.toContain('Named-share job');
  });

  it("another employer cannot open this employer's opportunity", async () => {
    expect((await (await as(otherEmployer)).get(`/opportunities/${fitting}`)).statusCode).toBe(404);
  });
});

describe('her work profile, matches and being put forward', () => {
  it('needs her consent to matching before anything about her work is used', async () => {
    const a = await as(kw);
    const page = await a.get(`/participants/${her}/work`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('has not agreed to be matched');
    expect(page.body).not.toContain('name="skills"');
    const consent = await a.submit(`/participants/${her}/consent`, {
      purpose: 'matching',
      given: 'yes',
      method: 'verbal',
    });
    expect(consent.statusCode).toBe(302);
  });

  it('records her profile (all errors at once), then lists the school-hours job and not the 08:00 one', async () => {
    const a = await as(kw);
    const bad = await a.submit(`/participants/${her}/work`, {
      qualificationLevel: '12',
      postcodeDistrict: 'LS1',
      maxJourneyMinutes: '2',
      'availability-mon-from': 'nine',
    });
    expect(bad.statusCode).toBe(400);
    for (const text of [
      'Enter a level from 1 to 8',
      'Enter minutes from 5 to 300',
      'Enter a start and end time',
    ])
      expect(mainOf(bad.body)).toContain(text);
    const ok = await a.submit(`/participants/${her}/work`, {
      skills: 'Cleaning, customer service',
      sectors: 'hospitality',
      spokenEnglish: 'B1',
      writtenEnglish: 'A2',
      'availability-mon-from': '09:15',
      'availability-mon-to': '14:45',
      'availability-wed-from': '09:15',
      'availability-wed-to': '14:45',
      schoolHoursOnly: 'yes',
      postcodeDistrict: 'LS2',
      maxJourneyMinutes: '45',
      modes: ['bus', 'walk'],
      careNotes: 'Two children at primary school',
      rtwBasis: 'refugee_status',
    });
    expect(ok.statusCode).toBe(303);
    const page = mainOf((await a.get(`/participants/${her}/work`)).body);
    // The day her right to work was assessed reads as a date, as every other date does ("6 December 2026").
    expect(page).toMatch(/Last assessed on \d{1,2} [A-Z][a-z]+ \d{4}</);
    // A page past the end of the list (an old link) shows the last page, not "nothing fits her".
    const past = mainOf((await a.get(`/participants/${her}/work?fits=7&near=9`)).body);
    expect(past).toContain('School-hours housekeeper');
    expect(past).not.toContain('No open opportunity fits her yet');
    const [fits, others] = page.split('why they do not fit her');
    expect(fits).toContain('School-hours housekeeper');
    expect(fits).not.toContain('Breakfast housekeeper');
    // The score shown is the sum of its parts, each shown with its weight.
    const block = fits!.slice(fits!.indexOf('School-hours housekeeper'));
    const score = Number(/Score (\d+)/.exec(block)?.[1]);
    const parts = [...block.split('Put her forward')[0]!.matchAll(/: (\d+) of (\d+)/g)];
    expect(parts.length).toBe(5);
    expect(parts.reduce((sum, m) => sum + Number(m[1]), 0)).toBe(score);
    // Not a fit, with its reason named.
    expect(others).toContain('Breakfast housekeeper');
    expect(others).toContain('starts 08:00 — outside her school-hours availability');
    // Care notes are stored encrypted.
    const { rows } = await t.database.pool.query(
      'select care_notes_enc, right_to_work_enc from employment_work_profiles where participant_id = $1',
      [her],
    );
    expect(rows[0].care_notes_enc).toMatch(/^v1\./);
    expect(rows[0].right_to_work_enc).toMatch(/^v1\./);
  });

  it('makes her CV in English from her profile, as a PDF and an editable document, without contact details', async () => {
    const a = await as(kw);
    const pdf = await a.get(`/participants/${her}/work/cv.pdf`);
    expect(pdf.statusCode).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const rtf = await a.get(`/participants/${her}/work/cv.rtf`);
    expect(rtf.statusCode).toBe(200);
    expect(rtf.body.startsWith('{\\rtf1')).toBe(true);
    expect(rtf.body).toContain('cleaning, customer service');
    expect(rtf.body).toContain('English: spoken B1, written A2');
    expect(rtf.body).not.toContain('Two children');
    expect((await (await as(employer)).get(`/participants/${her}/work/cv.pdf`)).statusCode).toBe(403);
  });

  it('the opportunity page lists her among the women who fit, for her key worker only', async () => {
    const page = await (await as(kw)).get(`/opportunities/${fitting}`);
    expect(mainOf(page.body)).toContain('Amira Work');
    expect(mainOf((await (await as(employer)).get(`/opportunities/${fitting}`)).body)).not.toContain(
      'Amira Work',
    );
  });

  it('puts her forward only with her consent to the chosen fields', async () => {
    const a = await as(kw);
    const url = `/participants/${her}/work/${fitting}/put-forward`;
    const refused = await a.submit(url, { fields: ['name', 'skills'], consentMethod: 'verbal' });
    expect(refused.statusCode).toBe(400);
    expect(mainOf(refused.body)).toContain('Confirm she agreed');
    const done = await a.submit(url, {
      fields: ['name', 'skills'],
      consentMethod: 'verbal',
      consented: 'yes',
    });
    expect(done.statusCode).toBe(303);
    putForwardId = String(done.headers.location).split('/').pop()!;
    const again = await a.submit(url, { fields: ['name'], consentMethod: 'verbal', consented: 'yes' });
    expect(mainOf(again.body)).toContain('already been put forward');
  });

  it('the employer sees only the shared fields, and never her record', async () => {
    const a = await as(employer);
    const page = mainOf((await a.get(`/put-forwards/${putForwardId}`)).body);
    expect(page).toContain('Amira Work');
    expect(page).toContain('cleaning');
    expect(page).toContain('assessed by partnership staff');
    for (const hidden of ['B1', 'Two children', 'Refugee status', her]) expect(page).not.toContain(hidden);
    expect((await a.get(`/participants/${her}/work`)).statusCode).toBe(403);
    expect((await a.get(`/participants/${her}`)).statusCode).toBe(403);
    expect((await (await as(otherEmployer)).get(`/put-forwards/${putForwardId}`)).statusCode).toBe(404);
  });

  it('the employer records an interview and an offer; her key worker records her decline for school hours', async () => {
    const a = await as(employer);
    const url = `/put-forwards/${putForwardId}`;
    const action = `${url}/stage`;
    expect(
      (
        await a.submit(
          url,
          {
            to: 'interview',
            'interviewOn-day': '10',
            'interviewOn-month': '3',
            'interviewOn-year': '2099',
            interviewTime: '10:30',
          },
          action,
        )
      ).statusCode,
    ).toBe(303);
    // Her key worker cannot record an offer; the employer cannot record her answer.
    expect(
      (
        await (
          await as(kw)
        ).submit(
          url,
          { to: 'offer', 'offerOn-day': '1', 'offerOn-month': '4', 'offerOn-year': '2099' },
          action,
        )
      ).statusCode,
    ).toBe(403);
    expect(
      (
        await a.submit(
          url,
          { to: 'offer', 'offerOn-day': '1', 'offerOn-month': '4', 'offerOn-year': '2099' },
          action,
        )
      ).statusCode,
    ).toBe(303);
    expect((await a.submit(url, { to: 'declined', reason: 'school_hours' }, action)).statusCode).toBe(403);
    const k = await as(kw);
    const noReason = await k.submit(url, { to: 'declined' }, action);
    expect(noReason.statusCode).toBe(400);
    expect((await k.submit(url, { to: 'declined', reason: 'school_hours' }, action)).statusCode).toBe(303);
    const page = mainOf((await k.get(url)).body);
    expect(page).toContain('Declined by her');
    expect(page).toContain('last active stage: Offer');
    const { rows } = await t.database.pool.query(
      'select stage from employment_put_forward_events where put_forward_id = $1 order by at',
      [putForwardId],
    );
    expect(rows.map((r) => r.stage)).toEqual(['put_forward', 'interview', 'offer', 'declined']);
    // The offer and her decline (with its reason) reached the outcomes module by themselves.
    const outcomes = await t.database.pool.query(
      "select kind, details->>'reason' as reason from outcome_events where source = 'employment' and source_ref = $1 order by kind",
      [putForwardId],
    );
    expect(outcomes.rows).toEqual([
      { kind: 'offer_declined', reason: 'school_hours' },
      { kind: 'offer_made', reason: null },
    ]);
    // She heard of her interview through the outbox (no contact consent: written as not sent, with why).
    const out = await t.database.pool.query(
      'select count(*)::int as n from participant_message_outbox where idempotency_key like $1',
      [`put-forward:${putForwardId}:interview%`],
    );
    expect(out.rows[0].n).toBeGreaterThan(0);
  });

  it('every view of her work data is audited', async () => {
    const { rows } = await t.database.pool.query(
      "select action from audit_events where action in ('work-profile.viewed', 'put-forward.viewed', 'opportunity.women-viewed')",
    );
    const actions = new Set(rows.map((r) => r.action));
    expect(actions).toEqual(
      new Set(['work-profile.viewed', 'put-forward.viewed', 'opportunity.women-viewed']),
    );
  });
});

describe('the employment report', () => {
  it('is aggregate, suppresses counts under 5, and downloads as CSV and XLSX', async () => {
    const a = await as(admin);
    const page = mainOf((await a.get('/reports/employment')).body);
    expect(page).toContain('fewer than 5');
    expect(page).not.toContain('Amira');
    const csv = await a.get('/reports/employment.csv');
    expect(csv.statusCode).toBe(200);
    expect(csv.body).toContain('stage,offer,<5');
    const xlsx = await a.get('/reports/employment.xlsx');
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK');
    expect((await (await as(kw)).get('/reports/employment')).statusCode).toBe(403);
  });
});
