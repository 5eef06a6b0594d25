import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../tests/support/agent.ts';
import { createTestApp, createUser, signIn, type TestApp } from '../../tests/support/app.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from './demo.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await seedDemo(t.database.db, t.services);
});
afterAll(() => t.close());

describe('demo partnership', () => {
  it('prints one account per role and each signs in with the printed password and TOTP secret', async () => {
    const accounts = await demoAccounts(t.database.db, t.services);
    expect(new Set(accounts.map((a) => a.role))).toEqual(
      new Set(['admin', 'manager', 'key_worker', 'mentor', 'employer', 'commissioner', 'leader']),
    );
    for (const account of accounts) {
      const agent = new Agent(t.app);
      await agent.submit('/sign-in', { email: account.email, password: DEMO_PASSWORD });
      const code = await agent.submit('/sign-in/code', {
        code: await generate({ secret: account.totpSecret }),
      });
      expect(code.headers.location).toBe('/');
      expect((await agent.get('/')).body).toContain('action="/sign-out"');
    }
  });

  it('publishes 1-2-1 slots in the future, some booked for demo women, shown on the appointments page', async () => {
    // A manager of the first demo organisation (a new account: each TOTP step is accepted once).
    const { rows: orgs } = await t.database.pool.query(
      "select id from organisations where name like 'Harbour%' limit 1",
    );
    const agent = await signIn(t, await createUser(t, orgs[0].id, 'manager'));
    const page = await agent.get('/appointments');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('No 1-2-1 slots from today on.');
    expect(page.body).toContain('Community Centre, Room 2');
    expect(page.body).toContain('Amani (demo)');
    expect(page.body).toContain('Lina (demo)');
    expect(page.body.match(/>Free</g)?.length).toBeGreaterThanOrEqual(2);
    const { rows } = await t.database.pool.query(
      `select count(*)::int slots, min(s.starts_at) > now() future,
              count(b.id) filter (where b.status = 'booked')::int booked,
              count(distinct s.organisation_id)::int orgs
         from casework_appointment_slots s
         left join casework_appointment_bookings b on b.slot_id = s.id`,
    );
    expect(rows[0]).toEqual({ slots: 15, future: true, booked: 6, orgs: 3 });
    // Seeding sent no message to anyone.
    const messages = await t.database.pool.query('select count(*)::int n from casework_appointment_messages');
    expect(messages.rows[0].n).toBe(0);
    // Her booking page opens.
    const booking = /href="(\/appointments\/bookings\/[0-9a-f-]+)"/.exec(page.body)?.[1];
    expect(booking).toBeTruthy();
    expect((await agent.get(booking!)).statusCode).toBe(200);
  });

  it('is loaded only once', async () => {
    expect(await seedDemo(t.database.db, t.services)).toBe(false);
  });
});
