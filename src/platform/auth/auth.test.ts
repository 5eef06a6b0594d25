import { generate } from 'otplib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signIn,
  TEST_PASSWORD,
  type TestApp,
} from '../../../tests/support/app.ts';

let t: TestApp;
let org: string;
beforeAll(async () => {
  t = await createTestApp({ env: { LOCKOUT_THRESHOLD: '3' } });
  org = await createOrganisation(t);
});
afterAll(() => t.close());

describe('sign-in', () => {
  it('signs in with password and second factor, then reaches the home page', async () => {
    const user = await createUser(t, org, 'key_worker');
    const agent = await signIn(t, user);
    const home = await agent.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Signed in as Test key_worker');
    expect(home.body).toContain('Key worker at Test Organisation');
  });

  it('sends pages compressed to browsers that accept it', async () => {
    const res = await t.app.inject({ url: '/sign-in', headers: { 'accept-encoding': 'br, gzip' } });
    expect(res.headers['content-encoding']).toBe('br');
    expect(res.rawPayload.length).toBeLessThan(3000);
  });

  it('sends someone not signed in to the sign-in page', async () => {
    const res = await new Agent(t.app).get('/');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/sign-in?next=%2F');
  });

  it('shows the error beside the field and keeps the email when the password is wrong', async () => {
    const user = await createUser(t, org, 'manager');
    const res = await new Agent(t.app).submit('/sign-in', {
      email: user.email,
      password: 'not the password',
    });
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('The email address or password is not right');
    expect(res.body).toContain(`value="${user.email}"`);
    expect(res.body).toMatch(/<title>Error: /);
  });

  it('locks the account after repeated failures, even with the right password', async () => {
    const user = await createUser(t, org, 'manager');
    const agent = new Agent(t.app);
    for (let i = 0; i < 3; i++) await agent.submit('/sign-in', { email: user.email, password: 'wrong' });
    const res = await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    // The same answer as a wrong password or an unknown address (lockout.test.ts): no oracle.
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email address or password is not right');
  });

  it('refuses a TOTP code that was already used', async () => {
    const user = await createUser(t, org, 'mentor');
    const code = await generate({ secret: user.totpSecret });
    const a = new Agent(t.app);
    await a.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    expect((await a.submit('/sign-in/code', { code })).headers.location).toBe('/');
    const b = new Agent(t.app);
    await b.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    const replay = await b.submit('/sign-in/code', { code });
    expect(replay.statusCode).toBe(401);
  });

  it('refuses a form posted without its CSRF token', async () => {
    const agent = new Agent(t.app);
    await agent.get('/sign-in');
    const res = await agent.post('/sign-in', { email: 'a@example.org', password: 'x' });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('This form has expired');
  });

  it('ends the session on sign out', async () => {
    const user = await createUser(t, org, 'key_worker');
    const agent = await signIn(t, user);
    const page = await agent.get('/');
    expect(page.statusCode).toBe(200);
    await agent.get('/sign-out');
    expect((await agent.get('/')).statusCode).toBe(302);
  });

  it('records sign-in successes and failures in the audit trail', async () => {
    const user = await createUser(t, org, 'key_worker');
    await new Agent(t.app).submit('/sign-in', { email: user.email, password: 'wrong' });
    await signIn(t, user);
    const events = await t.services.audit.list({ actorUserId: user.id });
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual(['sign-in:success', 'sign-in:failure']);
  });
});
