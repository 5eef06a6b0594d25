import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { generate, generateSecret } from 'otplib';
import { buildApp, type RouteEntry, type Services } from '../../src/app.ts';
import type { QuickInput } from '../../src/modules/participants/index.ts';
import { hashPassword } from '../../src/platform/auth/accounts.ts';
import { organisations, type Role, users } from '../../src/platform/auth/schema.ts';
import { type Config, loadConfig } from '../../src/platform/config.ts';
import { newKeySpec } from '../../src/platform/crypto/fields.ts';
import { connect, type Database } from '../../src/platform/db/index.ts';
import type { Mailer } from '../../src/platform/mail.ts';
import { Agent } from './agent.ts';
import { freshDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  services: Services;
  config: Config;
  /** Every route Fastify registered: method and path pattern. */
  routes: RouteEntry[];
  close(): Promise<void>;
}

export async function createTestApp(
  opts: {
    env?: Record<string, string>;
    mailer?: Mailer;
    /** Where log lines go (with LOG_LEVEL in env); tests log nothing without it. */
    logStream?: { write(line: string): void };
    /** Routes of the test's own, registered before the app is ready. */
    beforeReady?: (app: FastifyInstance, database: Database) => void | Promise<void>;
    /**
     * A second app instance on this one's database, with its own connection pool (as a second app
     * process would be); closing it leaves the database to its first app.
     */
    sameDatabaseAs?: TestApp;
  } = {},
): Promise<TestApp> {
  const database = opts.sameDatabaseAs ? connect(opts.sameDatabaseAs.database.url, 5) : await freshDatabase();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'wayfinder-test-data-')),
    LOG_LEVEL: 'silent',
    RATE_LIMIT_SIGN_IN_PER_MINUTE: '1000',
    ...opts.env,
  });
  const secrets = {
    sessionSecret: 'a-test-session-secret-that-is-long-enough-1234',
    fieldKeys: newKeySpec('test'),
  };
  const { app, services, routes } = await buildApp({
    config,
    database,
    secrets,
    mailer: opts.mailer,
    logStream: opts.logStream,
  });
  await opts.beforeReady?.(app, database);
  await app.ready();
  return {
    app,
    database,
    services,
    config,
    routes,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export const TEST_PASSWORD = 'correct horse battery staple';

export async function createOrganisation(t: TestApp, name = 'Test Organisation'): Promise<string> {
  const [row] = await t.database.db
    .insert(organisations)
    .values({ name })
    .returning({ id: organisations.id });
  return row!.id;
}

export interface TestUser {
  id: string;
  email: string;
  organisationId: string;
  role: Role;
  totpSecret: string;
}

let counter = 0;
export async function createUser(
  t: TestApp,
  organisationId: string,
  role: Role,
  opts: { enrolled?: boolean } = {},
): Promise<TestUser> {
  const totpSecret = generateSecret();
  const email = `${role}-${++counter}-${Date.now()}@example.org`;
  const enrolled = opts.enrolled ?? true;
  const [row] = await t.database.db
    .insert(users)
    .values({
      organisationId,
      email,
      name: `Test ${role}`,
      role,
      passwordHash: await hashPassword(TEST_PASSWORD),
      totpSecret: enrolled ? t.services.cipher.encrypt(totpSecret) : null,
      totpEnabledAt: enrolled ? new Date() : null,
    })
    .returning({ id: users.id });
  return { id: row!.id, email, organisationId, role, totpSecret };
}

/** Signs in through the real pages (password, then a fresh TOTP code) and returns the agent. */
export async function signIn(t: TestApp, user: TestUser, agent = new Agent(t.app)): Promise<Agent> {
  const first = await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
  if (first.statusCode !== 302) throw new Error(`sign-in failed: ${first.statusCode}`);
  const second = await agent.submit('/sign-in/code', { code: await generate({ secret: user.totpSecret }) });
  if (second.statusCode !== 302 || second.headers.location === '/sign-in')
    throw new Error(`second factor failed: ${second.statusCode}`);
  return agent;
}

/**
 * Signs each user in once per test file and reuses the session (each TOTP time step is accepted
 * only once per user, so signing in again at once would wait for the next code).
 */
export function signInOnce(current: () => TestApp): (user: TestUser) => Promise<Agent> {
  const agents = new Map<string, Agent>();
  return async (user) => {
    let agent = agents.get(user.id);
    if (!agent) {
      agent = await signIn(current(), user);
      agents.set(user.id, agent);
    }
    return agent;
  };
}

/** The quick-register form of a drop-in walk-in: consent to support given verbally, nothing else. */
export const walkInForm = (preferredName: string): QuickInput => ({
  preferredName,
  supportConsent: 'yes',
  method: 'verbal',
  contactMethods: [],
  safeTimes: null,
  neverContactAtHome: false,
  phone: null,
});

type Participants = Services['participants'];

/**
 * She agrees (as `method` says) to share her record with an organisation, then her key worker
 * shares these sections with it.
 */
export async function shareHerRecord(
  t: TestApp,
  keyWorker: TestUser,
  participantId: string,
  organisationId: string,
  sections: Parameters<Participants['grantShare']>[2]['sections'],
  method: Parameters<Participants['recordConsent']>[2]['method'] = 'verbal',
): Promise<void> {
  const svc = t.services.participants;
  const actor = { userId: keyWorker.id, organisationId: keyWorker.organisationId, role: keyWorker.role };
  await svc.recordConsent(actor, participantId, {
    purpose: 'share_organisation',
    organisationId,
    given: true,
    method,
  });
  await t.database.db.transaction((tx) =>
    svc.grantShare(tx, actor, { participantId, organisationId, sections }),
  );
}

/** A drop-in walk-in registered by her key worker. */
export async function registerWalkIn(
  t: TestApp,
  keyWorker: TestUser,
  preferredName: string,
): Promise<string> {
  return t.services.participants.quickRegister(
    { userId: keyWorker.id, organisationId: keyWorker.organisationId, role: keyWorker.role },
    walkInForm(preferredName),
  );
}
