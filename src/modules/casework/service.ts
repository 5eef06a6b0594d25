import type { Actor } from '../../platform/auth/actor.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { dropInAttendance, referralFlows } from './aggregates.ts';
import {
  type AssessmentInput,
  addAssessment,
  assessmentsOf,
  getAssessment,
  publishTemplate,
  type TemplateDefinition,
  templateForNew,
} from './assessment.ts';
import {
  addContact,
  type ContactInput,
  contactHistory,
  contactsOf,
  editContact,
  getContact,
  nextContacts,
} from './contacts.ts';
import { type CaseworkDeps, ownerHeader } from './deps.ts';
import {
  attend,
  createSession,
  listSessions,
  placesLeft,
  removeAttendance,
  type SessionInput,
  sessionRegister,
} from './dropins.ts';
import { caseworkHomeSections } from './home.ts';
import {
  addGoal,
  addStep,
  completeStep,
  type GoalInput,
  type GoalProgress,
  getGoal,
  goalWithSteps,
  planGoalTitles,
  planOf,
  reviewPlan,
  reviewsDue,
  type StepInput,
  updateGoalProgress,
} from './plan.ts';
import {
  answeredReferrals,
  createReferral,
  getReferral,
  missingShareConsent,
  moveReferral,
  type NewReferral,
  onSharingWithdrawn,
  referralInbox,
  referralPage,
  referralsOf,
  waitingCounts,
} from './referrals.ts';
import { caseworkErase, caseworkExport } from './rights.ts';
import type { ReferralStatus } from './schema.ts';
import { staffContact } from './staff.ts';

/**
 * Casework: referrals, contacts, assessments and her plan. Every function takes the acting user and
 * checks her record's access rule (participants' `access`) before touching data; every view and
 * change is audited in the same transaction. Registers its parts of the participants module (caseload
 * columns, consent withdrawal) once, when built.
 */
