import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signInOnce,
  type TestApp,
  type TestUser,
  walkInForm,
} from '../../../../tests/support/app.ts';
import { startSmsProvider, type TestSmsProvider } from '../../../../tests/support/sms-provider.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { DAYTIME } from './rules.ts';
import { BACK_OFF, MAX_ATTEMPTS } from './worker.ts';

/** Her message outbox on a real database, with a local SMS provider that can refuse messages. */
let t: TestApp;
let sms: TestSmsProvider;
let kw: TestUser;
let actor: Actor;
const as = signInOnce(() => t);
const MINUTE = 60_000;

beforeAll(async () => {
  sms = await startSmsProvider();
  t = await createTestApp({ env: { SMS_PROVIDER_URL: sms.url, SMS_API_KEY: 'k' } });
  const org = await createOrganisation(t);
  kw = await createUser(t, org, 'key_worker');
  actor = { userId: kw.id, organisationId: org, role: 'key_worker' };
}, 60_000);
afterAll(async () => {
  await t.close();
  await sms.close();
});

let n = 0;
async function womanWithSms() {
  const p = t.services.participants;
  const id = await p.quickRegister(actor, walkInForm(`Outbox ${++n}`));
  await p.updateSection(actor, id, {
    section: 'contact',
    data: {
      contactMethods: ['sms'],
      safeTimes: null,
      neverContactAtHome: false,
      phone: `07700 9001${n}`,
      email: null,
    },
  } as never);
  await p.recordConsent(actor, id, {
    purpose: 'contact_sms',
    organisationId: null,
    given: true,
    method: 'verbal',
  });
  return id;
}

const message = {
  kind: 'test.note',
  template: 'appointments.message.confirmation',
  subject: 'appointments.message.subject.confirmation',
  values: { date: 'Monday', time: '10:00', place: 'the hall' },
};
const row = async (id: string) =>
  (await t.database.pool.query('select * from participant_message_outbox where id = $1', [id])).rows[0];

