import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import { createAuditService } from '../../platform/audit/service.ts';
import type { Database } from '../../platform/db/index.ts';
import { exportServicesArray, writeDataPackage, writeJsonExport } from './export.ts';
import { exampleSources, REF } from './import/examples.ts';
import { importDirectory, importDocuments } from './import/run.ts';

const deps = (database: Database) => ({ db: database.db, audit: createAuditService(database.db) });

const refuge = {
  id: '50000000-0000-4000-8000-000000000001',
  name: 'Safe House Refuge (test)',
  status: 'active',
  service_at_locations: [
    {
      id: '50000000-0000-4000-8000-000000000002',
      location: {
        id: '50000000-0000-4000-8000-000000000003',
        location_type: 'physical',
        name: 'Refuge',
        latitude: 53.8,
        longitude: -1.55,
        x_withheld: true,
        x_area_code: 'E08000035',
        addresses: [
          {
            id: '50000000-0000-4000-8000-000000000004',
            address_1: '1 Secret Street',
            city: 'Leeds',
            state_province: 'West Yorkshire',
            postal_code: 'LS1 1AA',
            country: 'GB',
            address_type: 'physical',
          },
        ],
      },
    },
  ],
};

describe('export and round trip', () => {
  let a: Database;
  let b: Database;
  let c: Database;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-export-'));
  beforeAll(async () => {
    [a, b, c] = await Promise.all([freshDatabase(), freshDatabase(), freshDatabase()]);
    for (const file of exampleSources) {
      const report = await importDirectory(deps(a), path.join(REF, file));
      expect(report.rejected).toEqual([]);
    }
    expect((await importDocuments(deps(a), refuge, 'refuge.json')).imported).toBe(1);
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close(), c.close()]);
    rmSync(tmp, { recursive: true, force: true });
  });

  it('never exports a withheld address unless asked for a full backup', async () => {
    const exported = await exportServicesArray(a.db);
    const location = (exported.find((s) => s.id === refuge.id) as typeof refuge).service_at_locations[0]!
      .location;
    expect(location).toEqual({
      id: refuge.service_at_locations[0]!.location.id,
      location_type: 'physical',
      name: 'Refuge',
      x_withheld: true,
      x_area_code: 'E08000035',
    });
    expect(JSON.stringify(exported)).not.toContain('Secret Street');
    const full = await exportServicesArray(a.db, { withheld: 'include' });
    expect(JSON.stringify(full)).toContain('1 Secret Street');

    const dir = path.join(tmp, 'redacted');
    await writeDataPackage(a.db, dir);
    const csv = readdirSync(dir).map((f) => readFileSync(path.join(dir, f), 'utf8'));
    expect(csv.join('\n')).not.toContain('Secret Street');
    expect(readFileSync(path.join(dir, 'locations.csv'), 'utf8')).toContain(
      `${refuge.service_at_locations[0]!.location.id},physical,,,Refuge,,,,,,,,true,E08000035`,
    );
  });

  it('can leave each organization’s own locations out of service_full (for API pages)', async () => {
    const withLocations = await exportServicesArray(a.db);
    const without = await exportServicesArray(a.db, { organizationLocations: false });
    const orgLocations = (docs: Record<string, unknown>[]) =>
      docs.filter((d) => (d.organization as { locations?: unknown[] } | undefined)?.locations?.length).length;
    expect(orgLocations(withLocations)).toBeGreaterThan(0);
    expect(orgLocations(without)).toBe(0);
    expect(without.map((d) => d.service_at_locations)).toEqual(
      withLocations.map((d) => d.service_at_locations),
    );
  });

  it('JSON: export, import into an empty database, export again gives the same directory', async () => {
    const file = path.join(tmp, 'directory.json');
    const { services } = await writeJsonExport(a.db, file);
    expect(services).toBe(2);
    const first = JSON.parse(readFileSync(file, 'utf8'));
    expect(first).toEqual(await exportServicesArray(a.db));
    const report = await importDirectory(deps(b), file);
    expect(report.rejected).toEqual([]);
    expect(await exportServicesArray(b.db)).toEqual(first);
  });

  it('tabular data package: export, import into an empty database, export again gives the same files', async () => {
    const first = path.join(tmp, 'package-a');
    const second = path.join(tmp, 'package-c');
    const counts = await writeDataPackage(a.db, first);
    expect(counts.service).toBe(2);
    const report = await importDirectory(deps(c), first);
    expect(report.rejected).toEqual([]);
    await writeDataPackage(c.db, second);
    const files = readdirSync(first).sort();
    expect(readdirSync(second).sort()).toEqual(files);
    for (const f of files)
      expect(readFileSync(path.join(second, f), 'utf8'), f).toBe(readFileSync(path.join(first, f), 'utf8'));
    expect(await exportServicesArray(c.db)).toEqual(await exportServicesArray(a.db));
  });
});
