import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createTestApp, createUser, type TestApp } from '../../../tests/support/app.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import type { DirectoryService } from './service.ts';
import { deliveryTerms, needTerms, whoForTerms } from './taxonomies.ts';

let t: TestApp;
let directory: DirectoryService;
let keyWorker: Actor;
let manager: Actor;
let otherOrgWorker: Actor;
let mentor: Actor;

const actor = (u: { id: string; organisationId: string; role: Actor['role'] }): Actor => ({
  userId: u.id,
  organisationId: u.organisationId,
  role: u.role,
});

beforeAll(async () => {
  t = await createTestApp();
  directory = t.services.directory;
  const org = await createOrganisation(t, 'Harbour Women’s Centre (test)');
  const other = await createOrganisation(t, 'Another charity (test)');
  keyWorker = actor(await createUser(t, org, 'key_worker'));
  manager = actor(await createUser(t, org, 'manager'));
  mentor = actor(await createUser(t, org, 'mentor'));
  otherOrgWorker = actor(await createUser(t, other, 'key_worker'));
});
afterAll(() => t.close());

const refugeForm = {
  name: 'Harbour Refuge (test)',
  description: 'Safe accommodation for women escaping domestic abuse.',
  phone: '01632 960123',
  email: 'refuge@harbour.example.org',
  termIds: [needTerms.domesticAbuse.id, whoForTerms.womenOnly.id, deliveryTerms.phone.id],
  areaCodes: ['E08000035'],
  languages: ['ar', 'fa'],
  free: 'yes',
  address1: '1 Hidden Street',
  town: 'Leeds',
  postcode: 'ls1 1aa',
  withheld: 'yes',
  openDays: ['MO', 'WE'],
  opensAt: '09:30',
  closesAt: '17:00',
};

