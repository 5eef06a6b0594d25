import { describe, expect, it } from 'vitest';
import { walkInForm as walkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, actor } = useScenario({ users: { kw: 'key_worker', kw2: 'key_worker' } });
const { kw, kw2 } = users;
/** A drop-in session happening now, run by kw. */
const sessionNow = (place: string, capacity: number) =>
  t.services.casework.createSession(actor(kw), {
    place,
    startsAt: new Date(Date.now() - 3_600_000),
    endsAt: new Date(Date.now() + 3_600_000),
    capacity,
  });

describe('a walk-in at a drop-in', () => {
  it('is registered and added to the register together: two walk-ins for the last place leave no half-registered woman', async () => {
    const c = t.services.casework;
    const session = await sessionNow('Community hall', 1);
    const results = await Promise.allSettled([
      c.walkIn(actor(kw), session, walkIn('Walkin-Race-Aster') as never),
      c.walkIn(actor(kw2), session, walkIn('Walkin-Race-Bethel') as never),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ fields: { preferredName: 'casework.errors.full' } });

    const { rows: women } = await t.database.pool.query(
      `select id from participants where preferred_name like 'Walkin-Race-%'`,
    );
    expect(women).toHaveLength(1);
    const { rows: register } = await t.database.pool.query(
      'select participant_id, walk_in from casework_drop_in_attendance where session_id = $1',
      [session],
    );
    expect(register).toEqual([{ participant_id: women[0].id, walk_in: true }]);
    // Nothing else about the refused one was kept either: one registration audited, one consent.
    const { rows: audited } = await t.database.pool.query(
      `select count(*)::int as n from audit_events where action = 'dropin.attended'`,
    );
    expect(audited[0].n).toBe(1);
    const { rows: consents } = await t.database.pool.query(
      'select count(*)::int as n from participant_consents',
    );
    expect(consents[0].n).toBe(1);
  });

  it('a failure while adding her to the register leaves no trace of her registration', async () => {
    const c = t.services.casework;
    const session = await sessionNow('Library', 10);
    // The database refuses the register line (as a lost connection or a constraint would).
    await t.database.pool.query(`
      create function walk_in_test_refuse() returns trigger language plpgsql as
        $$ begin raise exception 'register unavailable'; end $$;
      create trigger walk_in_test_refuse before insert on casework_drop_in_attendance
        for each row execute function walk_in_test_refuse();`);
    try {
      await expect(c.walkIn(actor(kw), session, walkIn('Walkin-Fail-Feven') as never)).rejects.toMatchObject({
        cause: { message: 'register unavailable' },
      });
    } finally {
      await t.database.pool.query(
        'drop trigger walk_in_test_refuse on casework_drop_in_attendance; drop function walk_in_test_refuse()',
      );
    }
    const { rows } = await t.database.pool.query(
      `select count(*)::int as n from participants where preferred_name = 'Walkin-Fail-Feven'`,
    );
    expect(rows[0].n).toBe(0);
    // And she can be added once the register works again.
    const id = await c.walkIn(actor(kw), session, walkIn('Walkin-Fail-Feven') as never);
    const { rows: register } = await t.database.pool.query(
      'select participant_id from casework_drop_in_attendance where session_id = $1',
      [session],
    );
    expect(register).toEqual([{ participant_id: id }]);
  });
});
