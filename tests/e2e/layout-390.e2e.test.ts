// Every staff page on a 390 px phone: signed in as each staff role, the walk opens every GET page
// the app registered (found from its route table and its own links, tests/support/page-walk.ts) and
// fails when the document is wider than the screen (she would scroll sideways to read it), naming
// the page and the widest element, or when a page is absurdly long.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../../src/platform/auth/schema.ts';
import { useBrowserApp, visit } from '../support/browser.ts';
import {
  patternsMissed,
  seedWalkScenario,
  type WalkedPage,
  walkers,
  walkPages,
} from '../support/page-walk.ts';

const PHONE = { width: 390, height: 844 };
/** Taller than this at 390 px and a page is a scroll marathon (the coverage priorities were 43,826). */
const MAX_HEIGHT = 15_000;

const web = useBrowserApp();
const pagesByRole: { role: string; cookies: Map<string, string>; pages: WalkedPage[] }[] = [];
const seen = new Set<string>();

beforeAll(async () => {
  // The demo seeds only an empty database: the harness's own organisation goes first.
  await web.t.database.pool.query('delete from organisations where id = $1', [web.organisationId]);
  const { harbour, seeds } = await seedWalkScenario(web.t);
  for (const w of await walkers(web.t, harbour, roles)) {
    const walked = await walkPages(web.t, w.agent, seeds);
    for (const p of walked.seen) seen.add(p);
    pagesByRole.push({ role: w.role, cookies: w.agent.cookies, pages: walked.pages });
  }
}, 300_000);

/** How wide the document is, and the element that sticks out furthest to the right (or left, in RTL). */
async function measure(page: Page) {
  return page.locator('html').evaluate((doc) => {
    let widest = { what: '', right: 0 };
    const all = doc.querySelectorAll('body *');
    for (let i = 0; i < all.length; i++) {
      const el = all[i]!;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.right <= widest.right) continue;
      // The element whose own box overflows, not its ancestors that merely contain it.
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.split(' ')[0]}` : '';
      widest = { what: `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${cls}`, right: r.right };
    }
    return { scrollWidth: doc.scrollWidth, height: doc.scrollHeight, widest };
  });
}

/** Visits each page at 390 px and says which are wider than the phone or absurdly long. */
async function misfits(page: Page, pages: WalkedPage[]): Promise<string[]> {
  const problems: string[] = [];
  for (const p of pages) {
    await visit(page, p.url);
    const m = await measure(page);
    if (m.scrollWidth > PHONE.width)
      problems.push(
        `${p.url} (${p.pattern}) is ${m.scrollWidth} px wide; widest: ${m.widest.what} to ${Math.round(m.widest.right)} px`,
      );
    if (m.height > MAX_HEIGHT) problems.push(`${p.url} (${p.pattern}) is ${m.height} px tall`);
  }
  return problems;
}

async function signedInTab(role: string, lang?: string) {
  const entry = pagesByRole.find((p) => p.role === role)!;
  const page = await web.newPage({ viewport: PHONE });
  const { hostname } = new URL(web.baseUrl);
  const cookies = [...entry.cookies, ...(lang ? [['lang', lang] as const] : [])];
  await web.context.addCookies(
    cookies.map(([name, value]) => ({ name, value, domain: hostname, path: '/' })),
  );
  return { page, entry };
}

describe('every staff page at 390 px', () => {
  it('reaches every GET page of the route table with some staff role', () => {
    expect(patternsMissed(web.t, seen), 'GET routes no staff walk reached').toEqual([]);
  });

  for (const role of roles) {
    it(`fits the phone for a ${role}`, async () => {
      const { page, entry } = await signedInTab(role);
      expect(entry.pages.length).toBeGreaterThan(3);
      expect(await misfits(page, entry.pages), `pages that do not fit a 390 px phone as ${role}`).toEqual([]);
    }, 600_000);
  }

  it('fits the phone right to left, in Arabic, for a key worker', async () => {
    const { page, entry } = await signedInTab('key_worker', 'ar');
    expect(await misfits(page, entry.pages), 'pages that do not fit a 390 px phone in Arabic').toEqual([]);
  }, 600_000);

  it('makes a table a tab stop only while it has something to scroll', async () => {
    const { page } = await signedInTab('key_worker');
    await visit(page, '/appointments');
    const region = page.locator('.app-table-scroll').first();
    expect(await region.getAttribute('tabindex'), 'wider than the phone: a keyboard can scroll it').toBe('0');
    expect(await region.getAttribute('role')).toBe('region');
    expect(await region.getAttribute('aria-label')).not.toBe('');
    await page.setViewportSize({ width: 1280, height: 900 });
    await expect
      .poll(() => region.getAttribute('tabindex'), { message: 'fits at 1280: no tab stop' })
      .toBeNull();
  });

  it('keeps a date in day, month, year order left to right in Arabic', async () => {
    const { page, entry } = await signedInTab('key_worker', 'ar');
    const form = entry.pages.find((p) => p.html.includes('govuk-date-input'));
    expect(form, 'a page with a GOV.UK date field').toBeDefined();
    await visit(page, form!.url);
    const field = page.locator('.govuk-date-input').first();
    const x = async (part: string) => (await field.locator(`input[name$="-${part}"]`).boundingBox())!.x;
    const [day, month, year] = [await x('day'), await x('month'), await x('year')];
    expect(day, 'day before month').toBeLessThan(month);
    expect(month, 'month before year').toBeLessThan(year);
  });
});
