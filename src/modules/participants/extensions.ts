import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import type { I18n } from '../../platform/i18n/index.ts';
import type { Mailer } from '../../platform/mail.ts';
import type { SmsSender } from '../../platform/sms.ts';
import type { ParticipantAccess } from './access.ts';
import type { MessageResultHandler } from './outbox/worker.ts';
import type { ConsentPurpose } from './schema.ts';

/**
 * How other modules (casework first) add to her record without touching this module's tables:
 * columns on "My caseload", sections of the subject access export, and their part of erasure and
 * of a consent withdrawal. Handlers run inside the participants module's transaction.
 */
export interface CaseloadColumn {
  id: string;
  /** i18n key of the column heading. */
  headingKey: string;
  /** Values for the participants on the page (a date, a short text, or null for none). */
  load(db: DbOrTx, participantIds: string[]): Promise<Map<string, string | Date | null>>;
}

/** A line at the top of a staff member's caseload, e.g. "Your referral to X was accepted". */
export interface Notice {
  /** i18n key of the text, and its values (codes and names of services, never her personal data). */
  key: string;
  values: Record<string, string>;
  href: string;
}

/** Notices another module has for this member of staff (her own: a referral she sent, answered). */
export interface CaseloadNotices {
  load(db: DbOrTx, actor: Actor): Promise<Notice[]>;
}

export interface ExportSection {
  /** Key of this section in the JSON export and heading in the PDF. */
  name: string;
  /** Everything this module holds about her, decrypted, as plain JSON-able data. */
  load(tx: DbOrTx, participantId: string): Promise<unknown>;
}

/** A link on her record page to another module's page about her (plan, contacts, referrals...). */
export interface RecordLink {
  /** i18n key of the link text. */
  key: string;
  href(participantId: string): string;
  /** Shown only when this returns true for the viewer's access (default: owning organisation). */
  show?(access: ParticipantAccess): boolean;
}

/**
 * What a home panel is about: the women in the actor's view (a key worker's caseload; for a
 * manager, the whole organisation), read once by participants/home.ts and handed to every section.
 */
export interface HomeScope {
  actor: Actor;
  scope: 'own' | 'organisation';
  /** When she last opened her home page before this time (null: never). */
  lastLooked: Date | null;
  /** Current women in view (active or paused), by id. */
  women: Map<string, { name: string; keyWorkerUserId: string | null }>;
  /** Names of other women of the actor's organisation (a booking with her for someone else's woman). */
  names(ids: string[]): Promise<Map<string, string>>;
  now: Date;
}

/** A panel another module adds to staff home pages (casework: drop-ins, referrals, plans). */
export interface HomeSection {
  id: string;
  /** Place on the page, lower first. */
  order: number;
  /** The contributing module's template, listed in its door's `sharedViews`; it reads `panel.data`. */
  template: string;
  /** Only for managers (the organisation's view), e.g. referral waiting times. */
  managersOnly?: boolean;
  load(db: DbOrTx, scope: HomeScope): Promise<Record<string, unknown>>;
}

export interface ConsentWithdrawnEvent {
  participantId: string;
  purpose: ConsentPurpose;
  organisationId: string | null;
  actor: Actor | null;
}

export interface Extensions {
  caseloadColumns: CaseloadColumn[];
  caseloadNotices: CaseloadNotices[];
  recordLinks: RecordLink[];
  exportSections: ExportSection[];
  /** Delete or blank this module's personal data about her (erasure and retention). */
  eraseHandlers: ((tx: DbOrTx, participantId: string) => Promise<void>)[];
  /**
   * Other people's data the daily retention job also ends (e.g. mentoring's reverse-mentoring
   * leaders, who are not participants): each task erases what is due at `now`, returns how many.
   */
  retentionTasks: ((now: Date) => Promise<number>)[];
  /** E.g. stop pending referrals when sharing consent is withdrawn. */
  consentWithdrawnHandlers: ((tx: DbOrTx, event: ConsentWithdrawnEvent) => Promise<void>)[];
  /** What became of the messages a module wrote to her (sent, failed, not sent, tried again later). */
  messageResultHandlers: MessageResultHandler[];
  /** Panels on staff home pages about the women in view (participants/home.ts). */
  homeSections: HomeSection[];
}

/** How messages to her leave: the platform's providers and translations. */
export interface Messaging {
  mailer: Mailer;
  sms: SmsSender;
  /** The platform's translations (one instance for the app). */
  i18n: () => Promise<I18n>;
}

export interface ParticipantsDeps {
  db: Db;
  audit: AuditService;
  cipher: FieldCipher;
  extensions: Extensions;
  /** Absent where nothing is sent (command-line tools that only read or erase). */
  messaging?: Messaging;
}

export const newExtensions = (): Extensions => ({
  caseloadColumns: [],
  caseloadNotices: [],
  recordLinks: [],
  exportSections: [],
  eraseHandlers: [],
  retentionTasks: [],
  consentWithdrawnHandlers: [],
  messageResultHandlers: [],
  homeSections: [],
});
