import { describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, as } = useScenario({ users: { kw: 'key_worker', kw2: 'key_worker', kw3: 'key_worker' } });
const { kw, kw2, kw3 } = users;

const row = async () => {
  const { rows } = await t.database.pool.query<{
    xmin: string;
    expires: Date;
    data: Record<string, unknown>;
  }>(`select xmin::text as xmin, expires_at as expires, data from sessions where data->>'userId' = $1`, [
    kw.id,
  ]);
  expect(rows).toHaveLength(1);
  return rows[0]!;
};

describe('the session store', () => {
  it('moves the idle expiry on at most every 10 seconds; an expired session is not honoured', async () => {
    const a = await as(kw);
    const first = await row();
    // Page views within 10 seconds write nothing.
    for (let i = 0; i < 3; i++) expect((await a.get('/caseload')).statusCode).toBe(200);
    const same = await row();
    expect(same.xmin).toBe(first.xmin);
    expect(same.expires).toEqual(first.expires);

    // A minute later (the stored expiry is a minute older), a page view moves it on.
    await t.database.pool.query(
      `update sessions set expires_at = expires_at - interval '1 minute' where data->>'userId' = $1`,
      [kw.id],
    );
    const before = await row();
    expect((await a.get('/caseload')).statusCode).toBe(200);
    const moved = await row();
    expect(moved.expires.getTime()).toBeGreaterThan(before.expires.getTime() + 50_000);

    // An idle session past its expiry is not honoured.
    await t.database.pool.query(
      `update sessions set expires_at = now() - interval '1 second' where data->>'userId' = $1`,
      [kw.id],
    );
    const expired = await a.get('/caseload');
    expect(expired.statusCode).toBe(302);
    expect(String(expired.headers.location)).toMatch(/^\/sign-in/);
  });

  it('writes what the session holds at once (a message to show on the next page)', async () => {
    const a = await as(kw2);
    const id = await registerWalkIn(t, kw2, 'Session-Store-Saba');
    const goal = await a.submit(`/participants/${id}/plan/goals/new`, { goal: 'Learn to swim' });
    expect(goal.statusCode).toBe(303);
    const { rows } = await t.database.pool.query(
      `select data from sessions where data->>'userId' = $1 and data ? 'flash'`,
      [kw2.id],
    );
    expect(rows).toHaveLength(1);
    // Shown once, then gone from the stored session too.
    expect((await a.get(`/participants/${id}/plan`)).body).toContain('Goal added.');
    expect((await a.get(`/participants/${id}/plan`)).body).not.toContain('Goal added.');
    const { rows: after } = await t.database.pool.query(
      `select data from sessions where data->>'userId' = $1 and data ? 'flash'`,
      [kw2.id],
    );
    expect(after).toHaveLength(0);
  });

  it('"Stay signed in" stores the new expiry at once', async () => {
    const a = await as(kw3);
    const expiry = async () =>
      (
        await t.database.pool.query<{ expires: Date }>(
          `select expires_at as expires from sessions where data->>'userId' = $1`,
          [kw3.id],
        )
      ).rows[0]!.expires.getTime();
    const home = await a.get('/');
    const token = /data-csrf="([^"]+)"/.exec(home.body)?.[1];
    expect(token).toBeTruthy();
    const before = await expiry();
    await new Promise((r) => setTimeout(r, 1100));
    const res = await a.post('/session/keep-alive', { _csrf: token! });
    expect(res.statusCode).toBe(204);
    expect(await expiry()).toBeGreaterThan(before + 1000);
  });
});
