import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { areas, pointCodes } from './model.ts';

/**
 * Through the pages: a provider's manager rates every point of the model with evidence, keeps an
 * action plan and completes the year; a commissioner compares the partnership and exports it; the
 * commissioner's view shows referral flows and drop-in visits with small counts protected.
 */
const { t, org, users, as } = useScenario({
  organisations: { harbour: 'Harbour Women', riverside: 'Riverside Refuge', council: 'City Council' },
  users: {
    manager: 'manager',
    kw: 'key_worker',
    otherManager: ['manager', 'riverside'],
    commissioner: ['commissioner', 'council'],
  },
});

const fullArea = (area: (typeof areas)[number], rating = 'fully') =>
  Object.fromEntries(
    area.points.flatMap((p) => [
      [`${area.code}-${p}-rating`, rating],
      [`${area.code}-${p}-evidence`, `Harbour evidence for ${p}`],
    ]),
  );

describe('a provider’s self-assessment', () => {
  it('is rated point by point with evidence, refused as complete until every point is, and keeps an action plan', async () => {
    const m = await as(users.manager);
    expect((await m.get('/self-assessment')).statusCode).toBe(200);
    const started = await m.submit('/self-assessment', { year: '2026' });
    expect(started.headers.location).toBe('/self-assessment/2026');
    // A year that is not a year is refused on the form; one in a path names nothing.
    expect((await m.submit('/self-assessment', { year: '26x' })).statusCode).toBe(400);
    expect((await m.get('/self-assessment/1999')).statusCode).toBe(404);
    expect((await m.get('/self-assessment/2026/nonsense')).statusCode).toBe(404);

    // Evidence without a rating is an error, shown in the error summary.
    const ethos = areas[0];
    const bad = await m.submit('/self-assessment/2026/ethos', {
      'ethos-knowledge-evidence': 'We train staff',
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('govuk-error-summary');
    expect(bad.body).toContain('Choose a rating for this point');

    await m.submit('/self-assessment/2026/ethos', fullArea(ethos));
    // Not every point rated yet: completing is refused and says why.
    const early = await m.submit('/self-assessment/2026', {}, '/self-assessment/2026/complete');
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('Rate every point and give evidence');
    for (const area of areas.slice(1))
      await m.submit(`/self-assessment/2026/${area.code}`, fullArea(area, 'mostly'));
    const page = mainOf((await m.get('/self-assessment/2026')).body);
    expect(page).toContain('5 of 5 points rated; 5 in place');

    const noOwner = await m.submit(
      '/self-assessment/2026',
      {
        action: 'Open a women-only room',
        owner: '',
        'dueOn-day': '31',
        'dueOn-month': '3',
        'dueOn-year': '2027',
      },
      '/self-assessment/2026/actions',
    );
    expect(noOwner.statusCode).toBe(400);
    expect(noOwner.body).toContain('Enter who will do it');
    await m.submit(
      '/self-assessment/2026',
      {
        point: 'environment.women-only',
        action: 'Open a women-only room',
        owner: 'Service manager',
        'dueOn-day': '31',
        'dueOn-month': '3',
        'dueOn-year': '2027',
      },
      '/self-assessment/2026/actions',
    );
    const done = await m.submit('/self-assessment/2026', {}, '/self-assessment/2026/complete');
    expect(done.headers.location).toBe('/self-assessment/2026');
    const after = mainOf((await m.get('/self-assessment/2026')).body);
    expect(after).toContain('Complete');
    expect(after).toContain('Open a women-only room');
    const [action] = (
      await t.database.db.execute(sql`select id from commissioning_self_assessment_actions limit 1`)
    ).rows as { id: string }[];
    // Another organisation's manager cannot touch it, and does not see Harbour's year.
    const other = await as(users.otherManager);
    const token = /name="_csrf" value="([^"]+)"/.exec((await other.get('/self-assessment')).body)?.[1] ?? '';
    expect(
      (await other.post(`/self-assessment/actions/${action?.id}`, { done: 'yes', _csrf: token })).statusCode,
    ).toBe(404);
    expect((await other.get('/self-assessment/2026')).statusCode).toBe(404);
    // A key worker does not assess the organisation.
    expect((await (await as(users.kw)).get('/self-assessment')).statusCode).toBe(403);
  });

  it('is compared side by side and exported for a tender by a commissioner', async () => {
    const c = await as(users.commissioner);
    expect((await c.get('/self-assessment')).headers.location).toBe('/self-assessment/partnership');
    const page = mainOf((await c.get('/self-assessment/partnership')).body);
    expect(page).toContain('Harbour Women');
    expect(page).toContain('5 of 5 in place');
    // Riverside has not completed one: it is not in the comparison.
    expect(page).not.toContain('Riverside Refuge');
    // Evidence that a spreadsheet would run as a formula is written as text.
    await t.database.db.execute(
      sql`update commissioning_self_assessment_ratings set evidence = '=HYPERLINK("http://x")' where point = 'practice.causes'`,
    );
    const csv = await c.get('/self-assessment/partnership.csv');
    expect(csv.body).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.body).toContain('Harbour evidence for knowledge');
    expect(csv.body).toContain('We know women');
    expect(csv.body.trim().split('\r\n')).toHaveLength(1 + pointCodes.length);
    const xlsx = await c.get('/self-assessment/partnership.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['Summary', 'Ratings and evidence', 'Action plans']);
    expect(wb.worksheets[0]?.getRow(2).values).toContain('Harbour Women');
    expect(wb.worksheets[2]?.getRow(2).values).toContain('Open a women-only room');
    // A manager does not compare the partnership.
    expect((await (await as(users.manager)).get('/self-assessment/partnership')).statusCode).toBe(403);
  });
});

