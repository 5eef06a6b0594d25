/**
 * Fuzz test: every GET and POST route Fastify has registered, for a key worker, a manager and an
 * admin (and anyone, on the public routes), gets generated requests with hostile input in its
 * query, path and body: JSON bodies with numbers, nulls, lists and objects where a form sends text,
 * NUL characters, 100,000-character strings, percent-encodings that are not UTF-8, impossible dates
 * and huge numbers. Each request starts from what the page's own form (or link) would send, with a
 * valid CSRF token, so that it reaches the handler, and changes a field or a few. No answer may be a
 * 5xx. Requests and seed: FUZZ_RUNS (default 5500) and FUZZ_SEED (printed, to reproduce a failure).
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scales } from '../src/modules/casework/schema.ts';
import type { Actor } from '../src/platform/auth/actor.ts';
import { Agent, csrfTokenIn } from './support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  registerWalkIn,
  signIn,
  type TestApp,
  type TestUser,
} from './support/app.ts';
import {
  asJson,
  asText,
  encode,
  encodePairs,
  extraNames,
  type Fields,
  type Form,
  formsIn,
  fuzzableRoutes,
  linksIn,
  paramNames,
  type Route,
  routeOf,
  shorten,
  type Value,
  value,
} from './support/fuzz.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 5500);
const SEED = Number(process.env.FUZZ_SEED ?? Math.floor(Math.random() * 2 ** 31));
const CONCURRENCY = 4;
const roles = ['key_worker', 'manager', 'admin'] as const;
type Who = (typeof roles)[number] | 'anyone';

let t: TestApp;
const agents = new Map<Who, Agent>();
const tokens = new Map<Who, string>();
/** Users whose accounts the fuzzer must not change (deactivating them would end its sessions). */
const protectedIds: string[] = [];
const fixture: Record<string, string> = {};

beforeAll(async () => {
  t = await createTestApp({
    env: {
      RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000000',
      API_RATE_LIMIT_PER_MINUTE: '1000000',
      COVERAGE_PUBLIC: 'true',
    },
  });
  const own = await createOrganisation(t, 'Fuzz Own Organisation');
  const partner = await createOrganisation(t, 'Fuzz Partner Organisation');
  const users = new Map<Who, TestUser>();
  for (const role of roles) users.set(role, await createUser(t, own, role));
  const kw = users.get('key_worker')!;
  protectedIds.push(...[...users.values()].map((u) => u.id));
  fixture.colleague = (await createUser(t, own, 'key_worker')).id;
  const partnerManager = await createUser(t, partner, 'manager');
  const actor: Actor = { userId: kw.id, organisationId: own, role: 'key_worker' };
  const p = t.services.participants;
  const c = t.services.casework;
  fixture.participant = await registerWalkIn(t, kw, 'Fuzz Participant');
  await p.assignKeyWorker(actor, fixture.participant, kw.id);
  fixture.contact = await c.addContact(actor, fixture.participant, {
    kind: 'phone',
    happenedOn: '2026-01-05',
    nextContactOn: null,
    notes: 'A note',
    restricted: false,
  });
  const template = await c.templateForNew(actor, fixture.participant);
  fixture.assessment = await c.addAssessment(actor, fixture.participant, template.id, {
    needs: { english: { level: 'some', note: null } },
    strengths: 'Strengths',
    scores: Object.fromEntries(scales.map((s) => [s, 5])) as never,
  });
  fixture.goal = await c.addGoal(actor, fixture.participant, { goal: 'A goal', domains: ['english'] });
  await c.addStep(actor, fixture.goal, { step: 'A step', owner: 'her', dueOn: null });
  await p.recordConsent(actor, fixture.participant, {
    purpose: 'share_organisation',
    organisationId: partner,
    given: true,
    method: 'verbal',
  });
  const partnerService = await t.services.directory.createService(
    { userId: partnerManager.id, organisationId: partner, role: 'manager' },
    { name: 'Fuzz Partner Service', description: 'Help' },
  );
  fixture.partnerService = partnerService.id;
  fixture.referral = (
    await c.createReferral(actor, fixture.participant, {
      serviceId: partnerService.id,
      sections: ['names'],
      note: 'Referral note',
      agreed: false,
    })
  ).id;
  fixture.service = (
    await t.services.directory.createService(
      { userId: users.get('manager')!.id, organisationId: own, role: 'manager' },
      { name: 'Fuzz Own Service', description: 'Help with English' },
    )
  ).id;
  fixture.session = await c.createSession(actor, {
    place: 'Fuzz hall',
    startsAt: new Date('2026-02-01T10:00:00Z'),
    endsAt: new Date('2099-02-01T12:00:00Z'),
    capacity: 10,
  });
  await c.attend(actor, fixture.session, fixture.participant);
  const start = new Date(Date.UTC(2099, 5, 1, 12));
  const slot = (h: number) =>
    t.services.appointments.createSlot(actor, {
      mode: 'phone',
      place: null,
      startsAt: new Date(start.getTime() + h * 3_600_000),
      endsAt: new Date(start.getTime() + (h + 1) * 3_600_000),
      staffUserId: kw.id,
    });
  fixture.slot = await slot(0);
  await slot(2);
  fixture.booking = await t.services.appointments.book(actor, fixture.participant, fixture.slot, {
    notify: false,
  });

  for (const role of roles) agents.set(role, await signIn(t, users.get(role)!));
  agents.set('anyone', new Agent(t.app));
}, 120_000);
afterAll(() => t?.close());

