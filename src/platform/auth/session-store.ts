import type { FastifySessionObject, SessionStore } from '@fastify/session';
import { eq, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/index.ts';
import { sessions } from './schema.ts';

/**
 * Every session of a user: signed in, or half-way (password given, code not yet). A password that
 * is no longer trusted must not finish a sign-in it started either.
 */
export const sessionsOfUser = (userId: string) =>
  sql`(${sessions.data}->>'userId' = ${userId} or ${sessions.data}->>'pendingUserId' = ${userId})`;

type Callback<T = void> = (err?: unknown, value?: T) => void;
type StoredSession = FastifySessionObject;

/**
 * Sessions live in PostgreSQL, not memory: they survive a restart, sign-out really ends them, and a
 * busy public page cannot grow the process. Expired rows are swept by `sweep`.
 */
export class PgSessionStore implements SessionStore {
  constructor(
    private readonly db: Db,
    private readonly idleMs: number,
  ) {}

  get(sid: string, cb: Callback<StoredSession | null>): void {
    this.db
      .select({ data: sessions.data })
      .from(sessions)
      .where(sql`${sessions.sid} = ${sid} and ${sessions.expiresAt} > now()`)
      .then((rows) => cb(null, (rows[0]?.data as StoredSession | undefined) ?? null), cb);
  }

  set(sid: string, session: StoredSession, cb: Callback): void {
    const expires = session.cookie?.expires
      ? new Date(session.cookie.expires)
      : new Date(Date.now() + this.idleMs);
    this.db
      .insert(sessions)
      .values({ sid, data: session, expiresAt: expires })
      .onConflictDoUpdate({
        target: sessions.sid,
        set: { data: session, expiresAt: expires },
        // Every page view moves the idle expiry on (rolling); written at most every 10 seconds, so
        // most views of a busy user write nothing and wait for no disk flush. The expiry stored is
        // then at most 10 seconds early, never late. A change to what the session holds (including
        // "Stay signed in") is written at once.
        setWhere: sql`(${sessions.data} - 'cookie') is distinct from (excluded.data - 'cookie')
          or ${sessions.expiresAt} < excluded.expires_at - interval '10 seconds'`,
      })
      .then(() => cb(), cb);
  }

  destroy(sid: string, cb: Callback): void {
    this.db
      .delete(sessions)
      .where(eq(sessions.sid, sid))
      .then(() => cb(), cb);
  }

  async sweep(): Promise<void> {
    await this.db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  }

  /** Ends every session of a user (deactivation; a password reset does the same in its transaction). */
  async destroyForUser(userId: string): Promise<void> {
    await this.db.delete(sessions).where(sessionsOfUser(userId));
  }
}
