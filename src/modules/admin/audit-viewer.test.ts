import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../tests/support/agent.ts';
import type { TestUser } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { ukMidnight } from './audit-routes.ts';

const { t, users, as } = useScenario({
  organisations: { a: 'Harbour Test Centre', b: 'Northgate Test Action' },
  users: { admin: 'admin', worker: 'key_worker', otherAdmin: ['admin', 'b'] },
});
const { admin, worker, otherAdmin } = users;
let agent: Agent;

const rename = (user: TestUser, name: string) =>
  t.database.db.execute(sql`update users set name = ${name} where id = ${user.id}`);

beforeAll(async () => {
  await rename(admin, 'Amina Admin');
  await rename(worker, 'Kemi Worker');
  await rename(otherAdmin, 'Olu Elsewhere');
  await as(worker);
  await as(otherAdmin);
  agent = await as(admin);
  await agent.submit('/admin/organisations/new', { name: 'Eastside Test Employer', kind: 'employer' });
});

/** The audit table's body rows, as the text of their cells. */
const rows = (html: string) =>
  [...(/<tbody[^>]*>([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? '').matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map(
    (r) => [...(r[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => (c[1] ?? '').trim()),
  );
const actions = (html: string) => rows(html).map((r) => r[2]);
const ukToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());
/** A date as the three query parameters of a GOV.UK date input. */
const day = (name: string, iso: string) => {
  const [y, m, d] = iso.split('-');
  return `${name}-day=${Number(d)}&${name}-month=${Number(m)}&${name}-year=${y}`;
};
const dayAfter = (day: string, n: number) =>
  new Date(Date.parse(`${day}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('the audit viewer', () => {
  it("shows who in the admin's organisation did what, newest first, and nothing of other organisations", async () => {
    const page = await agent.get('/admin/audit');
    expect(page.statusCode).toBe(200);
    const shown = rows(page.body);
    expect(shown.slice(0, 3).map((r) => [r[1], r[2], r[3]])).toEqual([
      ['Amina Admin', 'Added an organisation', 'Success'],
      ['Amina Admin', 'Signed in', 'Success'],
      ['Kemi Worker', 'Signed in', 'Success'],
    ]);
    expect(shown[1]?.[4]).toBe(`<a class="govuk-link" href="/admin/users/${admin.id}">User: Amina Admin</a>`);
    expect(shown[0]?.[4]).toBe('<a class="govuk-link" href="/admin/organisations">Organisation</a>');
    expect(page.body).not.toContain('Olu Elsewhere');
  });

  it('filters by action, person, record and dates', async () => {
    const query = async (q: string) => actions((await agent.get(`/admin/audit?${q}`)).body);
    expect(await query('action=sign-in')).toEqual(['Signed in', 'Signed in']);
    expect(rows((await agent.get(`/admin/audit?user=${worker.id}`)).body).map((r) => r[1])).toEqual([
      'Kemi Worker',
    ]);
    expect(await query('recordType=organisation')).toEqual(['Added an organisation']);
    expect(await query(`recordType=user&recordId=${worker.id}`)).toEqual(['Signed in']);
    const today = ukToday();
    expect(await query(`action=sign-in&${day('from', today)}&${day('to', today)}`)).toHaveLength(2);
    expect(await query(`action=sign-in&${day('from', dayAfter(today, 1))}`)).toEqual([]);
    expect(await query(`action=sign-in&${day('to', dayAfter(today, -1))}`)).toEqual([]);
    const none = await agent.get(`/admin/audit?action=no-such-action`);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select an action from the list');
  });

  it('shows an error beside a filter that is not valid', async () => {
    const badDate = await agent.get(`/admin/audit?${day('from', '2026-02-30')}`);
    expect(badDate.statusCode).toBe(400);
    expect(badDate.body).toContain('Enter a real date, for example 27 3 2026');
    // The summary's link goes to the date's first field: its group cannot take focus.
    expect(badDate.body).toContain('href="#from-day"');
    const backwards = await agent.get(`/admin/audit?${day('from', '2026-03-02')}&${day('to', '2026-03-01')}`);
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toContain('The to date must be the same as or after the from date');
    const person = await agent.get('/admin/audit?user=someone');
    expect(person.statusCode).toBe(400);
    expect(person.body).toContain('Select a person from the list');
  });

  it('shows the field error, not a 500, for a date that is not a date or does not exist', async () => {
    for (const [field, value] of [
      ['from-day', 'x'],
      ['from-month', '13'],
      ['to-month', '0'],
      ['to-day', '32'],
      ['from-year', '0000'],
      ['to-day', '\u0001'],
    ] as const) {
      const [name, part] = field.split('-') as [string, string];
      const parts = { day: '1', month: '1', year: '2026', [part]: value };
      const q = new URLSearchParams(
        Object.entries(parts).map(([k, v]): [string, string] => [`${name}-${k}`, v]),
      );
      const res = await agent.get(`/admin/audit?${q}`);
      expect(res.statusCode, `${field}=${value}`).toBe(400);
      const beside = new RegExp(`id="${name}-error"[^>]*>[\\s\\S]*?Enter a real date, for example 27 3 2026`);
      expect(res.body).toMatch(beside);
      expect(res.body).toContain(`href="#${name}-day"`);
    }
  });

  it('names every action in plain English, never its code, and filters with choice lists', async () => {
    const actor = { userId: worker.id, organisationId: worker.organisationId };
    for (const action of [
      'dropin.register-viewed',
      'participant.viewed',
      'referral.accepted',
      'brand.new-thing',
    ])
      await t.services.audit.record({ actor, action, recordType: 'participant', recordId: worker.id });
    const page = await agent.get(`/admin/audit?user=${worker.id}`);
    const shown = rows(page.body);
    expect(shown.slice(0, 4).map((r) => r[2])).toEqual([
      'Brand new thing',
      'Accepted a referral',
      'Viewed her record',
      'Viewed a drop-in register',
    ]);
    expect(shown[0]?.[4]).toBe('Her record');
    expect(page.body).not.toMatch(/>[^<]*\b(dropin|participant|referral)\.[a-z-]+/);
    // Actions, people and kinds of record are chosen from lists; dates are day, month and year.
    expect(page.body).toMatch(/<select[^>]*name="action"/);
    expect(page.body).toContain('<option value="dropin.register-viewed">Viewed a drop-in register</option>');
    expect(page.body).toMatch(/<select[^>]*name="recordType"/);
    expect(page.body).toContain('name="from-day"');
    expect(page.body).not.toContain('type="date"');
  });

  it('pages through older events, keeping the filters', async () => {
    for (let i = 0; i < 60; i++)
      await t.services.audit.record({
        actor: { userId: admin.id, organisationId: admin.organisationId },
        action: 'keys.rotated',
        recordType: 'thing',
        recordId: String(i),
      });
    const first = await agent.get('/admin/audit?action=keys.rotated');
    const firstRows = rows(first.body);
    expect(firstRows).toHaveLength(50);
    expect(firstRows[0]?.[4]).toBe('Other record 59');
    const older = /href="([^"]+)"[^>]*rel="next"/.exec(first.body)?.[1]?.replace(/&amp;/g, '&');
    expect(older).toMatch(/^\/admin\/audit\?action=keys\.rotated&before=\d+$/);
    const second = await agent.get(older!);
    expect(rows(second.body).map((r) => r[4])).toEqual(
      Array.from({ length: 10 }, (_, i) => `Other record ${9 - i}`),
    );
    expect(second.body).not.toContain('rel="next"');
    expect(second.body).toMatch(/href="\/admin\/audit\?action=keys\.rotated"[^>]*rel="prev"/);
  });

  it('records each view of the audit log, with the filters used but not their values', async () => {
    const before = await t.services.audit.list({ action: 'audit-viewed', actorUserId: admin.id, limit: 500 });
    await agent.get(`/admin/audit?action=sign-in&recordId=${worker.id}`);
    const after = await t.services.audit.list({ action: 'audit-viewed', actorUserId: admin.id, limit: 500 });
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]?.details).toEqual({ filters: ['action', 'recordId'], beforeSeq: null });
  });
});

describe('ukMidnight', () => {
  it('is midnight in London, in winter and in summer time', () => {
    expect(ukMidnight('2026-01-15').toISOString()).toBe('2026-01-15T00:00:00.000Z');
    expect(ukMidnight('2026-07-15').toISOString()).toBe('2026-07-14T23:00:00.000Z');
  });
});
