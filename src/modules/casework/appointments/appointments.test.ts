import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenIn } from '../../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signInOnce,
  type TestApp,
  type TestUser,
  walkInForm,
} from '../../../../tests/support/app.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { parseCalendar } from '../../../platform/ics.ts';
import { createMailer } from '../../../platform/mail.ts';

/**
 * 1-2-1 appointments end to end: a real database, real HTTP with CSRF, a real SMTP server for email
 * and a local HTTP server standing in for the SMS provider.
 */
interface Sms {
  auth: string | undefined;
  url: string;
  body: { phone_number: string; content: string };
}
let t: TestApp;
let org: string;
let kw: TestUser;
let manager: TestUser;
let actor: Actor;
const as = signInOnce(() => t);
const texts: Sms[] = [];
const emails: { to: string[]; raw: string }[] = [];
let providerStatus = 201;
let providerServer: Server;
let smtp: SMTPServer;
let seq = 0;

beforeAll(async () => {
  providerServer = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (providerStatus >= 400) {
        res.writeHead(providerStatus, { 'content-type': 'application/json' }).end('{"errors":[]}');
        return;
      }
      texts.push({
        auth: req.headers.authorization,
        url: req.url!,
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `sms-${++seq}` }));
    });
  });
  await new Promise<void>((resolve) => providerServer.listen(0, '127.0.0.1', resolve));
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        emails.push({
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  t = await createTestApp({
    mailer: createMailer({
      smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
      from: 'w@example.org',
      dataDir: '/nonexistent',
    }),
    env: {
      SMS_PROVIDER_URL: `http://127.0.0.1:${(providerServer.address() as AddressInfo).port}`,
      SMS_API_KEY: 'test-sms-key',
      PUBLIC_BASE_URL: 'https://wayfinder.example.org',
    },
  });
  org = await createOrganisation(t, 'Harbour Domestic Abuse Service');
  kw = await createUser(t, org, 'key_worker');
  manager = await createUser(t, org, 'manager');
  actor = { userId: kw.id, organisationId: org, role: 'key_worker' };
}, 60_000);
afterAll(async () => {
  await t.close();
  await new Promise<void>((resolve) => providerServer.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
});

let her = 0;
/** A woman on the key worker's caseload with the given contact details, safe methods and consents. */
async function woman(o: {
  phone?: string;
  email?: string;
  methods?: string[];
  consents?: ('contact_sms' | 'contact_email')[];
  languages?: string[];
}) {
  const p = t.services.participants;
  const id = await p.quickRegister(actor, walkInForm(`Amina Appointment ${++her}`));
  await p.updateSection(actor, id, {
    section: 'contact',
    data: {
      contactMethods: (o.methods ?? []) as never,
      safeTimes: null,
      neverContactAtHome: false,
      phone: o.phone ?? null,
      email: o.email ?? null,
    },
  });
  if (o.languages)
    await p.updateSection(actor, id, {
      section: 'languages',
      data: {
        languages: o.languages,
        interpreterNeeded: false,
        interpreterLanguage: null,
        englishLevel: null,
      },
    } as never);
  for (const purpose of o.consents ?? [])
    await p.recordConsent(actor, id, { purpose, organisationId: null, given: true, method: 'verbal' });
  return id;
}

let day = 0;
/** A slot on its own future day, three days from the last (so reminder windows do not overlap), 13:00 London time (GMT in January) for an hour. */
async function slot(opts: { mode?: 'in_person' | 'phone'; place?: string } = {}) {
  const date = new Date(Date.UTC(2099, 0, 10 + 3 * ++day, 13));
  return {
    id: await t.services.appointments.createSlot(actor, {
      mode: opts.mode ?? 'in_person',
      place: opts.mode === 'phone' ? null : (opts.place ?? 'Community hall'),
      startsAt: date,
      endsAt: new Date(date.getTime() + 3_600_000),
      staffUserId: kw.id,
    }),
    startsAt: date,
  };
}

/** Books through her appointments page, as a key worker would. */
async function bookViaPage(participantId: string, slotId: string) {
  const a = await as(kw);
  return a.submit(`/participants/${participantId}/appointments`, { slotId });
}

/** The parts of a MIME message, decoded, by content type. */
function mimeParts(raw: string): { type: string; body: string }[] {
  const boundary = /boundary="?([^";\r\n]+)"?/i.exec(raw)?.[1];
  if (!boundary) return [];
  return raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const split = part.indexOf('\r\n\r\n');
      const head = part.slice(0, split).replace(/\r\n[ \t]+/g, ' ');
      const body = part.slice(split + 4).replace(/\r\n$/, '');
      const type = /Content-Type:\s*([^;\r\n]+)/i.exec(head)?.[1]?.trim() ?? '';
      const enc = /Content-Transfer-Encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
      const decoded =
        enc === 'base64'
          ? Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8')
          : enc === 'quoted-printable'
            ? Buffer.from(
                body
                  .replace(/=\r\n/g, '')
                  .replace(/=([0-9A-F]{2})/gi, (_, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
                'latin1',
              ).toString('utf8')
            : body;
      return { type, body: decoded };
    });
}

