import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../tests/support/database.ts';
import { createAuditService } from '../../platform/audit/service.ts';
import type { Database } from '../../platform/db/index.ts';
import { demoServiceDocuments, seedDemoDirectory, seedDemoDirectoryIfEmpty } from './demo.ts';
import { exportServicesArray } from './export.ts';

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('demo directory', () => {
  it('is deterministic for a seed and differs for another', () => {
    const a = [...demoServiceDocuments({ count: 20, seed: 7 })];
    const b = [...demoServiceDocuments({ count: 20, seed: 7 })];
    const c = [...demoServiceDocuments({ count: 20, seed: 8 })];
    expect(a).toEqual(b);
    expect(a.map((s) => s.id)).not.toEqual(c.map((s) => s.id));
  });

  it('seeds 320 fictional services over all 175 areas, only into an empty directory', async () => {
    const audit = createAuditService(database.db);
    expect(await seedDemoDirectoryIfEmpty(database.db, audit)).toBe(320);
    expect(await seedDemoDirectoryIfEmpty(database.db, audit)).toBe(0);
    const { rows } = await database.db.execute<{ services: number; areas: number; withheld: number }>(sql`
      select (select count(*)::int from directory_service) as services,
             (select count(distinct area_code)::int from directory_service_area) as areas,
             (select count(*)::int from directory_location where withheld) as withheld`);
    expect(rows[0]).toMatchObject({ services: 320, areas: 175 });
    expect(rows[0]!.withheld).toBeGreaterThanOrEqual(10);
    const services = await exportServicesArray(database.db);
    expect(services.every((s) => String(s.name).endsWith('(demo)'))).toBe(true);
    const phones = services.flatMap((s) => (s.phones as { number: string }[]).map((p) => p.number));
    expect(phones.every((p) => /^(01632 960\d{3}|020 7946 0\d{3})$/.test(p))).toBe(true);
    // Refuge addresses never leave in an export.
    const refuges = services.flatMap((s) =>
      (s.service_at_locations as { location: Record<string, unknown> }[]).filter(
        (l) => l.location.x_withheld,
      ),
    );
    expect(refuges.length).toBeGreaterThanOrEqual(10);
    expect(
      refuges.every((r) => r.location.addresses === undefined && r.location.latitude === undefined),
    ).toBe(true);
  });

  it('scales: writes thousands of services in batches, every one complete', async () => {
    const fresh = await freshDatabase();
    try {
      const progress: number[] = [];
      const n = await seedDemoDirectory(fresh.db, createAuditService(fresh.db), {
        count: 2000,
        seed: 99,
        batchSize: 500,
        onProgress: (done) => progress.push(done),
      });
      expect(n).toBe(2000);
      expect(progress).toEqual([500, 1000, 1500, 2000]);
      const { rows } = await fresh.db.execute<{ services: number; sal: number; attributes: number }>(sql`
        select (select count(*)::int from directory_service) as services,
               (select count(distinct service_id)::int from directory_service_at_location) as sal,
               (select count(distinct link_id)::int from directory_attribute) as attributes`);
      expect(rows[0]).toEqual({ services: 2000, sal: 2000, attributes: 2000 });
    } finally {
      await fresh.close();
    }
  }, 300_000);
});
