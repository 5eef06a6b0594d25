// Real feeds in, intact (issue 11): a feed with the quirks real ORUK feeds have (nested records
// without ids, HTML descriptions, date-times without a zone, ages of -1, extension fields) imports
// every record with warnings, the same ids on re-import, and exports its unknown fields again.
// The upload route and the ORUK API with the same fixture: import-routes.test.ts.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { createAuditService } from '../../../platform/audit/service.ts';
import type { Database } from '../../../platform/db/index.ts';
import { writeJsonExport } from '../export.ts';
import { htmlToText } from '../html-text.ts';
import { ukDateTime } from '../quirks.ts';
import { importDirectory, importDocuments } from './run.ts';

const QUIRKY_FEED = path.join(import.meta.dirname, 'fixtures/quirky-feed.json');
const ADVICE = '5b1a6c2e-0c7a-4a8e-9f3d-1a2b3c4d5e61';
const DROP_IN = '5b1a6c2e-0c7a-4a8e-9f3d-1a2b3c4d5e63';

const deps = (database: Database) => ({ db: database.db, audit: createAuditService(database.db) });

describe('HTML in a feed’s text', () => {
  it('keeps paragraphs, headings and lists as plain text, and drops anything executable', () => {
    expect(
      htmlToText(
        '<h1>Advice</h1><p>For women &amp; families.</p><ul><li>Housing</li><li>Money</li></ul>' +
          '<script>alert(1)</script><style>p{}</style><p>Line<br>break <a href="https://x.example/a">here</a></p>' +
          '<ol><li>First</li><li>Second</li></ol><a href="javascript:alert(1)">click</a>',
      ),
    ).toBe(
      'Advice\n\nFor women & families.\n\n- Housing\n- Money\n\nLine\nbreak here (https://x.example/a)\n\n1. First\n2. Second\n\nclick',
    );
  });
});

describe('date-times without a zone', () => {
  it('are read as UK time, summer time included', () => {
    expect(ukDateTime('2024-05-01T10:00:00')?.toISOString()).toBe('2024-05-01T09:00:00.000Z');
    expect(ukDateTime('2024-01-15T09:30:00')?.toISOString()).toBe('2024-01-15T09:30:00.000Z');
    expect(ukDateTime('2024-05-01T10:00:00Z')).toBeUndefined();
    expect(ukDateTime('2024-05-01T10:00:00+02:00')).toBeUndefined();
  });
});

