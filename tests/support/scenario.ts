import { afterAll, beforeAll } from 'vitest';
import type { Actor } from '../../src/platform/auth/actor.ts';
import type { Role } from '../../src/platform/auth/schema.ts';
import type { Agent } from './agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signInOnce,
  type TestApp,
  type TestUser,
} from './app.ts';

/** A user to create: her role, in the first organisation, or `[role, organisation key]`. */
type UserSpec<O extends string> = Role | readonly [Role, NoInfer<O>];

export interface ScenarioSpec<O extends string, U extends string> {
  /** Organisations by key and name; users go in the first unless they name another. */
  organisations?: Record<O, string>;
  users?: Record<U, UserSpec<O>>;
  /** Passed on to createTestApp. */
  app?: Parameters<typeof createTestApp>[0];
}

export interface Scenario<O extends string, U extends string> {
  /** The running app. */
  t: TestApp;
  /** Organisation ids by key. */
  org: Record<O, string>;
  users: Record<U, TestUser>;
  /** Signs a user in the first time it is asked (a TOTP code works once) and reuses the session. */
  as(user: TestUser): Promise<Agent>;
  /** The actor a service function takes for this user. */
  actor(user: TestUser): Actor;
}

/**
 * The setup most test files share: an app on a fresh database, its organisations and users, closed
 * after the file. Everything it returns is an object made now and filled in its beforeAll, so a
 * file may destructure it at the top (`const { t, users: { kw } } = useScenario(...)`) and read it
 * inside tests and later hooks. The file's own beforeAll hooks run after this one.
 */
export function useScenario<O extends string = 'own', U extends string = never>(
  spec: ScenarioSpec<O, U> = {},
): Scenario<O, U> {
  const organisations = spec.organisations ?? ({ own: 'Harbour' } as Record<O, string>);
  const userSpecs = spec.users ?? ({} as Record<U, UserSpec<O>>);
  const t = {} as TestApp;
  const org = {} as Record<O, string>;
  const users = Object.fromEntries(Object.keys(userSpecs).map((k) => [k, {}])) as Record<U, TestUser>;
  const firstOrg = Object.keys(organisations)[0] as O;

  beforeAll(async () => {
    Object.assign(t, await createTestApp(spec.app));
    for (const [k, name] of Object.entries(organisations) as [O, string][])
      org[k] = await createOrganisation(t, name);
    for (const [k, s] of Object.entries(userSpecs) as [U, UserSpec<O>][]) {
      const [role, where] = typeof s === 'string' ? [s, firstOrg] : s;
      Object.assign(users[k], await createUser(t, org[where], role));
    }
  }, 60_000);
  afterAll(() => t.close());

  return {
    t,
    org,
    users,
    as: signInOnce(() => t),
    actor: (u) => ({ userId: u.id, organisationId: u.organisationId, role: u.role }),
  };
}
