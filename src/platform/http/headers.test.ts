import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import {
  createTestApp,
  createUser,
  signIn,
  type TestApp,
  type TestUser,
} from '../../../tests/support/app.ts';
import { getPatterns, patternOf, seedWalkScenario } from '../../../tests/support/page-walk.ts';

/**
 * The security headers, proven over every page the app has: the test walks every GET route
 * Fastify registered (t.routes), signed in as a manager and anonymously, with real ids found by
 * following the app's own links from a seeded partnership (plus a few seeds for pages nothing
 * links to). A new GET route is covered the day it lands, or this test says which one it missed.
 */

let t: TestApp;
let manager: TestUser;
let managerAgent: Agent;
let adminAgent: Agent;
/** Walked first: her record (so its pages list her contacts, plan and referrals), and pages nothing links to. */
const seeds: string[] = [];

/** GET routes the walk cannot or must not visit, each with its reason. */
const notWalked: Record<string, string> = {
  '/assets/*': 'static files: checked below for their long cache, not no-store',
  '/sign-out': 'ends the session the walk runs in; visited anonymously only',
};

beforeAll(async () => {
  t = await createTestApp();
  // The demo partnership with a woman who has one of everything, as every page walk seeds it
  // (tests/support/page-walk.ts), and the pages nothing links to.
  const scenario = await seedWalkScenario(t);
  const { harbour } = scenario;
  seeds.push(...scenario.seeds, `/api/oruk/services/${scenario.ownService}`);
  manager = await createUser(t, harbour, 'manager');
  const admin = await createUser(t, harbour, 'admin');
  // A running import's page too (it refreshes itself; the browser walks see a finished one).
  await t.database.pool.query(
    `insert into directory_import_job (organisation_id, file_name, status, total, done)
     values ($1, 'feed.json', 'running', 10, 5)`,
    [harbour],
  );
  const { rows: terms } = await t.database.pool.query<{ id: string; taxonomy_id: string }>(
    'select id, taxonomy_id from directory_taxonomy_term limit 1',
  );
  if (terms[0])
    seeds.push(`/api/oruk/taxonomy_terms/${terms[0].id}`, `/api/oruk/taxonomies/${terms[0].taxonomy_id}`);
  const { rows: sal } = await t.database.pool.query<{ id: string }>(
    'select id from directory_service_at_location limit 1',
  );
  if (sal[0]) seeds.push(`/api/oruk/service_at_locations/${sal[0].id}`);
  const { rows: orgs } = await t.database.pool.query<{ id: string }>(
    'select id from directory_organization limit 1',
  );
  if (orgs[0]) seeds.push(`/api/oruk/organizations/${orgs[0].id}`);
  managerAgent = await signIn(t, manager);
  adminAgent = await signIn(t, admin);
}, 120_000);
afterAll(() => t?.close());

/** Same-origin links and assets of a page, without fragments or language switches. */
function linksIn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/(?:href|src|action)="(\/(?!\/)[^"]*)"/g)) {
    const url = m[1]!.replace(/&amp;/g, '&').split('#')[0]!;
    if (!/[?&]lang=/.test(url)) out.push(url);
  }
  return out;
}

const isHtml = (res: LightMyRequestResponse) => String(res.headers['content-type']).startsWith('text/html');

/** What every HTML page must carry: a strict CSP that cannot be framed, and powerful features off. */
function expectPageHeaders(url: string, res: LightMyRequestResponse) {
  const csp = String(res.headers['content-security-policy'] ?? '');
  const directive = (name: string) => csp.split(';').find((d) => d.trim().startsWith(`${name} `)) ?? '';
  expect(csp, `${url}: CSP`).not.toBe('');
  expect(directive('script-src'), `${url}: script-src`).not.toBe('');
  expect(directive('script-src'), `${url}: script-src`).not.toContain("'unsafe-inline'");
  expect(directive('style-src'), `${url}: style-src`).not.toBe('');
  expect(directive('style-src'), `${url}: style-src`).not.toContain("'unsafe-inline'");
  expect(directive('frame-ancestors'), `${url}: frame-ancestors`).toContain("'none'");
}

function expectPermissionsPolicy(url: string, res: LightMyRequestResponse) {
  const policy = String(res.headers['permissions-policy'] ?? '');
  for (const feature of ['camera', 'microphone', 'geolocation', 'payment'])
    expect(policy, `${url}: Permissions-Policy ${feature}`).toContain(`${feature}=()`);
}

const noStore = (res: LightMyRequestResponse) =>
  String(res.headers['cache-control'] ?? '')
    .split(',')
    .map((d) => d.trim())
    .includes('no-store');

