import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { choice, textField } from '../../platform/http/form-fields.ts';
import { isUuid, uuid } from '../../platform/http/zod.ts';
import { parsePounds } from './model.ts';
import { payees } from './schema.ts';

/** The money pages' forms and parameters as zod, fields in page order (the error summary's order). */
const E = 'bursaries.money.errors';
const text = textField('bursaries.errors.tooLong');

export const fundMoneyParams = z.object({ fundId: uuid });
export const awardParams = z.object({ id: uuid });
export const paymentParams = z.object({ id: uuid, paymentId: uuid });

export const paymentForm = z.object({
  costLineId: z.unknown().refine(isUuid, `${E}.line`).pipe(z.string()),
  payee: choice(payees, `${E}.payee`),
  amount: text(20, `${E}.amount`).transform((v, ctx) => {
    const p = parsePounds(v);
    if (p === null || p <= 0) {
      ctx.addIssue({ code: 'custom', message: `${E}.amount` });
      return z.NEVER;
    }
    return p;
  }),
  reference: text(100, `${E}.reference`),
  scheduledOn: govukDate({ required: true, messages: { missing: `${E}.date`, invalid: `${E}.date` } }).pipe(
    z.string(),
  ),
});

export const moveForm = z.object({
  to: choice(['paid', 'failed', 'returned'] as const, `${E}.move`),
  receiptRef: text(100).optional(),
});

export const extendForm = z.object({
  to: govukDate({ required: true, messages: { missing: `${E}.date`, invalid: `${E}.date` } }).pipe(
    z.string(),
  ),
  reason: text(1000, `${E}.reason`),
});

export const outcomeForm = z.object({
  outcome: choice(['started', 'completed'] as const, `${E}.outcome`),
  on: govukDate({ required: true, messages: { missing: `${E}.date`, invalid: `${E}.date` } }).pipe(
    z.string(),
  ),
});
