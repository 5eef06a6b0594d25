import type { AuditService } from '../../platform/audit/service.ts';
import type { Accounts } from '../../platform/auth/accounts.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { CaseworkService } from '../casework/index.ts';
import type { OutcomeRecorder } from '../outcomes/index.ts';
import type { ParticipantsService } from '../participants/index.ts';

/** What the mentoring module is given by the composition root: never another module's tables. */
export interface MentoringDeps {
  db: Db;
  audit: AuditService;
  /** Encrypts the DBS certificate number and her goals in her words (secrets.ts). */
  cipher: FieldCipher;
  participants: ParticipantsService;
  /** Her support plan's goal titles, to link her mentoring to them (casework owns the plan). */
  casework: Pick<CaseworkService, 'planGoalTitles'>;
  mailer: Mailer;
  publicBaseUrl: string;
  /** A reverse-mentoring leader's invitation to sign in: the platform's one-time password link. */
  accounts: Pick<Accounts, 'issuePasswordToken'>;
  /** A completed pairing is reported here as her programme completed (absent: not reported). */
  outcomes?: OutcomeRecorder;
}

export async function audit(
  deps: MentoringDeps,
  tx: DbOrTx,
  actor: Actor | null,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

export { isUuid } from '../../platform/http/zod.ts';
