import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createOrganisation,
  createTestApp,
  createUser,
  registerWalkIn,
  signIn,
  type TestApp,
} from '../../tests/support/app.ts';
import { users } from './auth/schema.ts';
import { describeError, errorForLog } from './logging.ts';

/**
 * A failing query must not put what it was given into the log: Drizzle's error message carries
 * every bound parameter, and PostgreSQL's message and detail often quote the value itself. The log
 * says which query (its shape, with $1 placeholders) and which SQLSTATE, nothing more.
 */

const SECRET_NOTE = 'Disclosed-abuse-by-her-husband-7f3a';
const SECRET_EMAIL = 'hidden-address-7f3a@example.org';
let t: TestApp;
const lines: string[] = [];
const log = () => lines.join('');

beforeAll(async () => {
  t = await createTestApp({
    env: { LOG_LEVEL: 'info' },
    logStream: { write: (line) => void lines.push(line) },
    // Throwaway routes that run failing queries with a secret parameter, as a real route would.
    beforeReady: (app, database) => {
      app.get('/test/failing-cast', async () => database.db.execute(sql`select ${SECRET_NOTE}::int`));
      app.get('/test/failing-insert', async () => {
        const org = await createOrganisation(t, 'Logs');
        const row = { organisationId: org, name: 'X', role: 'key_worker' as const, passwordHash: 'x' };
        await database.db.insert(users).values({ ...row, email: SECRET_EMAIL });
        await database.db.insert(users).values({ ...row, email: SECRET_EMAIL });
      });
    },
  });
}, 60_000);
afterAll(() => t.close());
beforeEach(() => {
  lines.length = 0;
});

describe('error logs', () => {
  it('logs the query shape and SQLSTATE of a failing query, never the value it was given', async () => {
    const res = await t.app.inject({ url: '/test/failing-cast' });
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toContain(SECRET_NOTE);
    expect(log()).toContain('request failed');
    expect(log()).toContain('"code":"22P02"'); // invalid_text_representation
    expect(log()).toContain('select $1::int');
    expect(log()).not.toContain(SECRET_NOTE);
  });

  it("leaves out PostgreSQL's detail, which quotes the duplicate value", async () => {
    const res = await t.app.inject({ url: '/test/failing-insert' });
    expect(res.statusCode).toBe(500);
    expect(log()).toContain('"code":"23505"'); // unique_violation
    expect(log()).toContain('users_email_key');
    expect(log()).not.toContain(SECRET_EMAIL);
    expect(log()).not.toContain('hidden-address');
  });

  it('keeps a contact note the database refuses out of the log', async () => {
    const org = await createOrganisation(t, 'Harbour');
    const kw = await createUser(t, org, 'key_worker');
    const id = await registerWalkIn(t, kw, 'Hawa');
    const agent = await signIn(t, kw);
    // PostgreSQL refuses a NUL in text: the insert fails after binding her note.
    await agent.submit(`/participants/${id}/contacts/new`, {
      kind: 'one_to_one',
      'happenedOn-day': '2',
      'happenedOn-month': '3',
      'happenedOn-year': '2026',
      notes: `${SECRET_NOTE}\u0000`,
    });
    expect(log()).not.toContain(SECRET_NOTE);
  });
});

describe('errorForLog and describeError', () => {
  it('keep the SQLSTATE, constraint and query of a Drizzle error; drop its message, params and detail', async () => {
    const err = await t.database.db
      .execute(sql`select ${SECRET_NOTE}::int`)
      .then(() => undefined)
      .catch((e: unknown) => e);
    expect(String((err as Error).message)).toContain(SECRET_NOTE); // what used to be logged
    const logged = errorForLog(err);
    expect(logged).toMatchObject({ type: 'DrizzleQueryError', code: '22P02', query: 'select $1::int' });
    expect(JSON.stringify(logged)).not.toContain(SECRET_NOTE);
    expect(logged.stack).toMatch(/^\s+at /);
    expect(describeError(err)).toBe('Database error 22P02 in query: select $1::int');
  });

  it('keep the message of an error that is not the database', () => {
    const logged = errorForLog(new TypeError("Cannot read properties of undefined (reading 'id')"));
    expect(logged).toMatchObject({
      type: 'TypeError',
      message: "Cannot read properties of undefined (reading 'id')",
    });
    expect(describeError(new Error('No such file: feed.json'))).toBe('No such file: feed.json');
  });
});
