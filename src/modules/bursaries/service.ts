import type { Actor } from '../../platform/auth/actor.ts';
import { type Need, requireRelation } from './access.ts';
import {
  type ApplicationInput,
  addLine,
  type LineInput,
  myApplications,
  removeLine,
  startApplication,
  startForm,
  submit,
  updateApplication,
  withdraw,
} from './applications.ts';
import { decide, letterPdf } from './decisions.ts';
import type { BursariesDeps } from './deps.ts';
import {
  addPanelMember,
  createFund,
  type FundInput,
  fundForEdit,
  fundFormChoices,
  fundPage,
  fundsOf,
  removePanelMember,
  updateFund,
} from './funds.ts';
import type { DecisionInput } from './model.ts';
import { createMoneyService } from './money-service.ts';
import {
  applicationPage,
  bookInterview,
  declare,
  inviteToInterview,
  recordInterview,
  score,
} from './panel.ts';
import { bursariesErase, bursariesExport, herBursaries, onBursaryWithdrawn } from './rights.ts';
import type { ScoreCriterion } from './schema.ts';

/**
 * Bursaries: funds and their panels, her applications made with her mentor or key worker, the
 * guaranteed interview, conflicts, scores and decisions with her letter. Every function takes the
 * acting user and denies by default (access.ts); every view of her application is audited. Building
 * it registers bursaries on her record (link, export, erasure and retention, consent withdrawal).
 */
export function createBursariesService(deps: BursariesDeps) {
  deps.participants.addRecordLink({
    key: 'bursaries.nav.her',
    href: (id) => `/participants/${id}/bursaries`,
  });
  deps.participants.addExportSection({
    name: 'bursaries',
    load: (tx, participantId) => bursariesExport(deps.cipher, tx, participantId),
  });
  deps.participants.onErase(bursariesErase);
  deps.participants.onConsentWithdrawn((tx, event) => onBursaryWithdrawn(deps, tx, event));
  return {
    // Funds and panels
    funds: (actor: Actor) => fundsOf(deps, actor),
    fundFormChoices: (actor: Actor) => fundFormChoices(deps, actor),
    createFund: (actor: Actor, input: FundInput) => createFund(deps, actor, input),
    fundForEdit: (actor: Actor, fundId: string) => fundForEdit(deps, actor, fundId),
    updateFund: (actor: Actor, fundId: string, input: FundInput) => updateFund(deps, actor, fundId, input),
    fundPage: (actor: Actor, fundId: string, page?: number) => fundPage(deps, actor, fundId, page),
    addPanelMember: (actor: Actor, fundId: string, userId: string) =>
      addPanelMember(deps, actor, fundId, userId),
    removePanelMember: (actor: Actor, fundId: string, memberId: string) =>
      removePanelMember(deps, actor, fundId, memberId),
    // Applications
    myApplications: (actor: Actor) => myApplications(deps, actor),
    herBursaries: (actor: Actor, participantId: string) => herBursaries(deps, actor, participantId),
    startForm: (actor: Actor, fundId: string, participantId: string) =>
      startForm(deps, actor, fundId, participantId),
    startApplication: (actor: Actor, fundId: string, participantId: string, input: ApplicationInput) =>
      startApplication(deps, actor, fundId, participantId, input),
    updateApplication: (actor: Actor, id: string, input: ApplicationInput) =>
      updateApplication(deps, actor, id, input),
    addLine: (actor: Actor, id: string, line: LineInput) => addLine(deps, actor, id, line),
    removeLine: (actor: Actor, id: string, lineId: string) => removeLine(deps, actor, id, lineId),
    submit: (actor: Actor, id: string, consentNow: 'verbal' | 'written' | null) =>
      submit(deps, actor, id, consentNow),
    withdraw: (actor: Actor, id: string) => withdraw(deps, actor, id),
    /** Her application as the actor may see it (audited); `loadApplication` in access.ts is the rule. */
    application: (actor: Actor, id: string) => applicationPage(deps, actor, id),
    /** Refuses (403/404) one who may not post this kind of form about the application, before it is read. */
    requireRelation: (actor: Actor, id: string, need: Need) => requireRelation(deps, actor, id, need),
    // Interview, panel, decision
    inviteToInterview: (actor: Actor, id: string, at: Date, place: string) =>
      inviteToInterview(deps, actor, id, at, place),
    bookInterview: (actor: Actor, id: string, slotId: string) => bookInterview(deps, actor, id, slotId),
    recordInterview: (
      actor: Actor,
      id: string,
      input: { heldOn: string; interviewers: string; notes: string | null },
    ) => recordInterview(deps, actor, id, input),
    declare: (actor: Actor, id: string, input: { conflicted: boolean; note: string | null }) =>
      declare(deps, actor, id, input),
    score: (actor: Actor, id: string, input: Partial<Record<ScoreCriterion, number | null>>) =>
      score(deps, actor, id, input),
    decide: (actor: Actor, id: string, input: DecisionInput) => decide(deps, actor, id, input),
    letterPdf: (actor: Actor, id: string) => letterPdf(deps, actor, id),
    // Payments, the start window, the ledger, 360Giving and the fund report (money-service.ts)
    money: createMoneyService(deps),
  };
}

export type BursariesService = ReturnType<typeof createBursariesService>;
