import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fixtureId, writeServices } from '../../../tests/support/coverage.ts';
import {
  AREA,
  expectedFive,
  expectedServices,
  FIVE,
  knownServices,
  westminsterNeighbours,
} from '../../../tests/support/known-directory.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import { locationAreaCode } from '../directory/coverage/area-lookup.ts';
import { parseCsvObjects } from '../directory/csv.ts';
import { defaultSelection, type Selection } from './model.ts';
import { importPopulation, parsePopulationCsv } from './population.ts';
import { createCoverageService } from './service.ts';

let t: TestApp;
const commissioner: Actor = {
  userId: fixtureId('user'),
  organisationId: fixtureId('org'),
  role: 'commissioner',
};
const census = new Map(
  parseCsvObjects(
    readFileSync(
      new URL('../../../reference/geo/census2021_born_outside_uk_by_area.csv', import.meta.url),
      'utf8',
    ),
  ).map((r) => [r.code!, Number(r.born_outside_uk)]),
);

beforeAll(async () => {
  t = await createTestApp();
  await writeServices(t.database.db, knownServices);
});
afterAll(() => t?.close());

const sel = (s: Partial<Selection> = {}): Selection => ({ ...defaultSelection(), ...s });
type Expected = Record<string, Record<string, number>>;

/** Every one of the 175 rows: counts per domain, needs covered and distinct services. */
async function expectMatrix(selection: Selection, counts: Expected, services: Record<string, number>) {
  const o = await t.services.coverage.overview(commissioner, selection);
  expect(o.rows).toHaveLength(175);
  for (const row of o.rows) {
    const want = counts[row.code] ?? Object.fromEntries(selection.domains.map((d) => [d, 0]));
    expect({ code: row.code, counts: row.counts }).toEqual({ code: row.code, counts: want });
    expect(row.covered, row.code).toBe(Object.values(want).filter((n) => n > 0).length);
    expect(row.services, row.code).toBe(services[row.code] ?? 0);
  }
  return o;
}