/** Where each route was found on the pages, and what its forms and links send. */
interface Explored {
  samples: Map<string, Set<string>>; // `${who} ${method} ${pattern}` -> concrete paths
  forms: Map<string, Fields[]>; // `${method} ${path}` -> each form's fields
}

const seeds = () => [
  '/',
  '/find-support',
  '/find-support?q=english',
  `/find-support/services/${fixture.service}`,
  '/coverage',
  '/sign-in',
  `/set-password/${randomUUID()}`,
  `/participants/${fixture.participant}`,
  `/participants/${fixture.participant}/plan`,
  `/participants/${fixture.participant}/appointments`,
  `/participants/${fixture.participant}/referrals/new?serviceId=${fixture.partnerService}`,
  `/participants/${fixture.participant}/referrals/new?q=english`,
  `/drop-ins/${fixture.session}?q=Fuzz`,
  `/contacts/${fixture.contact}/edit`,
  `/contacts/${fixture.contact}/history`,
  `/assessments/${fixture.assessment}`,
  `/plan/goals/${fixture.goal}/progress`,
  `/plan/goals/${fixture.goal}/steps/new`,
  `/referrals/${fixture.referral}`,
  `/referrals/${fixture.referral}/summary`,
  `/drop-ins/${fixture.session}`,
  `/appointments/bookings/${fixture.booking}`,
  `/directory/services/${fixture.service}`,
  `/directory/imports/${randomUUID()}`,
  `/admin/users/${fixture.colleague}`,
  `/api/oruk/services/${fixture.service}`,
  '/api/oruk/services?text=english',
  '/api/oruk/taxonomies',
  '/api/oruk/taxonomy_terms',
  '/api/oruk/service_at_locations',
];

/** Changes that can close, erase or hand over the fixture's records, which later requests use. */
const ending = (route: Route) =>
  route.method === 'POST' &&
  /\/(erase|status\/:to|consent|key-worker|cancel|rebook|outcome|withdraw|deactivate|role)$/.test(
    route.pattern,
  );

/** Ends a session or signs in: left out for signed-in people, who must stay signed in. */
const sessionChanging = (pattern: string) => /^\/(sign-in|sign-out|set-password)/.test(pattern);
const binary = /\.(pdf|png|xlsx|csv|svg|json)$/;

/**
 * Visits the pages each person can reach (breadth first from the seeds, two pages of each route at
 * most), noting real paths for every route and the fields of every form.
 */
async function explore(patterns: string[]): Promise<Explored> {
  const found: Explored = { samples: new Map(), forms: new Map() };
  const note = (who: Who, method: string, path: string) => {
    const pattern = routeOf(patterns, path);
    if (!pattern || protectedIds.some((id) => path.includes(id))) return undefined;
    const key = `${who} ${method} ${pattern}`;
    const set = found.samples.get(key) ?? new Set();
    found.samples.set(key, set);
    if (set.size >= 2 || set.has(path)) return undefined;
    set.add(path);
    return pattern;
  };
  for (const [who, agent] of agents) {
    const queue = seeds();
    const visited = new Set<string>();
    while (queue.length) {
      const url = queue.shift()!;
      const path = url.split('?')[0]!;
      if (visited.has(url)) continue;
      visited.add(url);
      const pattern = note(who, 'GET', path);
      if (!pattern && !seeds().includes(url)) continue;
      if (sessionChanging(path) && who !== 'anyone') continue;
      if (binary.test(path)) continue;
      const page = await agent.get(url);
      if (page.statusCode !== 200 || !String(page.headers['content-type']).includes('html')) continue;
      const token = csrfTokenIn(page.body) ?? /data-csrf="([^"]+)"/.exec(page.body)?.[1];
      if (token && !tokens.has(who)) tokens.set(who, token);
      for (const form of formsIn(page.body, path) as Form[]) {
        note(who, form.method, form.action);
        const key = `${form.method} ${form.action}`;
        const known = found.forms.get(key) ?? [];
        if (known.length < 6) found.forms.set(key, [...known, form.fields]);
      }
      for (const link of linksIn(page.body)) {
        if (link.path.startsWith('/assets/') || link.path === '/sign-out') continue;
        // The language switcher is on every page; one language change is enough.
        if (link.query.length === 1 && link.query[0]![0] === 'lang' && visited.size > 1) continue;
        const key = `GET ${link.path}`;
        const known = found.forms.get(key) ?? [];
        if (link.query.length && known.length < 6) found.forms.set(key, [...known, link.query]);
        queue.push(link.query.length ? `${link.path}?${new URLSearchParams(link.query)}` : link.path);
      }
    }
  }
  return found;
}

