// An id of another organisation's record in a query or a form field, on a route about one's own
// records (issue 9, item 10: `/caseload?keyWorker=` showed another organisation's staff names). The
// route matrix swaps every id at once; these mix them: her own record in the path, a foreign id in
// the body or query. Each is refused or turned away as invalid, and nothing changes.

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/platform/auth/schema.ts';
import type { Agent } from '../support/agent.ts';
import { createOrganisation, createTestApp, signInOnce, type TestApp } from '../support/app.ts';
import { type OrgFixtures, seedOrganisation } from '../support/org-fixtures.ts';

let t: TestApp;
let own: OrgFixtures;
let other: OrgFixtures;
let manager: Agent;
let token: string;
const as = signInOnce(() => t);
const foreignName = 'Foreign-Staff-Name-Marker';

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createOrganisation(t, 'Partner');
  own = await seedOrganisation(t, 'Harbour', partner);
  other = await seedOrganisation(t, 'Riverside', partner);
  await t.database.db.update(users).set({ name: foreignName }).where(eq(users.id, other.users.key_worker.id));
  manager = await as(own.users.manager);
  token = /data-csrf="([^"]+)"/.exec((await manager.get('/')).body)![1]!;
}, 180_000);
afterAll(async () => t?.close());

const post = (url: string, form: Record<string, string | string[]>) =>
  manager.post(url, { ...form, _csrf: token });
const one = async (sql: string, params: unknown[]) => (await t.database.pool.query(sql, params)).rows[0];
const refusedOrInvalid = (status: number) => expect([400, 404]).toContain(status);

describe("another organisation's id in a query or form field", () => {
  it("caseload: a manager cannot open another organisation's key worker, nor see her name", async () => {
    const res = await manager.get(`/caseload?keyWorker=${other.users.key_worker.id}`);
    expect(res.statusCode).toBe(404);
    expect(res.body).not.toContain(foreignName);
  });

  it("drop-in register: her own session, another organisation's woman", async () => {
    const res = await post(`/drop-ins/${own.dropIn}/attend`, { participantId: other.participant });
    expect(res.statusCode).toBe(404);
    const row = await one(
      'select count(*)::int n from casework_drop_in_attendance where participant_id = $1',
      [other.participant],
    );
    expect(row.n).toBe(0);
  });

  it("booking and rebooking: her own woman or booking, another organisation's slot", async () => {
    const slot = await other.fresh.slot();
    refusedOrInvalid(
      (await post(`/participants/${own.participant}/appointments`, { slotId: slot })).statusCode,
    );
    refusedOrInvalid(
      (await post(`/appointments/bookings/${own.booking}/rebook`, { slotId: slot })).statusCode,
    );
    const row = await one('select count(*)::int n from casework_appointment_bookings where slot_id = $1', [
      slot,
    ]);
    expect(row.n).toBe(0);
  });

  it("key worker and slot staff: another organisation's member of staff", async () => {
    const before = await one('select key_worker_user_id k from participants where id = $1', [
      own.participant,
    ]);
    const assign = await post(`/participants/${own.participant}/key-worker`, {
      keyWorker: other.users.key_worker.id,
    });
    expect(assign.statusCode).toBe(400);
    const after = await one('select key_worker_user_id k from participants where id = $1', [own.participant]);
    expect(after.k).toBe(before.k);
    const slot = await post('/appointments/slots/new', {
      mode: 'phone',
      'date-day': '1',
      'date-month': '4',
      'date-year': '2099',
      startTime: '10:00',
      length: '60',
      staffUserId: other.users.key_worker.id,
    });
    expect(slot.statusCode).toBe(400);
    expect(slot.body).not.toContain(foreignName);
    const row = await one('select count(*)::int n from casework_appointment_slots where staff_user_id = $1', [
      other.users.key_worker.id,
    ]);
    // Only the other organisation's own fixture slots.
    const theirs = await one(
      'select count(*)::int n from casework_appointment_slots where organisation_id = $1',
      [other.organisationId],
    );
    expect(row.n).toBe(theirs.n);
  });

  it("plan progress: her own goal, another organisation's step", async () => {
    const step = await other.fresh.step();
    const res = await post(`/plan/goals/${own.goal}/progress`, { status: 'open', done: step });
    expect(res.statusCode).toBeLessThan(500);
    const row = await one('select done_at from casework_plan_steps where id = $1', [step]);
    expect(row.done_at).toBeNull();
  });

  it("audit viewer: an admin filtering by another organisation's user sees none of its events", async () => {
    const admin = await as(own.users.admin);
    const res = await admin.get(`/admin/audit?user=${other.users.key_worker.id}`);
    expect([200, 400]).toContain(res.statusCode);
    expect(res.body).not.toContain(foreignName);
    expect(res.body).not.toContain('participant.registered');
  });
});
