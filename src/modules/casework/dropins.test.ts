import { describe, expect, it } from 'vitest';
import { csrfTokenIn } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { expectPage } from '../../../tests/support/expect.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, as } = useScenario({
  organisations: { harbour: 'Harbour', elsewhere: 'Elsewhere' },
  users: { kw: 'key_worker', otherKw: ['key_worker', 'elsewhere'] },
});
const { kw, otherKw } = users;
const csrfOf = (html: string) => csrfTokenIn(html)!;

describe('drop-ins', () => {
  it('creates a session with capacity, adds a walk-in in one step and someone already registered, and stops when full', async () => {
    const a = await as(kw);
    const bad = await a.submit('/drop-ins/new', {
      place: 'Community hall',
      'date-day': '40',
      'date-month': '13',
      'date-year': '2026',
      startTime: '10:00',
      endTime: '09:00',
      capacity: '0',
    });
    expectPage(bad, 400, 'Enter a real date', 'Community hall');
    const created = await a.submit('/drop-ins/new', {
      place: 'Community hall',
      'date-day': '2',
      'date-month': '6',
      'date-year': '2099',
      startTime: '10:00',
      endTime: '12:30',
      capacity: '2',
    });
    expect(created.statusCode).toBe(303);
    const url = String(created.headers.location);
    const page = await a.get(url);
    expect(page.body).toContain('2 of 2 places left.');
    // 10:00 London summer time is 09:00 UTC.
    const { rows } = await t.database.pool.query('select starts_at from casework_drop_in_sessions');
    expect(new Date(rows[0].starts_at).toISOString()).toBe('2099-06-02T09:00:00.000Z');

    const noConsent = await a.submit(url, { preferredName: 'Imani', method: 'verbal' }, `${url}/walk-in`);
    expect(noConsent.statusCode).toBe(400);
    expect(noConsent.body).toContain('Imani');
    const walkIn = await a.submit(
      url,
      { preferredName: 'Imani', supportConsent: 'yes', method: 'verbal', neverContactAtHome: 'yes' },
      `${url}/walk-in`,
    );
    expect(walkIn.statusCode).toBe(303);
    const after = await a.get(url);
    expect(after.body).toContain('Imani');
    expect(after.body).toContain('Walk-in');
    expect(after.body).toContain('1 of 2 places left.');

    const existing = await registerWalkIn(t, kw, 'Joy Registered');
    const search = await a.get(`${url}?q=Joy`);
    expect(search.body).toContain('Add Joy Registered');
    const added = await a.submit(`${url}?q=Joy`, { participantId: existing }, `${url}/attend`);
    expect(added.statusCode).toBe(303);
    // Adding her twice keeps one place.
    await a.submit(`${url}?q=Joy`, { participantId: existing }, `${url}/attend`);
    expect((await a.get(url)).body).toContain('0 of 2 places left.');

    const full = await a.submit(
      url,
      { preferredName: 'Kemi', supportConsent: 'yes', method: 'verbal', neverContactAtHome: 'no' },
      `${url}/walk-in`,
    );
    expect(full.statusCode).toBe(400);
    expect(full.body).toContain('This session is full');
    expect((await a.get('/caseload?status=all')).body).not.toContain('Kemi');

    // The visit is on her contacts timeline.
    const timeline = await a.get(`/participants/${existing}/contacts`);
    expect(timeline.body).toContain('Drop-in');

    // Another organisation does not see the session or its register.
    const o = await as(otherKw);
    expect((await o.get(url)).statusCode).toBe(404);
    expect((await o.get('/drop-ins')).body).not.toContain('Community hall');
  });

  it('asks for the date as day, month and year, shows every error at once, and refuses a past date', async () => {
    const a = await as(kw);
    const form = await a.get('/drop-ins/new');
    expect(form.body).toContain('name="date-day"');
    expect(form.body).not.toContain('type="date"');
    const empty = await a.submit('/drop-ins/new', { capacity: '' });
    expect(empty.statusCode).toBe(400);
    for (const m of [
      'Enter the place',
      'Enter the date of the drop-in',
      'Enter the start time',
      'Enter the end time',
      'Enter the number of places',
    ])
      expect(empty.body, m).toContain(m);
    const past = await a.submit('/drop-ins/new', {
      place: 'Old hall',
      'date-day': '3',
      'date-month': '2',
      'date-year': '2020',
      startTime: '10:00',
      endTime: '11:00',
      capacity: '5',
    });
    expectPage(past, 400, 'The drop-in must be today or later');
    const { rows } = await t.database.pool.query(
      "select 1 from casework_drop_in_sessions where place = 'Old hall'",
    );
    expect(rows).toHaveLength(0);
  });

  it('says who was not found or is already on the register, and removes a mistaken entry (audited)', async () => {
    const a = await as(kw);
    const created = await a.submit('/drop-ins/new', {
      place: 'Library room',
      'date-day': '9',
      'date-month': '9',
      'date-year': '2099',
      startTime: '10:00',
      endTime: '11:00',
      capacity: '5',
    });
    const url = String(created.headers.location);
    const nobody = await a.get(`${url}?q=Zzyzx`);
    expect(nobody.body).toContain('Nobody found for “Zzyzx”');

    const her = await registerWalkIn(t, kw, 'Rahel Mistaken');
    await a.submit(`${url}?q=Rahel`, { participantId: her }, `${url}/attend`);
    const found = await a.get(`${url}?q=Rahel`);
    expect(found.body).toContain('Rahel Mistaken is already on the register');
    expect(found.body).not.toContain('Add Rahel Mistaken');
    const visits = async () =>
      (
        await t.database.pool.query(
          "select count(*)::int n from casework_contacts where participant_id = $1 and kind = 'drop_in'",
          [her],
        )
      ).rows[0].n;
    expect(await visits()).toBe(1);

    const removed = await a.submit(url, { participantId: her }, `${url}/remove`);
    expect(removed.statusCode).toBe(303);
    const page = await a.get(url);
    expect(page.body).toContain('5 of 5 places left.');
    expect(page.body).not.toContain('Rahel Mistaken');
    // The visit it put on her timeline goes with it.
    expect(await visits()).toBe(0);
    const [event] = await t.services.audit.list({ action: 'dropin.attendance-removed', recordId: her });
    expect(event?.details).toMatchObject({ sessionId: url.split('/').at(-1) });
    // Removing her again changes nothing and is not an error page.
    expect((await a.post(`${url}/remove`, { participantId: her, _csrf: csrfOf(page.body) })).statusCode).toBe(
      303,
    );
  });
});
