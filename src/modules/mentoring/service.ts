import type { Actor } from '../../platform/auth/actor.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { alumni, type Invitation, invite } from './alumni.ts';
import { addReview, type Closure, closePair, cohortReport, pairPage } from './closure.ts';
import type { MentoringDeps } from './deps.ts';
import { publish } from './introductions.ts';
import { leaderExport, myLeaderExport } from './leader-rights.ts';
import {
  answerLeaderSurvey,
  type LeaderSessionLog,
  leaderSurvey,
  logLeaderSession,
  myPairing,
} from './leader-self.ts';
import {
  addLeader,
  eraseLeader,
  inviteLeader,
  type LeaderInput,
  leaderCohortId,
  leaderRetention,
  pairLeader,
  sendLeaderSurvey,
} from './leaders.ts';
import type { Weights } from './matching-adapter.ts';
import { changeDraft, type DraftAction, matchingPage, repair, runMatching } from './matching-run.ts';
import {
  acknowledgeConcern,
  type Enrolment,
  enrol,
  enrolHeader,
  herMentoring,
  mentoringErase,
  mentoringExport,
  onMentoringWithdrawn,
  openConcernDates,
} from './mentees.ts';
import { logSession, myMentees, openConcerns, pairForMentor, type SessionLog } from './mentor-self.ts';
import {
  type Application,
  addSupervisionNote,
  apply,
  approvalGaps,
  approve,
  mentorPage,
  type Recruitment,
  recordRecruitment,
} from './mentors.ts';
import {
  type CohortInput,
  createCohort,
  createProgramme,
  loadProgramme,
  overview,
  type ProgrammeInput,
  recruitingProgrammes,
  setCohortStatus,
  setWeights,
} from './programmes.ts';
import { askRepair, askRepairForHer } from './repair-requests.ts';
import type { CohortStatus, reviewKinds } from './schema.ts';
import { moveMentoringPlaintext } from './secrets.ts';
import { enrolmentsOf, menteesOfMentor, programmeNames, standingIn } from './standing.ts';
import { answer, surveyFor, surveyWithHer } from './surveys.ts';

/**
 * Mentoring: programmes, cohorts, mentors' safe recruitment, enrolment with her consent, whole-cohort
 * matching, introductions, a mentor's own pages. Every function takes the acting user and checks
 * `mentoring:*` permissions (and, for her, her record's owner rule) before touching data; every view
 * of her data is audited. Building it registers mentoring on her record (link, export, erasure,
 * consent withdrawal).
 */
