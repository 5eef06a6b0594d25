import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, loadAward, type MoneyDeps, ukDate } from './money-deps.ts';
import { bursaryCostLines, bursaryPayments, type Payee, type PaymentStatus } from './schema.ts';

/**
 * Payments against an award's cost lines (issue 15, point 5): to the course provider or to her,
 * recorded by reference (an invoice number, a payment run's reference); Wayfinder keeps no bank
 * details. Each payment is scheduled, then paid (with its receipt) or failed; a paid one may come
 * back (returned). A line is never paid more than it was awarded.
 */

/** What a payment may become next; anything else is refused. */
export const paymentMoves: Record<PaymentStatus, readonly PaymentStatus[]> = {
  scheduled: ['paid', 'failed'],
  paid: ['returned'],
  failed: [],
  returned: [],
};

/**
 * A reference that looks like bank details (a sort code with an account number, or an IBAN) is
 * refused: the reference points at the finance system's record, it must not become one.
 */
export function looksLikeBankDetails(reference: string): boolean {
  const compact = reference.replace(/[\s-]/g, '');
  if (/GB\d{2}[A-Z]{4}\d{14}/i.test(compact)) return true;
  return /\b\d{2}[-\s]?\d{2}[-\s]?\d{2}\b/.test(reference) && /\b\d{8}\b/.test(reference);
}

export interface NewPayment {
  costLineId: string;
  payee: Payee;
  amountPence: number;
  reference: string;
  scheduledOn: string;
}

/** Money a line still has to give: awarded minus what is paid or scheduled against it. */
async function lineRoom(tx: DbOrTx, lineId: string) {
  const [row] = await tx
    .select({
      free: sql<number>`${bursaryCostLines.awardedPence} - coalesce((
        select sum(p.amount_pence) from ${bursaryPayments} p
        where p.cost_line_id = ${bursaryCostLines.id} and p.status in ('scheduled', 'paid')), 0)`,
    })
    .from(bursaryCostLines)
    .where(eq(bursaryCostLines.id, lineId))
    .for('update');
  return row ? Number(row.free) : 0;
}

export async function schedulePayment(deps: MoneyDeps, actor: Actor, decisionId: string, input: NewPayment) {
  authorise(actor, 'bursaries:manage');
  return deps.db.transaction(async (tx) => {
    const { award } = await loadAward(deps, tx, actor, decisionId, { forUpdate: true });
    if (award.status === 'lapsed') throw new ValidationError({ costLineId: 'bursaries.money.errors.lapsed' });
    const [line] = await tx
      .select()
      .from(bursaryCostLines)
      .where(
        and(
          eq(bursaryCostLines.id, input.costLineId),
          eq(bursaryCostLines.applicationId, award.applicationId),
        ),
      );
    if (!line?.awardedPence) throw new ValidationError({ costLineId: 'bursaries.money.errors.line' });
    if (looksLikeBankDetails(input.reference))
      throw new ValidationError({ reference: 'bursaries.money.errors.bankDetails' });
    const room = await lineRoom(tx, line.id);
    if (input.amountPence > room) throw new ValidationError({ amount: 'bursaries.money.errors.overLine' });
    const [payment] = await tx
      .insert(bursaryPayments)
      .values({
        organisationId: award.organisationId,
        fundId: award.fundId,
        decisionId: award.id,
        costLineId: line.id,
        payee: input.payee,
        reference: input.reference,
        amountPence: input.amountPence,
        scheduledOn: input.scheduledOn,
        createdByUserId: actor.userId,
      })
      .returning();
    await audit(deps, tx, actor, 'bursary.payment-scheduled', 'bursary_payment', payment!.id, {
      decisionId: award.id,
      payee: input.payee,
      amountPence: input.amountPence,
    });
    return payment!;
  });
}

export interface PaymentMove {
  to: PaymentStatus;
  /** The award the page is about: a payment of another award is not found. */
  decisionId?: string;
  /** The receipt's reference (required when paid). */
  receiptRef?: string;
  on?: string;
}