describe('importing a feed with the quirks real feeds have', () => {
  let database: Database;
  let dir: string;
  beforeAll(async () => {
    database = await freshDatabase();
    dir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-quirks-'));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await database.close();
  });

  const phoneIds = async () =>
    (
      await database.db.execute<{ id: string; number: string }>(
        sql`select id, number from directory_phone where service_id = ${ADVICE} order by number`,
      )
    ).rows;

  it('imports every record, each with a warning for each thing repaired or kept', async () => {
    const report = await importDirectory(deps(database), QUIRKY_FEED);
    expect(report.rejected).toEqual([]);
    expect(report.imported).toBe(2);
    expect(report.warnedCount).toBe(2);
    const [advice, dropIn] = report.warned;
    const said = (w: NonNullable<typeof advice>) => w.warnings.map((x) => `${x.path} ${x.key}`);
    expect(advice!.id).toBe(ADVICE);
    expect(said(advice!)).toEqual(
      expect.arrayContaining([
        'description directory.imports.quirks.html',
        'last_modified directory.imports.quirks.zoneless',
        'minimum_age directory.imports.quirks.negativeAge',
        'maximum_age directory.imports.quirks.negativeAge',
        'pc_targetAudience directory.imports.quirks.extra',
        'pc_metadata directory.imports.quirks.extra',
        'organization.pc_council_code directory.imports.quirks.extra',
        'phones[0].id directory.imports.quirks.generatedId',
        'phones[0].pc_label directory.imports.quirks.extra',
        'phones[1].id directory.imports.quirks.generatedId',
        'phones[1].description directory.imports.quirks.html',
        'service_at_locations[0].id directory.imports.quirks.generatedId',
        'service_at_locations[0].location.id directory.imports.quirks.generatedId',
        'service_at_locations[0].location.pc_opening_note directory.imports.quirks.extra',
        'service_at_locations[0].location.addresses[0].id directory.imports.quirks.generatedId',
      ]),
    );
    expect(said(dropIn!)).toEqual(
      expect.arrayContaining([
        'eligibility_description directory.imports.quirks.html',
        'last_modified directory.imports.quirks.zoneless',
        'minimum_age directory.imports.quirks.negativeAge',
        'pc_service_tier directory.imports.quirks.extra',
        'schedules[0].id directory.imports.quirks.generatedId',
      ]),
    );

    const rows = await database.db.execute<Record<string, unknown>>(
      sql`select id, description, eligibility_description, minimum_age, maximum_age,
            to_char(last_modified at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as last_modified
          from directory_service order by name`,
    );
    expect(rows.rows).toEqual([
      {
        id: ADVICE,
        description:
          'Advice line\n\nFree advice for women & families.\n\n- Housing\n- Money\n\nCall our team (https://example.org/advice).',
        eligibility_description: null,
        last_modified: '2024-05-01T09:00:00Z',
        minimum_age: null,
        maximum_age: null,
      },
      {
        id: DROP_IN,
        description: 'Plain text stays as it is.',
        eligibility_description: 'Women & children',
        last_modified: '2024-01-15T09:30:00Z',
        minimum_age: null,
        maximum_age: 25,
      },
    ]);
    expect((await phoneIds()).map((p) => p.number)).toEqual(['01632 960101', '01632 960102']);
  });

  it('gives the records it generated ids for the same ids on re-import, adding nothing', async () => {
    const before = await phoneIds();
    const count = async () =>
      (
        await database.db.execute<{ n: number }>(
          sql`select (select count(*) from directory_phone) + (select count(*) from directory_location)
            + (select count(*) from directory_service_at_location) + (select count(*) from directory_schedule)
            + (select count(*) from directory_address) as n`,
        )
      ).rows[0]!.n;
    const n = await count();
    const doc = JSON.parse(readFileSync(QUIRKY_FEED, 'utf8'));
    const report = await importDocuments(deps(database), doc, 'again.json');
    expect(report.rejected).toEqual([]);
    expect(await phoneIds()).toEqual(before);
    expect(await count()).toBe(n);
  });

  it('exports every record again with its unknown fields', async () => {
    const file = path.join(dir, 'services.json');
    await writeJsonExport(database.db, file);
    const exported = JSON.parse(readFileSync(file, 'utf8')) as { id: string }[];
    expect(exported.find((s) => s.id === ADVICE)).toMatchObject({
      pc_targetAudience: ['Women', 'Families'],
      pc_metadata: { feed: 'fictional', rank: 3 },
      organization: { pc_council_code: 'X99' },
      phones: expect.arrayContaining([
        expect.objectContaining({ number: '01632 960101', pc_label: 'Main line' }),
      ]),
      service_at_locations: [
        { location: expect.objectContaining({ pc_opening_note: 'Closed on bank holidays' }) },
      ],
    });
    expect(exported.find((s) => s.id === DROP_IN)).toMatchObject({ pc_service_tier: 'community' });
  });

  it('forgets an unknown field the feed no longer sends', async () => {
    const doc = JSON.parse(readFileSync(QUIRKY_FEED, 'utf8'));
    const dropIn = doc.contents[1];
    delete dropIn.pc_service_tier;
    const report = await importDocuments(deps(database), dropIn, 'drop-in.json');
    expect(report.imported).toBe(1);
    const { rows } = await database.db.execute<{ extra: unknown }>(
      sql`select extra from directory_service where id = ${DROP_IN}`,
    );
    expect(rows[0]!.extra).toEqual({});
  });

  it('rejects only a record it cannot understand, with every reason (its phone gets an id, not a number)', async () => {
    const report = await importDocuments(
      deps(database),
      [{ id: 'not-a-uuid', status: 'sometimes', phones: [{ pc_label: 'no number' }] }],
      'broken.json',
    );
    expect(report.imported).toBe(0);
    expect(report.rejected[0]!.problems.map((p) => p.path).sort()).toEqual([
      'id',
      'name',
      'phones[0].number',
      'status',
    ]);
  });
});