interface Target {
  who: Who;
  route: Route;
  paths: string[];
  forms: Fields[];
}

interface Generated {
  path: string;
  where: 'form' | 'json' | 'query' | 'param';
  base: number;
  changes: { name: string; value: Value }[];
  param: number;
  paramValue: Value;
}

/** What a generated case sends: a request for app.inject. */
function request(target: Target, g: Generated) {
  const agent = agents.get(target.who)!;
  const cookie = [...agent.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const base: Fields = target.forms.length ? target.forms[g.base % target.forms.length]! : [];
  let path = g.path;
  if (g.where === 'param') {
    const names = paramNames(target.route.pattern);
    const segments = path.split('/');
    const patternSegments = target.route.pattern.split('/');
    const index = patternSegments.findIndex((s) => s === `:${names[g.param % names.length]}`);
    segments[index] = asText(g.paramValue)[0]!.replace(/%2F/gi, '%252F');
    path = segments.join('/');
  }
  const basePairs: [string, string][] = base.map(([k, v]) => [k, encode(v)]);
  const changes: [string, string][] = g.changes.flatMap(({ name, value: v }) =>
    asText(v).map((text): [string, string] => [name, text]),
  );
  // The form as sent with the changed fields in place of the page's values.
  const changedNames = new Set(g.changes.map((c) => c.name));
  const pairs = [...basePairs.filter(([k]) => !changedNames.has(k)), ...changes];
  const json: Record<string, unknown> = Object.fromEntries(base);
  for (const { name, value: v } of g.changes) json[name] = asJson(v);
  const token = tokens.get(target.who) ?? '';
  const url = (query: [string, string][]) => (query.length ? `${path}?${encodePairs(query)}` : path);
  if (target.route.method === 'GET')
    return { method: 'GET' as const, url: url(g.where === 'param' ? basePairs : pairs), headers: { cookie } };
  const form = (body: [string, string][]) => ({
    method: 'POST' as const,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: encodePairs([['_csrf', encode(token)], ...body]),
  });
  if (g.where === 'param') return { ...form(basePairs), url: path };
  if (g.where === 'query') return { ...form(basePairs), url: url(changes) };
  if (g.where === 'form') return { ...form(pairs), url: path };
  return {
    method: 'POST' as const,
    url: path,
    headers: { cookie, 'content-type': 'application/json' },
    payload: JSON.stringify({ _csrf: token, ...json }),
  };
}

function generated(target: Target): fc.Arbitrary<Generated> {
  const own = [...new Set(target.forms.flatMap((f) => f.map(([k]) => k)))];
  const names = own.length
    ? fc.oneof(
        { weight: 5, arbitrary: fc.constantFrom(...own) },
        { weight: 1, arbitrary: fc.constantFrom(...extraNames) },
      )
    : fc.constantFrom(...extraNames);
  const hasParams = paramNames(target.route.pattern).length > 0;
  const where =
    target.route.method === 'POST'
      ? fc.constantFrom<Generated['where']>(
          'form',
          'form',
          'json',
          'json',
          'query',
          ...(hasParams ? ['param' as const] : []),
        )
      : fc.constantFrom<Generated['where']>(
          'query',
          'query',
          'query',
          ...(hasParams ? ['param' as const] : []),
        );
  return fc.record({
    path: fc.constantFrom(...target.paths),
    where,
    base: fc.nat(),
    changes: fc.array(fc.record({ name: names, value }), { minLength: 1, maxLength: 4 }),
    param: fc.nat(),
    paramValue: value,
  });
}

/**
 * Besides the random cases, each of a route's own fields once as a repeated name (a list where the
 * code may expect text) and once as a number too big for anything: the two most common slips.
 */
function examples(target: Target): Generated[] {
  const names = [...new Set(target.forms.flatMap((f) => f.map(([k]) => k)))].slice(0, 12);
  return names.flatMap((name) =>
    [{ list: ['1', 'x'] }, { text: '1e308' }].map((v) => ({
      path: target.paths[0]!,
      where: target.route.method === 'POST' ? ('form' as const) : ('query' as const),
      base: 0,
      changes: [{ name, value: v as Value }],
      param: 0,
      paramValue: { text: '' },
    })),
  );
}

describe('fuzzing every route', () => {
  it('answers no generated request with a 5xx', async () => {
    const started = Date.now();
    const routes = fuzzableRoutes(t.routes);
    expect(routes.length).toBeGreaterThan(50);
    for (const r of routes)
      expect(t.app.hasRoute({ method: r.method, url: r.pattern }), r.pattern).toBe(true);
    const patterns = [...new Set(routes.map((r) => r.pattern))];
    const found = await explore(patterns);

    const targets: Target[] = [];
    for (const route of routes)
      for (const who of [...roles, 'anyone'] as Who[]) {
        if (who !== 'anyone' && sessionChanging(route.pattern)) continue;
        let paths = [...(found.samples.get(`${who} ${route.method} ${route.pattern}`) ?? [])];
        // Reached by nobody on a page: try it with made-up ids (still through every check).
        if (!paths.length) paths = [route.pattern.replace(/:\w+/g, () => randomUUID())];
        if (who === 'anyone') {
          // Anyone is fuzzed only where a page answers without signing in.
          const res = await agents.get('anyone')!.get(paths[0]!);
          if (route.method === 'GET' && String(res.headers.location ?? '').startsWith('/sign-in')) continue;
          if (route.method === 'POST' && !found.samples.has(`anyone POST ${route.pattern}`)) continue;
        }
        const forms = paths.flatMap((p) => found.forms.get(`${route.method} ${p}`) ?? []);
        targets.push({ who, route, paths, forms });
      }

    // Rendering a PDF, PNG or spreadsheet takes a few hundred milliseconds, and its input is the same
    // as its page's (fuzzed in full): a couple of requests each.
    const heavy = (target: Target) => /\.(pdf|png|xlsx)$/.test(target.route.pattern);
    const light = targets.filter((target) => !heavy(target));
    const fixed = light.reduce((n, target) => n + examples(target).length, 0);
    const perTarget = Math.max(1, Math.ceil((RUNS - fixed) / light.length));
    let sent = 0;
    const statuses = new Map<number, number>();
    let postsPastCsrf = 0;
    const failures: string[] = [];
    const fuzz = async (target: Target, i: number) => {
      const result = await fc.check(
        fc.asyncProperty(generated(target), async (g) => {
          sent++;
          const res = await t.app.inject(request(target, g) as never);
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          // A CSRF refusal is a 403 page saying the form expired; anything else reached further.
          if (target.route.method === 'POST' && !res.body.includes('This form has expired')) postsPastCsrf++;
          if (res.statusCode >= 500) throw new Error(`answered ${res.statusCode}`);
        }),
        {
          seed: SEED + i,
          numRuns: heavy(target) ? 2 : perTarget + examples(target).length,
          endOnFailure: false,
          examples: heavy(target) ? [] : examples(target).map((g) => [g]),
        },
      );
      if (result.failed) {
        const g = result.counterexample?.[0] as Generated;
        failures.push(
          `${target.who} ${target.route.method} ${target.route.pattern}: ${String(result.errorInstance)}\n    ${shorten({ ...request(target, g), headers: undefined, changes: g.changes })}`,
        );
      }
    };
    // A few routes at a time, as a server sees them: the database works while Node renders.
    // Routes that can end her record, or the fuzzer's access to it, go last, after all the others.
    const indexed = [...targets.entries()];
    for (const phase of [false, true]) {
      const queue = indexed.filter(([, target]) => ending(target.route) === phase);
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          for (let next = queue.shift(); next; next = queue.shift()) await fuzz(next[1], next[0]);
        }),
      );
    }
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `fuzz: ${sent} requests over ${targets.length} route×person pairs in ${seconds} s (FUZZ_SEED=${SEED});`,
      `answers ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))},`,
      `${postsPastCsrf} POSTs past the CSRF check`,
    );
    expect(failures.sort(), `FUZZ_SEED=${SEED}\n${failures.join('\n')}`).toEqual([]);
    if (!process.env.FUZZ_RUNS) expect(sent).toBeGreaterThanOrEqual(5000);
    // The requests carried a token the app accepts, so they were fuzzing the handlers, not the check.
    expect(postsPastCsrf).toBeGreaterThan(0);
  }, 600_000);
});