const messagesOf = async (bookingId: string) =>
  (
    await t.database.pool.query(
      'select kind, channel, status, reason, provider_id from casework_appointment_messages where booking_id = $1 order by at, channel',
      [bookingId],
    )
  ).rows;

describe('1-2-1 slots', () => {
  it('refuses a slot during a drop-in at the same place with a field error, and publishes one outside it', async () => {
    const a = await as(kw);
    const dropIn = await a.submit('/drop-ins/new', {
      place: 'Community Hall',
      'date-day': '2',
      'date-month': '6',
      'date-year': '2099',
      startTime: '10:00',
      endTime: '12:30',
      capacity: '20',
    });
    expect(dropIn.statusCode).toBe(303);
    const form = (startTime: string, extra: Record<string, string> = {}) => ({
      mode: 'in_person',
      place: ' community   hall ',
      'date-day': '2',
      'date-month': '6',
      'date-year': '2099',
      startTime,
      length: '60',
      staffUserId: kw.id,
      ...extra,
    });
    const during = await a.submit('/appointments/slots/new', form('12:00'));
    expect(during.statusCode).toBe(400);
    expect(during.body).toContain('choose a time outside drop-in times');
    expect(during.body).toContain('href="#startTime"');
    expect(during.body).toContain('community   hall');

    const after = await a.submit('/appointments/slots/new', form('12:30'));
    expect(after.statusCode).toBe(303);
    // By phone at drop-in time is not at the place: allowed (with someone else, so not double-booked).
    const phone = await a.submit(
      '/appointments/slots/new',
      form('11:00', { mode: 'phone', place: '', staffUserId: manager.id }),
    );
    expect(phone.statusCode).toBe(303);
    // The same person cannot hold two slots at once.
    const clash = await a.submit('/appointments/slots/new', form('13:00', { place: 'Library' }));
    expect(clash.statusCode).toBe(400);
    expect(clash.body).toContain('already has a slot at this time');
    const missing = await a.submit('/appointments/slots/new', form('14:00', { place: '', length: '7' }));
    expect(missing.statusCode).toBe(400);
    expect(missing.body).toContain('Enter the place');
    expect(missing.body).toContain('Choose a length');

    const list = await a.get('/appointments');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('community   hall');
    expect(list.body).toContain('By phone');
    expect(list.body.match(/>Free</g)?.length).toBeGreaterThanOrEqual(2);
    // 12:30 London summer time is 11:30 UTC.
    const { rows } = await t.database.pool.query(
      "select starts_at, ends_at from casework_appointment_slots where mode = 'in_person' order by starts_at",
    );
    expect(new Date(rows[0].starts_at).toISOString()).toBe('2099-06-02T11:30:00.000Z');
    expect(new Date(rows[0].ends_at).toISOString()).toBe('2099-06-02T12:30:00.000Z');
  });
});

