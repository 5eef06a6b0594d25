import { describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, as, actor } = useScenario({ users: { kw: 'key_worker' } });
const { kw } = users;

/** The cells of her row on "My caseload", as text. */
const rowOf = (html: string, name: string) => {
  const row = new RegExp(`<tr class="govuk-table__row">\\s*<td[^>]*><a[^>]*>${name}</a>[\\s\\S]*?</tr>`).exec(
    html,
  );
  expect(row, name).not.toBeNull();
  return [...row![0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) =>
    m[1]!
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
};

describe('"My caseload" casework columns', () => {
  it('show the latest planned next contact across her contacts and her next review, as dates', async () => {
    const c = t.services.casework;
    const k = actor(kw);
    const amal = await registerWalkIn(t, kw, 'Columns-Amal');
    const beti = await registerWalkIn(t, kw, 'Columns-Beti');
    // Amal: the latest date planned, whichever contact planned it.
    await c.addContact(k, amal, {
      kind: 'phone',
      happenedOn: '2026-01-10',
      notes: null,
      restricted: false,
      nextContactOn: '2099-06-01',
    });
    await c.addContact(k, amal, {
      kind: 'phone',
      happenedOn: '2026-01-02',
      notes: null,
      restricted: false,
      nextContactOn: '2099-05-01',
    });
    await c.reviewPlan(k, amal, { reviewedOn: '2026-01-01', nextReviewOn: '2099-02-01' });
    await c.reviewPlan(k, amal, { reviewedOn: '2026-01-11', nextReviewOn: '2099-07-01' });
    // Beti: her later contacts (one a restricted note) set no next contact; an earlier one planned it
    // (issue 12: a later note with no date blanked her next contact on the caseload).
    await c.addContact(k, beti, {
      kind: 'phone',
      happenedOn: '2026-01-01',
      notes: null,
      restricted: false,
      nextContactOn: '2099-04-01',
    });
    await c.addContact(k, beti, {
      kind: 'outreach',
      happenedOn: '2026-01-05',
      notes: null,
      restricted: false,
      nextContactOn: null,
    });
    await c.addContact(k, beti, {
      kind: 'phone',
      happenedOn: '2026-01-06',
      notes: 'A restricted note',
      restricted: true,
      nextContactOn: null,
    });

    const page = await (await as(kw)).get('/caseload');
    expect(page.statusCode).toBe(200);
    const head = [...page.body.matchAll(/<th scope="col"[^>]*>([^<]+)<\/th>/g)].map((m) => m[1]!.trim());
    const col = (name: string) => head.indexOf(name);
    const a = rowOf(page.body, 'Columns-Amal');
    const b = rowOf(page.body, 'Columns-Beti');
    expect(a[col('Next contact')]).toBe('1 June 2099');
    expect(a[col('Review due')]).toBe('1 July 2099');
    expect(b[col('Next contact')]).toBe('1 April 2099');
    expect(b[col('Review due')]).toBe('');
  });
});
