import type { Actor } from '../../platform/auth/actor.ts';
import { fillMissingBoxes } from './boxes.ts';
import { cvOf, cvPdf, cvRtf } from './cv.ts';
import type { EmploymentDeps } from './deps.ts';
import { digestPage, sendDigests } from './digest.ts';
import {
  addCommitment,
  allCommitments,
  commitments,
  employerList,
  employerOrganisations,
  ensureCommitments,
  ownProfile,
  type PledgeInput,
  type ProfileInput,
  partnerOrganisations,
  pledgedEmployers,
  reviewPledge,
  saveProfile,
  signPledge,
  toggleCommitment,
} from './employers.ts';
import {
  createOpportunity,
  getOpportunity,
  listOpportunities,
  type OpportunityInput,
} from './opportunities.ts';
import { sendPledgeReminders } from './pledge-reminders.ts';
import { ownerHeader, saveWorkProfile, type WorkProfileInput, workPage } from './profiles.ts';
import {
  getPutForward,
  type MoveInput,
  movePutForward,
  type PutForwardInput,
  putForward,
  putForwardPage,
  putForwardsFor,
  putForwardsOf,
} from './put-forwards.ts';
import { employmentReport } from './report.ts';
import { employmentErase, employmentExport } from './rights.ts';
import { womenWhoFit } from './women.ts';

/**
 * Employment: employers and the pledge, opportunities, her work profile and matches, putting her
 * forward. Every function takes the acting user and authorises first (deny by default); every
 * view of her data is audited. Registers its parts of her record with participants once, when built.
 */
export function createEmploymentService(deps: EmploymentDeps) {
  deps.participants.addExportSection({
    name: 'employment',
    load: (tx, id) => employmentExport(deps, tx, id),
  });
  deps.participants.onErase((tx, id) => employmentErase(deps, tx, id));
  deps.participants.addRecordLink({ key: 'employment.nav.work', href: (id) => `/participants/${id}/work` });
  return {
    /** At start-up: the pledge's commitments, and the prefilter's boxes of rows saved before them. */
    ensureReferenceData: async () => {
      await ensureCommitments(deps);
      await fillMissingBoxes(deps);
    },
    commitments: () => commitments(deps),
    allCommitments: (actor: Actor) => allCommitments(deps, actor),
    addCommitment: (actor: Actor, label: string | null) => addCommitment(deps, actor, label),
    toggleCommitment: (actor: Actor, id: string) => toggleCommitment(deps, actor, id),
    ownProfile: (actor: Actor) => ownProfile(deps, actor),
    saveProfile: (actor: Actor, input: ProfileInput) => saveProfile(deps, actor, input),
    signPledge: (actor: Actor, input: PledgeInput) => signPledge(deps, actor, input),
    reviewPledge: (actor: Actor, pledgeId: string, input: Parameters<typeof reviewPledge>[3]) =>
      reviewPledge(deps, actor, pledgeId, input),
    employerList: (actor: Actor) => employerList(deps, actor),
    employerOrganisations: () => employerOrganisations(deps),
    partnerOrganisations: () => partnerOrganisations(deps),
    pledgedEmployers: () => pledgedEmployers(deps),
    createOpportunity: (actor: Actor, input: OpportunityInput) => createOpportunity(deps, actor, input),
    listOpportunities: (actor: Actor) => listOpportunities(deps, actor),
    getOpportunity: (actor: Actor, id: string) => getOpportunity(deps, actor, id),
    womenWhoFit: (actor: Actor, opportunityId: string) => womenWhoFit(deps, actor, opportunityId),
    workPage: async (
      actor: Actor,
      participantId: string,
      pages: { fitsPage?: number; nearPage?: number } = {},
    ) => {
      const page = await workPage(deps, actor, participantId, undefined, pages);
      return { ...page, putForwards: await putForwardsOf(deps, participantId, page.header.organisationId) };
    },
    saveWorkProfile: (actor: Actor, participantId: string, input: WorkProfileInput) =>
      saveWorkProfile(deps, actor, participantId, input),
    putForwardPage: (actor: Actor, participantId: string, opportunityId: string) =>
      putForwardPage(deps, actor, participantId, opportunityId),
    putForward: (actor: Actor, participantId: string, opportunityId: string, input: PutForwardInput) =>
      putForward(deps, actor, participantId, opportunityId, input),
    getPutForward: (actor: Actor, id: string) => getPutForward(deps, actor, id),
    movePutForward: (actor: Actor, id: string, input: MoveInput) => movePutForward(deps, actor, id, input),
    putForwardsFor: (actor: Actor, opportunityId: string) => putForwardsFor(deps, actor, opportunityId),
    report: (actor: Actor) => employmentReport(deps, actor),
    /** Her CV in English, as a tagged PDF or an editable RTF document. */
    cv: async (actor: Actor, participantId: string, format: 'pdf' | 'rtf') => {
      const cv = await cvOf(deps, actor, participantId, format);
      return { name: cv.name, body: format === 'pdf' ? await cvPdf(cv) : cvRtf(cv) };
    },
    digestPage: (actor: Actor, at?: Date) => digestPage(deps, actor, at),
    /** The monthly digest's emails, on the month's first working day only (the job calls it hourly). */
    sendDigests: (at?: Date) =>
      deps.mailer ? sendDigests(deps, deps.mailer, deps.publicBaseUrl ?? '', at) : Promise.resolve(0),
    /** The pledge renewal reminders due (the job calls it hourly); emails sent. */
    sendPledgeReminders: (at?: Date) =>
      deps.mailer ? sendPledgeReminders(deps, deps.mailer, deps.publicBaseUrl ?? '', at) : Promise.resolve(0),
    /** The participants header, for re-rendering a form about her after the owner rule. */
    header: (actor: Actor, participantId: string) =>
      ownerHeader(deps, deps.db, actor, participantId, 'write'),
  };
}

export type EmploymentService = ReturnType<typeof createEmploymentService>;
