import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { fundInput } from '../../../tests/support/bursaries.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import type { Actor } from '../../platform/auth/actor.ts';

/**
 * A busy fund's page lists its applications 25 at a time with GOV.UK pagination (so the page stays
 * quick with thousands: bench/bursaries.bench.ts), and a fund with no awards offers no 360Giving
 * export: the standard needs at least one grant, so the file's address answers a clear 404.
 */
const { t, users, as, actor } = useScenario({ users: { manager: 'manager' } });
const { manager } = users;

const newFund = (a: Actor, name: string) => t.services.bursaries.createFund(a, fundInput({ name }));

let busy: string;
let empty: string;

beforeAll(async () => {
  busy = await newFund(actor(manager), 'Busy fund');
  empty = await newFund(actor(manager), 'Quiet fund');
  // 60 submitted applications, newest first by number, each with one £300 line.
  await t.database.pool.query(
    `with a as (
       insert into bursary_applications (organisation_id, fund_id, course, provider, planned_start_on, status,
         eligibility, guaranteed_interview, made_with_user_id, submitted_at, created_at)
       select $1, $2, 'Course ' || n, 'College', date '2026-09-01', 'submitted', 'other', false, $3,
         timestamptz '2026-01-01' + n * interval '1 hour', timestamptz '2026-01-01' + n * interval '1 hour'
       from generate_series(1, 60) n returning id, organisation_id)
     insert into bursary_cost_lines (organisation_id, application_id, category, amount_pence, position)
     select organisation_id, id, 'course_fees', 30000, 0 from a`,
    [manager.organisationId, busy, manager.id],
  );
});

const rowsOf = (html: string) => [...html.matchAll(/>Course (\d+)</g)].map((m) => Number(m[1]));

describe('a fund page with many applications', () => {
  it('shows 25 at a time, newest first, with numbered GOV.UK pagination', async () => {
    const m = await as(manager);
    const first = mainOf((await m.get(`/bursaries/funds/${busy}`)).body);
    expect(rowsOf(first)).toEqual(Array.from({ length: 25 }, (_, i) => 60 - i));
    expect(first).toContain('£300.00');
    expect(first).toContain('govuk-pagination');
    expect(first).toContain('href="?page=2"');
    expect(first).toContain('href="?page=3"');
    expect(first).not.toContain('govuk-pagination__prev');
    expect(first).toContain('Showing 1 to 25 of 60 applications');

    const last = mainOf((await m.get(`/bursaries/funds/${busy}?page=3`)).body);
    expect(rowsOf(last)).toEqual(Array.from({ length: 10 }, (_, i) => 10 - i));
    expect(last).toContain('aria-current="page"');
    expect(last).toContain('govuk-pagination__prev');
    expect(last).not.toContain('govuk-pagination__next');
    expect(last).toContain('Showing 51 to 60 of 60 applications');

    // Past the end: the last page, not an empty list.
    expect(rowsOf(mainOf((await m.get(`/bursaries/funds/${busy}?page=40`)).body))).toEqual(rowsOf(last));
  });

  it('has no pagination when every application fits on one page', async () => {
    const page = mainOf((await (await as(manager)).get(`/bursaries/funds/${empty}`)).body);
    expect(page).toContain('No applications yet.');
    expect(page).not.toContain('govuk-pagination');
  });
});

describe('360Giving for a fund with no awards', () => {
  it('is not offered on the money page, and its address answers a clear problem+json 404', async () => {
    const m = await as(manager);
    const money = mainOf((await m.get(`/bursaries/funds/${empty}/money`)).body);
    expect(money).not.toContain('360giving.json');
    expect(money).not.toContain('360giving.xlsx');
    expect(money).toContain('No awards to publish to 360Giving yet');
    for (const ext of ['json', 'xlsx']) {
      const r = await m.get(`/bursaries/${empty}/360giving.${ext}`);
      expect(r.statusCode).toBe(404);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.parse(r.body)).toMatchObject({
        status: 404,
        title: 'No awards to publish yet',
        detail: expect.stringContaining('at least one grant'),
      });
    }
  });
});
