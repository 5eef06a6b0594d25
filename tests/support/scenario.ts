import { afterAll, beforeAll } from 'vitest';
import type { Actor } from '../../src/platform/auth/actor.ts';
import type { Role } from '../../src/platform/auth/schema.ts';
import { Agent } from './agent.ts';
import { createOrganisation, createTestApp, createUser, signIn, type TestApp, type TestUser } from './app.ts';
import { startSmtp, type TestSmtp } from './smtp.ts';

type AppOptions = Parameters<typeof createTestApp>[0];

/** A user to create: her role, in the first organisation, or `[role, organisation key]`. */
type UserSpec<O extends string> = Role | readonly [Role, NoInfer<O>];

export interface ScenarioSpec<O extends string, U extends string> {
  /** Organisations by key and name; users go in the first unless they name another. */
  organisations?: Record<O, string>;
  users?: Record<U, UserSpec<O>>;
  /** Users signed in before the file's tests run, their agents in `agents`. */
  signedIn?: NoInfer<U>[];
  /** Passed on to createTestApp. */
  app?: AppOptions;
  /** A local mail server the app sends through (options as startSmtp's), in `smtp`. */
  smtp?: Parameters<typeof startSmtp>[0];
}

export interface Scenario<O extends string, U extends string> {
  /** The running app. */
  t: TestApp;
  /** Organisation ids by key. */
  org: Record<O, string>;
  users: Record<U, TestUser>;
  /** The mail server, when the spec asked for one. */
  smtp: TestSmtp;
  /** The signed-in agents of the users named in `signedIn`. */
  agents: Record<U, Agent>;
  /**
   * A user's signed-in agent, signing in the first time it is asked: a TOTP code works once, so
   * each user signs in once per file.
   */
  as(user: TestUser): Promise<Agent>;
  /** The actor a service function takes for this user. */
  actor(user: TestUser): Actor;
}

/**
 * The setup most test files share: an app on a fresh database, its organisations and users, closed
 * after the file. Everything it returns is an object made now and filled in its beforeAll, so a
 * file may destructure it at the top (`const { t, users } = useScenario(...)`) and read it inside
 * tests and later hooks. The file's own beforeAll hooks run after this one.
 */
export function useScenario<O extends string = 'own', U extends string = never>(
  spec: ScenarioSpec<O, U> = {},
): Scenario<O, U> {
  const organisations = spec.organisations ?? ({ own: 'Harbour' } as Record<O, string>);
  const userSpecs = spec.users ?? ({} as Record<U, UserSpec<O>>);
  const t = {} as TestApp;
  const smtp = {} as TestSmtp;
  const org = {} as Record<O, string>;
  const users = Object.fromEntries(Object.keys(userSpecs).map((k) => [k, {}])) as Record<U, TestUser>;
  const agents = Object.fromEntries((spec.signedIn ?? []).map((k) => [k, new Agent(() => t.app)])) as Record<
    U,
    Agent
  >;
  const signedIn = new Map<string, Agent>();
  const firstOrg = Object.keys(organisations)[0] as O;

  beforeAll(async () => {
    if (spec.smtp) Object.assign(smtp, await startSmtp(spec.smtp));
    Object.assign(t, await createTestApp({ ...spec.app, ...(spec.smtp && { mailer: smtp.mailer }) }));
    for (const [k, name] of Object.entries(organisations) as [O, string][])
      org[k] = await createOrganisation(t, name);
    for (const [k, s] of Object.entries(userSpecs) as [U, UserSpec<O>][]) {
      const [role, where] = typeof s === 'string' ? [s, firstOrg] : s;
      Object.assign(users[k], await createUser(t, org[where], role));
    }
    for (const k of spec.signedIn ?? []) signedIn.set(users[k].id, await signIn(t, users[k], agents[k]));
  }, 60_000);
  // When the app never started there is nothing to close (and the error that stopped it shows).
  afterAll(async () => {
    await t.close?.();
    await smtp.close?.();
  });

  return {
    t,
    smtp,
    org,
    users,
    agents,
    async as(user) {
      let agent = signedIn.get(user.id);
      if (!agent) {
        agent = await signIn(t, user);
        signedIn.set(user.id, agent);
      }
      return agent;
    },
    actor: (u) => ({ userId: u.id, organisationId: u.organisationId, role: u.role }),
  };
}
