// Issue 12 point 10: a manager hands chosen women from one key worker to another at once, from her
// home page. Managers only, her organisation only, all or none, each change in the woman's key
// worker history and the audit trail.
import { and, eq, inArray, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { participantKeyWorkerHistory, participants } from './schema.ts';

const { t, users, as } = useScenario({
  organisations: { own: 'Harbour', other: 'Lighthouse' },
  users: { from: 'key_worker', to: 'key_worker', manager: 'manager', otherManager: ['manager', 'other'] },
});

let amal: string;
let beti: string;
let cara: string;
let dina: string;
beforeAll(async () => {
  amal = await registerWalkIn(t, users.from, 'Hand-Amal');
  beti = await registerWalkIn(t, users.from, 'Hand-Beti');
  cara = await registerWalkIn(t, users.from, 'Hand-Cara');
  dina = await registerWalkIn(t, users.to, 'Hand-Dina');
});

const keyWorkerOf = async (ids: string[]) =>
  new Map(
    (
      await t.database.db
        .select({ id: participants.id, kw: participants.keyWorkerUserId })
        .from(participants)
        .where(inArray(participants.id, ids))
    ).map((r) => [r.id, r.kw]),
  );
const page = (from: string) => `/caseload/hand-over?from=${from}`;

describe('bulk hand-over', () => {
  it('lists the key worker’s women with checkboxes and the staff she could hand them to', async () => {
    const res = await (await as(users.manager)).get(page(users.from.id));
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    for (const id of [amal, beti, cara])
      expect(main).toContain(`name="participantIds" type="checkbox" value="${id}"`);
    expect(main).not.toContain('Hand-Dina');
    expect(main).toContain(`<option value="${users.to.id}"`);
    expect(main).not.toContain(`<option value="${users.from.id}"`);
  });

  it('shows every error at once when nothing is chosen, and changes nothing', async () => {
    const res = await (await as(users.manager)).submit(page(users.from.id), { fromUserId: users.from.id });
    expect(res.statusCode).toBe(400);
    const main = mainOf(res.body);
    expect(main).toContain('Choose at least one woman to hand over');
    expect(main).toContain('Choose the new key worker');
  });

  it('refuses the lot when one chosen woman is not on that caseload', async () => {
    const res = await (await as(users.manager)).submit(page(users.from.id), {
      fromUserId: users.from.id,
      toUserId: users.to.id,
      participantIds: [amal, dina],
    });
    expect(res.statusCode).toBe(400);
    expect(mainOf(res.body)).toContain('no longer on this caseload');
    expect((await keyWorkerOf([amal, dina])).get(amal)).toBe(users.from.id);
  });

  it('hands the chosen women over, with history and an audit event for each', async () => {
    const res = await (await as(users.manager)).submit(page(users.from.id), {
      fromUserId: users.from.id,
      toUserId: users.to.id,
      participantIds: [amal, beti],
    });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/');
    const now = await keyWorkerOf([amal, beti, cara]);
    expect(now.get(amal)).toBe(users.to.id);
    expect(now.get(beti)).toBe(users.to.id);
    expect(now.get(cara)).toBe(users.from.id);
    const history = await t.database.db
      .select()
      .from(participantKeyWorkerHistory)
      .where(inArray(participantKeyWorkerHistory.participantId, [amal, beti]));
    expect(history.map((h) => [h.fromUserId, h.toUserId, h.changedByUserId])).toEqual([
      [users.from.id, users.to.id, users.manager.id],
      [users.from.id, users.to.id, users.manager.id],
    ]);
    const audited = await t.database.db
      .select({ recordId: auditEvents.recordId, details: auditEvents.details })
      .from(auditEvents)
      .where(
        and(
          eq(auditEvents.action, 'participant.key-worker-assigned'),
          sql`${auditEvents.details}->>'handOver' = 'true'`,
        ),
      );
    expect(audited.map((a) => a.recordId).sort()).toEqual([amal, beti].sort());
    const home = await (await as(users.manager)).get('/');
    expect(mainOf(home.body)).toContain('Women handed over: 2.');
  });

  it('is in Arabic', async () => {
    const a = await as(users.manager);
    const res = await a.get(`${page(users.from.id)}&lang=ar`);
    expect(res.statusCode).toBe(200);
    expect(mainOf(res.body)).toContain('تسليم نساء من');
    await a.get('/?lang=en');
  });

  it('is for managers only: a key worker is refused', async () => {
    const kw = await as(users.from);
    expect((await kw.get(page(users.from.id))).statusCode).toBe(403);
    // With a real form token (the sign-out form's, on her home page): refused by role, not by CSRF.
    const res = await kw.submit(
      '/',
      { fromUserId: users.from.id, toUserId: users.to.id, participantIds: [cara] },
      '/caseload/hand-over',
    );
    expect(res.statusCode).toBe(403);
    expect((await keyWorkerOf([cara])).get(cara)).toBe(users.from.id);
  });

  it('is for her own organisation: another organisation’s key worker is not found', async () => {
    const other = await as(users.otherManager);
    expect((await other.get(page(users.from.id))).statusCode).toBe(404);
    expect((await other.get('/caseload/hand-over?from=not-a-uuid')).statusCode).toBe(404);
    expect((await other.get('/caseload/hand-over')).statusCode).toBe(404);
  });
});