describe('booking and messages', () => {
  it('refuses JSON bodies with values that are not text (which no form sends) with a 400, not a 500', async () => {
    const p = await woman({});
    const s = await slot();
    const a = await as(kw);
    const page = `/participants/${p}/appointments`;
    const token = csrfTokenIn((await a.get(page)).body)!;
    const cookie = [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const post = (url: string, body: Record<string, unknown>) =>
      t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ _csrf: token, ...body }),
      });
    for (const slotId of [false, 0, {}, [s.id, 1], null])
      expect((await post(page, { slotId })).statusCode, JSON.stringify(slotId)).toBe(400);
    // Otherwise a valid slot: only the changed field is wrong.
    const slotForm = {
      mode: 'phone',
      'date-day': '3',
      'date-month': '6',
      'date-year': '2099',
      startTime: '10:00',
      length: '60',
      staffUserId: kw.id,
    };
    for (const change of [{ mode: 1 }, { 'date-day': 3 }, { startTime: ['10:00', 1] }, { place: { a: 1 } }])
      expect((await post('/appointments/slots/new', { ...slotForm, ...change })).statusCode).toBe(400);
    const { rows } = await t.database.pool.query(
      `select (select count(*)::int from casework_appointment_bookings where slot_id = $1) bookings,
              (select count(*)::int from casework_appointment_slots where starts_at::date = '2099-06-03') slots`,
      [s.id],
    );
    expect(rows[0]).toEqual({ bookings: 0, slots: 0 });
  });

  it('books a slot once, sends the confirmation by SMS to the provider and by email with an .ics file', async () => {
    const p = await woman({
      phone: '07700 900111',
      email: 'amina.one@example.net',
      methods: ['sms', 'email'],
      consents: ['contact_sms', 'contact_email'],
    });
    const s = await slot();
    const before = texts.length;
    const res = await bookViaPage(p, s.id);
    expect(res.statusCode).toBe(303);
    const bookingUrl = String(res.headers.location);
    const bookingId = bookingUrl.split('/').at(-1)!;

    // The SMS reached the provider: bearer key, her number, neutral text.
    expect(texts.length).toBe(before + 1);
    const sms = texts.at(-1)!;
    expect(sms.url).toBe('/v2/notifications/sms');
    expect(sms.auth).toBe('Bearer test-sms-key');
    expect(sms.body.phone_number).toBe('07700 900111');
    const when = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(s.startsAt);
    expect(sms.body.content).toBe(
      `Your appointment on ${when} at 13:00, Community hall. Reply or call to change.`,
    );
    expect(sms.body.content).not.toMatch(/abuse|Harbour|Amina/i);

    // The email arrived with a calendar file that parses back to the slot.
    const mail = emails.findLast((m) => m.to.includes('amina.one@example.net'))!;
    expect(mail).toBeTruthy();
    expect(mail.raw).toMatch(/^Subject: Your appointment\r?$/m);
    expect(mail.raw).not.toMatch(/abuse|Harbour/i);
    const calendar = mimeParts(mail.raw).find((part) => part.type === 'text/calendar')!;
    expect(calendar).toBeTruthy();
    expect(calendar.body).toContain('\r\n');
    expect(calendar.body.replace(/\r\n/g, '')).not.toContain('\n');
    const [event] = parseCalendar(calendar.body);
    expect(event).toMatchObject({
      UID: `${bookingId}@wayfinder.example.org`,
      DTSTART: s.startsAt.toISOString().replace(/[-:]/g, '').replace('.000', ''),
      DTEND: new Date(s.startsAt.getTime() + 3_600_000)
        .toISOString()
        .replace(/[-:]/g, '')
        .replace('.000', ''),
      SUMMARY: 'Appointment',
      LOCATION: 'Community hall',
    });

    // Staff see what was sent.
    const a = await as(kw);
    const page = await a.get(bookingUrl);
    expect(page.body).toContain('Confirmation sent by SMS at');
    expect(page.body).toContain('Confirmation sent by email at');
    expect(await messagesOf(bookingId)).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent' }),
      expect.objectContaining({ channel: 'sms', status: 'sent', provider_id: `sms-${seq}` }),
    ]);
    expect((await a.get(`/participants/${p}/appointments`)).body).toContain('Community hall');
    expect((await a.get('/caseload')).body).toContain('Next appointment');
    // Her record links to her appointments.
    expect((await a.get(`/participants/${p}`)).body).toContain(`href="/participants/${p}/appointments"`);

    // Booked once: another woman cannot take the same slot.
    const other = await woman({});
    const herPage = await a.get(`/participants/${other}/appointments`);
    expect(herPage.body).not.toContain(`value="${s.id}"`);
    const again = await a.post(`/participants/${other}/appointments`, {
      slotId: s.id,
      _csrf: csrfTokenIn(herPage.body)!,
    });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('This slot has just been booked');

    // Two bookings at the same moment: exactly one wins.
    const race = await slot({ mode: 'phone' });
    const third = await woman({});
    const results = await Promise.allSettled([
      t.services.appointments.book(actor, other, race.id),
      t.services.appointments.book(actor, third, race.id),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const { rows } = await t.database.pool.query(
      "select count(*)::int n from casework_appointment_bookings where slot_id = $1 and status <> 'cancelled'",
      [race.id],
    );
    expect(rows[0].n).toBe(1);

    // Audit: booked and each message, with no personal data in the details.
    const audit = await t.database.pool.query(
      "select action, details from audit_events where action like 'appointment.%' and details->>'bookingId' = $1",
      [bookingId],
    );
    expect(audit.rows.map((r) => r.action).sort()).toEqual([
      'appointment.booked',
      'appointment.message',
      'appointment.message',
      'appointment.viewed',
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/07700|example\.net|Amina|Community/);
  });

  it('sends nothing by SMS without her SMS consent, or when SMS is not a safe method, and says so', async () => {
    const noConsent = await woman({ phone: '07700 900222', methods: ['sms'] });
    const notSafe = await woman({ phone: '07700 900333', methods: ['phone'], consents: ['contact_sms'] });
    const before = texts.length;
    const a = await as(kw);
    const first = await bookViaPage(noConsent, (await slot()).id);
    const second = await bookViaPage(notSafe, (await slot()).id);
    expect(texts.length).toBe(before);
    const p1 = await a.get(String(first.headers.location));
    expect(p1.body).toContain('Confirmation: no message sent by SMS: she has not agreed to SMS');
    expect(p1.body).toContain('Confirmation: no message sent by email: she has not agreed to email');
    const p2 = await a.get(String(second.headers.location));
    expect(p2.body).toContain('SMS is not one of her safe contact methods');
  });

  it('writes to her in her language', async () => {
    const p = await woman({
      phone: '07700 900444',
      methods: ['sms'],
      consents: ['contact_sms'],
      languages: ['Arabic'],
    });
    await bookViaPage(p, (await slot({ mode: 'phone' })).id);
    expect(texts.at(-1)!.body.phone_number).toBe('07700 900444');
    expect(texts.at(-1)!.body.content).toContain('موعدك');
    expect(texts.at(-1)!.body.content).toContain('عبر الهاتف');
  });

  it('sends a reminder the day before once only, and not after she withdraws consent', async () => {
    const keeps = await woman({ phone: '07700 900555', methods: ['sms'], consents: ['contact_sms'] });
    const withdraws = await woman({ phone: '07700 900666', methods: ['sms'], consents: ['contact_sms'] });
    const s1 = await slot();
    const s2 = await slot();
    // Same start for both reminders' window: move s2 onto s1's day at 15:00.
    await t.database.pool.query(
      'update casework_appointment_slots set starts_at = $1, ends_at = $2 where id = $3',
      [
        new Date(s1.startsAt.getTime() + 2 * 3_600_000),
        new Date(s1.startsAt.getTime() + 3 * 3_600_000),
        s2.id,
      ],
    );
    const b1 = await t.services.appointments.book(actor, keeps, s1.id);
    const b2 = await t.services.appointments.book(actor, withdraws, s2.id);
    await t.services.participants.recordConsent(actor, withdraws, {
      purpose: 'contact_sms',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const before = texts.length;
    // Two days before: nothing is due yet.
    expect(
      (await t.services.appointments.sendReminders(new Date(s1.startsAt.getTime() - 48 * 3_600_000)))
        .bookings,
    ).toBe(0);
    // At night (03:00 UK time) nothing is sent, even though both are due.
    expect(
      await t.services.appointments.sendReminders(new Date(s1.startsAt.getTime() - 10 * 3_600_000)),
    ).toEqual({
      bookings: 0,
      sent: 0,
      quiet: true,
    });
    const dayBefore = new Date(s1.startsAt.getTime() - 20 * 3_600_000);
    const [run1, run2] = [
      await t.services.appointments.sendReminders(dayBefore),
      await t.services.appointments.sendReminders(dayBefore),
    ];
    expect(run1).toEqual({ bookings: 2, sent: 1, quiet: false });
    expect(run2).toEqual({ bookings: 0, sent: 0, quiet: false });
    // Two jobs at once still send once.
    await Promise.all([
      t.services.appointments.sendReminders(dayBefore),
      t.services.appointments.sendReminders(dayBefore),
    ]);
    const sent = texts.slice(before);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.body.phone_number).toBe('07700 900555');
    expect(sent[0]!.body.content).toMatch(/^Reminder: your appointment on /);
    expect((await messagesOf(b1)).filter((m) => m.kind === 'reminder')).toEqual([
      expect.objectContaining({ channel: 'email', status: 'not_sent', reason: 'no_consent' }),
      expect.objectContaining({ channel: 'sms', status: 'sent' }),
    ]);
    const a = await as(kw);
    const page = await a.get(`/appointments/bookings/${b2}`);
    expect(page.body).toContain('Confirmation sent by SMS at');
    expect(page.body).toContain('Reminder: no message sent by SMS: she has not agreed to SMS');
  });

  it('shows a provider failure as failed, without an error page', async () => {
    const p = await woman({ phone: '07700 900777', methods: ['sms'], consents: ['contact_sms'] });
    providerStatus = 500;
    try {
      const res = await bookViaPage(p, (await slot()).id);
      expect(res.statusCode).toBe(303);
      const page = await (await as(kw)).get(String(res.headers.location));
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Confirmation by SMS failed to send');
      const bookingId = String(res.headers.location).split('/').at(-1)!;
      expect(await messagesOf(bookingId)).toContainEqual(
        expect.objectContaining({ channel: 'sms', status: 'failed', reason: 'provider_error' }),
      );
    } finally {
      providerStatus = 201;
    }
  });
});

