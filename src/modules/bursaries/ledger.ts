/**
 * A fund's money in four parts that always add up to its budget (issue 15, point 5):
 *
 *   paid + committed + lapsed + unawarded = budget
 *
 * - paid: payments marked paid (a failed payment never left; a returned one came back, so neither
 *   counts);
 * - committed: awarded to a live award (awarded, started or completed) and not yet paid, whether or
 *   not a payment is scheduled;
 * - lapsed: what lapsed awards had not paid, given back to the fund when they lapsed;
 * - unawarded: never awarded.
 *
 * `remaining` (lapsed + unawarded) is what the fund can still award. No database here: the fund page
 * and the report feed it sums (ledger-store.ts), the tests feed it generated funds.
 */

export type AwardState = 'awarded' | 'started' | 'completed' | 'lapsed';
export type PaymentState = 'scheduled' | 'paid' | 'failed' | 'returned';

export interface LedgerAward {
  id: string;
  awardedPence: number;
  status: AwardState;
}

export interface LedgerPayment {
  awardId: string;
  amountPence: number;
  status: PaymentState;
}

export interface Ledger {
  budgetPence: number;
  paidPence: number;
  committedPence: number;
  lapsedPence: number;
  unawardedPence: number;
  /** lapsed + unawarded: what may still be awarded (negative only if awards ever exceeded the budget). */
  remainingPence: number;
  /** Scheduled and not yet paid: part of committed, shown so a manager sees what is about to leave. */
  scheduledPence: number;
}

/**
 * The ledger of one fund. Each award contributes its paid money to `paid` and the rest of what it
 * was awarded to `committed` or, once lapsed, to `lapsed`; a payment never counts for more than
 * its award (an overpayment would be a data error: it is capped so the parts still add up).
 */
export function ledger(
  budgetPence: number,
  awards: readonly LedgerAward[],
  payments: readonly LedgerPayment[],
): Ledger {
  const paidBy = new Map<string, number>();
  const scheduledBy = new Map<string, number>();
  for (const p of payments) {
    const into = p.status === 'paid' ? paidBy : p.status === 'scheduled' ? scheduledBy : null;
    if (into) into.set(p.awardId, (into.get(p.awardId) ?? 0) + p.amountPence);
  }
  let paid = 0;
  let committed = 0;
  let lapsed = 0;
  let scheduled = 0;
  let awarded = 0;
  for (const a of awards) {
    const onAward = Math.min(paidBy.get(a.id) ?? 0, a.awardedPence);
    const unpaid = a.awardedPence - onAward;
    awarded += a.awardedPence;
    paid += onAward;
    if (a.status === 'lapsed') lapsed += unpaid;
    else {
      committed += unpaid;
      scheduled += Math.min(scheduledBy.get(a.id) ?? 0, unpaid);
    }
  }
  const unawarded = budgetPence - awarded;
  return {
    budgetPence,
    paidPence: paid,
    committedPence: committed,
    lapsedPence: lapsed,
    unawardedPence: unawarded,
    remainingPence: lapsed + unawarded,
    scheduledPence: scheduled,
  };
}

/** The same ledger from sums per award (what SQL gives back): awarded, status and paid so far. */
export interface AwardSums {
  awardedPence: number;
  status: AwardState;
  paidPence: number;
  scheduledPence: number;
}

export function ledgerFromSums(budgetPence: number, rows: readonly AwardSums[]): Ledger {
  const awards: LedgerAward[] = [];
  const payments: LedgerPayment[] = [];
  rows.forEach((r, i) => {
    const id = String(i);
    awards.push({ id, awardedPence: r.awardedPence, status: r.status });
    payments.push({ awardId: id, amountPence: r.paidPence, status: 'paid' });
    payments.push({ awardId: id, amountPence: r.scheduledPence, status: 'scheduled' });
  });
  return ledger(budgetPence, awards, payments);
}
