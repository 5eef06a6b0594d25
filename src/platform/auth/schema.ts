import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt, primaryId, ts, updatedAt } from '../db/columns.ts';

/**
 * `leader`: a corporate partner's leader mentored by an alumna (reverse mentoring), invited by the
 * programme manager; they reach only their own pairing (mentoring/leader-self.ts).
 */
export const roles = [
  'admin',
  'manager',
  'key_worker',
  'mentor',
  'employer',
  'commissioner',
  'leader',
] as const;
export type Role = (typeof roles)[number];

/** The organisation that owns a row: every module scopes its queries by it. */
export const owningOrganisation = () =>
  uuid('organisation_id')
    .notNull()
    .references(() => organisations.id);

/** A user who did something to a row (kept when her account goes: no cascade). */
export const userRef = (name: string) => uuid(name).references(() => users.id);

export const organisations = pgTable('organisations', {
  id: primaryId(),
  name: text('name').notNull(),
  kind: text('kind').notNull().default('charity'),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
});

export const users = pgTable(
  'users',
  {
    id: primaryId(),
    organisationId: owningOrganisation(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    role: text('role', { enum: roles }).notNull(),
    passwordHash: text('password_hash'),
    /** Encrypted with the field key: a leaked table must not give away second factors. */
    totpSecret: text('totp_secret'),
    totpEnabledAt: ts('totp_enabled_at'),
    /** The last TOTP time step accepted, so a code cannot be used twice. */
    totpLastStep: integer('totp_last_step'),
    failedAttempts: integer('failed_attempts').notNull().default(0),
    lockedUntil: ts('locked_until'),
    active: boolean('active').notNull().default(true),
    lastSignInAt: ts('last_sign_in_at'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('users_email_key').on(sql`lower(${t.email})`),
    index('users_organisation_idx').on(t.organisationId),
  ],
);

export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: primaryId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** One-time links to set or reset a password. Only a hash of the token is stored. */
export const passwordTokens = pgTable('password_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id, { onDelete: 'cascade' }),
  /** invite, reset (by an administrator), unlock (emailed to the holder of a locked account). */
  purpose: text('purpose', { enum: ['invite', 'reset', 'unlock'] }).notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: createdAt(),
});

export const sessions = pgTable(
  'sessions',
  {
    sid: text('sid').primaryKey(),
    data: jsonb('data').notNull(),
    expiresAt: ts('expires_at').notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);
