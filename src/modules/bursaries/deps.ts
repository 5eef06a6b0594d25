import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { I18n } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { AppointmentsService, CaseworkService } from '../casework/index.ts';
import type { MentoringService } from '../mentoring/index.ts';
import type { OutcomeRecorder } from '../outcomes/index.ts';
import type { ParticipantsService } from '../participants/index.ts';

/** What the bursaries module is given by the composition root: never another module's tables. */
export interface BursariesDeps {
  db: Db;
  audit: AuditService;
  /** Encrypts her aspiration, interview notes, a decline's reason and an award's conditions. */
  cipher: FieldCipher;
  participants: ParticipantsService;
  /** Her support plan's goal titles (casework owns the plan). */
  casework: Pick<CaseworkService, 'planGoalTitles'>;
  /** Interviews booked as 1-2-1 appointments (casework's appointments). */
  appointments: Pick<AppointmentsService, 'upcomingSlots' | 'book'>;
  /** Her standing in the fund's programmes and "is this user her mentor" (mentoring's door). */
  mentoring: Pick<MentoringService, 'standingIn' | 'menteesOfMentor' | 'enrolmentsOf' | 'programmeNames'>;
  /** Her letter in her language, for the PDF (messages render through participants' outbox). */
  i18n: () => Promise<I18n>;
  /** Start-window reminders to her mentor or key worker (money-deps.ts; absent: home notice only). */
  mailer?: Mailer;
  publicBaseUrl?: string;
  /** The 360Giving publisher prefix (GIVING360_PREFIX). */
  giving360Prefix?: string;
  /** Her course started and completed are reported here as outcome events (absent: not reported). */
  outcomes?: OutcomeRecorder;
}

export async function audit(
  deps: BursariesDeps,
  tx: DbOrTx,
  actor: Actor | null,
  action: string,
  recordType: string,
  recordId: string,
  details: Record<string, unknown> = {},
) {
  await deps.audit.record({ actor, action, recordType, recordId, details }, tx);
}

/** Today's date in the UK as ISO (award dates, start-by dates and fund windows are UK dates). */
export function ukToday(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(now);
}