export function createCaseworkService(deps: CaseworkDeps) {
  deps.participants.addExportSection({ name: 'casework', load: caseworkExport });
  deps.participants.onErase(caseworkErase);
  for (const [key, path] of [
    ['casework.nav.contacts', 'contacts'],
    ['casework.nav.assessments', 'assessments'],
    ['casework.nav.plan', 'plan'],
    ['casework.nav.referrals', 'referrals'],
  ] as const)
    deps.participants.addRecordLink({ key, href: (id) => `/participants/${id}/${path}` });
  deps.participants.onConsentWithdrawn((tx, event) => onSharingWithdrawn(deps, tx, event));
  deps.participants.addCaseloadNotices({ load: answeredReferrals });
  for (const section of caseworkHomeSections) deps.participants.addHomeSection(section);
  deps.participants.addCaseloadColumn({
    id: 'referrals-waiting',
    headingKey: 'casework.caseload.referralsWaiting',
    load: waitingCounts,
  });
  deps.participants.addCaseloadColumn({
    id: 'next-contact',
    headingKey: 'casework.caseload.nextContact',
    load: nextContacts,
  });
  deps.participants.addCaseloadColumn({
    id: 'review-due',
    headingKey: 'casework.caseload.reviewDue',
    load: reviewsDue,
  });
  return {
    /** Aggregate only (the commissioner's view): referrals between organisations since a date. */
    referralFlows: (actor: Actor, since: Date) => referralFlows(deps, actor, since),
    /** Aggregate only: drop-in sessions and visits by place and quarter since a date. */
    dropInAttendance: (actor: Actor, since: Date) => dropInAttendance(deps, actor, since),
    createSession: (actor: Actor, input: SessionInput) => createSession(deps, actor, input),
    listSessions: (actor: Actor) => listSessions(deps, actor),
    sessionRegister: (actor: Actor, sessionId: string) => sessionRegister(deps, actor, sessionId),
    attend: (actor: Actor, sessionId: string, participantId: string) =>
      attend(deps, actor, sessionId, participantId),
    removeAttendance: (actor: Actor, sessionId: string, participantId: string) =>
      removeAttendance(deps, actor, sessionId, participantId),
    /**
     * A walk-in: quick registration (her consent to support first), then onto the register, in one
     * transaction: if she cannot be added (the session is full), she is not left half-registered.
     */
    walkIn: (actor: Actor, sessionId: string, input: Parameters<typeof deps.participants.quickRegister>[1]) =>
      deps.db.transaction(async (tx) => {
        if ((await placesLeft(deps, actor, sessionId, tx)) <= 0)
          throw new ValidationError({ preferredName: 'casework.errors.full' });
        const participantId = await deps.participants.quickRegister(actor, input, tx);
        await attend(deps, actor, sessionId, participantId, true, tx);
        return participantId;
      }),
    search: (actor: Actor, q: string) => deps.participants.search(actor, q),
    templateForNew: (actor: Actor, participantId: string) => templateForNew(deps, actor, participantId),
    publishTemplate: (actor: Actor, definition: TemplateDefinition) =>
      publishTemplate(deps, actor, definition),
    addAssessment: (actor: Actor, participantId: string, templateId: string, input: AssessmentInput) =>
      addAssessment(deps, actor, participantId, templateId, input),
    assessmentsOf: (actor: Actor, participantId: string) => assessmentsOf(deps, actor, participantId),
    getAssessment: (actor: Actor, assessmentId: string) => getAssessment(deps, actor, assessmentId),
    planOf: (actor: Actor, participantId: string, print = false) =>
      planOf(deps, actor, participantId, print ? 'plan.printed' : 'plan.viewed'),
    /** Her plan's goal titles, for a module linking its work to her plan (mentoring). */
    planGoalTitles: (actor: Actor, participantId: string, purpose: string) =>
      planGoalTitles(deps, actor, participantId, purpose),
    addGoal: (actor: Actor, participantId: string, input: GoalInput) =>
      addGoal(deps, actor, participantId, input),
    getGoal: (actor: Actor, goalId: string) => getGoal(deps, actor, goalId),
    addStep: (actor: Actor, goalId: string, input: StepInput) => addStep(deps, actor, goalId, input),
    completeStep: (actor: Actor, stepId: string) => completeStep(deps, actor, stepId),
    goalWithSteps: (actor: Actor, goalId: string) => goalWithSteps(deps, actor, goalId),
    updateGoalProgress: (actor: Actor, goalId: string, input: GoalProgress) =>
      updateGoalProgress(deps, actor, goalId, input),
    reviewPlan: (
      actor: Actor,
      participantId: string,
      input: { reviewedOn: string; nextReviewOn: string | null },
    ) => reviewPlan(deps, actor, participantId, input),
    contactsOf: (actor: Actor, participantId: string) => contactsOf(deps, actor, participantId),
    addContact: (actor: Actor, participantId: string, input: ContactInput) =>
      addContact(deps, actor, participantId, input),
    getContact: (actor: Actor, contactId: string) => getContact(deps, actor, contactId),
    editContact: (actor: Actor, contactId: string, input: ContactInput) =>
      editContact(deps, actor, contactId, input),
    contactHistory: (actor: Actor, contactId: string) => contactHistory(deps, actor, contactId),
    createReferral: (actor: Actor, participantId: string, input: NewReferral) =>
      createReferral(deps, actor, participantId, input),
    getReferral: (actor: Actor, referralId: string) => getReferral(deps, actor, referralId),
    moveReferral: (actor: Actor, referralId: string, to: ReferralStatus, reason: string | null = null) =>
      moveReferral(deps, actor, referralId, to, reason),
    missingShareConsent: (actor: Actor, participantId: string, serviceId: string) =>
      missingShareConsent(deps, actor, participantId, serviceId),
    referralPage: (actor: Actor, participantId: string, serviceId: string) =>
      referralPage(deps, actor, participantId, serviceId),
    referralsOf: (actor: Actor, participantId: string) => referralsOf(deps, actor, participantId),
    referralInbox: (actor: Actor, filter: 'waiting' | 'all' = 'waiting') =>
      referralInbox(deps, actor, filter),
    /** Referrals this user sent that were answered and she has not opened yet (for a home page). */
    answeredReferrals: (actor: Actor) => answeredReferrals(deps.db, actor),
    /** Her record header for a casework form, after the owner rule (another organisation: 404). */
    ownerHeader: (actor: Actor, participantId: string, need: 'read' | 'write' = 'read') =>
      ownerHeader(deps, deps.db, actor, participantId, need),
    /** Her plan to print, with her key worker named (after the plan's own access check). */
    planToPrint: async (actor: Actor, participantId: string) => {
      const plan = await planOf(deps, actor, participantId, 'plan.printed');
      return { ...plan, keyWorker: await staffContact(deps.db, plan.header.keyWorkerUserId) };
    },
    /** A referral with her record as the referrer sees it, for the printed summary (the receiver: 404). */
    referralSummary: async (actor: Actor, referralId: string) => {
      const data = await getReferral(deps, actor, referralId);
      if (data.side !== 'referrer') throw new NotFoundError();
      return {
        ...data,
        record: await deps.participants.view(actor, data.referral.participantId),
        referrer: await staffContact(deps.db, data.referral.fromUserId),
      };
    },
  };
}

export type CaseworkService = ReturnType<typeof createCaseworkService>;
