// Find support past its last page: before, `page=99` said "23 services found" above an empty list.
// Now a page past the end is sent (303) to the last page, or to page 1 when nothing matches, with
// the rest of her search kept.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { addServices } from '../../../tests/support/directory.ts';

const LEEDS = 'E08000035';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // 23 services: three pages of 10, the last with 3.
  await addServices(
    t.database.db,
    Array.from({ length: 23 }, (_, i) => ({
      name: `Pagewalk advice centre ${String(i + 1).padStart(2, '0')}`,
      description: 'Pagewalk advice for women.',
      terms: ['women-only'],
      areaCodes: [LEEDS],
    })),
  );
}, 60_000);
afterAll(() => t?.close());

const get = (url: string) => new Agent(t.app).get(url);

describe('Find support paging', () => {
  it('sends a page past the end to the last page, keeping the search', async () => {
    const res = await get('/find-support?q=pagewalk&womenOnly=yes&page=99&lang=en');
    expect(res.statusCode).toBe(303);
    const to = new URL(String(res.headers.location), 'http://x');
    expect(to.pathname).toBe('/find-support');
    expect(Object.fromEntries(to.searchParams)).toEqual({ q: 'pagewalk', womenOnly: 'yes', page: '3' });
    const last = await get(String(res.headers.location));
    expect(last.statusCode).toBe(200);
    expect(last.body).toContain('Showing 21 to 23 of 23');
    expect(last.body.match(/class="app-result"/g)).toHaveLength(3);
  });

  it('sends a page past the end of a search that finds nothing to page 1', async () => {
    const res = await get('/find-support?q=zzqqxxnothing&free=yes&page=4');
    expect(res.statusCode).toBe(303);
    const to = new URL(String(res.headers.location), 'http://x');
    expect(Object.fromEntries(to.searchParams)).toEqual({ q: 'zzqqxxnothing', free: 'yes' });
    expect((await get(String(res.headers.location))).statusCode).toBe(200);
  });

  it('answers the pages that exist, the last one included', async () => {
    for (const page of [1, 2, 3]) {
      const res = await get(`/find-support?q=pagewalk&page=${page}`);
      expect(res.statusCode, `page ${page}`).toBe(200);
      expect(res.body.match(/class="app-result"/g)?.length, `page ${page}`).toBe(page === 3 ? 3 : 10);
    }
    expect((await get('/find-support?q=zzqqxxnothing')).statusCode).toBe(200);
  });
});
