import { createHash, randomBytes } from 'node:crypto';
import { hash, verify as verifyHash } from '@node-rs/argon2';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { generateSecret, generateURI, verify as verifyTotp } from 'otplib';
import type { AuditService } from '../audit/service.ts';
import type { FieldCipher } from '../crypto/fields.ts';
import type { Db } from '../db/index.ts';
import type { Actor } from './actor.ts';
import { organisations, passwordTokens, type Role, recoveryCodes, sessions, users } from './schema.ts';
import { sessionsOfUser } from './session-store.ts';

/** OWASP's argon2id baseline: 19 MiB, 2 passes. */
const ARGON = { algorithm: 2, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;
// Compared against when the email is unknown, so a wrong email costs as long as a wrong password.
const DUMMY_HASH =
  '$argon2id$v=19$m=19456,t=2,p=1$nWZITMg2NYs4f6NCuDll6g$3RRHa/wZYzrcDfR70UbJZsvYUT9zeYGVeHOuu5WGen4';

export const hashPassword = (password: string) => hash(password, ARGON);
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * A refusal says nothing about why (unknown address, wrong password, locked account: one answer).
 * `lockedNow` is set only on the attempt that locked the account, whose holder is then told.
 */
export type SignInResult =
  | { kind: 'ok'; userId: string; needsEnrolment: boolean }
  | { kind: 'refused'; lockedNow?: string };

export type SecondFactorResult = { ok: true } | { ok: false; lockedNow?: string };

export type PasswordLinkPurpose = 'invite' | 'reset' | 'unlock';

const isLocked = (user: { lockedUntil: Date | null }) => !!user.lockedUntil && user.lockedUntil > new Date();

export interface AccountsOptions {
  lockoutThreshold: number;
  lockoutMinutes: number;
}

export interface SessionUser extends Actor {
  name: string;
  email: string;
  organisationName: string;
}

export function createAccounts(db: Db, audit: AuditService, cipher: FieldCipher, opts: AccountsOptions) {
  async function findByEmail(email: string) {
    const [user] = await db
      .select()
      .from(users)
      .where(sql`lower(${users.email}) = ${email.trim().toLowerCase()}`);
    return user;
  }

  /**
   * Counts a wrong password or code; the one that reaches the threshold locks the account and
   * returns true. A locked account counts nothing more, so each lock is reported exactly once.
   */
  async function failAttempt(userId: string, organisationId: string): Promise<boolean> {
    return db.transaction(async (tx) => {
      const [u] = await tx
        .update(users)
        .set({ failedAttempts: sql`${users.failedAttempts} + 1` })
        .where(
          and(eq(users.id, userId), sql`(${users.lockedUntil} is null or ${users.lockedUntil} <= now())`),
        )
        .returning({ failed: users.failedAttempts });
      const lock = (u?.failed ?? 0) >= opts.lockoutThreshold;
      if (lock) {
        await tx
          .update(users)
          .set({ lockedUntil: new Date(Date.now() + opts.lockoutMinutes * 60_000), failedAttempts: 0 })
          .where(eq(users.id, userId));
      }
      await audit.record(
        {
          actor: { userId, organisationId },
          action: 'sign-in',
          outcome: 'failure',
          recordType: 'user',
          recordId: userId,
          details: { locked: lock },
        },
        tx,
      );
      return lock;
    });
  }

  return {
    findByEmail,

    /** The user behind a session, or undefined once they are deactivated. */
    async sessionUser(userId: string): Promise<SessionUser | undefined> {
      const [u] = await db
        .select({
          userId: users.id,
          organisationId: users.organisationId,
          role: users.role,
          name: users.name,
          email: users.email,
          organisationName: organisations.name,
        })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .where(and(eq(users.id, userId), eq(users.active, true)));
      return u;
    },

    /**
     * First step of sign-in: email and password. Locks the account after repeated failures. Every
     * refusal costs one argon2 verification (a dummy hash for an unknown address, the real one for
     * a locked account), so the time taken does not tell them apart either.
     */
    async checkPassword(email: string, password: string): Promise<SignInResult> {
      const user = await findByEmail(email);
      if (!user?.passwordHash || !user.active) {
        await verifyHash(DUMMY_HASH, password).catch(() => false);
        await audit.record({ action: 'sign-in', outcome: 'failure', details: { reason: 'unknown-account' } });
        return { kind: 'refused' };
      }
      const right = await verifyHash(user.passwordHash, password).catch(() => false);
      if (isLocked(user)) {
        await audit.record({
          actor: { userId: user.id, organisationId: user.organisationId },
          action: 'sign-in',
          outcome: 'denied',
          recordType: 'user',
          recordId: user.id,
          details: { reason: 'locked' },
        });
        return { kind: 'refused' };
      }
      if (!right) {
        const lockedNow = await failAttempt(user.id, user.organisationId);
        return lockedNow ? { kind: 'refused', lockedNow: user.id } : { kind: 'refused' };
      }
      return { kind: 'ok', userId: user.id, needsEnrolment: !user.totpEnabledAt };
    },

    /** Second step: a TOTP code (each accepted once) or an unused recovery code. */
    async checkSecondFactor(userId: string, code: string): Promise<SecondFactorResult> {
      const [user] = await db.select().from(users).where(eq(users.id, userId));
      if (!user?.totpSecret || !user.totpEnabledAt || !user.active) return { ok: false };
      if (isLocked(user)) return { ok: false };
      const cleaned = code.replace(/[\s-]/g, '');
      let ok = false;
      if (/^\d{6}$/.test(cleaned)) {
        const result = await verifyTotp({
          secret: cipher.decrypt(user.totpSecret),
          token: cleaned,
          epochTolerance: 30,
        });
        if (result.valid && 'timeStep' in result && result.timeStep > (user.totpLastStep ?? -1)) {
          const step = result.timeStep;
          const updated = await db
            .update(users)
            .set({ totpLastStep: step })
            .where(and(eq(users.id, userId), sql`coalesce(${users.totpLastStep}, -1) < ${step}`))
            .returning({ id: users.id });
          ok = updated.length === 1;
        }
      } else if (/^[a-z0-9]{10}$/i.test(cleaned)) {
        const used = await db
          .update(recoveryCodes)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(recoveryCodes.userId, userId),
              eq(recoveryCodes.codeHash, sha256(cleaned.toLowerCase())),
              isNull(recoveryCodes.usedAt),
            ),
          )
          .returning({ id: recoveryCodes.id });
        ok = used.length === 1;
        if (ok)
          await audit.record({
            actor: { userId, organisationId: user.organisationId },
            action: 'recovery-code-used',
            recordType: 'user',
            recordId: userId,
          });
      }
      if (!ok) {
        const lockedNow = await failAttempt(user.id, user.organisationId);
        return lockedNow ? { ok: false, lockedNow: user.id } : { ok: false };
      }
      await db.transaction(async (tx) => {
        await tx
          .update(users)
          .set({ failedAttempts: 0, lockedUntil: null, lastSignInAt: new Date() })
          .where(eq(users.id, userId));
        await audit.record(
          {
            actor: { userId, organisationId: user.organisationId },
            action: 'sign-in',
            recordType: 'user',
            recordId: userId,
          },
          tx,
        );
      });
      return { ok: true };
    },

    /** A new TOTP secret for enrolment; it takes effect only when a code from it is confirmed. */
    newTotpSecret(email: string): { secret: string; uri: string } {
      const secret = generateSecret();
      return { secret, uri: generateURI({ secret, issuer: 'Wayfinder', label: email }) };
    },

    /** Confirms enrolment with a first code, stores the secret encrypted, and returns recovery codes. */
    async completeEnrolment(userId: string, secret: string, code: string): Promise<string[] | null> {
      const result = await verifyTotp({ secret, token: code.replace(/\s/g, ''), epochTolerance: 30 });
      if (!result.valid) return null;
      const codes = Array.from({ length: 10 }, () =>
        randomBytes(8).toString('base64url').replace(/[-_]/g, 'x').slice(0, 10).toLowerCase(),
      );
      await db.transaction(async (tx) => {
        const [u] = await tx
          .update(users)
          .set({
            totpSecret: cipher.encrypt(secret),
            totpEnabledAt: new Date(),
            totpLastStep: 'timeStep' in result ? result.timeStep : null,
            failedAttempts: 0,
            lastSignInAt: new Date(),
          })
          .where(eq(users.id, userId))
          .returning({ organisationId: users.organisationId });
        await tx.delete(recoveryCodes).where(eq(recoveryCodes.userId, userId));
        await tx.insert(recoveryCodes).values(codes.map((c) => ({ userId, codeHash: sha256(c) })));
        const actor = { userId, organisationId: u?.organisationId ?? '' };
        await audit.record(
          { actor, action: 'second-factor-enrolled', recordType: 'user', recordId: userId },
          tx,
        );
        await audit.record({ actor, action: 'sign-in', recordType: 'user', recordId: userId }, tx);
      });
      return codes;
    },

    /**
     * Issues a one-time link token. Only its hash is stored. A reset (an administrator's: the old
     * password may be known to someone else) also ends every session of the user, in the same
     * transaction, as deactivation does.
     */
    async issuePasswordToken(
      userId: string,
      purpose: PasswordLinkPurpose,
      by: Actor | null,
      hours = 72,
    ): Promise<string> {
      const token = randomBytes(32).toString('base64url');
      await db.transaction(async (tx) => {
        await tx.insert(passwordTokens).values({
          tokenHash: sha256(token),
          userId,
          purpose,
          expiresAt: new Date(Date.now() + hours * 3_600_000),
        });
        if (purpose === 'reset') await tx.delete(sessions).where(sessionsOfUser(userId));
        await audit.record(
          {
            actor: by,
            action: `password-link-issued`,
            recordType: 'user',
            recordId: userId,
            details: { purpose },
          },
          tx,
        );
      });
      return token;
    },

    async tokenUser(token: string): Promise<{ userId: string; email: string; purpose: string } | undefined> {
      const [row] = await db
        .select({ userId: users.id, email: users.email, purpose: passwordTokens.purpose })
        .from(passwordTokens)
        .innerJoin(users, eq(users.id, passwordTokens.userId))
        .where(
          and(
            eq(passwordTokens.tokenHash, sha256(token)),
            isNull(passwordTokens.usedAt),
            sql`${passwordTokens.expiresAt} > now()`,
            eq(users.active, true),
          ),
        );
      return row;
    },

    /**
     * Spends the token and sets the password, ending every session of the user (whoever signed in
     * with the old password, or is half-way through), and clearing any lock. A reset also clears
     * the second factor; an unlock (the link emailed when the account locked, which anyone reading
     * her email could use) keeps it, so the email alone never gets anyone in.
     */
    async setPasswordWithToken(token: string, password: string): Promise<string | null> {
      const passwordHash = await hashPassword(password);
      return db.transaction(async (tx) => {
        const [spent] = await tx
          .update(passwordTokens)
          .set({ usedAt: new Date() })
          .where(
            and(
              eq(passwordTokens.tokenHash, sha256(token)),
              isNull(passwordTokens.usedAt),
              sql`${passwordTokens.expiresAt} > now()`,
            ),
          )
          .returning({ userId: passwordTokens.userId, purpose: passwordTokens.purpose });
        if (!spent) return null;
        const [u] = await tx
          .update(users)
          .set({
            passwordHash,
            failedAttempts: 0,
            lockedUntil: null,
            updatedAt: new Date(),
            ...(spent.purpose === 'reset'
              ? { totpSecret: null, totpEnabledAt: null, totpLastStep: null }
              : {}),
          })
          .where(and(eq(users.id, spent.userId), eq(users.active, true)))
          .returning({ organisationId: users.organisationId });
        if (!u) return null;
        await tx.delete(sessions).where(sessionsOfUser(spent.userId));
        await audit.record(
          {
            actor: { userId: spent.userId, organisationId: u.organisationId },
            action: 'password-set',
            recordType: 'user',
            recordId: spent.userId,
            details: { purpose: spent.purpose },
          },
          tx,
        );
        return spent.userId;
      });
    },
  };
}

export type Accounts = ReturnType<typeof createAccounts>;
export type { Role };
