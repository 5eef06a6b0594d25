// Who an import may change (decision 0007): the partnership import (command line) and an
// organisation's import, against records maintained through the staff pages. Real database.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { createAuditService } from '../../../platform/audit/service.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { organisations } from '../../../platform/auth/schema.ts';
import type { Database } from '../../../platform/db/index.ts';
import { loadServicesFull } from '../read.ts';
import { createDirectoryService } from '../service.ts';
import type { ImportOwnership } from './ownership.ts';
import { importDocuments } from './run.ts';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
let database: Database;
let riverside: Actor;
let staffService: string;
const deps = () => ({ db: database.db, audit: createAuditService(database.db) });
const feedService = (n: number, name: string, extra: Record<string, unknown> = {}) => ({
  id: id(n),
  name,
  status: 'active',
  phones: [{ id: id(n * 100 + 1), number: '01632 960100' }],
  ...extra,
});
const one = async (serviceId: string) => (await loadServicesFull(database.db, [serviceId]))[0]!;

beforeAll(async () => {
  database = await freshDatabase();
  const [org] = await database.db
    .insert(organisations)
    .values({ name: 'Riverside' })
    .returning({ id: organisations.id });
  riverside = { userId: '00000000-0000-4000-8000-0000000000aa', organisationId: org!.id, role: 'manager' };
  const directory = createDirectoryService(deps());
  staffService = (
    await directory.createService(riverside, {
      name: 'Riverside Drop-in',
      description: 'Maintained by Riverside through the staff pages',
      phone: '01632 960200',
    })
  ).id;
});
afterAll(() => database?.close());

describe('the partnership import (npm run directory:import)', () => {
  it('leaves a record an organisation maintains alone, and says why; the rest of the feed imports', async () => {
    const report = await importDocuments(
      deps(),
      [
        feedService(1, 'Council Feed Advice'),
        { id: staffService, name: 'Council copy of Riverside', status: 'active', phones: [] },
      ],
      'council-2026-01.json',
    );
    expect(report.imported).toBe(1);
    expect(report.rejected).toMatchObject([
      {
        index: 2,
        id: staffService,
        problems: [
          {
            path: `service ${staffService}`,
            key: 'directory.imports.ownership.maintained',
            message: expect.stringContaining('--overwrite-maintained'),
          },
        ],
      },
    ]);
    expect(await one(staffService)).toMatchObject({
      name: 'Riverside Drop-in',
      phones: [{ number: '01632 960200' }],
    });
  });

  it('updates what an earlier partnership import created, whatever the file is called now', async () => {
    const report = await importDocuments(
      deps(),
      [feedService(1, 'Council Feed Advice (renamed)')],
      'council-2026-02.json',
    );
    expect(report.rejected).toEqual([]);
    expect((await one(id(1))).name).toBe('Council Feed Advice (renamed)');
  });

  it("does not pass a feed's service off as an organisation's (linking to its organization record)", async () => {
    const report = await importDocuments(
      deps(),
      [feedService(2, 'Pretends to be Riverside', { organization_id: riverside.organisationId })],
      'council.json',
    );
    expect(report.imported).toBe(0);
    expect(report.rejected[0]?.problems.map((p) => p.path)).toEqual([
      `organization ${riverside.organisationId}`,
    ]);
  });

  it('overwrites a maintained record when told to, which stays the organisation’s', async () => {
    const report = await importDocuments(
      deps(),
      [{ id: staffService, name: 'Riverside Drop-in (from the council)', status: 'active' }],
      'council.json',
      { ownership: { kind: 'partnership', overwriteMaintained: true } },
    );
    expect(report.rejected).toEqual([]);
    expect((await one(staffService)).name).toBe('Riverside Drop-in (from the council)');
    const { rows } = await database.db.execute<{ owner: string }>(
      sql`select owner_organisation_id as owner from directory_service where id = ${staffService}`,
    );
    expect(rows[0]?.owner).toBe(riverside.organisationId);
  });
});

describe("an organisation's import", () => {
  const asRiverside: { ownership: ImportOwnership } = {
    ownership: { kind: 'organisation', organisationId: '' },
  };
  beforeAll(() => {
    asRiverside.ownership = { kind: 'organisation', organisationId: riverside.organisationId };
  });

  it("may not change the partnership's imported records", async () => {
    const report = await importDocuments(
      deps(),
      [feedService(1, 'Riverside took this over')],
      'mine.json',
      asRiverside,
    );
    expect(report.rejected[0]?.problems[0]).toMatchObject({
      path: `service ${id(1)}`,
      key: 'directory.imports.ownership.partnership',
    });
    expect((await one(id(1))).name).toBe('Council Feed Advice (renamed)');
  });

  it('creates its own records, and updates them on the next upload', async () => {
    const first = await importDocuments(
      deps(),
      [feedService(3, 'Riverside Legal')],
      'mine.json',
      asRiverside,
    );
    expect(first.rejected).toEqual([]);
    const again = await importDocuments(
      deps(),
      [feedService(3, 'Riverside Legal Clinic')],
      'mine.json',
      asRiverside,
    );
    expect(again.rejected).toEqual([]);
    expect((await one(id(3))).name).toBe('Riverside Legal Clinic');
  });

  it('links to the shared vocabulary but leaves its terms as the partnership has them', async () => {
    const term = { id: id(900), name: 'Housing', description: 'Somewhere to live', taxonomy: 'needs' };
    await importDocuments(deps(), term, 'terms.json');
    const report = await importDocuments(
      deps(),
      [
        feedService(4, 'Riverside Housing', {
          attributes: [
            { id: id(401), taxonomy_term: { ...term, name: 'Renamed by an upload' }, link_type: 'need' },
          ],
        }),
      ],
      'mine.json',
      asRiverside,
    );
    expect(report.rejected).toEqual([]);
    const { rows } = await database.db.execute<{ name: string }>(
      sql`select name from directory_taxonomy_term where id = ${id(900)}`,
    );
    expect(rows[0]?.name).toBe('Housing');
    expect(await one(id(4))).toMatchObject({ attributes: [{ taxonomy_term: { id: id(900) } }] });
  });
});
