import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/**
 * One access decision per request: a page about her, or a change to her casework, reads her row
 * once (the read that decides access also gives the record header). Counted at the PostgreSQL
 * driver, the edge of our code: every statement that selects from "participants".
 */
const { t, users, as } = useScenario({ users: { kw: 'key_worker' } });
const { kw } = users;
let id: string;
const statements: string[] = [];
const original = pg.Client.prototype.query;

beforeAll(async () => {
  id = await registerWalkIn(t, kw, 'Hawa');
  // A counting wrapper on the driver: it passes every call through unchanged.
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const q = args[0];
    const text = typeof q === 'string' ? q : (q as { text?: string } | undefined)?.text;
    if (text) statements.push(text);
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
});
afterAll(() => {
  pg.Client.prototype.query = original;
});

const readsOfHerRow = async (run: () => Promise<{ statusCode: number }>) => {
  statements.length = 0;
  const res = await run();
  expect(res.statusCode).toBeLessThan(400);
  return statements.filter((s) => /^select\b[\s\S]*\bfrom "participants"/i.test(s)).length;
};

describe('one access decision per request', () => {
  it('GET /participants/:id (her record) reads her row once', async () => {
    const a = await as(kw);
    expect(await readsOfHerRow(() => a.get(`/participants/${id}`))).toBe(1);
  });

  for (const page of ['contacts', 'contacts/new', 'assessments', 'plan', 'referrals', 'plan/goals/new'])
    it(`GET /participants/:id/${page} reads her row once`, async () => {
      const a = await as(kw);
      expect(await readsOfHerRow(() => a.get(`/participants/${id}/${page}`))).toBe(1);
    });

  it('GET the new-referral page with a service chosen reads her row once', async () => {
    const a = await as(kw);
    const chosen = '00000000-0000-4000-8000-000000000001';
    expect(await readsOfHerRow(() => a.get(`/participants/${id}/referrals/new?serviceId=${chosen}`))).toBe(1);
  });

  it('POST to add a contact reads her row once', async () => {
    const a = await as(kw);
    const form = await a.get(`/participants/${id}/contacts/new`);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const reads = await readsOfHerRow(() =>
      a.post(`/participants/${id}/contacts/new`, {
        _csrf: token,
        kind: 'one_to_one',
        'happenedOn-day': '2',
        'happenedOn-month': '3',
        'happenedOn-year': '2025',
        notes: '',
      }),
    );
    expect(reads).toBe(1);
  });
});
