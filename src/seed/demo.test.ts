import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../tests/support/agent.ts';
import { createTestApp, type TestApp } from '../../tests/support/app.ts';
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
      new Set(['admin', 'manager', 'key_worker', 'mentor', 'employer', 'commissioner']),
    );
    for (const account of accounts) {
      const agent = new Agent(t.app);
      await agent.submit('/sign-in', { email: account.email, password: DEMO_PASSWORD });
      const code = await agent.submit('/sign-in/code', {
        code: await generate({ secret: account.totpSecret }),
      });
      expect(code.headers.location).toBe('/');
      expect((await agent.get('/')).statusCode).toBe(200);
    }
  });

  it('is loaded only once', async () => {
    expect(await seedDemo(t.database.db, t.services)).toBe(false);
  });
});