describe('the commissioner’s view', () => {
  it('shows referral flows and drop-in visits as protected counts, never a record', async () => {
    const db = t.database.db;
    const days = (n: number) => new Date(Date.now() - n * 86_400_000).toISOString();
    // Harbour sent Riverside 12 referrals: 8 accepted, 3 declined, 1 waiting; Riverside sent Harbour 6.
    const send = async (from: string, to: string, status: string, answeredAfterDays: number | null) =>
      db.execute(sql`insert into casework_referrals
        (participant_id, organisation_id, service_id, service_name, receiving_organisation_id, status, sent_at, answered_at)
        values (${randomUUID()}, ${from}, ${randomUUID()}, 'Service', ${to}, ${status}, ${days(30)},
                ${answeredAfterDays === null ? null : days(30 - answeredAfterDays)})`);
    for (let i = 0; i < 8; i++) await send(org.harbour, org.riverside, 'accepted', 2);
    for (let i = 0; i < 3; i++) await send(org.harbour, org.riverside, 'declined', 4);
    await send(org.harbour, org.riverside, 'sent', null);
    for (let i = 0; i < 6; i++) await send(org.riverside, org.harbour, 'accepted', 1);
    // Three visits to one drop-in: fewer than 5.
    const [session] = (
      await db.execute(sql`insert into casework_drop_in_sessions (organisation_id, place, starts_at, ends_at, capacity)
        values (${org.harbour}, 'Chapel Street hall', ${days(10)}, ${days(10)}, 20) returning id`)
    ).rows as { id: string }[];
    for (let i = 0; i < 3; i++)
      await db.execute(
        sql`insert into casework_drop_in_attendance (session_id, participant_id) values (${session?.id}, ${randomUUID()})`,
      );

    const c = await as(users.commissioner);
    const res = await c.get('/commissioning');
    expect(res.statusCode).toBe(200);
    const page = mainOf(res.body);
    expect(page).toContain('href="/reports"');
    expect(page).toContain('href="/coverage"');
    // The flows table: 12 and 6 are shown; nothing in it is a bare count from 1 to 4.
    const flows = page.slice(page.indexOf('Referrals sent, by sending'), page.indexOf('What became of them'));
    expect(flows).toContain('>12<');
    expect(flows).toContain('>18<');
    // What became of them: declined 3 and waiting 1 are hidden, and so is what would give them away.
    const outcomes = page.slice(page.indexOf('What became of them'), page.indexOf('Time to answer'));
    expect(outcomes).toContain('fewer than 5');
    expect(outcomes).toContain('hidden');
    expect(outcomes).not.toMatch(/>\s*[1-4]\s*</);
    // The median time to answer is shown from 5 answers (Harbour: 6 answered, in 1 day).
    const times = page.slice(page.indexOf('Time to answer'), page.indexOf('Drop-in attendance'));
    expect(times).toMatch(/Harbour Women[\s\S]*?>1</);
    expect(times).toMatch(/Riverside Refuge[\s\S]*?>2</);
    const visits = page.slice(page.indexOf('Visits to drop-ins'), page.indexOf('Opportunities and offers'));
    expect(visits).toContain('Chapel Street hall (Harbour Women)');
    expect(visits).toContain('fewer than 5');
    expect(visits).not.toMatch(/>\s*3\s*</);
    // Managers and key workers do not get the commissioner's view.
    expect((await (await as(users.manager)).get('/commissioning')).statusCode).toBe(403);
    const [viewed] = (
      await db.execute(sql`select count(*)::int as n from audit_events where action = 'commissioning.viewed'`)
    ).rows as { n: number }[];
    expect(viewed?.n).toBe(1);
  });
});