export function createMentoringService(deps: MentoringDeps) {
  deps.participants.addRecordLink({
    key: 'mentoring.nav.her',
    href: (id) => `/participants/${id}/mentoring`,
  });
  deps.participants.addExportSection({
    name: 'mentoring',
    load: (tx, participantId) => mentoringExport(deps.cipher, tx, participantId),
  });
  deps.participants.onErase(mentoringErase);
  deps.participants.onConsentWithdrawn((tx, event) => onMentoringWithdrawn(deps, tx, event));
  // Leaders are not participants: their own retention rule runs in the same daily job.
  deps.participants.addRetentionTask((now) => leaderRetention(deps, now));
  deps.participants.addCaseloadColumn({
    id: 'mentoring-concern',
    headingKey: 'mentoring.caseload.concern',
    load: openConcernDates,
  });
  return {
    encryptPlaintext: () => moveMentoringPlaintext(deps.db, deps.cipher),
    overview: (actor: Actor) => overview(deps, actor),
    openConcerns: (actor: Actor) => openConcerns(deps, actor),
    createProgramme: (actor: Actor, input: ProgrammeInput) => createProgramme(deps, actor, input),
    programme: (actor: Actor, id: string) => loadProgramme(deps, actor, id),
    createCohort: (actor: Actor, programmeId: string, input: CohortInput) =>
      createCohort(deps, actor, programmeId, input),
    setCohortStatus: (actor: Actor, id: string, status: CohortStatus) =>
      setCohortStatus(deps, actor, id, status),
    setWeights: (actor: Actor, id: string, weights: Weights) => setWeights(deps, actor, id, weights),
    recruitingProgrammes: () => recruitingProgrammes(deps),
    apply: (input: Application, actor: Actor | null = null) => apply(deps, input, actor),
    mentorPage: async (actor: Actor, id: string) => {
      const page = await mentorPage(deps, actor, id);
      return { ...page, gaps: approvalGaps(page.mentor) };
    },
    recordRecruitment: (actor: Actor, id: string, input: Recruitment) =>
      recordRecruitment(deps, actor, id, input),
    approve: (actor: Actor, id: string, decision: 'approved' | 'declined') =>
      approve(deps, actor, id, decision),
    addSupervisionNote: (actor: Actor, id: string, note: string) => addSupervisionNote(deps, actor, id, note),
    herMentoring: (actor: Actor, participantId: string) => herMentoring(deps, actor, participantId),
    acknowledgeConcern: (actor: Actor, participantId: string, concernId: string) =>
      acknowledgeConcern(deps, actor, participantId, concernId),
    enrolHeader: (actor: Actor, participantId: string) => enrolHeader(deps, actor, participantId),
    enrol: (actor: Actor, participantId: string, input: Enrolment, consentNow: 'verbal' | 'written' | null) =>
      enrol(deps, actor, participantId, input, consentNow),
    matchingPage: (actor: Actor, cohortId: string) => matchingPage(deps, actor, cohortId),
    runMatching: (actor: Actor, cohortId: string) => runMatching(deps, actor, cohortId),
    /** Pin, unpin or exclude a draft pair; returns its cohort. */
    changeDraft: (actor: Actor, pairId: string, action: DraftAction) =>
      changeDraft(deps, actor, pairId, action),
    repair: (actor: Actor, pairId: string) => repair(deps, actor, pairId),
    publish: (actor: Actor, cohortId: string) => publish(deps, actor, cohortId),
    myMentees: (actor: Actor) => myMentees(deps, actor),
    pairForMentor: (actor: Actor, pairId: string) => pairForMentor(deps, actor, pairId),
    cohortReport: (actor: Actor, cohortId: string) => cohortReport(deps, actor, cohortId),
    pairPage: (actor: Actor, pairId: string) => pairPage(deps, actor, pairId),
    addReview: (
      actor: Actor,
      pairId: string,
      input: { kind: (typeof reviewKinds)[number]; heldOn: string; notes: string | null },
    ) => addReview(deps, actor, pairId, input),
    closePair: (actor: Actor, pairId: string, input: Closure) => closePair(deps, actor, pairId, input),
    surveyFor: (token: string) => surveyFor(deps, token),
    surveyWithHer: (actor: Actor, participantId: string) => surveyWithHer(deps, actor, participantId),
    answerSurvey: (token: string, answers: Record<string, number>) => answer(deps, token, answers),
    addLeader: (actor: Actor, cohortId: string, input: LeaderInput) =>
      addLeader(deps, actor, cohortId, input),
    sendLeaderSurvey: (actor: Actor, leaderId: string) => sendLeaderSurvey(deps, actor, leaderId),
    inviteLeader: (actor: Actor, leaderId: string) => inviteLeader(deps, actor, leaderId),
    pairLeader: (actor: Actor, leaderId: string, menteeId: string) =>
      pairLeader(deps, actor, leaderId, menteeId),
    eraseLeader: (actor: Actor, leaderId: string) => eraseLeader(deps, actor, leaderId),
    leaderCohortId: (actor: Actor, leaderId: string) => leaderCohortId(deps, actor, leaderId),
    leaderRetention: (now?: Date) => leaderRetention(deps, now),
    leaderExport: (actor: Actor, leaderId: string) => leaderExport(deps, actor, leaderId),
    myPairing: (actor: Actor) => myPairing(deps, actor),
    myLeaderExport: (actor: Actor) => myLeaderExport(deps, actor),
    logLeaderSession: (actor: Actor, input: LeaderSessionLog) => logLeaderSession(deps, actor, input),
    leaderSurvey: (actor: Actor) => leaderSurvey(deps, actor),
    answerLeaderSurvey: (actor: Actor, answers: Record<string, number>) =>
      answerLeaderSurvey(deps, actor, answers),
    alumni: (actor: Actor) => alumni(deps, actor),
    inviteAlumnae: (actor: Actor, input: Invitation) => invite(deps, actor, input),
    askRepairForHer: (actor: Actor, participantId: string, pairId: string, reason: string) =>
      askRepairForHer(deps, actor, participantId, pairId, reason),
    askRepair: (actor: Actor, pairId: string, reason: string) => askRepair(deps, actor, pairId, reason),
    logSession: (actor: Actor, pairId: string, input: SessionLog) => logSession(deps, actor, pairId, input),

    // For other modules (bursaries), after they have authorised their own actor (standing.ts)
    /** Her standing in these programmes: 'mentee' (current), 'alumna', or null. */
    standingIn: (
      organisationId: string,
      participantId: string,
      programmeIds: readonly string[],
      db: DbOrTx = deps.db,
    ) => standingIn(db, organisationId, participantId, programmeIds),
    /** The actor's own live mentees (empty unless the actor is an approved mentor): "is this user her mentor". */
    menteesOfMentor: (actor: Actor, db: DbOrTx = deps.db) => menteesOfMentor(deps, actor, db),
    enrolmentsOf: (organisationId: string, participantId: string, db: DbOrTx = deps.db) =>
      enrolmentsOf(db, organisationId, participantId),
    programmeNames: (organisationId: string) => programmeNames(deps.db, organisationId),
  };
}

export type MentoringService = ReturnType<typeof createMentoringService>;