describe('her data rights', () => {
  it('puts her appointments and their messages in her subject access export, and erasure removes them', async () => {
    const p = await woman({ phone: '07700 900999', methods: ['sms'], consents: ['contact_sms'] });
    const s = await slot({ place: 'Export room' });
    const bookingId = await t.services.appointments.book(actor, p, s.id);
    const exported = JSON.stringify(await t.services.participants.subjectAccessExport(actor, p, 'json'));
    expect(exported).toContain('"appointments"');
    expect(exported).toContain('Export room');
    expect(exported).toContain('"channel":"sms"');
    const m = { userId: manager.id, organisationId: org, role: 'manager' as const };
    await t.services.participants.erase(m, p);
    const left = await t.database.pool.query(
      'select (select count(*)::int from casework_appointment_bookings where participant_id = $1) b, (select count(*)::int from casework_appointment_messages where booking_id = $2) m',
      [p, bookingId],
    );
    expect(left.rows[0]).toEqual({ b: 0, m: 0 });
    // The slot is free again.
    expect((await (await as(kw)).get('/appointments')).body).toContain(
      `action="/appointments/slots/${s.id}/withdraw"`,
    );
  });
});

describe('changing a booking', () => {
  it('withdraws a free slot, but never one that was booked (her history stays)', async () => {
    const a = await as(kw);
    const free = await slot({ mode: 'phone' });
    const used = await slot({ mode: 'phone' });
    const b = await t.services.appointments.book(actor, await woman({}), used.id);
    await t.services.appointments.cancel(actor, b, 'she_asked');
    const list = await a.get('/appointments');
    expect(list.body).toContain(`action="/appointments/slots/${free.id}/withdraw"`);
    const token = csrfTokenIn(list.body)!;
    const refused = await a.post(`/appointments/slots/${used.id}/withdraw`, { _csrf: token });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('cancel the booking instead');
    const withdrawn = await a.post(`/appointments/slots/${free.id}/withdraw`, { _csrf: token });
    expect(withdrawn.statusCode).toBe(303);
    const { rows } = await t.database.pool.query(
      'select id from casework_appointment_slots where id = any($1)',
      [[free.id, used.id]],
    );
    expect(rows.map((r) => r.id)).toEqual([used.id]);
    expect((await a.post(`/appointments/slots/${free.id}/withdraw`, { _csrf: token })).statusCode).toBe(404);
  });

  it('rebooks, cancels (freeing the slot), and records attendance as a 1-2-1 on her timeline', async () => {
    const a = await as(kw);
    const p = await woman({});
    const s1 = await slot();
    const s2 = await slot({ mode: 'phone' });
    const first = await bookViaPage(p, s1.id);
    const firstUrl = String(first.headers.location);
    const page = await a.get(firstUrl);
    expect(page.body).toContain('Move to another slot');
    const moved = await a.submit(firstUrl, { slotId: s2.id }, `${firstUrl}/rebook`);
    expect(moved.statusCode).toBe(303);
    const secondUrl = String(moved.headers.location);
    expect(secondUrl).not.toBe(firstUrl);
    expect((await a.get(firstUrl)).body).toContain('Cancelled');
    // The first slot is free again for someone else.
    const other = await woman({});
    expect((await a.get(`/participants/${other}/appointments`)).body).toContain(`value="${s1.id}"`);

    const cancelled = await a.submit(`${secondUrl}/cancel`, { reason: 'she_asked' });
    expect(cancelled.statusCode).toBe(303);
    expect((await a.get(`/participants/${p}/appointments`)).body).toContain(
      'She has no upcoming appointments.',
    );
    const token = csrfTokenIn((await a.get(`/participants/${p}/appointments`)).body)!;
    const twice = await a.post(`${secondUrl}/rebook`, { slotId: s1.id, _csrf: token });
    expect(twice.statusCode).toBe(400);
    expect(twice.body).toContain('already been cancelled');

    // Attendance: the outcome can be recorded once the appointment has started.
    const s3 = await slot();
    const booked = await bookViaPage(p, s3.id);
    const url = String(booked.headers.location);
    const early = await a.submit(url, { outcome: 'attended' }, `${url}/outcome`);
    expect(early.statusCode).toBe(400);
    expect(early.body).toContain('once the appointment has started');
    await t.database.pool.query(
      "update casework_appointment_slots set starts_at = now() - interval '2 hours', ends_at = now() - interval '1 hour' where id = $1",
      [s3.id],
    );
    const attended = await a.submit(url, { outcome: 'attended' }, `${url}/outcome`);
    expect(attended.statusCode).toBe(303);
    expect((await a.get(url)).body).toContain('Attended');
    const timeline = await a.get(`/participants/${p}/contacts`);
    expect(timeline.body).toContain('1-2-1');
    // The page no longer offers the form; a replayed post is refused and changes nothing.
    const again = await a.post(`${url}/outcome`, { outcome: 'did_not_attend', _csrf: token });
    expect(again.statusCode).toBe(400);
    const { rows } = await t.database.pool.query(
      "select count(*)::int n from casework_contacts where participant_id = $1 and kind = 'one_to_one'",
      [p],
    );
    expect(rows[0].n).toBe(1);
  });
});

