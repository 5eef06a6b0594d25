/**
 * The participants module's front door (docs/ARCHITECTURE.md, "Front doors"): her record, consent,
 * access and shares, caseload and data rights. Other modules use her record only through this file:
 *
 * - `createParticipantsService`: reads and changes, `access`, `requireConsent`, `messageHer`,
 *   and the extension points other modules register on when they are built (`addCaseloadColumn`,
 *   `addRecordLink`, `addExportSection`, `onErase`, `onConsentWithdrawn`, `addHomeSection`;
 *   extensions.ts), the staff home page's panels (`homePanels`) and the bulk hand-over;
 * - `participantsRoutes`, `participantsNavigation`, the retention job (`scheduleRetention`) and the
 *   message outbox's worker (`scheduleMessageOutbox`): messages to her go only through
 *   `messageHer` on the service, which checks consent, safe methods and safe times;
 * - `quickForm`: the walk-in registration form a drop-in reuses;
 * - `sharedViews`: the templates another module's pages may include;
 * - `seedDemoParticipants`, for the demo seed.
 */

export { seedDemoParticipants } from './demo.ts';
export { type QuickInput, quickForm } from './forms.ts';
export { scheduleMessageOutbox } from './outbox/job.ts';
export { participantFactsSql } from './reporting.ts';
export { scheduleRetention } from './retention-job.ts';
export { participantsNavigation, participantsRoutes } from './routes.ts';
export {
  type Attachment,
  type CaseloadColumn,
  type CaseloadNotices,
  ConsentRequiredError,
  type ConsentWithdrawnEvent,
  createParticipantsService,
  DAYTIME,
  type ExportSection,
  type HerMessage,
  type HomeScope,
  type HomeSection,
  type MessageResult,
  type Notice,
  type ParticipantAccess,
  type ParticipantHeader,
  type ParticipantsService,
  type Queued,
  type RecordLink,
} from './service.ts';

/**
 * Templates another module's templates may include by this path; every other template of this
 * module is private to it (tests/support/architecture.ts checks each cross-module include).
 */
export const sharedViews = {
  /** The `safeContact(contact, t)` macro: how and when it is safe to contact her, wherever staff may. */
  safeContact: 'participants/views/_safe-contact.njk',
  /** Panels of the staff home page (`participants.homePanels`; the home module lays them out). */
  homeNotContacted: 'participants/views/home/not-contacted.njk',
  homeUnassigned: 'participants/views/home/unassigned.njk',
  homeCaseloads: 'participants/views/home/caseloads.njk',
} as const;
