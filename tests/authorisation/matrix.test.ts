// The route authorisation matrix (issue 9): every route Fastify has registered, for every role and
// for a signed-out visitor, with real records of the user's own organisation and of another one,
// against the expectation declared for it in expectations.ts. A route with no declaration fails.
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Role, roles } from '../../src/platform/auth/schema.ts';
import { Agent, csrfTokenIn } from '../support/agent.ts';
import { createOrganisation, createTestApp, createUser, signIn, type TestApp } from '../support/app.ts';
import { type OrgFixtures, seedOrganisation } from '../support/org-fixtures.ts';
import { DECLARE_IN, registeredRoutes, undeclared } from '../support/route-table.ts';
import { type Expectation, expectations } from './expectations.ts';

type Who = Role | 'anonymous';
type Where = 'own' | 'other';
/** 'allowed': anything but a refusal or a 5xx; 'sign-in': sent to sign in; 'refused': 403 or 404. */
type Outcome = 'allowed' | 'sign-in' | 'any' | 'refused' | 403 | 404;

let t: TestApp;
const fixtures = {} as Record<Where, OrgFixtures>;
const sessions = new Map<Who, { agent: Agent; token: string }>();

beforeAll(async () => {
  t = await createTestApp();
  const partner = await createOrganisation(t, 'Matrix Partner');
  fixtures.own = await seedOrganisation(t, 'Harbour', partner);
  fixtures.other = await seedOrganisation(t, 'Riverside', partner);
  // Every role of the own organisation signs in once; signed-out visitors take a token from /sign-in.
  for (const role of roles) {
    const agent = await signIn(t, fixtures.own.users[role]);
    sessions.set(role, { agent, token: tokenIn((await agent.get('/')).body) });
  }
  const anonymous = new Agent(t.app);
  sessions.set('anonymous', { agent: anonymous, token: tokenIn((await anonymous.get('/sign-in')).body) });
}, 180_000);
afterAll(async () => t?.close());

function tokenIn(html: string): string {
  const token = csrfTokenIn(html) ?? /data-csrf="([^"]+)"/.exec(html)?.[1];
  if (!token) throw new Error('no CSRF token on the page');
  return token;
}

const scopeFor = (e: Expectation, who: Role): Where | 'any' => {
  const org = e.org ?? 'own';
  return typeof org === 'string' ? org : (org[who] ?? 'own');
};

function expected(e: Expectation, who: Who, where: Where): Outcome {
  if (e.anyAnswer || (e.endsSession && who === 'anonymous')) return 'any';
  if (e.allow === 'public') return 'allowed';
  if (who === 'anonymous') return e.anonymous ?? 'sign-in';
  const permitted = e.allow === 'signed-in' || e.allow.includes(who);
  // Another organisation's record for a role refused anyway: either refusal hides it.
  if (!permitted) return where === 'own' ? 403 : 'refused';
  return where === 'other' && scopeFor(e, who) === 'own' ? 404 : 'allowed';
}

function matches(outcome: Outcome, status: number, location: string): boolean {
  const toSignIn = status >= 300 && status < 400 && location.startsWith('/sign-in');
  switch (outcome) {
    case 'any':
      return status < 500;
    case 'allowed':
      return status < 500 && ![401, 403, 404].includes(status) && !toSignIn;
    case 'sign-in':
      return toSignIn;
    case 'refused':
      return status === 403 || status === 404;
    default:
      return status === outcome;
  }
}

async function pathFor(url: string, e: Expectation, f: OrgFixtures): Promise<string> {
  const params = e.params ? await e.params(f) : {};
  const path = url.replace(/:(\w+)|\*/g, (whole, name: string | undefined) => {
    const value = params[name ?? '*'];
    if (value === undefined)
      throw new Error(`${url}: no value for ${whole}; give it in params (${DECLARE_IN})`);
    return encodeURIComponent(value);
  });
  return path + (e.query ? e.query(f) : '');
}

async function send(
  app: FastifyInstance,
  method: string,
  path: string,
  who: { agent: Agent; token: string },
  form: Record<string, string | string[]>,
) {
  if (method === 'GET') return who.agent.get(path);
  if (method === 'POST') return who.agent.post(path, { ...form, _csrf: who.token });
  return app.inject({ method: method as 'OPTIONS', url: path });
}

/** A session of its own, for routes that end the session they are sent with. */
async function throwawaySession(): Promise<{ agent: Agent; token: string }> {
  const agent = await signIn(t, await createUser(t, fixtures.own.organisationId, 'key_worker'));
  return { agent, token: tokenIn((await agent.get('/')).body) };
}

describe('route authorisation matrix', () => {
  it(`declares every registered route in ${DECLARE_IN}, and no route that is not registered`, () => {
    const routes = registeredRoutes(t.routes);
    expect(undeclared(routes, Object.keys(expectations))).toEqual([]);
    // 100% of the route table is checked below: one test per declared route.
    expect(routes.length).toBe(Object.keys(expectations).length);
    expect(routes.length).toBeGreaterThan(100);
  });

  for (const [key, e] of Object.entries(expectations)) {
    it(key, async () => {
      const [method, url] = key.split(' ') as [string, string];
      const namesRecord = Boolean(e.params || e.org);
      const failures: string[] = [];
      const who: Who[] = e.endsSession ? ['anonymous', 'key_worker'] : ['anonymous', ...roles];
      for (const actor of who)
        for (const where of ['own', 'other'] as const) {
          if (where === 'other' && (!namesRecord || actor === 'anonymous')) continue;
          const f = fixtures[where];
          const path = await pathFor(url, e, f);
          const session =
            e.endsSession && actor !== 'anonymous' ? await throwawaySession() : sessions.get(actor)!;
          const res = await send(t.app, method, path, session, e.body ? e.body(f) : {});
          const want = expected(e, actor, where);
          const location = String(res.headers.location ?? '');
          if (e.endsSession && actor !== 'anonymous') {
            // Signing out sends her to sign in: the proof is that the session is over (`/` is then the
            // public front door, without the sign-out form every signed-in page carries).
            const after = await session.agent.get('/');
            if (res.statusCode < 500 && !after.body.includes('action="/sign-out"')) continue;
            failures.push(
              `${actor}: the session did not end (${res.statusCode}, then / gave ${after.statusCode})`,
            );
          } else if (!matches(want, res.statusCode, location))
            failures.push(
              `${actor} with ${where === 'own' ? 'her own' : 'another'} organisation's records: expected ${want}, got ${res.statusCode}${location ? ` -> ${location}` : ''}`,
            );
        }
      expect(failures, `${key} (declared in ${DECLARE_IN})`).toEqual([]);
    });
  }
});

describe('an undeclared route', () => {
  it('fails the matrix, naming the route and where to declare it', async () => {
    const extra = await createTestApp({
      beforeReady: (app) => {
        app.get('/matrix-throwaway/:id', async () => 'not declared anywhere');
      },
    });
    try {
      const problems = undeclared(registeredRoutes(extra.routes), Object.keys(expectations));
      expect(problems).toEqual([
        `GET /matrix-throwaway/:id has no authorisation expectation: declare who may use it in ${DECLARE_IN} ('GET /matrix-throwaway/:id': { allow: ... })`,
      ]);
    } finally {
      await extra.close();
    }
  });

  it('and a declaration without a route is reported too', () => {
    const problems = undeclared(registeredRoutes(t.routes), [...Object.keys(expectations), 'GET /gone']);
    expect(problems).toEqual([
      `GET /gone is declared in ${DECLARE_IN} but no such route is registered: remove or rename it`,
    ]);
  });
});
