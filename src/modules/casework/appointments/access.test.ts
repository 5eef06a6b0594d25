import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signIn,
  type TestApp,
  type TestUser,
  walkInForm,
} from '../../../../tests/support/app.ts';
import { type Role, roles } from '../../../platform/auth/schema.ts';

/**
 * The authorisation matrix for 1-2-1 appointments: every route, for every role, in her own
 * organisation and in an unrelated one. Nothing about her (name, place, booking) appears where it
 * should not, and every refused change changes nothing.
 */
let t: TestApp;
let own: string;
let other: string;
const users = new Map<string, TestUser>();
const agents = new Map<string, Agent>();
const ids: Record<string, string> = {};
const secrets = { name: 'Zainab-Apptname', place: 'Matrix-appointment-place' };
const key = (role: Role, where: 'own' | 'other') => `${role}:${where}`;

beforeAll(async () => {
  t = await createTestApp();
  own = await createOrganisation(t, 'Own Organisation');
  other = await createOrganisation(t, 'Unrelated Organisation');
  const author = await createUser(t, own, 'key_worker');
  for (const role of roles)
    for (const where of ['own', 'other'] as const)
      users.set(key(role, where), await createUser(t, where === 'own' ? own : other, role));
  const actor = { userId: author.id, organisationId: own, role: 'key_worker' as const };
  ids.p = await t.services.participants.quickRegister(actor, walkInForm(secrets.name));
  const slot = (day: number) =>
    t.services.appointments.createSlot(actor, {
      mode: 'in_person',
      place: secrets.place,
      startsAt: new Date(Date.UTC(2099, 2, day, 10)),
      endsAt: new Date(Date.UTC(2099, 2, day, 11)),
      staffUserId: author.id,
    });
  ids.slot = await slot(1);
  ids.free = await slot(2);
  ids.spare = await slot(3);
  ids.booking = await t.services.appointments.book(actor, ids.p, ids.slot);
  // A message the provider refused, so "Send again" has something to retry.
  ids.failed = (
    await t.database.pool.query(
      "insert into casework_appointment_messages (booking_id, kind, channel, status, reason) values ($1, 'confirmation', 'sms', 'failed', 'provider_error') returning id",
      [ids.booking],
    )
  ).rows[0].id;
}, 120_000);
afterAll(() => t.close());

const as = async (k: string) => {
  if (!agents.has(k)) agents.set(k, await signIn(t, users.get(k)!));
  return agents.get(k)!;
};

const gets = () => [
  '/appointments',
  '/appointments/slots/new',
  `/participants/${ids.p}/appointments`,
  `/appointments/bookings/${ids.booking}`,
];

const posts = (): [string, Record<string, string>][] => [
  [
    '/appointments/slots/new',
    {
      mode: 'phone',
      'date-day': '1',
      'date-month': '4',
      'date-year': '2099',
      startTime: '10:00',
      length: '60',
      staffUserId: ids.p!,
    },
  ],
  [`/participants/${ids.p}/appointments`, { slotId: ids.free! }],
  [`/appointments/bookings/${ids.booking}/rebook`, { slotId: ids.free! }],
  [`/appointments/bookings/${ids.booking}/outcome`, { outcome: 'did_not_attend' }],
  [`/appointments/bookings/${ids.booking}/messages/${ids.failed}/retry`, {}],
  [`/appointments/bookings/${ids.booking}/cancel`, { reason: 'booked_in_error' }],
  [`/appointments/slots/${ids.spare}/withdraw`, {}],
  [`/appointments/slots/${ids.slot}/withdraw`, {}],
];

/** Only managers and key workers of her organisation work with her appointments. */
const allowed = (role: Role, where: 'own' | 'other') =>
  where === 'own' && (role === 'manager' || role === 'key_worker');
/** Managers and key workers of any organisation have their own organisation's slot list and form. */
const ownListing = (url: string, role: Role) =>
  (url === '/appointments' || url === '/appointments/slots/new') &&
  (role === 'manager' || role === 'key_worker');

async function rowCounts() {
  const q = await t.database.pool.query(`select
    (select count(*) from casework_appointment_slots) s,
    (select count(*) from casework_appointment_bookings) b,
    (select count(*) from casework_appointment_bookings where status = 'booked') booked,
    (select count(*) from casework_appointment_messages) m,
    (select count(*) from casework_contacts) c`);
  return q.rows[0];
}

describe('appointments authorisation matrix', () => {
  for (const role of roles)
    for (const where of ['own', 'other'] as const) {
      const who = `${role} of ${where === 'own' ? 'her' : 'another'} organisation`;
      it(`${who}: GET routes`, async () => {
        const a = await as(key(role, where));
        for (const url of gets()) {
          const res = await a.get(url);
          if (allowed(role, where)) {
            expect(res.statusCode, url).toBe(200);
            if (url !== '/appointments/slots/new')
              expect(res.body, `${url} shows the place`).toContain(secrets.place);
            if (url === '/appointments') expect(res.body).toContain(secrets.name);
            continue;
          }
          if (ownListing(url, role)) expect(res.statusCode, url).toBe(200);
          else expect([403, 404], `${url} ${res.statusCode}`).toContain(res.statusCode);
          for (const s of Object.values(secrets)) expect(res.body, `${url} leaks ${s}`).not.toContain(s);
        }
      });

      if (!allowed(role, where))
        it(`${who}: every change is refused and changes nothing`, async () => {
          const a = await as(key(role, where));
          const token = /data-csrf="([^"]+)"/.exec((await a.get('/')).body)?.[1];
          expect(token).toBeTruthy();
          const before = await rowCounts();
          for (const [url, form] of posts()) {
            // Another organisation's own slot form is theirs to use (and could not name her).
            if (ownListing(url, role)) continue;
            const res = await a.post(url, { ...form, _csrf: token! });
            expect([403, 404], `${url} ${res.statusCode}`).toContain(res.statusCode);
            for (const s of Object.values(secrets)) expect(res.body).not.toContain(s);
          }
          expect(await rowCounts()).toEqual(before);
        });
    }

  it('a key worker of her organisation may send a failed message again (once)', async () => {
    const a = await as(key('key_worker', 'own'));
    const url = `/appointments/bookings/${ids.booking}`;
    const res = await a.submit(url, {}, `${url}/messages/${ids.failed}/retry`);
    expect(res.statusCode).toBe(303);
    const { rows } = await t.database.pool.query(
      'select status, reason from casework_appointment_messages where retry_of_id = $1',
      [ids.failed],
    );
    // She has agreed to nothing: the second try goes through the same rules and is not sent.
    expect(rows).toEqual([{ status: 'not_sent', reason: 'no_consent' }]);
  });

  it('a manager of her organisation may change her booking (the matrix refusals are not blanket ones)', async () => {
    const a = await as(key('manager', 'own'));
    const page = await a.get(`/appointments/bookings/${ids.booking}`);
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await a.post(`/appointments/bookings/${ids.booking}/rebook`, {
      slotId: ids.free!,
      _csrf: token,
    });
    expect(res.statusCode).toBe(303);
  });
});
