// Staff directory pages through HTTP: forms, validation, create, edit, review, stale list, access.
import { eq, sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { Agent } from '../../../tests/support/agent.ts';
import { createOrganisation, createTestApp, createUser, signIn } from '../../../tests/support/app.ts';
import { expectPage } from '../../../tests/support/expect.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { dirService } from './schema.ts';
import { needTerms, whoForTerms } from './taxonomies.ts';

const LEEDS = 'E08000035';
const BRADFORD = 'E08000032';

const { t, org, agents } = useScenario({
  organisations: { orgA: 'Sisters Together', orgB: 'Another Charity' },
  users: { keyWorker: 'key_worker', manager: 'manager', otherOrg: ['manager', 'orgB'] },
  signedIn: ['keyWorker', 'manager', 'otherOrg'],
});
const { keyWorker, manager, otherOrg } = agents;

const valid = {
  name: 'Sisters Together advice',
  description: 'Advice on housing and benefits for women, with interpreters.',
  needTerms: [needTerms.homelessness.id, needTerms.moneyAndBenefits.id],
  whoForTerms: [whoForTerms.womenOnly.id],
  languages: ['ar', 'so'],
  free: 'yes',
  phone: '0113 496 0000',
  email: 'hello@sisters.example.org',
  url: 'https://sisters.example.org',
  address1: '12 Fictional Lane',
  town: 'Leeds',
  postcode: 'LS2 7ZZ',
  areaCodes: [LEEDS],
  openDays: ['MO', 'WE'],
  opensAt: '09:30',
  closesAt: '15:00',
};

const location = (res: { headers: Record<string, unknown> }) => String(res.headers.location ?? '');

async function create(agent: Agent, form: Record<string, string | string[]> = valid): Promise<string> {
  const res = await agent.submit('/directory/services/new', form);
  expect(res.statusCode).toBe(303);
  const id = /^\/directory\/services\/([0-9a-f-]{36})$/.exec(location(res))?.[1];
  expect(id).toBeTruthy();
  return id!;
}

describe('staff directory pages', () => {
  it('shows the form and keeps her input with an error beside each wrong field', async () => {
    const form = await keyWorker.get('/directory/services/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('This is a refuge or safe house: never show the address');

    const res = await keyWorker.submit('/directory/services/new', {
      ...valid,
      name: '',
      postcode: 'NOTAPOST',
      email: 'not-an-email',
      opensAt: '25:00',
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toMatch(/id="name-error"[\s\S]*?Enter the name of the service/);
    expect(res.body).toMatch(/id="postcode-error"[\s\S]*?Enter a real postcode/);
    expect(res.body).toMatch(/id="email-error"[\s\S]*?Enter an email address in the correct format/);
    expect(res.body).toMatch(/id="opensAt-error"[\s\S]*?Enter the opening time/);
    // What she typed is still there, checkboxes included.
    expect(res.body).toContain('>Advice on housing and benefits for women, with interpreters.</textarea>');
    expect(res.body).toContain('value="0113 496 0000"');
    expect(res.body).toContain('value="NOTAPOST"');
    expect(res.body).toMatch(new RegExp(`value="${needTerms.homelessness.id}" checked`));
    expect(res.body).toMatch(new RegExp(`value="${LEEDS}" checked`));
    expect(res.body).toMatch(/name="languages" type="checkbox" value="so" checked/);
    // Nothing was written.
    const [{ n }] = (await t.database.db
      .select({ n: sql<number>`count(*)::int` })
      .from(dirService)
      .where(eq(dirService.owner_organisation_id, org.orgA))) as [{ n: number }];
    expect(n).toBe(0);
  });

  it('creates a service, lists it with today as last reviewed, audits it and shows it publicly', async () => {
    const id = await create(keyWorker);
    const edit = await keyWorker.get(`/directory/services/${id}`);
    expectPage(edit, 200, 'Service added', 'value="Sisters Together advice"', 'value="LS2 7ZZ"');
    expect(edit.body).toMatch(new RegExp(`value="${whoForTerms.womenOnly.id}" checked`));
    expect(edit.body).toMatch(/name="openDays" type="checkbox" value="WE" checked/);
    expect(edit.body).toContain('value="09:30"');

    const list = await keyWorker.get('/directory/services');
    expect(list.body).toContain('Sisters Together advice');
    const today = new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'Europe/London' }).format(
      new Date(),
    );
    expect(list.body).toContain(today);
    expect(list.body).not.toContain('Needs review');

    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
    expect(events.map((e) => e.action)).toContain('directory.service.created');

    const publicPage = await t.app.inject({ url: `/find-support/services/${id}` });
    expectPage(publicPage, 200, '12 Fictional Lane', 'Monday, Wednesday 09:30 to 15:00');
  });

  it('edits a service; the change is saved, audited and public', async () => {
    const id = await create(keyWorker);
    // The page has two forms (mark as reviewed, then the service): post the service form.
    const page0 = `/directory/services/${id}`;
    const res = await keyWorker.submit(page0, { ...valid, name: 'Sisters Together drop-in' }, page0);
    expect(res.statusCode).toBe(303);
    expect(location(res)).toBe(`/directory/services/${id}`);
    const page = await keyWorker.get(location(res));
    expect(page.body).toContain('Service saved');
    expect(page.body).toContain('value="Sisters Together drop-in"');
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
    expect(events.map((e) => e.action)).toContain('directory.service.updated');
    expect((await t.app.inject({ url: `/find-support/services/${id}` })).body).toContain(
      'Sisters Together drop-in',
    );

    const bad = await keyWorker.submit(page0, { ...valid, description: '' }, page0);
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="description-error"[\s\S]*?Enter what the service does/);
    expect(bad.body).toContain('value="Sisters Together advice"');
  });

  it('keeps a refuge address for staff but never shows it publicly', async () => {
    const id = await create(keyWorker, {
      ...valid,
      name: 'Sisters Safe House',
      address1: '7 Hidden Close',
      postcode: 'BD3 9ZZ',
      town: 'Bradford',
      areaCodes: [BRADFORD],
      withheld: 'yes',
    });
    const staff = await keyWorker.get(`/directory/services/${id}`);
    expect(staff.body).toContain('value="7 Hidden Close"');
    expect(staff.body).toMatch(/name="withheld" type="checkbox" value="yes" checked/);
    for (const url of [`/find-support/services/${id}`, '/find-support?q=Sisters+Safe+House']) {
      const html = (await t.app.inject({ url })).body;
      expect(html).toContain('Sisters Safe House');
      expect(html).not.toContain('7 Hidden Close');
      expect(html).not.toContain('BD3 9ZZ');
    }
    expect((await t.app.inject({ url: `/find-support/services/${id}` })).body).toContain('In Bradford.');
  });

  it('flags services not reviewed within DIRECTORY_REVIEW_MONTHS; managers see them and mark them reviewed', async () => {
    const id = await create(keyWorker, { ...valid, name: 'Old Advice Line' });
    await t.database.db
      .update(dirService)
      .set({ last_reviewed_at: new Date(Date.now() - 200 * 86_400_000) })
      .where(eq(dirService.id, id));
    const list = await keyWorker.get('/directory/services');
    expect(list.body).toMatch(/Old Advice Line[\s\S]*?Needs review/);

    const stale = await manager.get('/directory/stale');
    expect(stale.statusCode).toBe(200);
    expect(stale.body).toContain('Old Advice Line');
    expect(stale.body).not.toContain('Sisters Together advice');

    const done = await manager.submit(
      '/directory/stale',
      { back: 'stale' },
      `/directory/services/${id}/review`,
    );
    expect(done.statusCode).toBe(303);
    expect(location(done)).toBe('/directory/stale');
    const after = await manager.get('/directory/stale');
    expect(after.body).toContain('Service marked as reviewed');
    expect(after.body).not.toContain('Old Advice Line');
    const events = await t.database.db.select().from(auditEvents).where(eq(auditEvents.recordId, id));
    expect(events.map((e) => e.action)).toContain('directory.service.reviewed');

    // A key worker cannot see the organisation's stale list.
    expect((await keyWorker.get('/directory/stale')).statusCode).toBe(403);
  });

  it('lets only managers and admins mark a service reviewed (directory:review); a key worker is refused', async () => {
    const id = await create(keyWorker, { ...valid, name: 'Review Rights Service' });
    const old = new Date(Date.now() - 200 * 86_400_000);
    await t.database.db.update(dirService).set({ last_reviewed_at: old }).where(eq(dirService.id, id));
    const page = await keyWorker.get(`/directory/services/${id}`);
    expect(page.statusCode).toBe(200);
    // No button she cannot use.
    expect(page.body).not.toContain(`action="/directory/services/${id}/review"`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const refused = await keyWorker.post(`/directory/services/${id}/review`, { _csrf: token });
    expect(refused.statusCode).toBe(403);
    const [row] = await t.database.db
      .select({ at: dirService.last_reviewed_at })
      .from(dirService)
      .where(eq(dirService.id, id));
    expect(row!.at!.getTime()).toBe(old.getTime());
    // Her manager sees the button and may.
    expect((await manager.get(`/directory/services/${id}`)).body).toContain(
      `action="/directory/services/${id}/review"`,
    );
    const done = await manager.submit(`/directory/services/${id}`, {}, `/directory/services/${id}/review`);
    expect(done.statusCode).toBe(303);
  });

  it('uses a review period from configuration', async () => {
    const id = await create(keyWorker, { ...valid, name: 'Monthly Check Service' });
    await t.database.db
      .update(dirService)
      .set({ last_reviewed_at: new Date(Date.now() - 45 * 86_400_000) })
      .where(eq(dirService.id, id));
    // 6 months by default: 45 days is not stale.
    expect((await manager.get('/directory/stale')).body).not.toContain('Monthly Check Service');
    const strict = await createTestApp({ env: { DIRECTORY_REVIEW_MONTHS: '1' } });
    try {
      const org = await createOrganisation(strict, 'Strict Org');
      const m = await signIn(strict, await createUser(strict, org, 'manager'));
      const sid = await create(m, { ...valid, name: 'Monthly Check Service' });
      await strict.database.db
        .update(dirService)
        .set({ last_reviewed_at: new Date(Date.now() - 45 * 86_400_000) })
        .where(eq(dirService.id, sid));
      expect((await m.get('/directory/stale')).body).toContain('Monthly Check Service');
    } finally {
      await strict.close();
    }
  }, 120_000);

  it("gives 404 for another organisation's service, read or written", async () => {
    const id = await create(keyWorker, { ...valid, name: 'Private To Org A' });
    expect((await otherOrg.get(`/directory/services/${id}`)).statusCode).toBe(404);
    const token = /name="_csrf" value="([^"]+)"/.exec(
      (await otherOrg.get('/directory/services/new')).body,
    )![1]!;
    const write = await otherOrg.post(`/directory/services/${id}`, {
      ...valid,
      name: 'Hijacked',
      _csrf: token,
    });
    expect(write.statusCode).toBe(404);
    const review = await otherOrg.post(`/directory/services/${id}/review`, { _csrf: token });
    expect(review.statusCode).toBe(404);
    expect((await otherOrg.get('/directory/services')).body).not.toContain('Private To Org A');
    expect((await otherOrg.get('/directory/stale')).body).not.toContain('Private To Org A');
    const [row] = await t.database.db
      .select({ name: dirService.name })
      .from(dirService)
      .where(eq(dirService.id, id));
    expect(row!.name).toBe('Private To Org A');
  });

  it('refuses roles without directory:edit (403) and sends signed-out visitors to sign in', async () => {
    for (const role of ['mentor', 'employer', 'commissioner'] as const) {
      const agent = await signIn(t, await createUser(t, org.orgA, role));
      expect((await agent.get('/directory/services')).statusCode, role).toBe(403);
      expect((await agent.get('/directory/services/new')).statusCode, role).toBe(403);
      expect((await agent.get('/directory/stale')).statusCode, role).toBe(403);
      // Not in their navigation either.
      expect((await agent.get('/')).body).not.toContain('href="/directory/services"');
    }
    const kwHome = (await keyWorker.get('/')).body;
    expect(kwHome).toContain('href="/directory/services"');
    expect(kwHome).not.toContain('href="/directory/stale"');
    expect((await manager.get('/')).body).toContain('href="/directory/stale"');
    const anon = await t.app.inject({ url: '/directory/services' });
    expect(anon.statusCode).toBe(302);
    expect(anon.headers.location).toBe('/sign-in?next=%2Fdirectory%2Fservices');
  }, 120_000);
});
