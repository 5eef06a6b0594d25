import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db, DbOrTx } from '../../platform/db/index.ts';
import { type ParticipantAccess, participantAccess } from './access.ts';
import { caseload, type StatusFilter, searchParticipants } from './caseload.ts';
import {
  addQualification,
  addWorkHistory,
  assignableUsers,
  assignKeyWorker,
  type ConsentChange,
  changeStatus,
  recordConsent,
  removeQualification,
  removeWorkHistory,
  type SectionInput,
  touchLastContact,
  updateSection,
  updateSpecialCategory,
} from './changes.ts';
import { currentConsents, hasConsent, requireConsent, womenWithConsent } from './consent.ts';
import type { PersonFacts } from './duplicates.ts';
import type { Messaging } from './extensions.ts';
import {
  type CaseloadColumn,
  type CaseloadNotices,
  type ConsentWithdrawnEvent,
  type ExportSection,
  type HomeSection,
  newExtensions,
  type ParticipantsDeps,
  type RecordLink,
} from './extensions.ts';
import type { QualificationInput, QuickInput, SpecialInput, WorkHistoryInput } from './forms.ts';
import { handOver, handOverPage } from './hand-over.ts';
import { homePanels } from './home.ts';
import { type HerMessage, messageHer } from './outbox/send.ts';
import { cancelMessage, deliverDue, type MessageResultHandler } from './outbox/worker.ts';
import { organisationList, participantHeader, viewRecord } from './record.ts';
import {
  likelyDuplicates,
  quickRegisterParticipant,
  type RegisterInput,
  registerParticipant,
} from './register.ts';
import { eraseParticipant, runRetention, subjectAccessExport } from './rights.ts';
import type { ParticipantStatus } from './schema.ts';
import { type GrantShareInput, grantShare, type RevokeShareFilter, revokeShares } from './shares.ts';

export type { ParticipantAccess } from './access.ts';
export { touchLastContact } from './changes.ts';
export { ConsentRequiredError, hasConsent, requireConsent } from './consent.ts';
export type {
  CaseloadColumn,
  CaseloadNotices,
  ConsentWithdrawnEvent,
  ExportSection,
  HomeScope,
  HomeSection,
  Notice,
  RecordLink,
} from './extensions.ts';
export { DAYTIME } from './outbox/rules.ts';
export type { Attachment, HerMessage, Queued } from './outbox/send.ts';
export type { MessageResult } from './outbox/worker.ts';
export type { ParticipantHeader, ParticipantRecord } from './record.ts';

/**
 * The participants module's service: her record, consent, key worker and caseload, sharing with
 * partners, and her data rights. Every function taking an Actor checks access first (a record of
 * another organisation, unless shared with it, is a NotFoundError -> 404) and audits in the same
 * transaction as the change or view.
 */
