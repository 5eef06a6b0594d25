import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { createUser, signIn, TEST_PASSWORD } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, org } = useScenario({
  app: { env: { LOCKOUT_THRESHOLD: '3' } },
  organisations: { own: 'Test Organisation' },
});

describe('sign-in', () => {
  it('signs in with password and second factor, then reaches the home page', async () => {
    const user = await createUser(t, org.own, 'key_worker');
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

  it('sends someone not signed in to the sign-in page from a staff page', async () => {
    const res = await new Agent(t.app).get('/caseload');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/sign-in?next=%2Fcaseload');
    // `/` itself is the public front door (home/home.test.ts), with a link to sign in.
    expect((await new Agent(t.app).get('/')).body).toContain('href="/sign-in"');
  });

  it('shows the error beside the field and keeps the email when the password is wrong', async () => {
    const user = await createUser(t, org.own, 'manager');
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
    const user = await createUser(t, org.own, 'manager');
    const agent = new Agent(t.app);
    for (let i = 0; i < 3; i++) await agent.submit('/sign-in', { email: user.email, password: 'wrong' });
    const res = await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
    // The same answer as a wrong password or an unknown address (lockout.test.ts): no oracle.
    expect(res.statusCode).toBe(401);
    expect(res.body).toContain('The email address or password is not right');
  });

  it('refuses a TOTP code that was already used', async () => {
    const user = await createUser(t, org.own, 'mentor');
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
});

describe('signing out', () => {
  // Before, the header's "Sign out" was a GET link: any page (an image, a prefetch) could end a session.
  it('is a form posted from the header of every signed-in page, not a link', async () => {
    const agent = await signIn(t, await createUser(t, org.own, 'key_worker'));
    const home = (await agent.get('/')).body;
    expect(home).not.toMatch(/<a[^>]*href="\/sign-out/);
    const form = /<form[^>]*action="\/sign-out"[^>]*>([\s\S]*?)<\/form>/.exec(home);
    expect(form?.[0]).toContain('method="post"');
    expect(form?.[1]).toMatch(/name="_csrf" value="[^"]+"/);
    expect(form?.[1]).toMatch(/<button[^>]*type="submit"[^>]*>\s*Sign out\s*<\/button>/);
  });

  it('GET /sign-out only shows the button; posting it ends the session', async () => {
    const agent = await signIn(t, await createUser(t, org.own, 'key_worker'));
    const page = await agent.get('/sign-out');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<h1 class="govuk-heading-l">Sign out</h1>');
    expect((await agent.get('/')).statusCode).toBe(200);
    const out = await agent.submit('/sign-out', {}, '/sign-out');
    expect(out.headers.location).toBe('/sign-in?signedOut=1');
    // Signed out, `/` is the public front door and staff pages send her to sign in.
    expect((await agent.get('/')).body).not.toContain('action="/sign-out"');
    expect((await agent.get('/caseload')).headers.location).toBe('/sign-in?next=%2Fcaseload');
  });

  it('refuses a sign-out posted without its CSRF token, and the session goes on', async () => {
    const agent = await signIn(t, await createUser(t, org.own, 'key_worker'));
    const res = await agent.post('/sign-out', {});
    expect(res.statusCode).toBe(403);
    expect((await agent.get('/')).statusCode).toBe(200);
  });

  it('says why on the sign-in page when the timeout warning signed her out', async () => {
    const agent = await signIn(t, await createUser(t, org.own, 'key_worker'));
    const out = await agent.submit('/', { timeout: '1' }, '/sign-out');
    expect(out.headers.location).toBe('/sign-in?timeout=1');
    expect((await agent.get('/sign-in?timeout=1')).body).toContain('You were signed out because');
  });

  it('sends someone not signed in from GET /sign-out to the sign-in page', async () => {
    const res = await new Agent(t.app).get('/sign-out');
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe('/sign-in');
  });
});

describe('the audit trail of sign-in', () => {
  it('records sign-in successes and failures in the audit trail', async () => {
    const user = await createUser(t, org.own, 'key_worker');
    await new Agent(t.app).submit('/sign-in', { email: user.email, password: 'wrong' });
    await signIn(t, user);
    const events = await t.services.audit.list({ actorUserId: user.id });
    expect(events.map((e) => `${e.action}:${e.outcome}`)).toEqual(['sign-in:success', 'sign-in:failure']);
  });
});
