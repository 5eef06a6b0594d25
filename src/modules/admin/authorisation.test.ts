import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { signInWithCsrf } from '../../../tests/support/admin.ts';
import { Agent } from '../../../tests/support/agent.ts';
import { createUser } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { roles } from '../../platform/auth/schema.ts';

const { t, smtp, org, users } = useScenario({
  smtp: {},
  users: { target: 'mentor' },
});
const { target } = users;

/** Every admin URL, with a valid body for each POST, so only authorisation can stop it. */
const routes = (): { method: 'GET' | 'POST'; url: string; body?: Record<string, string> }[] => [
  { method: 'GET', url: '/admin/organisations' },
  { method: 'GET', url: '/admin/organisations/new' },
  { method: 'POST', url: '/admin/organisations/new', body: { name: 'Sneaky Org', kind: 'charity' } },
  { method: 'GET', url: '/admin/users' },
  { method: 'GET', url: '/admin/users/invite' },
  {
    method: 'POST',
    url: '/admin/users/invite',
    body: { name: 'Sneaky', email: 'sneaky@example.org', role: 'admin' },
  },
  { method: 'GET', url: `/admin/users/${target.id}` },
  { method: 'POST', url: `/admin/users/${target.id}/role`, body: { role: 'admin' } },
  { method: 'POST', url: `/admin/users/${target.id}/password-link`, body: {} },
  { method: 'POST', url: `/admin/users/${target.id}/deactivate`, body: {} },
  { method: 'POST', url: `/admin/users/${target.id}/reactivate`, body: {} },
  { method: 'GET', url: '/admin/audit' },
  { method: 'GET', url: '/admin/audit?action=sign-in' },
];

const send = (agent: Agent, csrf: string, r: ReturnType<typeof routes>[number]) =>
  r.method === 'GET' ? agent.get(r.url) : agent.post(r.url, { ...r.body, _csrf: csrf });

describe('admin pages', () => {
  for (const role of roles.filter((r) => r !== 'admin')) {
    it(`refuse the ${role} role on every URL, changing nothing`, async () => {
      const user = await createUser(t, org.own, role);
      const { agent, csrf } = await signInWithCsrf(t, user);
      for (const r of routes()) {
        const res = await send(agent, csrf, r);
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(403);
        expect(res.body).toContain('You cannot see this page');
      }
      const orgs = await t.database.db.execute(sql`select 1 from organisations where name = 'Sneaky Org'`);
      expect(orgs.rows).toHaveLength(0);
      const users = await t.database.db.execute(sql`select role, active from users where id = ${target.id}`);
      expect(users.rows[0]).toEqual({ role: 'mentor', active: true });
      expect(smtp.inbox).toHaveLength(0);
    });
  }

  it('send someone not signed in to the sign-in page', async () => {
    for (const r of routes().filter((x) => x.method === 'GET')) {
      const res = await new Agent(t.app).get(r.url);
      expect(res.statusCode, r.url).toBe(302);
      expect(res.headers.location).toMatch(/^\/sign-in\?next=/);
    }
  });

  // The control: the same requests, tokens and bodies get through for an admin.
  it('let an admin through on every URL', async () => {
    const admin = await createUser(t, org.own, 'admin');
    const { agent, csrf } = await signInWithCsrf(t, admin);
    for (const r of routes()) {
      const res = await send(agent, csrf, r);
      expect(res.statusCode, `${r.method} ${r.url}`).toBe(r.method === 'GET' ? 200 : 302);
    }
    expect(smtp.inbox.map((m) => m.to[0])).toEqual(['sneaky@example.org', target.email]);
  });
});