describe('coverage of a directory whose answers are known', () => {
  it('places a located service in its area by point in polygon', async () => {
    const location = fixtureId(`${fixtureId('known/2')}/location/0`);
    // Placed as it was imported...
    expect(await locationAreaCode(t.database.db, location)).toBe(AREA.middlesbrough);
    // ...and, written some other way without an area, placed when coverage is next read.
    await t.database.db.execute(sql`update directory_location set area_code = null where id = ${location}`);
    expect(await locationAreaCode(t.database.db, location)).toBe(null);
    await t.services.coverage.overview(commissioner, sel());
    expect(await locationAreaCode(t.database.db, location)).toBe(AREA.middlesbrough);
  });

  it('counts services for women in the five domains: every cell, and the headline in the seed’s terms', async () => {
    const o = await expectMatrix(sel(), expectedFive.specific, expectedServices.specific);
    expect(o.headline).toEqual({
      totalAreas: 175,
      allDomains: 2, // Hartlepool and Powys
      none: 171,
      some: 4,
      perDomain: [
        { domain: 'substance-use', areas: 2, percent: 1.1 },
        { domain: 'mental-health', areas: 3, percent: 1.7 },
        { domain: 'homelessness', areas: 3, percent: 1.7 },
        { domain: 'offending', areas: 3, percent: 1.7 },
        { domain: 'complex-needs', areas: 3, percent: 1.7 },
      ],
      services: 5,
    });
  });

  it('counts any service, women-only services and a group separately', async () => {
    const any = await expectMatrix(sel({ women: 'any' }), expectedFive.any, expectedServices.any);
    expect([any.headline.allDomains, any.headline.none, any.headline.services]).toEqual([2, 171, 6]);

    const only = await expectMatrix(sel({ women: 'only' }), expectedFive.only, expectedServices.only);
    expect([only.headline.allDomains, only.headline.none, only.headline.services]).toEqual([1, 173, 2]);

    const refugees = await expectMatrix(
      sel({ group: 'refugees-asylum-seekers' }),
      expectedFive.refugees,
      expectedServices.refugees,
    );
    expect(refugees.headline).toMatchObject({ allDomains: 1, none: 173, some: 2, services: 2 });
    expect(refugees.headline.perDomain.map((d) => d.areas)).toEqual([1, 2, 1, 1, 1]);
  });

  it('filters by how a service is delivered (any of the ways chosen)', async () => {
    const dropIn = await t.services.coverage.overview(commissioner, sel({ delivery: ['drop-in'] }));
    expect(dropIn.rows.filter((r) => r.services).map((r) => [r.code, r.covered])).toEqual([
      [AREA.hartlepool, 5],
      [AREA.middlesbrough, 1],
    ]);
    const remote = await t.services.coverage.overview(commissioner, sel({ delivery: ['online', 'phone'] }));
    expect(remote.rows.filter((r) => r.services).map((r) => [r.code, r.covered, r.services])).toEqual([
      [AREA.westminster, 1, 1],
      [AREA.powys, 5, 1],
    ]);
    expect(remote.headline.allDomains).toBe(1);
  });

  it('counts any selection of domains, including one outside the five', async () => {
    const o = await t.services.coverage.overview(commissioner, sel({ domains: ['domestic-abuse'] }));
    expect(o.rows.filter((r) => r.services).map((r) => [r.code, r.counts])).toEqual([
      [AREA.westminster, { 'domestic-abuse': 1 }],
    ]);
    expect(o.headline).toMatchObject({ allDomains: 1, none: 174, services: 1 });
    expect(o.classes.map((c) => [c.from, c.to])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('profiles an area: services by domain, what is missing, the nation and its neighbours', async () => {
    const p = await t.services.coverage.area(commissioner, AREA.westminster, sel());
    expect(p.area).toEqual({ code: AREA.westminster, name: 'Westminster', type: 'London borough' });
    expect(p.domains.map((d) => [d.domain, d.services.map((s) => s.name)])).toEqual([
      ['substance-use', []],
      ['mental-health', []],
      ['homelessness', ['Westminster Refuge']],
      ['offending', ['Young Women’s Justice Project']],
      ['complex-needs', ['Young Women’s Justice Project']],
    ]);
    const refuge = p.domains[2]!.services[0]!;
    expect(refuge).toMatchObject({ womenOnly: true, viaLocation: true, viaServiceArea: false });
    expect(p.domains[3]!.services[0]).toMatchObject({
      womenOnly: false,
      viaLocation: false,
      viaServiceArea: true,
    });
    expect(p.missing).toEqual(['substance-use', 'mental-health']);
    expect(p.national).toEqual([
      { domain: 'substance-use', here: 0, nationalMedian: 0, nationalPercent: 1.1, percentile: 0 },
      { domain: 'mental-health', here: 0, nationalMedian: 0, nationalPercent: 1.7, percentile: 0 },
      { domain: 'homelessness', here: 1, nationalMedian: 0, nationalPercent: 1.7, percentile: 98.3 },
      { domain: 'offending', here: 1, nationalMedian: 0, nationalPercent: 1.7, percentile: 98.3 },
      { domain: 'complex-needs', here: 1, nationalMedian: 0, nationalPercent: 1.7, percentile: 98.3 },
    ]);
    expect(p.nationalCoveredMedian).toBe(0);
    expect(p.coveredPercentile).toBe(98.3); // 172 of 175 areas cover fewer than 3
    expect(p.neighbours.map((n) => n.name)).toEqual(westminsterNeighbours);
    expect(p.missingAcrossNeighbours).toEqual(['substance-use', 'mental-health']);

    const hartlepool = await t.services.coverage.area(commissioner, AREA.hartlepool, sel());
    expect(hartlepool.missing).toEqual([]);
    expect(
      hartlepool.domains.every((d) => d.services.map((s) => s.name).join() === 'Hartlepool Women’s Centre'),
    ).toBe(true);
    expect(hartlepool.neighbours.map((n) => n.code).sort()).toEqual(['E06000004', 'E06000047'].sort());

    const middlesbrough = await t.services.coverage.area(
      commissioner,
      AREA.middlesbrough,
      sel({ women: 'any' }),
    );
    expect(middlesbrough.domains.map((d) => d.services.map((s) => s.name))).toEqual([
      ['Middlesbrough Recovery Hub'],
      ['Middlesbrough Sanctuary Wellbeing'],
      [],
      [],
      [],
    ]);
    await expect(t.services.coverage.area(commissioner, 'E99999999', sel())).rejects.toBeInstanceOf(
      NotFoundError,
    );
  });

  it('gives every one of the 175 areas a profile that agrees with its matrix row', async () => {
    const o = await t.services.coverage.overview(commissioner, sel());
    for (const row of o.rows) {
      const p = await t.services.coverage.area(commissioner, row.code, sel());
      expect(p.row).toEqual(row);
      expect(Object.fromEntries(p.domains.map((d) => [d.domain, d.services.length])), row.code).toEqual(
        row.counts,
      );
      expect(new Set(p.domains.flatMap((d) => d.services.map((s) => s.id))).size, row.code).toBe(
        row.services,
      );
      expect(p.missing).toEqual(FIVE.filter((d) => row.counts[d] === 0));
      expect(p.neighbours.length, row.code).toBeGreaterThan(0);
    }
  }, 120_000);

  it('keeps up with the directory: a new, a closed and a moved service change the answers at once', async () => {
    await writeServices(t.database.db, [
      {
        name: 'Isle of Wight Women’s Project',
        needs: FIVE,
        whoFor: ['women-only'],
        areas: [AREA.isleOfWight],
      },
    ]);
    let o = await t.services.coverage.overview(commissioner, sel());
    expect(o.headline.allDomains).toBe(3);
    expect(o.rows.find((r) => r.code === AREA.isleOfWight)!.covered).toBe(5);

    // The Hartlepool centre closes.
    await writeServices(t.database.db, [{ ...knownServices[0]!, status: 'inactive' }]);
    o = await t.services.coverage.overview(commissioner, sel());
    expect(o.headline.allDomains).toBe(2);
    expect(o.rows.find((r) => r.code === AREA.hartlepool)!.services).toBe(0);

    // The Powys network now serves Hartlepool instead.
    await writeServices(t.database.db, [{ ...knownServices[7]!, areas: [AREA.hartlepool] }]);
    o = await t.services.coverage.overview(commissioner, sel({ group: 'refugees-asylum-seekers' }));
    expect(o.rows.filter((r) => r.services).map((r) => [r.code, r.covered])).toEqual([
      [AREA.hartlepool, 5],
      [AREA.middlesbrough, 1],
    ]);

    // Put things back for the other tests.
    await writeServices(t.database.db, [knownServices[0]!, knownServices[7]!]);
    await t.database.db.execute(
      sql`delete from directory_service where id = ${fixtureId('service/Isle of Wight Women’s Project')}`,
    );
    o = await t.services.coverage.overview(commissioner, sel());
    expect(o.headline.allDomains).toBe(2);
  });

  it('ranks where to act first: no service and most residents born outside the UK first', async () => {
    const p = await t.services.coverage.priorities(commissioner, sel());
    expect(p.measure).toMatchObject({
      id: 'born-outside-uk',
      label: 'Residents born outside the UK (Census 2021)',
    });
    expect(p.ranked).toHaveLength(175);
    const served = new Set<string>([AREA.hartlepool, AREA.middlesbrough, AREA.westminster, AREA.powys]);
    const unserved = [...census].filter(([code]) => !served.has(code)).sort((a, b) => b[1] - a[1]);
    expect(p.ranked.slice(0, 171).map((r) => r.row.code)).toEqual(unserved.map(([code]) => code));
    expect(p.ranked[0]!.need).toBe(unserved[0]![1]);
    // Then the served areas by residents per service, highest first.
    const perService = [...served]
      .map(
        (code) =>
          [code, census.get(code)! / (expectedServices.specific as Record<string, number>)[code]!] as const,
      )
      .sort((a, b) => b[1] - a[1]);
    expect(p.ranked.slice(171).map((r) => [r.row.code, r.needPerService])).toEqual(perService);
  });

  it('loads population figures from a CSV, rejecting bad rows with their line numbers', async () => {
    const parsed = parsePopulationCsv(
      [
        'code,name,value',
        'E06000001,Hartlepool,"1,000"',
        'E06000002,Middlesbrough,250',
        'X123,Nowhere,5',
        'E06000003,Redcar and Cleveland,lots',
        'E06000002,Middlesbrough again,300',
        'E99999999,Not an area,10',
      ].join('\n'),
    );
    expect(parsed.rows.map((r) => [r.code, r.value])).toEqual([
      ['E06000001', 1000],
      ['E06000002', 250],
      ['E99999999', 10],
    ]);
    expect(parsed.rejected.map((r) => r.line)).toEqual([4, 5, 6]);
    const result = await importPopulation(
      { db: t.database.db, directory: t.services.directory },
      { id: 'test-measure', label: 'Test residents', source: 'Made up for a test' },
      parsed,
    );
    expect(result.loaded).toBe(2);
    expect(result.rejected).toHaveLength(4);
    const p = await t.services.coverage.priorities(commissioner, sel(), 'test-measure');
    // Only the two areas with a figure are ranked by it; every other area comes after them.
    expect(p.ranked.slice(0, 2).map((r) => [r.row.code, r.needPerService])).toEqual([
      [AREA.hartlepool, 1000],
      [AREA.middlesbrough, 250],
    ]);
    expect(p.ranked[2]!.need).toBeNull();
    // A second import replaces the measure's figures whole.
    await importPopulation(
      { db: t.database.db, directory: t.services.directory },
      { id: 'test-measure', label: 'Test residents', source: 'Made up for a test' },
      parsePopulationCsv('code,value\nE06000002,900\n'),
    );
    const again = await t.services.coverage.priorities(commissioner, sel(), 'test-measure');
    expect(again.ranked[0]).toMatchObject({ row: { code: AREA.middlesbrough }, need: 900 });
    expect(again.ranked.find((r) => r.row.code === AREA.hartlepool)!.need).toBeNull();
    expect(() => parsePopulationCsv('area,value\nE06000001,3\n')).toThrow(/code/);
    expect(
      parsePopulationCsv('code,name,born_outside_uk\nE06000001,Hartlepool,3665\n', {
        column: 'born_outside_uk',
      }).rows,
    ).toEqual([{ code: 'E06000001', name: 'Hartlepool', value: 3665 }]);
  });
});

describe('who may see coverage', () => {
  it('is open to everyone when public, and to roles with coverage:view only when not', async () => {
    const publicCoverage = createCoverageService({
      db: t.database.db,
      directory: t.services.directory,
      publicAccess: true,
    });
    expect((await publicCoverage.overview(null, sel())).rows).toHaveLength(175);
    const privateCoverage = createCoverageService({
      db: t.database.db,
      directory: t.services.directory,
      publicAccess: false,
    });
    await expect(privateCoverage.overview(null, sel())).rejects.toBeInstanceOf(ForbiddenError);
    await expect(privateCoverage.overview({ ...commissioner, role: 'mentor' }, sel())).rejects.toBeInstanceOf(
      ForbiddenError,
    );
    await expect(
      privateCoverage.area({ ...commissioner, role: 'employer' }, AREA.powys, sel()),
    ).rejects.toBeInstanceOf(ForbiddenError);
    for (const role of ['commissioner', 'manager', 'key_worker', 'admin'] as const)
      expect((await privateCoverage.overview({ ...commissioner, role }, sel())).headline.allDomains).toBe(2);
  });
});
