// A commissioner sees aggregates only: no route the matrix lets a commissioner use names a woman's
// record or anything hanging from it. The matrix (matrix.test.ts) proves every other route refuses
// them; this proves the table itself allows them nothing per woman, for every route there is.
import { describe, expect, it } from 'vitest';
import type { OrgFixtures } from '../support/org-fixtures.ts';
import { expectations } from './expectations.ts';

/** Fixtures that are a woman's record or part of it. */
const perWoman = new Set([
  'participant',
  'contact',
  'assessment',
  'goal',
  'referral',
  'putForward',
  'booking',
  'mentoring',
  'fresh',
]);

/** Fixtures whose keys a route's params, query and body read. */
function fixturesRead(e: (typeof expectations)[string]): string[] {
  const read: string[] = [];
  const spy = new Proxy({} as OrgFixtures, {
    get: (_, key) => {
      read.push(String(key));
      return new Proxy(() => 'x', { get: () => 'x' });
    },
  });
  for (const f of [e.params, e.query, e.body]) if (f) void f(spy);
  return read;
}

describe('the commissioner role', () => {
  const open = Object.entries(expectations).filter(
    ([, e]) => e.allow !== 'public' && (e.allow === 'signed-in' || e.allow.includes('commissioner')),
  );

  it('is allowed some aggregate pages (the check sees them)', () => {
    const routes = open.map(([r]) => r);
    expect(routes).toContain('GET /commissioning');
    expect(routes).toContain('GET /self-assessment/partnership.xlsx');
  });

  it.each(open.map(([route, e]) => [route, e] as const))('%s names no woman’s record', (route, e) => {
    expect(route).not.toMatch(/participants|referrals|contacts|plan\/|put-forwards|bookings|mentor\b/);
    expect(fixturesRead(e).filter((k) => perWoman.has(k))).toEqual([]);
  });
});
