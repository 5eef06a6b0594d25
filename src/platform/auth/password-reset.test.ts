// A password reset ends every session of that user, as deactivation does: when her administrator
// issues the reset link (the old password may be known to someone else), and again when the new
// password is set through the link (anyone who signed in with the old one meanwhile is out).
import { generate } from 'otplib';
import { beforeAll, describe, expect, it } from 'vitest';
import { setPasswordPath } from '../../../tests/support/admin.ts';
import { Agent } from '../../../tests/support/agent.ts';
import { createUser, TEST_PASSWORD, type TestUser } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, smtp, org, users } = useScenario({
  smtp: {},
  organisations: { own: 'Test Organisation' },
  users: { admin: 'admin' },
});
let adminAgent: Agent;

/**
 * Signs in with the code of the time step `step` away from now (-1, 0 or +1, all accepted), so one
 * user can hold up to three sessions within the same 30 seconds (each step is accepted once).
 */
async function signInAt(user: TestUser, step: -1 | 0 | 1): Promise<Agent> {
  const agent = new Agent(t.app);
  await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
  const code = await generate({ secret: user.totpSecret, epoch: Math.floor(Date.now() / 1000) + step * 30 });
  const done = await agent.submit('/sign-in/code', { code });
  if (done.headers.location !== '/') throw new Error(`sign-in failed: ${done.statusCode}`);
  return agent;
}
// `/` answers everyone (the public front door when signed out): signed in shows the sign-out form.
const signedIn = async (agent: Agent) => (await agent.get('/')).body.includes('action="/sign-out"');

beforeAll(async () => {
  adminAgent = await signInAt(users.admin, 0);
});

describe('a password reset', () => {
  it('ends every session of the user when the admin issues the link, and again when it is used', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    const phone = await signInAt(user, -1);
    const laptop = await signInAt(user, 0);
    expect(await signedIn(phone)).toBe(true);
    expect(await signedIn(laptop)).toBe(true);

    const url = `/admin/users/${user.id}`;
    expect((await adminAgent.submit(url, {}, `${url}/password-link`)).statusCode).toBe(302);
    expect(await signedIn(phone)).toBe(false);
    expect(await signedIn(laptop)).toBe(false);
    expect(await signedIn(adminAgent)).toBe(true);

    // The old password still works until the link is used: someone signs in with it meanwhile,
    // and someone else is half-way (password given, code not yet).
    const meanwhile = await signInAt(user, 1);
    const halfway = new Agent(t.app);
    await halfway.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    expect((await halfway.get('/sign-in/code')).statusCode).toBe(200);
    const link = setPasswordPath(smtp.lastTo(user.email)!.text, t.config.PUBLIC_BASE_URL);
    const set = await new Agent(t.app).submit(link, {
      password: 'a brand new password',
      confirm: 'a brand new password',
    });
    expect(set.headers.location).toBe('/sign-in?passwordSet=1');
    expect(await signedIn(meanwhile)).toBe(false);
    expect((await halfway.get('/sign-in/code')).headers.location).toBe('/sign-in');
  });

  it('leaves the sessions of other users alone', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    const colleague = await createUser(t, org.own, 'key_worker');
    const theirs = await signInAt(colleague, 0);
    const url = `/admin/users/${user.id}`;
    await adminAgent.submit(url, {}, `${url}/password-link`);
    expect(await signedIn(theirs)).toBe(true);
  });
});
