import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { createAuditService } from '../../../platform/audit/service.ts';
import type { Database } from '../../../platform/db/index.ts';
import { serviceDocument } from '../document.ts';
import { exportServicesArray } from '../export.ts';
import { tableNames, tables } from '../hsds.ts';
import { loadServicesFull } from '../read.ts';
import { exampleSources, REF } from './examples.ts';
import { importDirectory, importDocuments } from './run.ts';

async function rowCounts(database: Database): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of tableNames) {
    const r = await database.db.execute<{ n: number }>(sql`select count(*)::int as n from ${tables[t]}`);
    out[t] = r.rows[0]!.n;
  }
  return out;
}

const deps = (database: Database) => ({ db: database.db, audit: createAuditService(database.db) });

describe('importing the Open Referral examples', () => {
  it('finds the examples', () => expect(exampleSources.length).toBeGreaterThan(20));
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());

  for (const file of exampleSources) {
    it(`imports ${file} with nothing rejected`, async () => {
      const report = await importDirectory(deps(database), path.join(REF, file));
      expect(report.rejected).toEqual([]);
      if (!file.endsWith('base.json')) expect(report.imported).toBeGreaterThan(0);
      expect(report.imported).toBe(report.records);
    });
  }
});

describe('fidelity and idempotence', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());

  it('keeps every field of the ORUK service example (service_full read back equals the file)', async () => {
    const doc = JSON.parse(readFileSync(path.join(REF, 'oruk3-examples/service_full.json'), 'utf8'));
    const report = await importDocuments(deps(database), doc, 'service_full.json');
    expect(report.imported).toBe(1);
    const [back] = await loadServicesFull(database.db, [doc.id], { withheld: 'include' });
    expect(back).toEqual(doc);
  });

  it('importing every example a second time changes nothing', async () => {
    for (const file of exampleSources) await importDirectory(deps(database), path.join(REF, file));
    const before = await exportServicesArray(database.db);
    const countsBefore = await rowCounts(database);
    for (const file of exampleSources) {
      const report = await importDirectory(deps(database), path.join(REF, file));
      expect(report.rejected).toEqual([]);
    }
    expect(await rowCounts(database)).toEqual(countsBefore);
    expect(await exportServicesArray(database.db)).toEqual(before);
  });
});

describe('a malformed feed', () => {
  let database: Database;
  beforeAll(async () => {
    database = await freshDatabase();
  });
  afterAll(() => database.close());

  const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
  const malformed = {
    total_items: 5,
    total_pages: 1,
    page_number: 1,
    size: 5,
    first_page: true,
    last_page: true,
    empty: false,
    contents: [
      { id: id(1), name: 'No status given', phones: [{ id: id(11), number: '01632 960001' }] },
      { id: 'not-a-uuid', name: 'Bad id', status: 'active' },
      {
        id: id(3),
        name: 'Several problems',
        status: 'open',
        email: 'not an email',
        assured_date: '2024-13-45',
        schedules: [{ id: id(31), opens_at: '25:00' }],
      },
      { id: id(4), status: 'active', service_at_locations: [{ id: id(41), location_id: id(99) }] },
      {
        id: id(5),
        name: 'Its location does not exist',
        status: 'active',
        phones: [{ id: id(51), number: '01632 960005' }],
        service_at_locations: [{ id: id(52), location_id: id(98) }],
      },
    ],
  };

  it('leaves the database unchanged and reports every problem of every record', async () => {
    const before = await rowCounts(database);
    const report = await importDocuments(deps(database), malformed, 'bad-feed.json');
    expect(await rowCounts(database)).toEqual(before);
    expect(report.imported).toBe(0);
    expect(report.records).toBe(5);
    const problems = Object.fromEntries(
      report.rejected.map((r) => [r.index, r.problems.map((p) => `${p.path}: ${p.message}`).sort()]),
    );
    expect(problems).toEqual({
      1: ['status: is required'],
      2: ['id: must be a UUID'],
      3: [
        'assured_date: must be a date (YYYY-MM-DD)',
        'email: must be an email address',
        'schedules[0].opens_at: must be a time (HH:MM or HH:MM:SS)',
        'status: must be one of: active, inactive, defunct, temporarily closed',
      ],
      4: ['name: is required'],
      5: [`location_id: refers to location ${id(98)}, which does not exist`],
    });
    expect(report.rejected.find((r) => r.index === 5)).toMatchObject({ id: id(5), kind: 'service' });
  });

  it('imports the good records of a batch and nothing of a bad one', async () => {
    const good = {
      id: id(6),
      name: 'Good service',
      status: 'active',
      phones: [{ id: id(61), number: '01632 960006' }],
    };
    const report = await importDocuments(deps(database), [good, malformed.contents[4]], 'mixed.json');
    expect(report.imported).toBe(1);
    expect(report.rejected.map((r) => r.id)).toEqual([id(5)]);
    const [back] = await loadServicesFull(database.db, [id(6)]);
    expect(back).toMatchObject({ name: 'Good service', phones: [{ number: '01632 960006' }] });
    const orphanPhone = await database.db.execute(sql`select 1 from directory_phone where id = ${id(51)}`);
    expect(orphanPhone.rows).toHaveLength(0);
  });
});

describe('crawling a feed URL', () => {
  let database: Database;
  let server: Server;
  let base: string;
  const requests: string[] = [];
  const services = Array.from({ length: 5 }, (_, i) =>
    serviceDocument({
      id: `10000000-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
      name: `Feed service ${i + 1}`,
      organization: {
        id: '20000000-0000-4000-8000-000000000001',
        name: 'Feed organisation',
        description: 'Runs the feed services',
      },
      locations: [{ name: `Venue ${i + 1}`, latitude: 51.5, longitude: -0.1 }],
    }),
  );

  beforeAll(async () => {
    database = await freshDatabase();
    server = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      requests.push(`${url.pathname}${url.search}`);
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (url.pathname === '/api/services') {
        const page = Number(url.searchParams.get('page') ?? '1');
        const per = 2;
        const slice = services.slice((page - 1) * per, page * per);
        // Lists carry summaries only, as many ORUK feeds do: the crawler fetches each full record.
        const contents = slice.map(({ service_at_locations: _sal, ...summary }) => summary);
        return send(200, {
          total_items: services.length,
          total_pages: Math.ceil(services.length / per),
          page_number: page,
          size: contents.length,
          first_page: page === 1,
          last_page: page * per >= services.length,
          empty: contents.length === 0,
          contents,
        });
      }
      const m = /^\/api\/services\/([0-9a-f-]+)$/.exec(url.pathname);
      const found = m && services.find((s) => s.id === m[1]);
      if (found) return send(200, found);
      send(404, { title: 'Not found' });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/services`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await database.close();
  });

  it('follows total_pages through every page and imports each full record', async () => {
    const progress: number[] = [];
    const report = await importDirectory(deps(database), base, {
      onProgress: (p) => progress.push(p.done),
    });
    expect(report.rejected).toEqual([]);
    expect(report.imported).toBe(5);
    expect(report.pages).toBe(3);
    expect(requests.filter((r) => r.startsWith('/api/services?') || r === '/api/services')).toEqual([
      '/api/services',
      '/api/services?page=2',
      '/api/services?page=3',
    ]);
    const back = await exportServicesArray(database.db);
    expect(back.map((s) => s.name)).toEqual(services.map((s) => s.name));
    expect(back[4]).toMatchObject({
      service_at_locations: [{ location: { name: 'Venue 5', latitude: 51.5 } }],
      organization: { name: 'Feed organisation' },
    });
    expect(progress.at(-1)).toBe(5);
  });
});
