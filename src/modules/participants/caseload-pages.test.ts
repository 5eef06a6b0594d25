import { beforeAll, describe, expect, it } from 'vitest';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, org, users, as } = useScenario({
  organisations: { own: 'Large Organisation' },
  users: { manager: 'manager' },
});

beforeAll(async () => {
  // 60 key workers (names sort as Key worker 01..60), each with two women.
  await t.database.pool.query(
    `insert into users (organisation_id, email, name, role)
     select $1, 'kw' || g || '@pages.example.org', 'Key worker ' || lpad(g::text, 2, '0'), 'key_worker'
     from generate_series(1, 60) g`,
    [org.own],
  );
  await t.database.pool.query(
    `insert into participants (organisation_id, key_worker_user_id, status, preferred_name)
     select $1, u.id, 'active', 'Woman ' || g from users u, generate_series(1, 2) g
     where u.organisation_id = $1 and u.role = 'key_worker'`,
    [org.own],
  );
});

const keyWorkerLinks = (html: string) =>
  [...html.matchAll(/href="\/caseload\?keyWorker=[0-9a-f-]{36}">Key worker (\d\d)</g)].map((m) => m[1]);

describe("managers' caseloads by key worker", () => {
  it('shows a page of 50 key workers at a time, in name order, with their counts', async () => {
    const a = await as(users.manager);
    const first = await a.get('/caseload');
    expect(first.statusCode).toBe(200);
    expect(keyWorkerLinks(first.body)).toEqual(
      Array.from({ length: 50 }, (_, i) => String(i + 1).padStart(2, '0')),
    );
    expect(first.body).toContain('href="?page=2"');
    const second = await a.get('/caseload?page=2');
    expect(keyWorkerLinks(second.body)).toEqual(Array.from({ length: 10 }, (_, i) => String(i + 51)));
    expect(second.body).toContain('href="?page=1"');
    expect(second.body).not.toContain('href="?page=3"');
    expect(second.body.replace(/\s+/g, ' ')).toMatch(
      /Key worker 60<\/a><\/td> <td class="govuk-table__cell govuk-table__cell--numeric">2</,
    );
  });

  it('answers a page number or filter that is not one with a page, not a 500', async () => {
    const a = await as(users.manager);
    const kw = (await t.database.pool.query("select id from users where email = 'kw1@pages.example.org'"))
      .rows[0].id;
    for (const q of [
      'page=1e308',
      'page=Infinity',
      'page=-3',
      'page=1.5',
      'page=2&page=x',
      'status=a&status=b',
    ])
      for (const url of [
        `/caseload?${q}`,
        `/caseload?keyWorker=${kw}&${q}`,
        `/caseload?keyWorker=a&keyWorker=b&${q}`,
      ])
        expect((await a.get(url)).statusCode, url).toBe(200);
    // A page past the end is an empty page.
    const far = await a.get(`/caseload?keyWorker=${kw}&page=100000`);
    expect(far.statusCode).toBe(200);
    expect(far.body).not.toContain('Woman 1');
  });
});