/** Moves a payment on: paid (with its receipt), failed, or returned; audited in the same transaction. */
export async function movePayment(
  deps: MoneyDeps,
  actor: Actor,
  paymentId: string,
  move: PaymentMove,
  now = new Date(),
) {
  authorise(actor, 'bursaries:manage');
  return deps.db.transaction(async (tx) => {
    const [payment] = await tx
      .select()
      .from(bursaryPayments)
      .where(and(eq(bursaryPayments.id, paymentId), eq(bursaryPayments.organisationId, actor.organisationId)))
      .for('update');
    // Not found unless the actor's organisation holds it; loadAward checks the role and the award.
    // The payment of the award in the address, or not found.
    if (!payment || (move.decisionId && payment.decisionId !== move.decisionId)) throw new NotFoundError();
    const { award } = await loadAward(deps, tx, actor, payment.decisionId);
    if (!paymentMoves[payment.status].includes(move.to))
      throw new ValidationError({ to: 'bursaries.money.errors.move' });
    const receipt = move.receiptRef?.trim() ?? '';
    if (move.to === 'paid' && !receipt)
      throw new ValidationError({ receiptRef: 'bursaries.money.errors.receipt' });
    if (move.to === 'paid' && award.status === 'lapsed')
      throw new ValidationError({ to: 'bursaries.money.errors.lapsed' });
    if (receipt && looksLikeBankDetails(receipt))
      throw new ValidationError({ receiptRef: 'bursaries.money.errors.bankDetails' });
    const on = move.on ?? ukDate(now);
    const dates =
      move.to === 'paid' ? { paidOn: on } : move.to === 'failed' ? { failedOn: on } : { returnedOn: on };
    const [updated] = await tx
      .update(bursaryPayments)
      .set({ status: move.to, ...dates, ...(receipt ? { receiptRef: receipt } : {}), updatedAt: now })
      .where(eq(bursaryPayments.id, payment.id))
      .returning();
    await audit(deps, tx, actor, `bursary.payment-${move.to}`, 'bursary_payment', payment.id, {
      decisionId: award.id,
    });
    return updated!;
  });
}

/** An award's cost lines with what each has been paid and has scheduled, and its payments. */
export async function awardPayments(deps: MoneyDeps, actor: Actor, decisionId: string) {
  const { award, application, fund } = await loadAward(deps, deps.db, actor, decisionId, { maker: true });
  const lines = await deps.db
    .select()
    .from(bursaryCostLines)
    .where(eq(bursaryCostLines.applicationId, award.applicationId))
    .orderBy(asc(bursaryCostLines.position));
  const payments = await deps.db
    .select()
    .from(bursaryPayments)
    .where(eq(bursaryPayments.decisionId, award.id))
    .orderBy(asc(bursaryPayments.scheduledOn), asc(bursaryPayments.createdAt));
  const sum = (lineId: string, states: PaymentStatus[]) =>
    payments
      .filter((p) => p.costLineId === lineId && states.includes(p.status))
      .reduce((s, p) => s + p.amountPence, 0);
  await audit(deps, deps.db, actor, 'bursary.award-viewed', 'bursary_decision', award.id);
  return {
    award,
    fund,
    application: { id: application.id, course: application.course, provider: application.provider },
    lines: lines.map((l) => ({
      ...l,
      paidPence: sum(l.id, ['paid']),
      scheduledPence: sum(l.id, ['scheduled']),
    })),
    payments,
  };
}

/** Ids of payments still scheduled on the given awards (a lapse marks them failed). */
export async function scheduledOn(db: MoneyDeps['db'], decisionIds: string[]) {
  if (!decisionIds.length) return [];
  return db
    .select({ id: bursaryPayments.id })
    .from(bursaryPayments)
    .where(and(inArray(bursaryPayments.decisionId, decisionIds), eq(bursaryPayments.status, 'scheduled')));
}
