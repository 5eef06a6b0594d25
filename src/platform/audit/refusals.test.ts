// Refused access is audited (issue 9, item 11): who, what and when, never personal data, and a scan
// cannot flood the trail.
import { and, eq, inArray } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { REFUSALS_PER_MINUTE, RefusalLimiter } from './refusals.ts';
import { auditEvents } from './schema.ts';

const { t, org, users, as } = useScenario({
  organisations: { harbour: 'Harbour', riverside: 'Riverside' },
  users: { keyWorker: 'key_worker', manager: 'manager', strangerManager: ['manager', 'riverside'] },
});
const { keyWorker, manager, strangerManager } = users;
let participantId: string;

const refusalsBy = async (userId: string) =>
  t.database.db
    .select()
    .from(auditEvents)
    .where(
      and(
        eq(auditEvents.actorUserId, userId),
        inArray(auditEvents.action, ['access.refused', 'access.refused-more']),
      ),
    )
    .orderBy(auditEvents.seq);

beforeAll(async () => {
  participantId = await registerWalkIn(t, keyWorker, 'Refusal Rahel');
});

describe('refused access on the audit trail', () => {
  it('records a 403: who, the route pattern, the permission and the reason, and nothing personal', async () => {
    const agent = await as(keyWorker);
    const res = await agent.submit('/directory/services/new', {}, '/admin/users/invite');
    expect(res.statusCode).toBe(403);
    const [event] = await refusalsBy(keyWorker.id);
    expect(event).toMatchObject({
      action: 'access.refused',
      outcome: 'denied',
      actorOrganisationId: org.harbour,
      recordId: null,
      details: {
        method: 'POST',
        route: '/admin/users/invite',
        status: 403,
        reason: 'role',
        permission: 'users:manage',
        role: 'key_worker',
      },
    });
    expect(Date.now() - event!.at.getTime()).toBeLessThan(60_000);
  });

  it("records another organisation's record as refused, while she is still shown a plain 404", async () => {
    const agent = await as(strangerManager);
    const res = await agent.get(`/participants/${participantId}?q=Refusal+Rahel`);
    expect(res.statusCode).toBe(404);
    const events = await refusalsBy(strangerManager.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.details).toMatchObject({
      method: 'GET',
      route: '/participants/:id',
      status: 404,
      reason: 'organisation',
    });
    // The pattern, not the address: neither her id nor the query words are kept.
    const stored = JSON.stringify(events[0]);
    expect(stored).not.toContain(participantId);
    expect(stored).not.toContain('Rahel');
  });

  it('does not record a record that does not exist, nor a signed-out visitor sent to sign in', async () => {
    const agent = await as(manager);
    const missing = await agent.get('/participants/00000000-0000-4000-8000-000000000000');
    expect(missing.statusCode).toBe(404);
    expect(await refusalsBy(manager.id)).toEqual([]);
    const before = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'access.refused'));
    const anonymous = await t.app.inject({ url: '/caseload' });
    expect(anonymous.statusCode).toBe(302);
    const after = await t.database.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'access.refused'));
    expect(after.length).toBe(before.length);
  });

  it('writes at most REFUSALS_PER_MINUTE events per actor a minute and counts the rest', async () => {
    const scanner = await createUser(t, org.riverside, 'mentor');
    const agent = await as(scanner);
    for (let i = 0; i < REFUSALS_PER_MINUTE + 5; i++)
      expect((await agent.get('/caseload')).statusCode).toBe(403);
    const events = await refusalsBy(scanner.id);
    expect(events.map((e) => e.action)).toEqual(Array(REFUSALS_PER_MINUTE).fill('access.refused'));
    // Someone else's refusals still get through while she is being counted.
    expect((await (await as(keyWorker)).get('/admin/audit')).statusCode).toBe(403);
    expect((await refusalsBy(keyWorker.id)).at(-1)!.details).toMatchObject({ route: '/admin/audit' });
    // The count is written when the window closes; stopping the app closes every window.
    await t.app.close();
    const more = (await refusalsBy(scanner.id)).filter((e) => e.action === 'access.refused-more');
    expect(more).toHaveLength(1);
    expect(more[0]!.details).toMatchObject({ count: 5 });
    expect(await t.services.audit.verify()).toMatchObject({ ok: true });
  });
});

describe('RefusalLimiter', () => {
  const who = { userId: 'u1', organisationId: 'o1' };

  it('closes a window after a minute and hands its count to the next refusal', () => {
    const limiter = new RefusalLimiter(2);
    expect([0, 1, 2, 3].map((s) => limiter.admit('u1', who, s * 1000).write)).toEqual([
      true,
      true,
      false,
      false,
    ]);
    const next = limiter.admit('u1', who, 61_000);
    expect(next).toEqual({ write: true, closed: { who, startedAt: 0, suppressed: 2 } });
  });

  it('sweeps windows older than a minute, and every window when asked', () => {
    const limiter = new RefusalLimiter(1);
    limiter.admit('u1', who, 0);
    limiter.admit('u1', who, 1);
    limiter.admit('u2', null, 30_000);
    limiter.admit('u2', null, 30_001);
    expect(limiter.sweep(59_999)).toEqual([]);
    expect(limiter.sweep(60_000)).toEqual([{ who, startedAt: 0, suppressed: 1 }]);
    expect(limiter.sweep(60_001, true)).toEqual([{ who: null, startedAt: 30_000, suppressed: 1 }]);
    expect(limiter.sweep(200_000, true)).toEqual([]);
  });
});
