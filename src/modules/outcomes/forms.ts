import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { orNull, strings, textField } from '../../platform/http/form-fields.ts';
import { uuid } from '../../platform/http/zod.ts';
import { cefr, contracts } from './schema.ts';

/** The outcomes forms as zod: posted fields in, typed input out, a translation key per field error. */
const E = 'outcomes.errors';
const text = textField(`${E}.tooLong`);

export const idParams = z.object({ id: uuid });

const optionalOf = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
    z
      .enum(values, { error: message })
      .optional()
      .transform((v) => v ?? null),
  );

export const outcomeForm = z.object({
  kind: text(60, `${E}.kind`),
  occurredOn: govukDate({
    required: true,
    notFuture: true,
    messages: { missing: `${E}.date`, invalid: `${E}.date`, future: `${E}.future` },
  }),
  hoursPerWeek: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? Number(v.trim()) : null),
    z
      .number({ error: `${E}.hours` })
      .min(0.5, `${E}.hours`)
      .max(60, `${E}.hours`)
      .nullable(),
  ),
  contract: optionalOf(contracts, `${E}.contract`),
  cefrFrom: optionalOf(cefr, `${E}.cefr`),
  cefrTo: optionalOf(cefr, `${E}.cefr`),
  evidence: text(500).transform(orNull),
});

export const breakdowns = ['none', 'age_band', 'language', 'area', 'programme', 'organisation'] as const;
export type Breakdown = (typeof breakdowns)[number];

const optionalUuid = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
  uuid.optional().transform((v) => v ?? null),
);

/** The report's filter, from the query string (a GET form). */
export const reportForm = z.object({
  from: govukDate({ messages: { invalid: `${E}.date` } }),
  to: govukDate({ messages: { invalid: `${E}.date` } }),
  programme: optionalUuid,
  organisation: optionalUuid,
  area: z.preprocess(
    (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
    z
      .string()
      .regex(/^[EWSN]\d{8}$/, `${E}.area`)
      .optional()
      .transform((v) => v ?? null),
  ),
  breakdown: optionalOf(breakdowns, `${E}.breakdown`).transform((v) => v ?? 'none'),
  indicators: strings,
});
export type ReportForm = z.output<typeof reportForm>;

/** One ONS wellbeing answer: a whole number from 0 to 10 (a radio button; anything else is refused). */
const zeroToTen = (message: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' && /^\s*\d{1,2}\s*$/.test(v) ? Number(v) : v),
    z.number({ error: message }).int(message).min(0, message).max(10, message),
  );
export const wellbeingForm = z.object({
  lifeSatisfaction: zeroToTen(`${E}.wellbeing.lifeSatisfaction`),
  worthwhile: zeroToTen(`${E}.wellbeing.worthwhile`),
  happy: zeroToTen(`${E}.wellbeing.happy`),
  anxious: zeroToTen(`${E}.wellbeing.anxious`),
});

/** `/wellbeing/:token`: a single-use link's token (checked against its hash by the service). */
export const tokenParams = z.object({ token: z.string().max(100) });
