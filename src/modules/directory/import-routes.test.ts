// Uploading ORUK JSON through the staff pages: the job runs in the background, the progress page
// shows the report; CSRF, roles and organisations are enforced. Real HTTP (app.inject), real database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, csrfTokenIn } from '../../../tests/support/agent.ts';
import { createOrganisation } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { auditEvents } from '../../platform/audit/schema.ts';

const { t, agents } = useScenario({
  organisations: { uploaders: 'Uploaders', elsewhere: 'Elsewhere' },
  users: { manager: 'manager', keyWorker: 'key_worker', otherOrg: ['manager', 'elsewhere'] },
  signedIn: ['manager', 'keyWorker', 'otherOrg'],
});
const { manager, keyWorker, otherOrg } = agents;

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
const service = (n: number, name: string) => ({
  id: id(n),
  name,
  status: 'active',
  description: 'A fictional service for the upload test.',
  phones: [{ id: id(n * 100 + 1), number: '01632 960001' }],
});

function multipart(fields: Record<string, string>, file?: { name: string; content: string }) {
  const boundary = `----wayfinder${Math.random().toString(16).slice(2)}`;
  const parts: string[] = [];
  for (const [k, v] of Object.entries(fields))
    parts.push(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
  if (file)
    parts.push(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\n` +
        `Content-Type: application/json\r\n\r\n${file.content}\r\n`,
    );
  parts.push(`--${boundary}--\r\n`);
  return { payload: Buffer.from(parts.join('')), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Posts the upload form as a browser would: the token from the form page, the file as multipart. */
async function upload(
  agent: Agent,
  file: { name: string; content: string } | undefined,
  opts: { token?: boolean; headers?: Record<string, string> } = {},
) {
  const page = await agent.get('/directory/imports');
  const token = csrfTokenIn(page.body);
  const body = multipart(opts.token === false || !token ? {} : { _csrf: token }, file);
  return t.app.inject({
    method: 'POST',
    url: '/directory/imports',
    payload: body.payload,
    headers: {
      'content-type': body.contentType,
      cookie: [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      ...opts.headers,
    },
  });
}

async function finished(agent: Agent, url: string): Promise<string> {
  for (let i = 0; i < 300; i++) {
    const res = await agent.get(url);
    expect(res.statusCode).toBe(200);
    if (!res.body.includes('http-equiv="refresh"')) return res.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} still running`);
}

const text = (html: string) =>
  html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

describe('uploading an ORUK file', () => {
  let jobUrl: string;

  it('imports a good file in the background and reports new and updated records', async () => {
    // One service already there, so the report counts it as updated.
    const first = await upload(manager, {
      name: 'first.json',
      content: JSON.stringify([service(1, 'Upload Test Advice')]),
    });
    expect(first.statusCode).toBe(303);
    await finished(manager, String(first.headers.location));

    const res = await upload(manager, {
      name: 'services.json',
      content: JSON.stringify({
        total_items: 3,
        total_pages: 1,
        page_number: 1,
        contents: [
          service(1, 'Upload Test Advice (renamed)'),
          service(2, 'Upload Test Housing'),
          service(3, 'Upload Test Legal'),
        ],
      }),
    });
    expect(res.statusCode).toBe(303);
    jobUrl = String(res.headers.location);
    expect(jobUrl).toMatch(/^\/directory\/imports\/[0-9a-f-]{36}$/);

    const body = text(await finished(manager, jobUrl));
    expect(body).toContain('Import finished');
    expect(body).toContain('Records in the file 3');
    expect(body).toContain('New records imported 2');
    expect(body).toContain('Existing records updated 1');
    expect(body).toContain('Records rejected 0');
    const names = await t.database.db.execute<{ name: string }>(
      sql`select name from directory_service where id in (${id(1)}, ${id(2)}, ${id(3)}) order by name`,
    );
    expect(names.rows.map((r) => r.name)).toEqual([
      'Upload Test Advice (renamed)',
      'Upload Test Housing',
      'Upload Test Legal',
    ]);
    const audit = await t.database.db
      .select({ action: auditEvents.action })
      .from(auditEvents)
      .where(sql`${auditEvents.recordId} = ${jobUrl.split('/').pop()}`);
    expect(audit.map((a) => a.action).sort()).toEqual([
      'directory.import.finished',
      'directory.import.started',
    ]);
  });

  it('shows progress while an import runs, refreshing itself without JavaScript', async () => {
    // A job caught mid-way (as another manager of the organisation would see it after a reload).
    const { organisationId } = (
      await t.database.db.execute<{ organisationId: string }>(
        sql`select organisation_id as "organisationId" from directory_import_job where id = ${jobUrl.split('/').pop()}`,
      )
    ).rows[0]!;
    const { rows } = await t.database.db.execute<{ id: string }>(
      sql`insert into directory_import_job (organisation_id, file_name, status, total, done)
          values (${organisationId}, 'big.json', 'running', 10000, 2500) returning id`,
    );
    const res = await manager.get(`/directory/imports/${rows[0]!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<meta http-equiv="refresh" content="2">');
    expect(text(res.body)).toContain('2500 of 10000 records processed (25%)');
    expect(res.body).toContain(`href="/directory/imports/${rows[0]!.id}">Refresh</a>`);
  });

  it('says an import stopped by a restart stopped, instead of showing it in progress for ever', async () => {
    const { organisationId } = (
      await t.database.db.execute<{ organisationId: string }>(
        sql`select organisation_id as "organisationId" from directory_import_job where id = ${jobUrl.split('/').pop()}`,
      )
    ).rows[0]!;
    // Last progress written 11 minutes ago, by a server that is no longer running it.
    const { rows } = await t.database.db.execute<{ id: string }>(
      sql`insert into directory_import_job (organisation_id, file_name, status, total, done, updated_at)
          values (${organisationId}, 'cut-short.json', 'running', 10000, 4000, now() - interval '11 minutes') returning id`,
    );
    const res = await manager.get(`/directory/imports/${rows[0]!.id}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('http-equiv="refresh"');
    expect(text(res.body)).toContain('The import stopped when the service restarted');
    const list = await manager.get('/directory/imports');
    expect(text(list.body)).toMatch(/cut-short\.json.*Failed/s);
  });

  it('lists the upload on the import page for the organisation', async () => {
    const res = await manager.get('/directory/imports');
    expect(res.body).toContain(`href="${jobUrl}"`);
    expect(res.body).toContain('services.json');
  });

  it('lists every rejected record with its reason and writes nothing from a malformed file', async () => {
    const before = await t.database.db.execute<{ n: number }>(
      sql`select (select count(*) from directory_service)::int + (select count(*) from directory_phone)::int as n`,
    );
    const res = await upload(manager, {
      name: 'bad.json',
      content: JSON.stringify([
        { id: id(11), name: 'No status given', phones: [{ id: id(1101), number: '01632 960001' }] },
        { id: 'not-a-uuid', name: 'Bad id', status: 'active' },
        {
          id: id(13),
          name: 'Missing location',
          status: 'active',
          service_at_locations: [{ id: id(1301), location_id: id(99) }],
        },
      ]),
    });
    expect(res.statusCode).toBe(303);
    const html = await finished(manager, String(res.headers.location));
    const body = text(html);
    expect(body).toContain('Records rejected 3');
    expect(body).toContain('New records imported 0');
    expect(body).toContain('3 records rejected');
    expect(body).toContain('No status given service status : is required');
    expect(body).toContain('id : must be a UUID');
    expect(body).toContain(`location_id : refers to location ${id(99)}, which does not exist`);
    const after = await t.database.db.execute<{ n: number }>(
      sql`select (select count(*) from directory_service)::int + (select count(*) from directory_phone)::int as n`,
    );
    expect(after.rows[0]!.n).toBe(before.rows[0]!.n);
  });

  it('answers NUL in the file name with a 400, and a NUL in the file as a rejected record, never a 500', async () => {
    const named = await upload(manager, { name: 'a\u0000b.json', content: '[]' });
    expect(named.statusCode).toBe(400);
    const res = await upload(manager, {
      name: 'nul.json',
      content: JSON.stringify([service(7, 'Nul\u0000Advice')]),
    });
    expect(res.statusCode).toBe(303);
    const report = text(await finished(manager, String(res.headers.location)));
    expect(report).not.toContain('Nul');
    const { rows } = await t.database.pool.query(
      "select count(*)::int n from directory_service where name like 'Nul%'",
    );
    expect(rows[0].n).toBe(0);
  });

  it('refuses a file that is not JSON, or no file, with the form and an error', async () => {
    const notJson = await upload(manager, { name: 'x.json', content: 'this is not json' });
    expect(notJson.statusCode).toBe(400);
    expect(notJson.body).toContain('The selected file must be JSON');
    const none = await upload(manager, undefined);
    expect(none.statusCode).toBe(400);
    expect(none.body).toContain('Select a JSON file to upload');
  });

  it('refuses an upload without its CSRF token, and takes the token from the x-csrf-token header', async () => {
    const file = { name: 'csrf.json', content: JSON.stringify([service(21, 'Should not exist')]) };
    const res = await upload(manager, file, { token: false });
    expect(res.statusCode).toBe(403);
    const found = await t.database.db.execute(sql`select 1 from directory_service where id = ${id(21)}`);
    expect(found.rows).toHaveLength(0);

    const page = await manager.get('/directory/imports');
    const viaHeader = await upload(manager, file, {
      token: false,
      headers: { 'x-csrf-token': csrfTokenIn(page.body)! },
    });
    expect(viaHeader.statusCode).toBe(303);
  });

  it('is for managers: a key worker gets 403 for the page and the upload', async () => {
    expect((await keyWorker.get('/directory/imports')).statusCode).toBe(403);
    const res = await upload(keyWorker, { name: 'k.json', content: JSON.stringify([service(31, 'Nope')]) });
    expect(res.statusCode).toBe(403);
    expect((await keyWorker.get(jobUrl)).statusCode).toBe(403);
  });

  it("hides another organisation's import (404), and a signed-out upload is refused before reading it", async () => {
    expect((await otherOrg.get(jobUrl)).statusCode).toBe(404);
    expect((await otherOrg.get('/directory/imports')).body).not.toContain(jobUrl);
    expect((await manager.get('/directory/imports/not-a-uuid')).statusCode).toBe(404);
    const body = multipart({}, { name: 'anon.json', content: '[]' });
    const anon = await t.app.inject({
      method: 'POST',
      url: '/directory/imports',
      payload: body.payload,
      headers: { 'content-type': body.contentType },
    });
    expect(anon.statusCode).toBe(403);
  });
});

describe('who an upload may change (issue 9: import ownership)', () => {
  // "Elsewhere" (orgB) maintains a service through the staff pages; "Uploaders" (orgA) tries to
  // overwrite it, to take its phone and website, and to pass its own services off as Elsewhere's.
  let orgA: string;
  let orgB: string;
  let theirs: string;
  const attackerPhone = '01632 966666';

  const oruk = async (serviceId: string) => {
    const res = await t.app.inject({ method: 'GET', url: `/api/oruk/services/${serviceId}` });
    expect(res.statusCode).toBe(200);
    return res.json() as {
      name: string;
      url?: string;
      phones?: { number: string }[];
      organization?: { id: string };
    };
  };

  beforeAll(async () => {
    const ids = await t.database.db.execute<{ id: string; name: string }>(
      sql`select id, name from organisations where name in ('Uploaders', 'Elsewhere')`,
    );
    orgA = ids.rows.find((r) => r.name === 'Uploaders')!.id;
    orgB = ids.rows.find((r) => r.name === 'Elsewhere')!.id;
    const bManager = (
      await t.database.db.execute<{ id: string }>(
        sql`select id from users where organisation_id = ${orgB} and role = 'manager' limit 1`,
      )
    ).rows[0]!.id;
    theirs = (
      await t.services.directory.createService(
        { userId: bManager, organisationId: orgB, role: 'manager' },
        {
          name: 'Elsewhere Housing Advice',
          description: 'Housing advice run by Elsewhere.',
          phone: '01632 960123',
          url: 'https://elsewhere.example.org',
        },
      )
    ).id;
  });

  it("refuses to overwrite another organisation's service, says why, and writes nothing of it", async () => {
    const res = await upload(manager, {
      name: 'takeover.json',
      content: JSON.stringify([
        {
          id: theirs,
          name: 'Hijacked Housing Advice',
          status: 'active',
          description: 'Call us instead.',
          url: 'https://attacker.example',
          phones: [{ id: id(4001), number: attackerPhone }],
        },
        service(41, 'Upload Test Own New Service'),
      ]),
    });
    expect(res.statusCode).toBe(303);
    const body = text(await finished(manager, String(res.headers.location)));
    expect(body).toContain('Records rejected 1');
    expect(body).toContain('New records imported 1');
    expect(body).toContain(
      `service ${theirs} : is maintained by another organisation. An upload can only change, or link to, records your organisation maintains.`,
    );
    const api = await oruk(theirs);
    expect(api.name).toBe('Elsewhere Housing Advice');
    expect(api.url).toBe('https://elsewhere.example.org');
    expect(api.phones?.map((p) => p.number)).toEqual(['01632 960123']);
    const page = await t.app.inject({ method: 'GET', url: `/find-support/services/${theirs}` });
    expect(page.body).toContain('Elsewhere Housing Advice');
    expect(page.body).not.toContain(attackerPhone);
    // The rest of the file imported, and is the uploader's to change from now on.
    const own = await t.database.db.execute<{ owner: string }>(
      sql`select owner_organisation_id as owner from directory_service where id = ${id(41)}`,
    );
    expect(own.rows[0]?.owner).toBe(orgA);
  });

  it("refuses to take another organisation's phone, or to add to its service", async () => {
    const [phone] = (
      await t.database.db.execute<{ id: string }>(
        sql`select id from directory_phone where service_id = ${theirs}`,
      )
    ).rows;
    const res = await upload(manager, {
      name: 'phones.json',
      // A tabular package (tabular.json): rows carry their foreign keys as given.
      content: JSON.stringify({
        'phones.csv': [{ id: phone!.id, service_id: id(41), number: attackerPhone }],
        'cost_options.csv': [{ id: id(4201), service_id: theirs, option: 'Pay us first', amount: 100 }],
      }),
    });
    const body = text(await finished(manager, String(res.headers.location)));
    expect(body).toContain('Records rejected 2');
    const api = (await oruk(theirs)) as { phones?: { number: string }[]; cost_options?: unknown[] };
    expect(api.phones?.map((p) => p.number)).toEqual(['01632 960123']);
    expect(api.cost_options ?? []).toEqual([]);
  });

  it('refuses to route its services to another organisation (an organization id that is theirs)', async () => {
    const res = await upload(manager, {
      name: 'reroute.json',
      content: JSON.stringify([
        // Its own service, moved under Elsewhere's organization record (which Elsewhere's staff service made).
        { ...service(41, 'Upload Test Own New Service'), organization_id: orgB },
        // A new service naming Elsewhere as its organization.
        {
          ...service(43, 'Upload Test Pretend'),
          organization: { id: orgB, name: 'Elsewhere', description: 'x' },
        },
      ]),
    });
    const body = text(await finished(manager, String(res.headers.location)));
    expect(body).toContain('Records rejected 2');
    expect(body).toContain(`organization ${orgB} : is maintained by another organisation`);
    const rows = await t.database.db.execute<{ id: string; org: string | null }>(
      sql`select id, organization_id as org from directory_service where id in (${id(41)}, ${id(43)})`,
    );
    expect(rows.rows).toEqual([{ id: id(41), org: null }]);
    const name = await t.database.db.execute<{ name: string }>(
      sql`select name from directory_organization where id = ${orgB}`,
    );
    expect(name.rows[0]?.name).toBe('Elsewhere');
  });

  it('may create an organization record for its own organisation, and not one for an organisation with no record yet', async () => {
    const orgC = await createOrganisation(t, 'Northgate');
    const res = await upload(manager, {
      name: 'orgs.json',
      content: JSON.stringify([
        {
          ...service(44, 'Upload Test Ours'),
          organization: { id: orgA, name: 'Uploaders', description: 'Us' },
        },
        {
          ...service(45, 'Upload Test Theirs'),
          organization: { id: orgC, name: 'Northgate', description: 'x' },
        },
      ]),
    });
    const body = text(await finished(manager, String(res.headers.location)));
    expect(body).toContain('Records rejected 1');
    expect(body).toContain(`organization ${orgC} : is maintained by another organisation`);
    const rows = await t.database.db.execute<{ id: string }>(
      sql`select id from directory_organization where id in (${orgA}, ${orgC})`,
    );
    expect(rows.rows).toEqual([{ id: orgA }]);
  });
});

describe('feed hygiene (issue 9): only http(s) links and well-formed emails', () => {
  it('rejects a record with a javascript: website or a malformed email, naming the field', async () => {
    const res = await upload(manager, {
      name: 'links.json',
      content: JSON.stringify([
        { ...service(51, 'Upload Test Script Link'), url: 'javascript:alert(1)' },
        {
          ...service(52, 'Upload Test Bad Email'),
          email: 'help@example.org>',
          organization: { id: id(5201), name: 'Org', description: 'x', website: 'data:text/html,hi' },
        },
        {
          ...service(53, 'Upload Test Good Links'),
          url: 'https://good.example.org',
          email: 'hi@good.example.org',
        },
      ]),
    });
    const body = text(await finished(manager, String(res.headers.location)));
    expect(body).toContain('Records rejected 2');
    expect(body).toContain('url : must be a web address starting http:// or https://');
    expect(body).toContain('email : must be an email address');
    expect(body).toContain('organization.website : must be a web address starting http:// or https://');
    const { rows } = await t.database.db.execute<{ id: string }>(
      sql`select id from directory_service where id in (${id(51)}, ${id(52)}, ${id(53)})`,
    );
    expect(rows.map((r) => r.id)).toEqual([id(53)]);
  });

  it('never republishes or links to one stored before imports checked them', async () => {
    await t.database.db.execute(
      sql`update directory_service set url = 'javascript:alert(1)', email = 'x@y"onmouseover=alert(1)' where id = ${id(53)}`,
    );
    const api = await t.app.inject({ method: 'GET', url: `/api/oruk/services/${id(53)}` });
    expect(api.statusCode).toBe(200);
    expect(api.json()).not.toHaveProperty('url');
    expect(api.json()).not.toHaveProperty('email');
    const page = await t.app.inject({ method: 'GET', url: `/find-support/services/${id(53)}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('javascript:');
    expect(page.body).not.toContain('mailto:x@y');
  });
  it('imports a feed with real-world quirks, lists each record imported with warnings, and gives its unknown fields back', async () => {
    const res = await upload(manager, {
      name: 'quirky-feed.json',
      content: readFileSync(path.join(import.meta.dirname, 'import/fixtures/quirky-feed.json'), 'utf8'),
    });
    expect(res.statusCode).toBe(303);
    const body = text(await finished(manager, String(res.headers.location)));
    expect(body).toContain('Records rejected 0');
    expect(body).toContain('New records imported 2');
    expect(body).toContain('2 records imported with warnings');
    expect(body).toContain(
      'phones[0].id : had no id: one was made from its place in the record, the same on every import',
    );
    expect(body).toContain('description : held HTML: imported as plain text (paragraphs and lists kept)');
    expect(body).toContain('last_modified : had no time zone: read as UK time');
    expect(body).toContain('minimum_age : was below zero: read as no age limit');
    expect(body).toContain('pc_service_tier : is not an HSDS field: kept and exported again');

    const advice = '5b1a6c2e-0c7a-4a8e-9f3d-1a2b3c4d5e61';
    const api = await t.app.inject({ method: 'GET', url: `/api/oruk/services/${advice}` });
    expect(api.statusCode).toBe(200);
    expect(api.json().pc_targetAudience).toEqual(['Women', 'Families']);
    expect(api.json().last_modified).toBe('2024-05-01T09:00:00.000Z');
    const page = await t.app.inject({ method: 'GET', url: `/find-support/services/${advice}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Free advice for women &amp; families.');
    expect(page.body).not.toContain('&lt;h1&gt;');
    expect(page.body).not.toContain('alert(');
  });
});
