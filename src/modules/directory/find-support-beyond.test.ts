// Find support when her area has no result: before, "No services found" and nothing else. Now the
// nearest services of that need outside her area, and the services covering all of her nation
// (national helplines), each in a section that says what it is, in English and Arabic.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { addServices } from '../../../tests/support/directory.ts';

const WAKEFIELD = 'E08000036';
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await addServices(t.database.db, [
    {
      name: 'Beyondtest tenancy advice Wakefield',
      description: 'Beyondtest housing advice for women.',
      terms: ['homelessness'],
      areaCodes: [WAKEFIELD],
      locations: [{ latitude: 53.683, longitude: -1.4977, areaCode: WAKEFIELD }],
    },
    {
      name: 'Beyondtest England housing helpline',
      description: 'Beyondtest housing advice by phone for women anywhere in England.',
      terms: ['homelessness'],
      areaCodes: ['E92000001'],
    },
    {
      name: 'Beyondtest Wales housing helpline',
      description: 'Beyondtest housing advice by phone for women anywhere in Wales.',
      terms: ['homelessness'],
      areaCodes: ['W92000004'],
    },
  ]);
}, 60_000);
afterAll(() => t?.close());

const get = (url: string) => new Agent(t.app).get(url);
/** The names of the results in one section of the page (by its id). */
function section(body: string, id: string): string[] {
  const start = body.indexOf(`id="${id}"`);
  if (start < 0) return [];
  const end = body.indexOf('</section>', start);
  return [...body.slice(start, end).matchAll(/<h3[^>]*><a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]!);
}

describe('Find support beyond her area', () => {
  it('offers the nearest services outside her area and the helplines for all of England, labelled', async () => {
    const res = await get('/find-support?q=beyondtest&place=Kirklees&lang=en');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('No services found');
    expect(res.body).toContain('Nearest services outside Kirklees');
    expect(section(res.body, 'nearest')).toEqual(['Beyondtest tenancy advice Wakefield']);
    expect(res.body).toMatch(/miles away/);
    expect(res.body).toContain('Services for all of England');
    expect(section(res.body, 'nationwide')).toEqual(['Beyondtest England housing helpline']);
  });

  it('lists the national helpline apart from local results, and in Arabic', async () => {
    const res = await get('/find-support?q=beyondtest&place=Wakefield&lang=en');
    expect(res.body).toContain('1 service found');
    expect(section(res.body, 'nationwide')).toEqual(['Beyondtest England housing helpline']);
    expect(section(res.body, 'nearest')).toEqual([]);
    const ar = await get('/find-support?q=beyondtest&place=Kirklees&lang=ar');
    // The place, in English, is its own unit marked with its language.
    expect(ar.body).toContain('أقرب الخدمات خارج <bdi><span lang="en" dir="ltr">Kirklees</span></bdi>');
    expect(ar.body).toContain('خدمات لكل إنجلترا');
    const wales = await get('/find-support?q=beyondtest&place=Cardiff&lang=en');
    expect(wales.body).toContain('Services for all of Wales');
    expect(section(wales.body, 'nationwide')).toEqual(['Beyondtest Wales housing helpline']);
  });
});
