import { sql } from 'drizzle-orm';
import { generate } from 'otplib';
import { describe, expect, it } from 'vitest';
import { setPasswordPath } from '../../../tests/support/admin.ts';
import { Agent, csrfTokenIn } from '../../../tests/support/agent.ts';
import { createOrganisation, createUser, signIn, TEST_PASSWORD } from '../../../tests/support/app.ts';
import { expectPage } from '../../../tests/support/expect.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, smtp, org, users, agents } = useScenario({
  smtp: { reject: (address) => address.startsWith('bounce') },
  organisations: { orgA: 'Harbour Test Centre', orgB: 'Northgate Test Action' },
  users: { admin: 'admin' },
  signedIn: ['admin'],
});
const { admin } = users;
const adminAgent = agents.admin;

const auditFor = async (recordId: string) =>
  (await t.services.audit.list({ recordId })).map((e) => ({
    action: e.action,
    actor: e.actorUserId,
    details: e.details,
  }));
const userByEmail = async (email: string) =>
  (
    await t.database.db.execute<{ id: string; organisation_id: string; role: string; active: boolean }>(
      sql`select id, organisation_id, role, active from users where lower(email) = lower(${email})`,
    )
  ).rows[0];

/** The admin invites someone through the invite form. */
const invite = (name: string, email: string, role: string) =>
  adminAgent.submit('/admin/users/invite', { name, email, role });

