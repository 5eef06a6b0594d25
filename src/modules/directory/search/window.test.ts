import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { searchMix } from '../../../../bench/directory.bench.ts';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { createAuditService } from '../../../platform/audit/service.ts';
import type { Database } from '../../../platform/db/index.ts';
import { seedDemoDirectory } from '../demo.ts';
import { roundedBelow } from '../public-routes.ts';
import { searchServices } from '../search.ts';

// The quick answer (window.ts) must be the full ranking's answer, page for page. A small window over
// 700 demo services puts it in the situations it meets at 100k: cut short, with words named or not.
let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  await seedDemoDirectory(database.db, createAuditService(database.db), { count: 700, seed: 5_005 });
  await database.db.execute(sql`analyze directory_search_doc`);
}, 120_000);
afterAll(() => database.close());

const view = (r: Awaited<ReturnType<typeof searchServices>>) =>
  r.items.map((i) => `${i.id} ${i.relevance} ${i.distanceMetres}`);

describe('quick answers to broad searches', () => {
  it('give the same services in the same order as ranking every match, with a true total', async () => {
    const queries = searchMix(150, 'window-equivalence').flatMap((q) => [q, { ...q, page: 3 }]);
    let partial = 0;
    for (const q of queries) {
      const exact = await searchServices(database.db, q, { quick: false });
      const quick = await searchServices(database.db, q, { windowSize: 60 });
      const label = JSON.stringify(q);
      expect(view(quick), label).toEqual(view(exact));
      expect(quick.matched, label).toBe(exact.matched);
      expect(exact.totalExact).toBe(true);
      if (quick.totalExact) expect(quick.total, label).toBe(exact.total);
      else {
        partial++;
        // "At least": never more than there are, always more than this page shows.
        expect(quick.total, label).toBeLessThanOrEqual(exact.total);
        expect(quick.total, label).toBeGreaterThan((quick.page - 1) * quick.perPage + quick.items.length);
      }
    }
    // The quick path really answered (cut short) for a good share of the mix, not only the easy cases.
    expect(partial).toBeGreaterThan(queries.length / 8);
  }, 120_000);

  it('finds a service named for the words before nearer ones that only mention them', async () => {
    const exact = await searchServices(
      database.db,
      { text: 'counselling', near: { latitude: 53.8, longitude: -1.55 } },
      { quick: false },
    );
    const quick = await searchServices(
      database.db,
      { text: 'counselling', near: { latitude: 53.8, longitude: -1.55 } },
      { windowSize: 30 },
    );
    expect(view(quick)).toEqual(view(exact));
    const tiers = quick.items.map((i) => i.relevance);
    expect(tiers).toEqual([...tiers].sort((a, b) => b - a));
    expect(tiers[0]).toBe(1);
  });
});

describe('"more than" totals on Find support', () => {
  it('round down to a number the page can honestly say', () => {
    expect([
      roundedBelow(289),
      roundedBelow(101),
      roundedBelow(100),
      roundedBelow(47),
      roundedBelow(7),
    ]).toEqual([200, 100, 90, 40, 6]);
  });
});