export function createParticipantsService(opts: {
  db: Db;
  audit: AuditService;
  cipher: FieldCipher;
  retentionYears: number;
  /** Providers and translations for messages to her (absent: nothing can be sent). */
  messaging?: Messaging;
}) {
  const deps: ParticipantsDeps = {
    db: opts.db,
    audit: opts.audit,
    cipher: opts.cipher,
    extensions: newExtensions(),
    ...(opts.messaging ? { messaging: opts.messaging } : {}),
  };
  return {
    // Her record
    register: (actor: Actor, input: RegisterInput) => registerParticipant(deps, actor, input),
    quickRegister: (actor: Actor, input: QuickInput, tx?: DbOrTx) =>
      quickRegisterParticipant(deps, actor, input, tx),
    /** Women on record in the user's organisation likely to be this one (asked before registering). */
    likelyDuplicates: (actor: Actor, person: PersonFacts) => likelyDuplicates(deps, actor, person),
    /** Her record as the actor may see it; audited as 'participant.viewed'. */
    view: (actor: Actor, participantId: string) => viewRecord(deps, actor, participantId),
    /** Name, status and safe contact for other modules' pages (caller audits its own view). */
    header: (actor: Actor, participantId: string, need: 'read' | 'write' = 'read', db: DbOrTx = deps.db) =>
      participantHeader(db, actor, participantId, need),
    /** The access rule alone: which sections, special category, write (throws 403/404). */
    access: (
      actor: Actor,
      participantId: string,
      need: 'read' | 'write' | 'special' = 'read',
      db: DbOrTx = deps.db,
    ) => participantAccess(db, actor, participantId, need),
    updateSection: (actor: Actor, id: string, input: SectionInput) => updateSection(deps, actor, id, input),
    updateSpecialCategory: (actor: Actor, id: string, input: SpecialInput) =>
      updateSpecialCategory(deps, actor, id, input),
    addQualification: (actor: Actor, id: string, input: QualificationInput) =>
      addQualification(deps, actor, id, input),
    removeQualification: (actor: Actor, id: string, qualificationId: string) =>
      removeQualification(deps, actor, id, qualificationId),
    addWorkHistory: (actor: Actor, id: string, input: WorkHistoryInput) =>
      addWorkHistory(deps, actor, id, input),
    removeWorkHistory: (actor: Actor, id: string, workHistoryId: string) =>
      removeWorkHistory(deps, actor, id, workHistoryId),
    changeStatus: (actor: Actor, id: string, input: { status: ParticipantStatus; reason: string }) =>
      changeStatus(deps, actor, id, input),
    assignKeyWorker: (actor: Actor, id: string, toUserId: string | null) =>
      assignKeyWorker(deps, actor, id, toUserId),
    assignableUsers: (actor: Actor) => assignableUsers(deps, actor.organisationId),
    /** The same list for an organisation, for a caller that has authorised its own actor (1-2-1 slots). */
    staffOf: (organisationId: string) => assignableUsers(deps, organisationId),
    organisations: () => organisationList(deps.db),

    // Consent
    recordConsent: (actor: Actor, id: string, change: ConsentChange) =>
      recordConsent(deps, actor, id, change),
    hasConsent: (
      participantId: string,
      purpose: Parameters<typeof hasConsent>[2],
      organisationId?: string,
      db: DbOrTx = deps.db,
    ) => hasConsent(db, participantId, purpose, organisationId),
    requireConsent: (
      participantId: string,
      purpose: Parameters<typeof hasConsent>[2],
      organisationId?: string,
      db: DbOrTx = deps.db,
    ) => requireConsent(db, participantId, purpose, organisationId),
    currentConsents: (participantId: string, db: DbOrTx = deps.db) => currentConsents(db, participantId),
    /** Of these women, her organisation's own (not erased) who consent to `purpose`, with names: one query. */
    womenWithConsent: (
      actor: Actor,
      participantIds: readonly string[],
      purpose: Parameters<typeof womenWithConsent>[3],
    ) => womenWithConsent(deps.db, actor, participantIds, purpose),

    // Sharing with partner organisations (referrals)
    grantShare: (tx: DbOrTx, actor: Actor, input: GrantShareInput) => grantShare(deps, tx, actor, input),
    revokeShares: (tx: DbOrTx, actor: Actor | null, filter: RevokeShareFilter, reason: string) =>
      revokeShares(deps, tx, actor, filter, reason),

    // Caseload and search
    caseload: (actor: Actor, o: { keyWorker?: string; status?: StatusFilter; page?: number } = {}) =>
      caseload(deps, actor, o),
    search: (actor: Actor, query: string) => searchParticipants(deps, actor, query),
    /** A manager's hand-over of several women from one key worker to another (hand-over.ts). */
    handOverPage: (actor: Actor, fromUserId: string) => handOverPage(deps, actor, fromUserId),
    handOver: (actor: Actor, input: { fromUserId: string; toUserId: string; participantIds: string[] }) =>
      handOver(deps, actor, input),
    /** The panels of a staff home page, with every module's home sections (home.ts). */
    homePanels: (actor: Actor, now?: Date) => homePanels(deps, actor, now),

    // Her data rights
    subjectAccessExport: (actor: Actor, id: string, format: 'json' | 'pdf' = 'json') =>
      subjectAccessExport(deps, actor, id, format),
    erase: (actor: Actor, id: string) => eraseParticipant(deps, actor, id),
    /** The retention rule for her records, then each module's own (`addRetentionTask`); how many in all. */
    runRetention: async (now = new Date()) => {
      let n = await runRetention(deps, opts.retentionYears, now);
      for (const task of deps.extensions.retentionTasks) n += await task(now);
      return n;
    },

    // Messages to her (participants/outbox): written in the caller's transaction, sent after commit
    /**
     * Queues a message to her on each channel her consent, safe methods and record allow, in her
     * language, in `tx` (the transaction of the change that causes it). Call `deliverMessages` with
     * the returned ids after commit (the nudge); the outbox job sends anything a crash left behind.
     */
    messageHer: (
      tx: DbOrTx,
      actor: Actor | null,
      participantId: string,
      message: HerMessage,
      o: { idempotencyKey: string; now?: Date },
    ) => messageHer(deps, tx, actor, participantId, message, o),
    /** Sends what is due now (only `ids` when given); never throws for a provider's refusal. */
    deliverMessages: (o: { now?: Date; ids?: string[] } = {}) => deliverDue(deps, o),
    /** Withdraws a queued message not yet being sent; returns the status it found. */
    cancelMessage: (tx: DbOrTx, outboxId: string) => cancelMessage(tx, outboxId),
    /** A module's handler for what became of its messages (runs in the recording transaction). */
    onMessageResult: (handler: MessageResultHandler) =>
      void deps.extensions.messageResultHandlers.push(handler),
    /** Casework: call inside the transaction that records a contact with her. */
    touchLastContact,

    // Extension points for other modules (register once, at start-up, in app.ts's buildServices)
    addCaseloadColumn: (column: CaseloadColumn) => void deps.extensions.caseloadColumns.push(column),
    addCaseloadNotices: (notices: CaseloadNotices) => void deps.extensions.caseloadNotices.push(notices),
    /** What other modules have to tell this member of staff on her caseload (her own notices only). */
    caseloadNotices: async (actor: Actor) =>
      (await Promise.all(deps.extensions.caseloadNotices.map((n) => n.load(deps.db, actor)))).flat(),
    addHomeSection: (section: HomeSection) => void deps.extensions.homeSections.push(section),
    addRecordLink: (link: RecordLink) => void deps.extensions.recordLinks.push(link),
    /** The links other modules add to her record page that this access may follow. */
    recordLinks: (access: ParticipantAccess) =>
      deps.extensions.recordLinks
        .filter((l) => (l.show ? l.show(access) : access.level === 'owner'))
        .map((l) => ({ key: l.key, href: l.href(access.participantId) })),
    addExportSection: (section: ExportSection) => void deps.extensions.exportSections.push(section),
    onErase: (handler: (tx: DbOrTx, participantId: string) => Promise<void>) =>
      void deps.extensions.eraseHandlers.push(handler),
    /** Another module's retention rule for people who are not participants (run by the daily job). */
    addRetentionTask: (task: (now: Date) => Promise<number>) =>
      void deps.extensions.retentionTasks.push(task),
    onConsentWithdrawn: (handler: (tx: DbOrTx, event: ConsentWithdrawnEvent) => Promise<void>) =>
      void deps.extensions.consentWithdrawnHandlers.push(handler),
  };
}

export type ParticipantsService = ReturnType<typeof createParticipantsService>;
