/**
 * What the audit viewer can name in plain English: every action Wayfinder records (each has a
 * label under admin.audit.actions in locales/en/admin.json) and every kind of record an event is
 * about. Its filters offer these as choice lists; audit-actions.test.ts scans the code so an action
 * recorded anywhere is listed here.
 */
export const auditActions = [
  'sign-in',
  'second-factor-enrolled',
  'recovery-code-used',
  'password-link-issued',
  'password-set',
  'organisation-added',
  'user-invited',
  'user-invite-withdrawn',
  'user-role-changed',
  'user-deactivated',
  'user-reactivated',
  'audit-viewed',
  'account-lock-notice',
  'access.refused',
  'access.refused-more',
  'after-restore',
  'demo-seeded',
  'keys.rotated',
  'participant.created',
  'participant.viewed',
  'participant.updated',
  'participant.searched',
  'participant.exported',
  'participant.erased',
  'participant.consent-given',
  'participant.key-worker-assigned',
  'participant.status-changed',
  'participant.share-granted',
  'participant.share-revoked',
  'participant.qualification-added',
  'participant.qualification-removed',
  'participant.work-history-added',
  'participant.work-history-removed',
  'participant.hand-over-viewed',
  'participant.duplicate-checked',
  'home.viewed',
  'contact.created',
  'contact.edited',
  'contact.viewed',
  'contact.history-viewed',
  'contact.timeline-viewed',
  'assessment.created',
  'assessment.viewed',
  'assessment.list-viewed',
  'assessment.template-published',
  'plan.viewed',
  'plan.printed',
  'plan.goal-added',
  'plan.goal-progress',
  'plan.goal-viewed',
  'plan.reviewed',
  'plan.step-added',
  'plan.step-done',
  'referral.sent',
  'referral.viewed',
  'referral.list-viewed',
  'referral.inbox-viewed',
  'referral.withdrawn',
  'referral.accepted',
  'referral.declined',
  'referral.attended',
  'referral.completed',
  'dropin.created',
  'dropin.attended',
  'dropin.register-viewed',
  'dropin.attendance-removed',
  'appointment.booked',
  'appointment.cancelled',
  'appointment.viewed',
  'appointment.list-viewed',
  'appointment.slots-viewed',
  'appointment.slot-created',
  'appointment.slot-withdrawn',
  'appointment.attended',
  'appointment.did-not-attend',
  'appointment.message',
  'appointment.message-resend',
  'appointment.message-retried',
  'directory.demo-seeded',
  'directory.imported',
  'directory.import.started',
  'directory.import.finished',
  'directory.service.updated',
  'directory.service.deleted',
  'directory.service.reviewed',
  'mentorship.programme-created',
  'mentorship.cohort-created',
  'mentorship.cohort-status',
  'mentorship.weights-changed',
  'mentorship.mentor-applied',
  'mentorship.mentor-viewed',
  'mentorship.mentor-recruitment',
  'mentorship.mentor-approved',
  'mentorship.mentor-declined',
  'mentorship.mentor-linked',
  'mentorship.supervision-noted',
  'mentorship.her-page-viewed',
  'mentorship.mentee-enrolled',
  'mentorship.mentee-viewed-by-mentor',
  'mentorship.consent-withdrawn',
  'mentorship.matching-viewed',
  'mentorship.matching-run',
  'mentorship.pair-pinned',
  'mentorship.pair-unpinned',
  'mentorship.pair-excluded',
  'mentorship.pairs-published',
  'mentorship.pair-viewed',
  'mentorship.pair-repaired',
  'mentorship.repair-requested',
  'mentorship.review-recorded',
  'mentorship.pair-closed',
  'mentorship.session-logged',
  'mentorship.concern-raised',
  'mentorship.concern-acknowledged',
  'mentorship.survey-with-her',
  'mentorship.survey-answered',
  'mentorship.alumni-viewed',
  'mentorship.alumna-invited',
  'mentorship.leader-added',
  'mentorship.leader-survey-sent',
] as const;

/** Kinds of record an event names, each with a label under admin.audit.recordTypes. */
export const auditRecordTypes = [
  'participant',
  'referral',
  'user',
  'organisation',
  'share_organisation',
  'directory_service',
  'directory_import_job',
  'drop_in_session',
] as const;

/** Where an admin can open the record an event is about; null where the admin role cannot. */
export function recordLink(recordType: string | null, recordId: string | null): string | null {
  if (!recordId || !/^[0-9a-f-]{36}$/.test(recordId)) return null;
  switch (recordType) {
    case 'user':
      return `/admin/users/${recordId}`;
    case 'directory_service':
      return `/directory/services/${recordId}`;
    case 'organisation':
      return '/admin/organisations';
    case 'directory_import_job':
      return `/directory/imports/${recordId}`;
    default:
      return null;
  }
}

/** A name for an action no label covers yet (a new one): words, not the code ("dropin.created"). */
export function humanise(action: string): string {
  const words = action.replace(/[._-]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
