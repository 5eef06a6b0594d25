import { eq } from 'drizzle-orm';
import type { TFunction } from 'i18next';
import type { AuditService } from '../audit/service.ts';
import type { Db } from '../db/index.ts';
import type { Mailer } from '../mail.ts';
import type { Accounts } from './accounts.ts';
import { organisations, users } from './schema.ts';

const LINK_HOURS = 24;

export interface LockNoticeDeps {
  db: Db;
  audit: AuditService;
  accounts: Accounts;
  mailer: Mailer;
  publicBaseUrl: string;
  lockoutMinutes: number;
}

/**
 * Tells the holder of an account that has just locked, by email: sign-in gives everyone the same
 * answer, so the lock itself is never shown on the page. The email carries a one-time link that
 * unlocks the account by setting a new password (her authenticator stays). Called once per lock
 * (accounts report only the attempt that locked), and not awaited by the sign-in, so a lock takes
 * no longer to answer than any other refusal. Audited with ids only.
 */
export function createLockNotices(deps: LockNoticeDeps) {
  return {
    async send(userId: string, t: TFunction): Promise<void> {
      const [to] = await deps.db
        .select({
          name: users.name,
          email: users.email,
          organisation: organisations.name,
          organisationId: users.organisationId,
        })
        .from(users)
        .innerJoin(organisations, eq(organisations.id, users.organisationId))
        .where(eq(users.id, userId));
      if (!to) return;
      const token = await deps.accounts.issuePasswordToken(userId, 'unlock', null, LINK_HOURS);
      const values = {
        name: to.name,
        organisation: to.organisation,
        hours: LINK_HOURS,
        minutes: deps.lockoutMinutes,
        link: `${deps.publicBaseUrl}/set-password/${token}`,
      };
      let sent = true;
      try {
        await deps.mailer.send({
          to: to.email,
          subject: t('lockNotice.subject', values),
          text: t('lockNotice.body', values),
        });
      } catch {
        sent = false;
      }
      // Recorded as hers, as the failed sign-ins before it are, so her administrator sees it.
      await deps.audit.record({
        actor: { userId, organisationId: to.organisationId },
        action: 'account-lock-notice',
        outcome: sent ? 'success' : 'failure',
        recordType: 'user',
        recordId: userId,
        details: { channel: 'email' },
      });
    },
  };
}

export type LockNotices = ReturnType<typeof createLockNotices>;
