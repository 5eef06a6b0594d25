import type { Actor } from '../../platform/auth/actor.ts';
import { extendStart, type Outcome, recordOutcome } from './award-progress.ts';
import { fundGiving360, fundMoney, type GrantTexts } from './fund-money.ts';
import { fundReport } from './fund-report.ts';
import type { MoneyDeps } from './money-deps.ts';
import {
  awardPayments,
  movePayment,
  type NewPayment,
  type PaymentMove,
  schedulePayment,
} from './payments.ts';
import { reminderPanels, remindersOf, runStartWindow } from './start-jobs.ts';

/**
 * The money side of bursaries (issue 15, points 5–8): payments, the start window and its job, the
 * fund ledger, the 360Giving export and the fund report. Built by the module's factory from its
 * deps (`bursaries.money`); each function takes the acting user and denies by default.
 */
export function createMoneyService(deps: MoneyDeps) {
  return {
    award: async (actor: Actor, decisionId: string) => {
      const page = await awardPayments(deps, actor, decisionId);
      return { ...page, reminders: await remindersOf(deps.db, [decisionId]) };
    },
    schedulePayment: (actor: Actor, decisionId: string, input: NewPayment) =>
      schedulePayment(deps, actor, decisionId, input),
    movePayment: (actor: Actor, paymentId: string, move: PaymentMove) =>
      movePayment(deps, actor, paymentId, move),
    extendStart: (actor: Actor, decisionId: string, to: string, reason: string) =>
      extendStart(deps, actor, decisionId, to, reason),
    recordOutcome: (actor: Actor, decisionId: string, outcome: Outcome, on: string) =>
      recordOutcome(deps, actor, decisionId, outcome, on),
    fundMoney: (actor: Actor, fundId: string, page?: number) => fundMoney(deps, actor, fundId, page),
    fundReport: (actor: Actor, fundId: string) => fundReport(deps, actor, fundId),
    giving360: (actor: Actor, fundId: string, texts: GrantTexts) => fundGiving360(deps, actor, fundId, texts),
    /** The daily job: lapses and 3/6/9-month reminders (`now` for tests and the browser journey). */
    runStartWindow: (now?: Date) => runStartWindow(deps, now),
    /** The reminder notice on the home page of the mentor or key worker it was sent to. */
    homePanels: (actor: Actor) => reminderPanels(deps, actor),
  };
}

export type MoneyService = ReturnType<typeof createMoneyService>;