describe('security headers on every page', () => {
  /** One real URL per GET pattern, found by the signed-in walks; reused by the anonymous walk. */
  const walked = new Map<string, string>();
  let assetUrl: string | undefined;

  /**
   * Visits every GET pattern once as this agent: first the seeds and every route without
   * parameters, then the links each page shows, so parametrised routes get real ids.
   */
  async function walk(agent: Agent): Promise<Map<string, string>> {
    const patterns = getPatterns(t);
    const seen = new Map<string, string>();
    const queue = [...seeds, ...patterns.filter((p) => !/[:*]/.test(p))];
    for (let requests = 0; queue.length && requests < 2000; ) {
      const url = queue.shift()!;
      const pattern = patternOf(url.split('?')[0]!, patterns);
      if (pattern === '/assets/*') assetUrl ??= url;
      if (!pattern || seen.has(pattern) || pattern in notWalked) continue;
      const res = await agent.get(url);
      requests++;
      if (res.statusCode === 404 && /[:*]/.test(pattern)) continue; // another link may reach a real one
      seen.set(pattern, url);
      expect(res.statusCode, `${url}: status`).toBeLessThan(500);
      expectPermissionsPolicy(url, res);
      expect(noStore(res), `${url}: Cache-Control ${res.headers['cache-control']}`).toBe(true);
      if (isHtml(res)) {
        expectPageHeaders(url, res);
        queue.push(...linksIn(res.body));
      }
    }
    return seen;
  }

  it('signed in (manager, then admin): every response no-store, every page with CSP and Permissions-Policy', async () => {
    for (const agent of [managerAgent, adminAgent])
      for (const [pattern, url] of await walk(agent)) if (!walked.has(pattern)) walked.set(pattern, url);
    // A GET route no link and no seed reached with a real id fails here: a new page needs a link
    // from the walked pages, or a seed above.
    const missed = getPatterns(t).filter((p) => !walked.has(p) && !(p in notWalked));
    expect(missed, 'GET routes the walk did not reach').toEqual([]);
    expect(walked.size).toBeGreaterThan(60);
  }, 120_000);

  it('anonymous: every page with CSP and Permissions-Policy; anything that sets a cookie is no-store', async () => {
    expect(walked.size).toBeGreaterThan(0);
    for (const url of [...walked.values(), '/sign-out']) {
      const res = await new Agent(t.app).get(url);
      expect(res.statusCode, `${url}: status`).toBeLessThan(500);
      expectPermissionsPolicy(url, res);
      if (isHtml(res)) {
        expectPageHeaders(url, res);
        expect(noStore(res), `${url}: anonymous page no-store`).toBe(true);
      } else if (!url.startsWith('/api/oruk')) {
        // Downloads (the map's CSV, PDF...) and /ping too: only the open data API asks for a cache.
        expect(noStore(res), `${url}: anonymous response no-store`).toBe(true);
      }
      if (res.headers['set-cookie'])
        expect(noStore(res), `${url}: sets a cookie but ${res.headers['cache-control']}`).toBe(true);
    }
  }, 60_000);

  it('static assets keep their long, immutable cache, signed in or not', async () => {
    assetUrl ??= linksIn((await t.app.inject({ url: '/sign-in' })).body).find((u) =>
      u.startsWith('/assets/'),
    );
    expect(assetUrl).toMatch(/^\/assets\//);
    for (const agent of [managerAgent, new Agent(t.app)]) {
      const res = await agent.get(assetUrl!);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toMatch(/max-age=31536000.*immutable|immutable.*max-age=31536000/);
      expectPermissionsPolicy(assetUrl!, res);
    }
  });
});

describe('Cache-Control', () => {
  it('keeps a short public cache on the open data API for anonymous callers, never for a session', async () => {
    const anonymous = await t.app.inject({ url: '/api/oruk/taxonomies' });
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.headers['cache-control']).toBe('public, max-age=60');
    const missing = await t.app.inject({ url: '/api/oruk/services/00000000-0000-4000-8000-000000000000' });
    expect(missing.statusCode).toBe(404);
    expect(noStore(missing)).toBe(true);
    const signedIn = await managerAgent.get('/api/oruk/taxonomies');
    expect(signedIn.statusCode).toBe(200);
    expect(signedIn.headers['cache-control']).toBe('no-store');
  });

  it('marks the second-factor page no-store: the session is half signed in', async () => {
    const agent = new Agent(t.app);
    const first = await agent.submit('/sign-in', { email: manager.email, password: 'not the password' });
    expect(noStore(first)).toBe(true);
    const code = await agent.get('/sign-in/code');
    expect(noStore(code)).toBe(true);
  });
});