describe('her message outbox', () => {
  it('retries a provider that fails twice, and her appointments page shows the message sent', async () => {
    const her = await womanWithSms();
    const start = new Date(Date.UTC(2099, 0, 5, 10));
    const slot = await t.services.appointments.createSlot(actor, {
      mode: 'phone',
      place: null,
      startsAt: start,
      endsAt: new Date(start.getTime() + 3_600_000),
      staffUserId: kw.id,
    });
    sms.failNext(2);
    const before = sms.requests;
    const bookingId = await t.services.appointments.book(actor, her, slot);
    const [msg] = (
      await t.database.pool.query(
        "select outbox_id, status, reason, next_try_at from casework_appointment_messages where booking_id = $1 and channel = 'sms'",
        [bookingId],
      )
    ).rows;
    expect(msg).toMatchObject({ status: 'failed', reason: 'provider_error' });
    expect(msg.next_try_at).toBeInstanceOf(Date);
    const a = await as(kw);
    const page = async () => (await a.get(`/participants/${her}/appointments`)).body;
    expect(await page()).toContain('It will be tried again automatically.');

    // Not before its back-off has passed; then once more (fails), then again (accepted).
    expect(await t.services.participants.deliverMessages({ ids: [msg.outbox_id] })).toEqual([]);
    const second = new Date(Date.now() + BACK_OFF[0]! + MINUTE);
    expect((await t.services.participants.deliverMessages({ now: second }))[0]).toMatchObject({
      status: 'pending',
      errorCode: 'http_500',
    });
    const third = new Date(second.getTime() + BACK_OFF[1]! + MINUTE);
    expect((await t.services.participants.deliverMessages({ now: third }))[0]).toMatchObject({
      status: 'sent',
    });
    expect(sms.requests - before).toBe(3);
    expect(sms.accepted.filter((m) => m.phone === `07700 9001${n}`)).toHaveLength(1);
    expect(await row(msg.outbox_id)).toMatchObject({
      status: 'sent',
      attempts: 3,
      provider_id: sms.accepted.at(-1)!.id,
      error_code: null,
      payload_enc: null,
    });

    const body = await page();
    expect(body).toContain('Confirmation sent by SMS at');
    expect(body).not.toContain('failed to send');
    expect(body).not.toContain('tried again automatically');
    // Each attempt audited without her number or the text.
    const audit = await t.database.pool.query(
      "select details->>'status' s from audit_events where action = 'appointment.message' and details->>'bookingId' = $1 and details->>'channel' = 'sms' order by seq",
      [bookingId],
    );
    expect(audit.rows.map((r) => r.s)).toEqual(['failed', 'failed', 'sent']);
  });

  it('gives up after the last attempt and says so without offering another automatic try', async () => {
    const her = await womanWithSms();
    sms.failNext(MAX_ATTEMPTS);
    const [q] = await t.database.db.transaction((tx) =>
      t.services.participants.messageHer(tx, actor, her, message, { idempotencyKey: `give-up-${her}` }),
    );
    let at = Date.now();
    for (let i = 0; i < MAX_ATTEMPTS; i++) {
      const [r] = await t.services.participants.deliverMessages({ now: new Date(at) });
      expect(r!.status).toBe(i < MAX_ATTEMPTS - 1 ? 'pending' : 'failed');
      at += (BACK_OFF[i] ?? 0) + MINUTE;
    }
    expect(await row(q!.outboxId)).toMatchObject({
      status: 'failed',
      attempts: MAX_ATTEMPTS,
      payload_enc: null,
    });
    expect(await t.services.participants.deliverMessages({ now: new Date(at + 24 * 60 * MINUTE) })).toEqual(
      [],
    );
  });

  it('writes one message per idempotency key, and nothing when the transaction rolls back', async () => {
    const her = await womanWithSms();
    const key = `once-${her}`;
    const first = await t.database.db.transaction((tx) =>
      t.services.participants.messageHer(tx, actor, her, message, { idempotencyKey: key }),
    );
    const again = await t.database.db.transaction((tx) =>
      t.services.participants.messageHer(tx, actor, her, message, { idempotencyKey: key }),
    );
    expect(first.map((q) => [q.channel, q.status, q.created])).toEqual([
      ['sms', 'pending', true],
      ['email', 'not_sent', true],
    ]);
    expect(again.map((q) => q.outboxId)).toEqual(first.map((q) => q.outboxId));
    expect(again.every((q) => !q.created)).toBe(true);
    await expect(
      t.database.db.transaction(async (tx) => {
        await t.services.participants.messageHer(tx, actor, her, message, {
          idempotencyKey: `rolled-${her}`,
        });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    const { rows } = await t.database.pool.query(
      'select idempotency_key from participant_message_outbox where participant_id = $1 order by 1',
      [her],
    );
    expect(rows.map((r) => r.idempotency_key)).toEqual([`${key}:email`, `${key}:sms`]);
    const sent = await t.services.participants.deliverMessages({ ids: first.map((q) => q.outboxId) });
    expect(sent.map((r) => r.status)).toEqual(['sent']);
    expect(await t.services.participants.deliverMessages({ ids: first.map((q) => q.outboxId) })).toEqual([]);
  });

  it('keeps a message for her safe hours in the outbox until they come, and re-reads her consent then', async () => {
    const her = await womanWithSms();
    const night = new Date(Date.UTC(2099, 0, 7, 22, 30)); // 22:30 in London (GMT)
    const [q] = await t.database.db.transaction((tx) =>
      t.services.participants.messageHer(
        tx,
        actor,
        her,
        { ...message, channels: ['sms'], sendBetween: DAYTIME },
        { idempotencyKey: `night-${her}`, now: night },
      ),
    );
    expect((await row(q!.outboxId)).next_attempt_at).toEqual(new Date(Date.UTC(2099, 0, 8, 8)));
    expect(await t.services.participants.deliverMessages({ now: new Date(Date.UTC(2099, 0, 8, 3)) })).toEqual(
      [],
    );
    // She withdraws SMS consent before morning: the waiting message is not sent.
    await t.services.participants.recordConsent(actor, her, {
      purpose: 'contact_sms',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const before = sms.requests;
    const [r] = await t.services.participants.deliverMessages({ now: new Date(Date.UTC(2099, 0, 8, 8, 5)) });
    expect(r).toMatchObject({ outboxId: q!.outboxId, status: 'not_sent', reason: 'no_consent' });
    expect(sms.requests).toBe(before);
  });

  it('lists her messages (never their text) in her subject access export, and forgets them when she is erased', async () => {
    const her = await womanWithSms();
    await t.database.db.transaction((tx) =>
      t.services.participants.messageHer(tx, actor, her, message, { idempotencyKey: `erase-${her}` }),
    );
    const exported = (await t.services.participants.subjectAccessExport(actor, her, 'json')) as {
      messages: unknown[];
    };
    expect(exported.messages).toEqual([
      expect.objectContaining({ kind: 'test.note', channel: 'sms', status: 'pending' }),
      expect.objectContaining({
        kind: 'test.note',
        channel: 'email',
        status: 'not_sent',
        reason: 'no_consent',
      }),
    ]);
    expect(JSON.stringify(exported.messages)).not.toContain('the hall');
    const manager = await createUser(t, actor.organisationId, 'manager');
    await t.services.participants.erase(
      { userId: manager.id, organisationId: actor.organisationId, role: 'manager' },
      her,
    );
    const { rows } = await t.database.pool.query(
      'select count(*)::int n from participant_message_outbox where participant_id = $1',
      [her],
    );
    expect(rows[0].n).toBe(0);
  });
});
