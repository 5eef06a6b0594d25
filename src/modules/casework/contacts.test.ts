import { beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenIn } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, as, actor } = useScenario({
  users: { kw: 'key_worker', kw2: 'key_worker', manager: 'manager' },
});
const { kw, kw2, manager } = users;
let id: string;
const contactForm = (notes: string, extra: Record<string, string> = {}) => ({
  kind: 'one_to_one',
  'happenedOn-day': '2',
  'happenedOn-month': '3',
  'happenedOn-year': '2026',
  notes,
  ...extra,
});

beforeAll(async () => {
  id = await registerWalkIn(t, kw, 'Hawa');
});

describe('contacts timeline', () => {
  it('records a contact, moves her last-contact date on, and refuses bad dates with the input kept', async () => {
    const a = await as(kw);
    const bad = await a.submit(
      `/participants/${id}/contacts/new`,
      contactForm('Talked about ESOL classes', { 'happenedOn-day': '31', 'happenedOn-month': '2' }),
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Enter a real date');
    expect(bad.body).toContain('Talked about ESOL classes');
    const ok = await a.submit(
      `/participants/${id}/contacts/new`,
      contactForm('Talked about ESOL classes', {
        'nextContactOn-day': '10',
        'nextContactOn-month': '3',
        'nextContactOn-year': '2026',
      }),
    );
    expect(ok.statusCode).toBe(303);
    const page = await a.get(`/participants/${id}/contacts`);
    expect(page.body).toContain('Talked about ESOL classes');
    expect(page.body).toContain('1-2-1');
    expect(page.body).toContain('10 March 2026');
    const record = await t.services.participants.view(actor(kw), id);
    expect(record).toBeTruthy();
    const { rows } = await t.database.pool.query('select last_contact_at from participants where id = $1', [
      id,
    ]);
    expect(new Date(rows[0].last_contact_at).toISOString().slice(0, 10)).toBe('2026-03-02');
  });

  it('refuses a JSON body with values that are not text (which no form sends) with a 400, not a 500', async () => {
    const a = await as(kw);
    const url = `/participants/${id}/contacts/new`;
    const token = csrfTokenIn((await a.get(url)).body)!;
    const cookie = [...a.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    for (const body of [
      { kind: 1 },
      { notes: ['a', 2] },
      { 'happenedOn-day': { d: 1 } },
      { restricted: true },
    ]) {
      const res = await t.app.inject({
        method: 'POST',
        url,
        headers: { cookie, 'content-type': 'application/json' },
        payload: JSON.stringify({ _csrf: token, ...contactForm('JSON note'), ...body }),
      });
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
    }
    expect((await a.get(`/participants/${id}/contacts`)).body).not.toContain('JSON note');
  });

  it('shows a restricted entry only to its author and the managers', async () => {
    const a = await as(kw);
    const res = await a.submit(
      `/participants/${id}/contacts/new`,
      contactForm('Disclosed-Testabuse at home', { restricted: 'yes' }),
    );
    expect(res.statusCode).toBe(303);
    expect((await a.get(`/participants/${id}/contacts`)).body).toContain('Disclosed-Testabuse');
    const other = await as(kw2);
    const otherPage = await other.get(`/participants/${id}/contacts`);
    expect(otherPage.statusCode).toBe(200);
    expect(otherPage.body).toContain('Talked about ESOL classes');
    expect(otherPage.body).not.toContain('Disclosed-Testabuse');
    const m = await as(manager);
    expect((await m.get(`/participants/${id}/contacts`)).body).toContain('Disclosed-Testabuse');
    // Nor can the other key worker open it directly.
    const cid = /\/contacts\/([0-9a-f-]{36})\/edit/.exec(
      (await a.get(`/participants/${id}/contacts`)).body,
    )![1]!;
    expect((await other.get(`/contacts/${cid}/edit`)).statusCode).toBe(404);
    expect((await other.get(`/contacts/${cid}/history`)).statusCode).toBe(404);
  });

  it('keeps every earlier version when a contact is edited', async () => {
    const a = await as(kw);
    const list = await a.get(`/participants/${id}/contacts`);
    const ids = [...list.body.matchAll(/\/contacts\/([0-9a-f-]{36})\/edit/g)].map((m) => m[1]!);
    const esol = ids[ids.length - 1]!;
    const form = await a.get(`/contacts/${esol}/edit`);
    expect(form.statusCode).toBe(200);
    const first = await a.submit(`/contacts/${esol}/edit`, contactForm('Version two of the note'));
    expect(first.statusCode).toBe(303);
    await a.submit(`/contacts/${esol}/edit`, contactForm('Version three of the note'));
    const history = await a.get(`/contacts/${esol}/history`);
    expect(history.statusCode).toBe(200);
    expect(history.body).toContain('Version three of the note');
    expect(history.body).toContain('Version two of the note');
    const timeline = await a.get(`/participants/${id}/contacts`);
    expect(timeline.body).toContain('Version three of the note');
    expect(timeline.body).not.toContain('Version two of the note');
    const events = await t.services.audit.list({ action: 'contact.edited' });
    expect(events.length).toBe(2);
    expect(JSON.stringify(events)).not.toContain('Version two');
  });

  it('her subject access export includes her contacts; erasure leaves none of their text behind', async () => {
    const m = await as(manager);
    const exp = await m.get(`/participants/${id}/export.json`);
    expect(exp.statusCode).toBe(200);
    expect(exp.body).toContain('Version three of the note');
    expect(exp.body).toContain('Version two of the note');
    const mActor = actor(manager);
    await t.services.participants.erase(mActor, id);
    const { rows } = await t.database.pool.query(
      `select count(*)::int as n from casework_contacts where participant_id = $1`,
      [id],
    );
    expect(rows[0].n).toBe(2);
    for (const table of ['casework_contacts', 'casework_contact_versions']) {
      const dump = await t.database.pool.query(`select t::text as row from ${table} t`);
      const all = dump.rows.map((r) => r.row).join('\n');
      expect(all).not.toContain('Version');
      expect(all).not.toContain('Disclosed-Testabuse');
      expect(all).not.toContain('ESOL');
    }
  });
});