describe('directory service: staff', () => {
  it('ships the taxonomies at start-up', async () => {
    const { rows } = await t.database.db.execute<{ n: number }>(
      sql`select count(*)::int as n from directory_taxonomy_term where code is not null`,
    );
    expect(rows[0]!.n).toBe(28);
  });

  it('creates a service from the staff form, audited, with the refuge address kept from the public', async () => {
    const { id } = await directory.createService(keyWorker, refugeForm);
    const { service, ownerOrganisationId, lastReviewedAt } = await directory.getServiceForEdit(keyWorker, id);
    expect(ownerOrganisationId).toBe(keyWorker.organisationId);
    expect(lastReviewedAt).toBeInstanceOf(Date);
    const location = (service.service_at_locations as { location: Record<string, unknown> }[])[0]!.location;
    expect(location).toMatchObject({
      x_withheld: true,
      x_area_code: 'E08000035',
      addresses: [{ address_1: '1 Hidden Street', postal_code: 'LS1 1AA', city: 'Leeds' }],
    });
    expect(service).toMatchObject({
      name: 'Harbour Refuge (test)',
      phones: [{ number: '01632 960123' }],
      service_areas: [{ name: 'Leeds', extent: 'E08000035' }],
      schedules: [{ freq: 'WEEKLY', byday: 'MO,WE', opens_at: '09:30:00', closes_at: '17:00:00' }],
      cost_options: [{ option: 'Free', amount: 0 }],
    });
    expect((service.languages as { code: string }[]).map((l) => l.code).sort()).toEqual(['ar', 'fa']);
    const terms = (service.attributes as { taxonomy_term: { code: string } }[]).map(
      (a) => a.taxonomy_term.code,
    );
    expect(terms.sort()).toEqual(['domestic-abuse', 'phone', 'women-only']);

    const publicView = await directory.getService(id);
    expect(JSON.stringify(publicView)).not.toContain('Hidden Street');
    expect((publicView.service_at_locations as { location: Record<string, unknown> }[])[0]!.location).toEqual(
      {
        id: location.id,
        location_type: 'physical',
        name: 'Harbour Refuge (test)',
        x_withheld: true,
        x_area_code: 'E08000035',
      },
    );

    const events = await t.services.audit.list({ recordId: id });
    expect(events.map((e) => e.action)).toEqual(['directory.service.created']);
    expect(JSON.stringify(events[0]!.details)).not.toContain('Hidden');
  });

  it('an edit keeps the fields an imported feed sent that HSDS does not define (the form does not show them)', async () => {
    const { id } = await directory.createService(keyWorker, { ...refugeForm, name: 'Keeps extras (test)' });
    await t.database.db.execute(
      sql`update directory_service set extra = '{"pc_tier":"community"}'::jsonb where id = ${id}`,
    );
    await directory.updateService(keyWorker, id, { ...refugeForm, name: 'Kept extras (test)' });
    const { rows } = await t.database.db.execute<{ extra: unknown }>(
      sql`select extra from directory_service where id = ${id}`,
    );
    expect(rows[0]!.extra).toEqual({ pc_tier: 'community' });
  });

  it('an edit replaces what the form describes, never duplicates it', async () => {
    const { id } = await directory.createService(keyWorker, { ...refugeForm, name: 'Edit me (test)' });
    await directory.updateService(keyWorker, id, {
      ...refugeForm,
      name: 'Edited (test)',
      phone: '020 7946 0999',
      languages: ['so'],
      termIds: [needTerms.homelessness.id],
      withheld: '',
      address1: '2 Open Road',
    });
    const { service } = await directory.getServiceForEdit(keyWorker, id);
    expect(service.phones).toEqual([expect.objectContaining({ number: '020 7946 0999' })]);
    expect(service.languages).toEqual([expect.objectContaining({ code: 'so' })]);
    expect((service.attributes as unknown[]).length).toBe(1);
    // Once withheld, a location stays withheld: unchecking the box cannot publish a refuge address.
    const location = (service.service_at_locations as { location: Record<string, unknown> }[])[0]!.location;
    expect(location.x_withheld).toBe(true);
    const events = await t.services.audit.list({ recordId: id });
    expect(events.map((e) => e.action)).toEqual(['directory.service.updated', 'directory.service.created']);
  });

  it('keeps another organisation’s services out of reach, and refuses roles without the permission', async () => {
    const { id } = await directory.createService(keyWorker, { ...refugeForm, name: 'Ours (test)' });
    await expect(directory.getServiceForEdit(otherOrgWorker, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(directory.updateService(otherOrgWorker, id, refugeForm)).rejects.toBeInstanceOf(
      NotFoundError,
    );
    await expect(directory.deleteService(otherOrgWorker, id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(directory.createService(mentor, refugeForm)).rejects.toBeInstanceOf(ForbiddenError);
    await expect(directory.listStaleServices(keyWorker)).rejects.toBeInstanceOf(ForbiddenError);
    const { service } = await directory.getServiceForEdit(keyWorker, id);
    expect(service.name).toBe('Ours (test)');
  });

  it("refuses an HSDS document that reaches another organisation's records (a refuge's location)", async () => {
    const { id } = await directory.createService(keyWorker, {
      ...refugeForm,
      name: 'Refuge to reach (test)',
    });
    const { service } = await directory.getServiceForEdit(keyWorker, id);
    const location = (service.service_at_locations as { location: { id: string } }[])[0]!.location;
    const theirs = '00000000-0000-4000-8000-00000000e001';
    const doc = {
      id: theirs,
      name: 'Nosy (test)',
      status: 'active',
      service_at_locations: [{ id: '00000000-0000-4000-8000-00000000e002', location_id: location.id }],
    };
    await expect(directory.upsertServiceDocument(otherOrgWorker, doc)).rejects.toBeInstanceOf(NotFoundError);
    await expect(directory.getServiceForEdit(otherOrgWorker, theirs)).rejects.toBeInstanceOf(NotFoundError);
    // Its own new document is fine.
    const { service_at_locations: _, ...own } = doc;
    expect(await directory.upsertServiceDocument(otherOrgWorker, own)).toEqual({ id: theirs });
  });

  it('takes only http(s) web addresses and well-formed emails', async () => {
    for (const [url, email] of [
      ['javascript:alert(1)', 'a@b'],
      ['data:text/html,<script>alert(1)</script>', 'x@example.org>'],
      ['http://', 'javascript:alert(1)@example.org'],
    ]) {
      const error = await directory
        .createService(keyWorker, { name: 'Links (test)', description: 'x', url, email })
        .catch((e) => e);
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).fields).toEqual({
        url: 'directory.errors.url',
        email: 'directory.errors.email',
      });
    }
  });

  it('names each field the form got wrong', async () => {
    const error = await directory
      .createService(keyWorker, {
        name: '',
        description: 'x',
        email: 'nope',
        postcode: 'NOT A POSTCODE',
        address1: '1 Street',
        town: 'Leeds',
        termIds: ['00000000-0000-4000-8000-000000000000'],
        minimumAge: '30',
        maximumAge: '20',
      })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect((error as ValidationError).fields).toEqual({
      name: 'directory.errors.required',
      email: 'directory.errors.email',
      postcode: 'directory.errors.postcode',
      termIds: 'directory.errors.term',
      maximumAge: 'directory.errors.age',
    });
  });

  it('flags services not reviewed within the period, for managers to see, until reviewed', async () => {
    const { id } = await directory.createService(keyWorker, { ...refugeForm, name: 'Old (test)' });
    await t.database.db.execute(
      sql`update directory_service set last_reviewed_at = now() - interval '200 days' where id = ${id}`,
    );
    const stale = await directory.listStaleServices(manager, { staleAfterDays: 180 });
    expect(stale.map((s) => s.id)).toEqual([id]);
    const own = await directory.listOwnServices(keyWorker, { staleOnly: true });
    expect(own.contents.map((s) => s.id)).toEqual([id]);
    expect(own.contents[0]!.stale).toBe(true);
    expect(await directory.listStaleServices(manager, { staleAfterDays: 365 })).toEqual([]);
    // Marking it reviewed is for managers ('directory:review'), not the key worker who edits it.
    await expect(directory.markReviewed(keyWorker, id)).rejects.toBeInstanceOf(ForbiddenError);
    await directory.markReviewed(manager, id);
    expect(await directory.listStaleServices(manager)).toEqual([]);
    expect((await directory.counts(keyWorker)).stale).toBe(0);
  });

  it('lists services publicly in the HSDS page shape', async () => {
    const page = await directory.listServices({ perPage: 2, page: 1 });
    expect(page).toMatchObject({ page_number: 1, size: 2, first_page: true, empty: false });
    expect(page.total_items).toBeGreaterThanOrEqual(4);
    expect(page.total_pages).toBe(Math.ceil(page.total_items / 2));
    expect(JSON.stringify(page)).not.toContain('Hidden Street');
    const beyond = await directory.listServices({ perPage: 2, page: 99 });
    expect(beyond).toMatchObject({ empty: true, size: 0, last_page: true });
    await expect(directory.getService('not-a-uuid')).rejects.toBeInstanceOf(NotFoundError);
    // 36 characters of hex and dashes that are no uuid: not found, not a database error.
    for (const id of ['-'.repeat(36), 'a'.repeat(36), '0123456789abcdef-0123456789abcdef-01'])
      await expect(directory.getService(id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await directory.getServices(['-'.repeat(36)])).toEqual([]);
  });

  it('deletes a service and the location only it used, audited', async () => {
    const { id } = await directory.createService(keyWorker, { ...refugeForm, name: 'Gone (test)' });
    await directory.deleteService(keyWorker, id);
    await expect(directory.getService(id)).rejects.toBeInstanceOf(NotFoundError);
    const events = await t.services.audit.list({ recordId: id });
    expect(events[0]!.action).toBe('directory.service.deleted');
  });
});
