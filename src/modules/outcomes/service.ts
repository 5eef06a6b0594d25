import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, can } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import type { OutcomesDeps } from './deps.ts';
import { type OutcomeEventInput, recordEvent } from './events.ts';
import type { ReportForm } from './forms.ts';
import {
  addKind,
  herOutcomes,
  outcomesErase,
  outcomesExport,
  recordableKinds,
  recordForHer,
  type StaffOutcome,
} from './her.ts';
import { indicators } from './indicators.ts';
import { outcomesReport } from './report.ts';
import {
  answerWellbeing,
  checkWellbeingLink,
  herWellbeing,
  type OnsAnswers,
  sendWellbeingLink,
  wellbeingErase,
  wellbeingWithHer,
} from './wellbeing.ts';

/**
 * Outcomes: events in her life (from employment, mentoring, bursaries, or recorded by staff),
 * indicators declared in code and computed in SQL, and the aggregate reports. Every function takes
 * the acting user and authorises first; every view of her outcomes is audited. Building it
 * registers outcomes on her record (link, subject access export, erasure).
 */
export function createOutcomesService(deps: OutcomesDeps) {
  deps.participants.addRecordLink({ key: 'outcomes.nav.her', href: (id) => `/participants/${id}/outcomes` });
  deps.participants.addExportSection({ name: 'outcomes', load: (tx, id) => outcomesExport(tx, id) });
  deps.participants.addExportSection({ name: 'wellbeing', load: (tx, id) => herWellbeing(tx, id) });
  deps.participants.onErase(outcomesErase);
  deps.participants.onErase(wellbeingErase);
  return {
    /** Idempotent: the same (source, sourceRef, kind) twice keeps one event. */
    recordEvent: (input: OutcomeEventInput, tx?: DbOrTx) => recordEvent(deps, input, tx),
    herOutcomes: async (actor: Actor, participantId: string) => {
      const her = await herOutcomes(deps, actor, participantId);
      return { ...her, wellbeing: await herWellbeing(deps.db, participantId) };
    },
    sendWellbeingLink: (actor: Actor, participantId: string) => sendWellbeingLink(deps, actor, participantId),
    wellbeingWithHer: (actor: Actor, participantId: string) => wellbeingWithHer(deps, actor, participantId),
    checkWellbeingLink: (token: string) => checkWellbeingLink(deps, token),
    answerWellbeing: (token: string, answers: OnsAnswers) => answerWellbeing(deps, token, answers),
    recordForHer: (actor: Actor, participantId: string, input: StaffOutcome) =>
      recordForHer(deps, actor, participantId, input),
    addKind: (actor: Actor, label: string) => addKind(deps, actor, label),
    /** The indicators' declared rules and the kinds in use (no figures). */
    definitions: async (actor: Actor) => {
      authorise(actor, 'outcomes:definitions');
      return { indicators, kinds: await recordableKinds(deps), canAddKinds: can(actor, 'outcomes:kinds') };
    },
    report: (actor: Actor, form: Partial<ReportForm>) => outcomesReport(deps, actor, form),
  };
}

export type OutcomesService = ReturnType<typeof createOutcomesService>;
