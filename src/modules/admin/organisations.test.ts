import { describe, expect, it } from 'vitest';
import { expectPage } from '../../../tests/support/expect.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, agents, as } = useScenario({
  organisations: { harbour: 'Harbour Test Centre', riverside: 'Riverside Test Council' },
  users: { admin: 'admin', worker: 'key_worker' },
  signedIn: ['admin'],
});
const { admin, worker } = users;
const agent = agents.admin;

/** The service navigation's links (and the sign-out form's action), in order, the current page marked. */
const navigation = (html: string) =>
  [
    ...html.matchAll(
      /<li class="govuk-service-navigation__item[^"]*">\s*<(?:a[^>]*href|form[^>]*action)="([^"]+)"([^>]*)>/g,
    ),
  ].map((m) => `${m[1]}${m[2]?.includes('aria-current') ? ' (current)' : ''}`);

describe('organisations of the partnership', () => {
  it('lists every organisation', async () => {
    const page = await agent.get('/admin/organisations');
    expectPage(page, 200, 'Harbour Test Centre', 'Riverside Test Council');
  });

  it('shows errors beside the fields and keeps the input', async () => {
    const empty = await agent.submit('/admin/organisations/new', { name: '  ' });
    expectPage(
      empty,
      400,
      'Enter the name of the organisation',
      'Select the type of organisation',
      'href="#kind"',
    );

    const taken = await agent.submit('/admin/organisations/new', {
      name: 'riverside test council',
      kind: 'council',
    });
    expectPage(
      taken,
      400,
      'An organisation with this name is already in the partnership',
      'value="riverside test council"',
    );
    expect(taken.body).toMatch(/value="council" checked/);
  });

  it('adds an organisation, audited, and offers to invite its first user', async () => {
    const res = await agent.submit('/admin/organisations/new', {
      name: 'Eastside Test Employer',
      kind: 'employer',
    });
    expect(res.headers.location).toBe('/admin/organisations');
    const page = await agent.get('/admin/organisations');
    expect(page.body).toContain('Eastside Test Employer has been added to the partnership');
    const [event] = await t.services.audit.list({ action: 'organisation-added' });
    expect(event).toMatchObject({
      actorUserId: admin.id,
      recordType: 'organisation',
      details: { kind: 'employer' },
    });
    expect(page.body).toContain(`/admin/users/invite?organisation=${event!.recordId}`);
    expect(page.body).toContain('Employer');
  });
});

describe('navigation', () => {
  it('shows an admin the admin pages, marks the current one, and lists them on the home page', async () => {
    const nav = navigation((await agent.get('/admin/users/invite')).body);
    expect(nav.filter((href) => href.startsWith('/admin/'))).toEqual([
      '/admin/organisations',
      '/admin/users (current)',
      '/admin/audit',
    ]);
    expect(nav.at(-1)).toBe('/sign-out');
    const home = await agent.get('/');
    for (const link of ['Organisations', 'Users', 'Audit log'])
      expect(home.body).toMatch(new RegExp(`<li><a class="govuk-link" href="/admin/[a-z]+">${link}</a><br>`));
  });

  it('shows other roles none of the admin pages, in the navigation or on the home page', async () => {
    const home = await (await as(worker)).get('/');
    expect(navigation(home.body).at(-1)).toBe('/sign-out');
    expect(home.body).not.toContain('/admin/');
  });
});