/** The calendar file attached to the last email to this address. */
function lastCalendarTo(address: string) {
  const mail = emails.findLast((m) => m.to.includes(address))!;
  expect(mail).toBeTruthy();
  const part = mimeParts(mail.raw).find((p) => p.type === 'text/calendar')!;
  expect(part).toBeTruthy();
  return { mail, ics: part.body, event: parseCalendar(part.body)[0]! };
}

describe('telling her of a cancellation', () => {
  it('sends the neutral cancellation by SMS and email, withdrawing the calendar event (same UID, higher SEQUENCE)', async () => {
    const p = await woman({
      phone: '07700 900121',
      email: 'amina.cancel@example.net',
      methods: ['sms', 'email'],
      consents: ['contact_sms', 'contact_email'],
    });
    const s = await slot();
    const booked = await bookViaPage(p, s.id);
    const url = String(booked.headers.location);
    const bookingId = url.split('/').at(-1)!;
    const confirmation = lastCalendarTo('amina.cancel@example.net');
    const before = texts.length;

    const a = await as(kw);
    const res = await a.submit(`${url}/cancel`, { reason: 'staff_unavailable' });
    expect(res.statusCode).toBe(303);

    expect(texts.length).toBe(before + 1);
    const when = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      weekday: 'long',
      day: 'numeric',
      month: 'long',
    }).format(s.startsAt);
    expect(texts.at(-1)!.body).toEqual({
      phone_number: '07700 900121',
      content: `Your appointment on ${when} at 13:00 is cancelled. Call us to arrange another.`,
    });
    const { mail, ics, event } = lastCalendarTo('amina.cancel@example.net');
    expect(mail).not.toBe(confirmation.mail);
    expect(mail.raw).toMatch(/^Subject: Your appointment is cancelled\r?$/m);
    expect(mail.raw).not.toMatch(/abuse|Harbour/i);
    expect(ics).toMatch(/^METHOD:CANCEL\r$/m);
    expect(confirmation.ics).toMatch(/^METHOD:PUBLISH\r$/m);
    expect(event.UID).toBe(`${bookingId}@wayfinder.example.org`);
    expect(event.UID).toBe(confirmation.event.UID);
    expect(Number(event.SEQUENCE)).toBeGreaterThan(Number(confirmation.event.SEQUENCE));
    expect(event.STATUS).toBe('CANCELLED');
    expect(event.DTSTART).toBe(confirmation.event.DTSTART);

    expect((await messagesOf(bookingId)).filter((m) => m.kind === 'cancellation')).toEqual([
      expect.objectContaining({ channel: 'email', status: 'sent' }),
      expect.objectContaining({ channel: 'sms', status: 'sent', provider_id: `sms-${seq}` }),
    ]);
    const page = await a.get(url);
    expect(page.body).toContain('Cancellation sent by SMS at');
    expect(page.body).toContain('Cancellation sent by email at');
    const audit = await t.database.pool.query(
      "select details from audit_events where action = 'appointment.message' and details->>'bookingId' = $1 and details->>'kind' = 'cancellation'",
      [bookingId],
    );
    expect(audit.rows).toHaveLength(2);
  });

  it('follows the same consent and safe-contact rules, and writes in her language', async () => {
    const noConsent = await woman({ phone: '07700 900131', methods: ['sms'] });
    const arabic = await woman({
      phone: '07700 900132',
      methods: ['sms'],
      consents: ['contact_sms'],
      languages: ['Arabic'],
    });
    const b1 = await t.services.appointments.book(actor, noConsent, (await slot()).id);
    const b2 = await t.services.appointments.book(actor, arabic, (await slot({ mode: 'phone' })).id);
    const before = texts.length;
    await t.services.appointments.cancel(actor, b1, 'she_asked');
    expect(texts.length).toBe(before);
    expect((await messagesOf(b1)).filter((m) => m.kind === 'cancellation')).toEqual([
      expect.objectContaining({ channel: 'email', status: 'not_sent', reason: 'no_consent' }),
      expect.objectContaining({ channel: 'sms', status: 'not_sent', reason: 'no_consent' }),
    ]);
    expect((await (await as(kw)).get(`/appointments/bookings/${b1}`)).body).toContain(
      'Cancellation: no message sent by SMS: she has not agreed to SMS',
    );
    await t.services.appointments.cancel(actor, b2, 'she_asked');
    expect(texts.at(-1)!.body.phone_number).toBe('07700 900132');
    expect(texts.at(-1)!.body.content).toContain('إلغاء موعدك');
  });

  it('on a rebooking, cancels the old time (its calendar event withdrawn) and confirms the new one', async () => {
    const p = await woman({
      phone: '07700 900141',
      email: 'amina.moved@example.net',
      methods: ['sms', 'email'],
      consents: ['contact_sms', 'contact_email'],
    });
    const s1 = await slot();
    const s2 = await slot();
    const first = await bookViaPage(p, s1.id);
    const firstUrl = String(first.headers.location);
    const firstId = firstUrl.split('/').at(-1)!;
    const beforeTexts = texts.length;
    const beforeMails = emails.length;
    const a = await as(kw);
    const moved = await a.submit(firstUrl, { slotId: s2.id }, `${firstUrl}/rebook`);
    expect(moved.statusCode).toBe(303);
    const secondId = String(moved.headers.location).split('/').at(-1)!;

    const sent = texts.slice(beforeTexts).map((x) => x.body.content);
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/is cancelled\. Call us to arrange another\.$/);
    expect(sent[1]).toMatch(/^Your appointment on .* Reply or call to change\.$/);
    const mails = emails.slice(beforeMails).filter((m) => m.to.includes('amina.moved@example.net'));
    expect(mails).toHaveLength(2);
    const events = mails.map((m) => {
      const ics = mimeParts(m.raw).find((x) => x.type === 'text/calendar')!.body;
      return { method: /^METHOD:(\w+)\r$/m.exec(ics)![1], ...parseCalendar(ics)[0]! };
    });
    expect(events[0]).toMatchObject({
      method: 'CANCEL',
      UID: `${firstId}@wayfinder.example.org`,
      STATUS: 'CANCELLED',
      SEQUENCE: '1',
    });
    expect(events[1]).toMatchObject({
      method: 'PUBLISH',
      UID: `${secondId}@wayfinder.example.org`,
      STATUS: 'CONFIRMED',
    });
    expect((await messagesOf(firstId)).map((m) => m.kind)).toEqual([
      'confirmation',
      'confirmation',
      'cancellation',
      'cancellation',
    ]);
    expect((await a.get(firstUrl)).body).toContain('Cancellation sent by SMS at');
  });
});

