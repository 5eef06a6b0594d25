// Lockout without an oracle: an unknown address, a wrong password and a locked account get the same
// answer, so no one learns which emails are accounts. The lock still stops password guessing, and
// the real user is told once, by email, with a link that unlocks the account by resetting.
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { setPasswordPath } from '../../../tests/support/admin.ts';
import { Agent } from '../../../tests/support/agent.ts';
import { createUser, TEST_PASSWORD, type TestUser } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, smtp, org } = useScenario({
  smtp: { reject: (address) => address.startsWith('bounce') },
  app: { env: { LOCKOUT_THRESHOLD: '3' } },
  organisations: { own: 'Harbour Test Centre' },
});

const attempt = (email: string, password: string) => new Agent(t.app).submit('/sign-in', { email, password });

/** The page with what differs by nature (the address typed, tokens and nonces) taken out. */
const shape = (html: string, email: string) =>
  html
    .replaceAll(email, 'EMAIL')
    .replace(/name="_csrf" value="[^"]+"/g, '')
    .replace(/nonce="[^"]+"/g, '');

/** Waits for the email the sign-in sent without waiting for it (it must not slow the answer). */
async function mailsTo(address: string, count: number) {
  await expect.poll(() => smtp.inbox.filter((m) => m.to.includes(address)).length).toBe(count);
  return smtp.inbox.filter((m) => m.to.includes(address));
}

async function lock(user: TestUser) {
  for (let i = 0; i < 3; i++) await attempt(user.email, 'wrong password');
}

describe('a refused sign-in', () => {
  it('looks the same for an unknown address, a wrong password and a locked account', async () => {
    const user = await createUser(t, org.own, 'manager');
    const unknown = `nobody-${Date.now()}@example.org`;
    const answers = [
      { email: unknown, res: await attempt(unknown, 'wrong password') },
      { email: user.email, res: await attempt(user.email, 'wrong password') },
    ];
    await lock(user);
    answers.push({ email: user.email, res: await attempt(user.email, TEST_PASSWORD) });
    answers.push({ email: user.email, res: await attempt(user.email, 'wrong password') });
    for (const { res } of answers) {
      expect(res.statusCode).toBe(401);
      expect(res.body).toContain('The email address or password is not right');
      expect(res.body).not.toMatch(/locked/i);
    }
    const [first, ...rest] = answers.map(({ email, res }) => shape(res.body, email));
    for (const other of rest) expect(other).toBe(first);
  });

  it('keeps a locked account locked, even with the right password', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    await lock(user);
    const res = await attempt(user.email, TEST_PASSWORD);
    expect(res.statusCode).toBe(401);
    expect(res.headers.location).toBeUndefined();
  });
});

describe('the locked account holder', () => {
  it('is emailed once per lock, with a link that unlocks the account and keeps her authenticator', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    await lock(user);
    for (let i = 0; i < 3; i++) await attempt(user.email, i === 0 ? TEST_PASSWORD : 'wrong again');
    const [mail] = await mailsTo(user.email, 1);
    expect(mail!.subject).toBe('Your Wayfinder account is locked');
    expect(mail!.text).toContain('Hello Test key_worker');
    expect(mail!.text).toContain('Harbour Test Centre');
    // Nothing more arrives for the same lock.
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.inbox.filter((m) => m.to.includes(user.email))).toHaveLength(1);

    const link = setPasswordPath(mail!.text, t.config.PUBLIC_BASE_URL);
    const owner = new Agent(t.app);
    const set = await owner.submit(link, { password: 'a new long password', confirm: 'a new long password' });
    expect(set.headers.location).toBe('/sign-in?passwordSet=1');
    const back = await owner.submit('/sign-in', { email: user.email, password: 'a new long password' });
    expect(back.headers.location).toBe('/sign-in/code?next=%2F');
    const code = await owner.submit('/sign-in/code', { code: await generate({ secret: user.totpSecret }) });
    expect(code.headers.location).toBe('/');
  });

  it('is emailed again for a new lock after the last one was cleared', async () => {
    const user = await createUser(t, org.own, 'mentor');
    await lock(user);
    await mailsTo(user.email, 1);
    await t.database.pool.query(
      'update users set locked_until = now() - interval $$1 second$$ where id = $1',
      [user.id],
    );
    await lock(user);
    await mailsTo(user.email, 2);
  });

  it('is emailed when the lock comes from wrong codes (her password is known to someone)', async () => {
    const user = await createUser(t, org.own, 'manager');
    const agent = new Agent(t.app);
    await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    for (let i = 0; i < 3; i++) await agent.submit('/sign-in/code', { code: '000000' }, '/sign-in/code');
    await mailsTo(user.email, 1);
    expect((await attempt(user.email, TEST_PASSWORD)).statusCode).toBe(401);
  });

  it('is not emailed about an address that is no account, nor about a wrong password below the limit', async () => {
    const user = await createUser(t, org.own, 'manager');
    const before = smtp.inbox.length;
    await attempt(`nobody-${Date.now()}@example.org`, 'x');
    await attempt(user.email, 'wrong password');
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.inbox.length).toBe(before);
  });

  it('is recorded as not told when her email bounces; sign-in answers the same', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    user.email = `bounce-${user.email}`;
    await t.database.pool.query('update users set email = $1 where id = $2', [user.email, user.id]);
    for (let i = 0; i < 3; i++) expect((await attempt(user.email, 'wrong password')).statusCode).toBe(401);
    await expect
      .poll(
        async () => (await t.services.audit.list({ recordId: user.id, action: 'account-lock-notice' }))[0],
      )
      .toMatchObject({ outcome: 'failure', details: { channel: 'email' } });
  });

  it('is audited without personal data', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    await lock(user);
    await mailsTo(user.email, 1);
    await expect
      .poll(async () => (await t.services.audit.list({ recordId: user.id })).map((e) => e.action))
      .toContain('account-lock-notice');
    const events = await t.services.audit.list({ recordId: user.id });
    const notice = events.find((e) => e.action === 'account-lock-notice');
    expect(notice).toMatchObject({ outcome: 'success', recordType: 'user', actorUserId: user.id });
    const all = JSON.stringify(events);
    expect(all).not.toContain(user.email);
    expect(all).not.toContain('Test key_worker');
    expect(all).not.toContain('set-password');
  });
});
