import { describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { publish } from './figures.ts';

/** Staff record her outcomes on her record; managers add kinds; the published figures hide small counts. */
const { t, users, as } = useScenario({
  organisations: { harbour: 'Harbour Women', partner: 'Partner Skills' },
  users: {
    kw: 'key_worker',
    manager: 'manager',
    commissioner: 'commissioner',
    partnerManager: ['manager', 'partner'],
  },
});

describe('her outcomes', () => {
  it('a key worker records a job start; errors show beside the fields; each view is audited', async () => {
    const her = await registerWalkIn(t, users.kw, 'Hana Outcome');
    const k = await as(users.kw);
    const url = `/participants/${her}/outcomes`;
    expect(mainOf((await k.get(url)).body)).toContain('No outcomes recorded yet.');
    const bad = await k.submit(url, {
      kind: '',
      'occurredOn-day': '31',
      'occurredOn-month': '2',
      'occurredOn-year': '2026',
      hoursPerWeek: 'lots',
    });
    expect(bad.statusCode).toBe(400);
    for (const text of ['Choose an outcome', 'Enter a real date', 'Enter hours a week between 0.5 and 60'])
      expect(mainOf(bad.body)).toContain(text);
    const englishWrongWay = await k.submit(url, {
      kind: 'english_level_up',
      'occurredOn-day': '1',
      'occurredOn-month': '3',
      'occurredOn-year': '2026',
      cefrFrom: 'b1',
      cefrTo: 'a2',
    });
    expect(englishWrongWay.statusCode).toBe(400);
    expect(mainOf(englishWrongWay.body)).toContain('Choose the level before and a higher level now');
    const ok = await k.submit(url, {
      kind: 'job_started',
      'occurredOn-day': '2',
      'occurredOn-month': '3',
      'occurredOn-year': '2026',
      hoursPerWeek: '16',
      contract: 'part_time',
      evidence: 'Saw her contract',
    });
    expect(ok.statusCode).toBe(303);
    const page = mainOf((await k.get(url)).body);
    expect(page).toContain('Started a job');
    expect(page).toContain('16 hours a week');
    expect(page).toContain('Saw her contract');
    const audited = await t.database.pool.query(
      "select action from audit_events where record_id = $1 and action like 'outcome.%'",
      [her],
    );
    expect(new Set(audited.rows.map((r) => r.action))).toEqual(
      new Set(['outcome.viewed', 'outcome.recorded']),
    );
    // Another organisation's manager does not find her; a commissioner has no per-woman page at all.
    expect((await (await as(users.partnerManager)).get(url)).statusCode).toBe(404);
    expect((await (await as(users.commissioner)).get(url)).statusCode).toBe(403);
  });

  it('a manager adds a kind the partnership uses; it is offered on her record', async () => {
    const m = await as(users.manager);
    const empty = await m.submit('/outcomes/definitions', { label: '' }, '/outcomes/kinds');
    expect(empty.statusCode).toBe(400);
    expect(
      (await m.submit('/outcomes/definitions', { label: 'Passed a driving test' }, '/outcomes/kinds'))
        .statusCode,
    ).toBe(303);
    const again = await m.submit(
      '/outcomes/definitions',
      { label: 'Passed a driving test' },
      '/outcomes/kinds',
    );
    expect(mainOf(again.body)).toContain('That outcome kind is already on the list');
    const her = await registerWalkIn(t, users.kw, 'Dina Outcome');
    expect(mainOf((await (await as(users.kw)).get(`/participants/${her}/outcomes`)).body)).toContain(
      'Passed a driving test',
    );
  });

  it('the definitions page gives every indicator its rule', async () => {
    const page = mainOf((await (await as(users.commissioner)).get('/outcomes/definitions')).body);
    expect(page).toContain('within 6 months');
    expect(page).toContain('5 working days');
  });

  it("a manager's report is their organisation's, whatever the query asks", async () => {
    const m = await as(users.manager);
    const page = await m.get(`/reports?organisation=${users.partnerManager.organisationId}`);
    expect(page.statusCode).toBe(200);
    expect(mainOf(page.body)).not.toContain('Partner Skills');
    const bad = await m.get('/reports?from-day=40&from-month=1&from-year=2026&breakdown=shoe');
    expect(bad.statusCode).toBe(400);
    expect(mainOf(bad.body)).toContain('Enter a real date');
  });
});

describe('published figures', () => {
  // A seeded generator, so a failure can be repeated.
  let seed = 7;
  const rand = (n: number) => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed % n;
  };

  it('never show a count from 1 to 4, and no hidden count can be worked out from the totals', () => {
    for (let round = 0; round < 500; round++) {
      const groups = Array.from({ length: 1 + rand(6) }, (_, i) => {
        const base = rand(4) === 0 ? rand(6) : rand(60);
        const yes = rand(base + 1);
        return { grp: `g${i}`, base, yes, pending: rand(base - yes + 1), invited: null };
      });
      const fig = publish(groups);
      const lines = [...fig.lines, fig.total];
      for (const l of lines)
        for (const c of [l.yes, l.no, l.base, l.pending])
          if (c.value !== null) expect(c.value === 0 || c.value >= 5).toBe(true);
      // The yes / not table with its totals: no line (row or column) holds a single hidden count,
      // which its total would give away (suppression.test.ts attacks the general case).
      const hidden = [...fig.lines, fig.total].map((l) => [
        l.yes.value === null,
        l.no.value === null,
        l.base.value === null,
      ]);
      for (const row of hidden) expect(row.filter(Boolean).length).not.toBe(1);
      for (let j = 0; j < 3; j++) expect(hidden.filter((row) => row[j]).length).not.toBe(1);
      // A share is shown only over a base of 10 or more with nothing in its line hidden.
      for (const l of lines) if (l.percent !== null) expect(l.base.value).toBeGreaterThanOrEqual(10);
    }
  });

  it('37 of 38 is published as "at least 34" (at least 89%), which says no more than "fewer than 5 did not"', () => {
    const fig = publish([{ grp: 'all', base: 38, yes: 37, pending: 8, invited: 46 }]);
    expect(fig.lines[0]).toMatchObject({
      percent: null,
      atLeast: { count: 34, percent: 89 },
      responseRate: 83,
    });
    expect(fig.lines[0]!.no).toEqual({ value: null, suppressed: 'small' });
    // Not answered: 3 of 46 invited: hidden, and the invited count with it (38 + 3 would give it away).
    const few = publish([{ grp: 'all', base: 38, yes: 20, pending: 3, invited: 41 }]);
    expect(few.lines[0]!.pending.value).toBeNull();
    expect(few.lines[0]!.invited!.value).toBeNull();
    expect(few.lines[0]!.responseRate).toBeNull();
  });
});