describe('sending a failed message again', () => {
  it('offers "Send again" on a failed message, sends it once through the same rules, and audits it', async () => {
    const p = await woman({ phone: '07700 900151', methods: ['sms'], consents: ['contact_sms'] });
    providerStatus = 500;
    let url: string;
    try {
      url = String((await bookViaPage(p, (await slot()).id)).headers.location);
    } finally {
      providerStatus = 201;
    }
    const bookingId = url.split('/').at(-1)!;
    const a = await as(kw);
    const page = await a.get(url);
    const [failed] = (
      await t.database.pool.query(
        "select id from casework_appointment_messages where booking_id = $1 and status = 'failed'",
        [bookingId],
      )
    ).rows;
    const action = `/appointments/bookings/${bookingId}/messages/${failed.id}/retry`;
    expect(page.body).toContain(`action="${action}"`);
    expect(page.body).toContain('Send again');
    // Only the failed message has the button (the email was not sent: no consent).
    expect(page.body.match(/\/retry"/g)).toHaveLength(1);

    const before = texts.length;
    const res = await a.submit(url, {}, action);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe(url);
    expect(texts.length).toBe(before + 1);
    expect(texts.at(-1)!.body.phone_number).toBe('07700 900151');
    expect(texts.at(-1)!.body.content).toMatch(/^Your appointment on /);
    const { rows } = await t.database.pool.query(
      'select kind, channel, status, provider_id, retry_of_id from casework_appointment_messages where booking_id = $1 and retry_of_id is not null',
      [bookingId],
    );
    expect(rows).toEqual([
      {
        kind: 'confirmation',
        channel: 'sms',
        status: 'sent',
        provider_id: `sms-${seq}`,
        retry_of_id: failed.id,
      },
    ]);
    const after = await a.get(url);
    expect(after.body).toContain('Message sent again');
    expect(after.body).not.toContain(`action="${action}"`);
    expect(after.body).toContain('Confirmation sent by SMS at');

    // Once only: a replayed post is refused and sends nothing.
    const token = csrfTokenIn(after.body)!;
    const again = await a.post(action, { _csrf: token });
    expect(again.statusCode).toBe(400);
    expect(again.body).toContain('already been sent again');
    expect(texts.length).toBe(before + 1);
    // A message that did not fail cannot be "sent again".
    const [sent] = (
      await t.database.pool.query(
        "select id from casework_appointment_messages where booking_id = $1 and status <> 'failed' limit 1",
        [bookingId],
      )
    ).rows;
    const notFailed = await a.post(`/appointments/bookings/${bookingId}/messages/${sent.id}/retry`, {
      _csrf: token,
    });
    expect(notFailed.statusCode).toBe(400);
    expect(notFailed.body).toContain('Only a message that failed can be sent again');
    // Another booking's message id under this booking is not found.
    expect(
      (
        await a.post(`/appointments/bookings/${crypto.randomUUID()}/messages/${failed.id}/retry`, {
          _csrf: token,
        })
      ).statusCode,
    ).toBe(404);

    const audit = await t.database.pool.query(
      "select details from audit_events where action = 'appointment.message-retried' and details->>'bookingId' = $1",
      [bookingId],
    );
    expect(audit.rows).toEqual([
      {
        details: expect.objectContaining({ messageId: failed.id, channel: 'sms', status: 'sent' }),
      },
    ]);
    expect(JSON.stringify(audit.rows)).not.toMatch(/07700|Amina/);
  });

  it('does not send again once she has withdrawn consent, and records a second failure without another button', async () => {
    const withdraws = await woman({ phone: '07700 900161', methods: ['sms'], consents: ['contact_sms'] });
    const failsAgain = await woman({ phone: '07700 900162', methods: ['sms'], consents: ['contact_sms'] });
    providerStatus = 500;
    let b1: string;
    let b2: string;
    try {
      b1 = await t.services.appointments.book(actor, withdraws, (await slot()).id);
      b2 = await t.services.appointments.book(actor, failsAgain, (await slot()).id);
    } finally {
      providerStatus = 201;
    }
    await t.services.participants.recordConsent(actor, withdraws, {
      purpose: 'contact_sms',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const failedOf = async (b: string) =>
      (
        await t.database.pool.query(
          "select id from casework_appointment_messages where booking_id = $1 and status = 'failed'",
          [b],
        )
      ).rows[0].id as string;
    const a = await as(kw);
    const before = texts.length;
    const url1 = `/appointments/bookings/${b1}`;
    const r1 = await a.submit(url1, {}, `${url1}/messages/${await failedOf(b1)}/retry`);
    expect(r1.statusCode).toBe(303);
    expect(texts.length).toBe(before);
    const p1 = await a.get(url1);
    expect(p1.body).toContain('The message was not sent again');
    expect(p1.body).toContain('Confirmation: no message sent by SMS: she has not agreed to SMS');

    providerStatus = 500;
    try {
      const url2 = `/appointments/bookings/${b2}`;
      const r2 = await a.submit(url2, {}, `${url2}/messages/${await failedOf(b2)}/retry`);
      expect(r2.statusCode).toBe(303);
      const p2 = await a.get(url2);
      expect(p2.body).toContain('The message failed to send again');
      expect(p2.body.match(/Confirmation by SMS failed to send/g)).toHaveLength(2);
      expect(p2.body).not.toContain('/retry"');
    } finally {
      providerStatus = 201;
    }
  });

  it('no longer offers to send a failed confirmation once the booking is cancelled', async () => {
    const p = await woman({ phone: '07700 900171', methods: ['sms'], consents: ['contact_sms'] });
    providerStatus = 500;
    let b: string;
    try {
      b = await t.services.appointments.book(actor, p, (await slot()).id);
    } finally {
      providerStatus = 201;
    }
    const [failed] = (
      await t.database.pool.query(
        "select id from casework_appointment_messages where booking_id = $1 and status = 'failed'",
        [b],
      )
    ).rows;
    await t.services.appointments.cancel(actor, b, 'she_asked');
    const a = await as(kw);
    const url = `/appointments/bookings/${b}`;
    const page = await a.get(url);
    expect(page.body).not.toContain('/retry"');
    const before = texts.length;
    const token = /data-csrf="([^"]+)"/.exec(page.body)![1]!;
    const res = await a.post(`${url}/messages/${failed.id}/retry`, { _csrf: token });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('This message is no longer needed');
    expect(texts.length).toBe(before);
  });
});

describe('drop-ins and 1-2-1 slots at the same place', () => {
  it('refuses a drop-in over a free or booked in-person slot at the same place, keeping what was typed', async () => {
    const a = await as(kw);
    const at = (hour: number) => new Date(Date.UTC(2099, 7, 3, hour)); // 3 August 2099: BST
    const free = await t.services.appointments.createSlot(actor, {
      mode: 'in_person',
      place: 'Riverside  Hub',
      startsAt: at(9),
      endsAt: at(10),
      staffUserId: kw.id,
    });
    const booked = await t.services.appointments.createSlot(actor, {
      mode: 'in_person',
      place: 'Riverside Hub',
      startsAt: at(12),
      endsAt: at(13),
      staffUserId: kw.id,
    });
    await t.services.appointments.book(actor, await woman({}), booked);
    await t.services.appointments.createSlot(actor, {
      mode: 'phone',
      place: null,
      startsAt: at(15),
      endsAt: at(16),
      staffUserId: kw.id,
    });
    const form = (startTime: string, endTime: string, place = 'riverside hub') => ({
      place,
      'date-day': '3',
      'date-month': '8',
      'date-year': '2099',
      startTime,
      endTime,
      capacity: '15',
    });
    const count = async () =>
      (await t.database.pool.query('select count(*)::int n from casework_drop_in_sessions')).rows[0].n;
    const n = await count();
    // 10:30-11:30 London is 09:30-10:30 UTC: over the free slot.
    const overFree = await a.submit('/drop-ins/new', form('10:30', '11:30'));
    expect(overFree.statusCode).toBe(400);
    expect(overFree.body).toContain('A 1-2-1 slot is published at this place at this time');
    expect(overFree.body).toContain('href="#startTime"');
    expect(overFree.body).toContain('value="riverside hub"');
    expect(overFree.body).toContain('value="10:30"');
    expect(overFree.body).toContain('value="15"');
    const overBooked = await a.submit('/drop-ins/new', form('13:00', '14:00', ' RIVERSIDE hub '));
    expect(overBooked.statusCode).toBe(400);
    expect(await count()).toBe(n);
    // Elsewhere, or at the time of a phone slot, or touching a slot's end: allowed.
    expect((await a.submit('/drop-ins/new', form('10:30', '11:30', 'Library'))).statusCode).toBe(303);
    expect((await a.submit('/drop-ins/new', form('16:00', '17:00'))).statusCode).toBe(303);
    expect((await a.submit('/drop-ins/new', form('11:00', '13:00'))).statusCode).toBe(303);
    // Once the free slot is withdrawn, its time is open for a drop-in.
    await t.services.appointments.withdrawSlot(actor, free);
    expect((await a.submit('/drop-ins/new', form('10:00', '10:30'))).statusCode).toBe(303);
  });

  it('lets only one of a slot and a drop-in created at the same moment, at the same place and time, through', async () => {
    const startsAt = new Date(Date.UTC(2099, 8, 7, 9));
    const endsAt = new Date(Date.UTC(2099, 8, 7, 10));
    for (let round = 0; round < 3; round++) {
      const place = `Race hall ${round}`;
      const results = await Promise.allSettled([
        t.services.casework.createSession(actor, { place, startsAt, endsAt, capacity: 10 }),
        t.services.appointments.createSlot(actor, {
          mode: 'in_person',
          place: place.toUpperCase(),
          startsAt,
          endsAt,
          staffUserId: round % 2 ? kw.id : manager.id,
        }),
      ]);
      expect(
        results.filter((r) => r.status === 'fulfilled'),
        place,
      ).toHaveLength(1);
      const { rows } = await t.database.pool.query(
        `select (select count(*)::int from casework_drop_in_sessions where lower(place) = lower($1)) d,
                (select count(*)::int from casework_appointment_slots where lower(place) = lower($1)) s`,
        [place],
      );
      expect(rows[0].d + rows[0].s, place).toBe(1);
    }
  });
});