describe('inviting a user', () => {
  it('emails a one-time link; they set a password, sign in, enrol and reach the home page', async () => {
    const email = `nadia.${Date.now()}@example.org`;
    const sent = await invite('Nadia Newstaff', email, 'key_worker');
    expect(sent.statusCode).toBe(302);
    const page = await adminAgent.get(sent.headers.location as string);
    expect(page.body).toContain('An invitation has been emailed to Nadia Newstaff');
    expect(page.body).toContain('Invited');

    const mail = smtp.lastTo(email);
    expect(mail?.subject).toBe('You have been invited to Wayfinder');
    expect(mail?.text).toContain('Hello Nadia Newstaff');
    expect(mail?.text).toContain('Harbour Test Centre');
    const link = setPasswordPath(mail!.text, t.config.PUBLIC_BASE_URL);
    const token = link.split('/').pop()!;

    const newcomer = new Agent(t.app);
    expect((await newcomer.get(link)).body).toContain(email);
    const set = await newcomer.submit(link, {
      password: 'a long new password',
      confirm: 'a long new password',
    });
    expect(set.headers.location).toBe('/sign-in?passwordSet=1');
    expect((await newcomer.get('/sign-in?passwordSet=1')).body).toContain('Your password is saved');
    expect((await new Agent(t.app).get(link)).statusCode).toBe(404); // the link works once

    const signedIn = await newcomer.submit('/sign-in', { email, password: 'a long new password' });
    expect(signedIn.headers.location).toBe('/sign-in/enrol?next=%2F');
    const enrol = await newcomer.get('/sign-in/enrol?next=%2F');
    const secret = /data-testid="totp-secret">([A-Z2-7]+)</.exec(enrol.body)?.[1];
    expect(secret).toBeTruthy();
    const enrolled = await newcomer.submit('/sign-in/enrol?next=%2F', {
      code: await generate({ secret: secret! }),
    });
    expect(enrolled.headers.location).toMatch(/^\/sign-in\/recovery-codes/);
    const home = await newcomer.get('/');
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain('Signed in as Nadia Newstaff');

    const user = await userByEmail(email);
    expect(user).toMatchObject({ organisation_id: org.orgA, role: 'key_worker', active: true });
    const events = await auditFor(user!.id);
    expect(events.map((e) => e.action)).toEqual(
      expect.arrayContaining([
        'user-invited',
        'password-link-issued',
        'password-set',
        'second-factor-enrolled',
      ]),
    );
    expect(events.find((e) => e.action === 'user-invited')).toMatchObject({
      actor: admin.id,
      details: { role: 'key_worker', organisationId: org.orgA },
    });
    expect(JSON.stringify(await t.services.audit.list({ limit: 500 }))).not.toContain(token);
    const list = await adminAgent.get('/admin/users');
    expect(list.body).toContain('Nadia Newstaff');
    expect(list.body).toContain(email);
  });

  it('shows each error beside its field and keeps what was typed', async () => {
    const before = smtp.inbox.length;
    const empty = await adminAgent.submit('/admin/users/invite', { name: '', email: '', role: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('There is a problem');
    for (const message of ['Enter their full name', 'Enter their email address', 'Select a role'])
      expect(empty.body).toContain(message);
    expect(empty.body).toContain('href="#name"');

    const wrong = await invite('Keep Me', 'not-an-email', 'mentor');
    expectPage(
      wrong,
      400,
      'Enter an email address in the correct format',
      'value="Keep Me"',
      'value="not-an-email"',
    );
    expect(wrong.body).toMatch(/value="mentor" checked/);
    expect(smtp.inbox.length).toBe(before);
  });

  it('refuses an email address that already has an account, whatever its case', async () => {
    const existing = await createUser(t, org.orgB, 'manager');
    const before = smtp.inbox.length;
    const res = await invite('Second Account', existing.email.toUpperCase(), 'manager');
    expectPage(res, 400, 'Someone already has an account with this email address', 'value="Second Account"');
    expect(smtp.inbox.length).toBe(before);
  });

  it('withdraws the invitation when the email cannot be delivered', async () => {
    const email = `bounce.${Date.now()}@example.org`;
    const res = await invite('Bounce Back', email, 'mentor');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('We could not send an email to this address');
    expect(await userByEmail(email)).toBeUndefined();
    const withdrawn = await t.services.audit.list({ action: 'user-invite-withdrawn', actorUserId: admin.id });
    expect(withdrawn).toHaveLength(1);
  });

  it('lets a partnership admin invite the first user of another organisation', async () => {
    const email = `first.${Date.now()}@example.org`;
    const form = await adminAgent.get(`/admin/users/invite?organisation=${org.orgB}`);
    expect(form.body).toMatch(new RegExp(`value="${org.orgB}" selected`));
    const res = await adminAgent.submit('/admin/users/invite', {
      name: 'Fatima First',
      email,
      role: 'admin',
      organisationId: org.orgB,
    });
    expect(res.headers.location).toBe('/admin/organisations');
    expect(smtp.lastTo(email)?.text).toContain('Northgate Test Action');
    const user = await userByEmail(email);
    expect(user).toMatchObject({ organisation_id: org.orgB, role: 'admin' });
    // Only the invitation crosses organisations: the new user's page is not the inviter's to see.
    expect((await adminAgent.get(`/admin/users/${user!.id}`)).statusCode).toBe(404);
  });
});

describe("the admin's own organisation first", () => {
  it('the invite form starts on her own organisation, not the first in the alphabet', async () => {
    const first = await createOrganisation(t, 'Aaron Test Alphabet First');
    const form = await adminAgent.get('/admin/users/invite');
    expect(form.body).toMatch(new RegExp(`value="${org.orgA}" selected`));
    expect(form.body).not.toMatch(new RegExp(`value="${first}" selected`));
  });

  it('lists the users of every organisation she administers, each under its organisation', async () => {
    const other = await createUser(t, org.orgB, 'manager');
    const list = await adminAgent.get('/admin/users');
    const main = list.body;
    expect(main).toContain('Harbour Test Centre');
    expect(main).toContain('Northgate Test Action');
    expect(main.indexOf(other.email)).toBeGreaterThan(main.indexOf('Northgate Test Action'));
    // Seen, not managed: another organisation's user has no page of hers to open.
    expect(main).not.toContain(`href="/admin/users/${other.id}"`);
  });
});

describe("another organisation's users", () => {
  it('are not found, for every user page and action, and are left unchanged', async () => {
    const other = await createUser(t, org.orgB, 'key_worker');
    const agent = adminAgent;
    const csrf = csrfTokenIn((await agent.get('/admin/users/invite')).body)!;
    const before = smtp.inbox.length;
    expect((await agent.get(`/admin/users/${other.id}`)).statusCode).toBe(404);
    for (const action of ['role', 'deactivate', 'reactivate', 'password-link']) {
      const res = await agent.post(`/admin/users/${other.id}/${action}`, { _csrf: csrf, role: 'admin' });
      expect(res.statusCode, action).toBe(404);
      expect(res.body).toContain('Page not found');
    }
    expect(await userByEmail(other.email)).toMatchObject({ role: 'key_worker', active: true });
    expect(smtp.inbox.length).toBe(before);
    expect(await t.services.audit.list({ recordId: other.id })).toHaveLength(0);
    // Listed (issue 12: admins see the users of every organisation they administer), not linked.
    expect((await agent.get('/admin/users')).body).not.toContain(`href="/admin/users/${other.id}"`);
    expect((await agent.get('/admin/users/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('managing a user', () => {
  it('deactivation ends their sessions at once; reactivation lets them sign in again', async () => {
    const worker = await createUser(t, org.orgA, 'key_worker');
    const theirs = await signIn(t, worker);
    expect((await theirs.get('/')).statusCode).toBe(200);

    const res = await adminAgent.submit(
      `/admin/users/${worker.id}`,
      {},
      `/admin/users/${worker.id}/deactivate`,
    );
    expect(res.statusCode).toBe(302);
    const page = await adminAgent.get(`/admin/users/${worker.id}`);
    expect(page.body).toContain('has been deactivated and signed out');
    expect(page.body).toContain('Deactivated');
    const sessions = await t.database.db.execute(
      sql`select 1 from sessions where data->>'userId' = ${worker.id}`,
    );
    expect(sessions.rows).toHaveLength(0);
    const next = await theirs.get('/caseload');
    expect(next.statusCode).toBe(302);
    expect(next.headers.location).toMatch(/^\/sign-in/);
    expect((await theirs.get('/')).body).not.toContain('action="/sign-out"');
    const again = await new Agent(t.app).submit('/sign-in', { email: worker.email, password: TEST_PASSWORD });
    expect(again.statusCode).toBe(401);

    await adminAgent.submit(`/admin/users/${worker.id}`, {}, `/admin/users/${worker.id}/reactivate`);
    expect((await adminAgent.get(`/admin/users/${worker.id}`)).body).toContain('can sign in again');
    // (A second full sign-in in the same 30 seconds would reuse a TOTP code, which is refused.)
    const back = await new Agent(t.app).submit('/sign-in', { email: worker.email, password: TEST_PASSWORD });
    expect(back.headers.location).toBe('/sign-in/code?next=%2F');
    const actions = (await auditFor(worker.id)).filter((e) => e.actor === admin.id).map((e) => e.action);
    expect(actions).toEqual(['user-reactivated', 'user-deactivated']);
  });

  it('changes the role, refusing an unknown role and changes to your own account', async () => {
    const mentor = await createUser(t, org.orgA, 'mentor');
    const url = `/admin/users/${mentor.id}`;
    const bad = await adminAgent.submit(url, { role: 'superuser' }, `${url}/role`);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Select a role');
    expect((await adminAgent.submit(url, { role: 'manager' }, `${url}/role`)).statusCode).toBe(302);
    const page = await adminAgent.get(url);
    expect(page.body).toContain('is now Manager');
    expect(await userByEmail(mentor.email)).toMatchObject({ role: 'manager' });
    expect((await auditFor(mentor.id))[0]).toMatchObject({
      action: 'user-role-changed',
      actor: admin.id,
      details: { from: 'mentor', to: 'manager' },
    });

    const agent = adminAgent;
    const csrf = csrfTokenIn((await agent.get('/admin/users/invite')).body)!;
    const self = await agent.post(`/admin/users/${admin.id}/role`, { _csrf: csrf, role: 'mentor' });
    expect(self.statusCode).toBe(400);
    expect(self.body).toContain('You cannot change your own account');
    const selfOff = await agent.post(`/admin/users/${admin.id}/deactivate`, { _csrf: csrf });
    expect(selfOff.statusCode).toBe(400);
    expect(await userByEmail(admin.email)).toMatchObject({ role: 'admin', active: true });
  });

  it('sends a password reset link that lets them set a new password and enrol again', async () => {
    const manager = await createUser(t, org.orgA, 'manager');
    const url = `/admin/users/${manager.id}`;
    expect((await adminAgent.get(url)).body).toContain('Send a password reset link');
    expect((await adminAgent.submit(url, {}, `${url}/password-link`)).statusCode).toBe(302);
    expect((await adminAgent.get(url)).body).toContain('A password reset link has been emailed');
    const mail = smtp.lastTo(manager.email);
    expect(mail?.subject).toBe('Reset your Wayfinder password');
    const link = setPasswordPath(mail!.text, t.config.PUBLIC_BASE_URL);
    const agent = new Agent(t.app);
    await agent.submit(link, { password: 'another long password', confirm: 'another long password' });
    const res = await agent.submit('/sign-in', { email: manager.email, password: 'another long password' });
    expect(res.headers.location).toBe('/sign-in/enrol?next=%2F');
    expect((await auditFor(manager.id)).find((e) => e.action === 'password-link-issued')).toMatchObject({
      actor: admin.id,
      details: { purpose: 'reset' },
    });
  });
});
