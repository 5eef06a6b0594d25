import { z } from 'zod';
import { govukDate } from '../../platform/http/dates.ts';
import { choice, listOf, orNull, strings, textField } from '../../platform/http/form-fields.ts';
import type { FormBody } from '../../platform/http/forms.ts';
import { uuid } from '../../platform/http/zod.ts';
import {
  cefrLevels,
  contracts,
  type Day,
  days,
  dbsLevels,
  declineReasons,
  employerSizes,
  journeyModes,
  opportunityKinds,
  pledgeLevels,
  remoteModes,
  rightToWorkBases,
  shareableFields,
  shareScopes,
  stages,
  type Window,
} from './schema.ts';

/**
 * Every employment form as zod: posted fields in, typed service input out, a translation key per
 * field error, fields in page order (so the error summary lists every error at once, in that order).
 */
const E = 'employment.errors';

export const idParams = z.object({ id: uuid });
/** Her work page's pages of fits and of near misses (anything else: the first). */
const pageNumber = z.coerce.number().int().min(1).max(10_000).optional().catch(undefined);
export const workQuery = z.object({ fits: pageNumber, near: pageNumber });
export const pfParams = z.object({ id: uuid, oid: uuid });

const text = textField(`${E}.tooLong`);
const list = listOf;
const optionalChoice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z
    .preprocess(
      (v) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined),
      z.enum(values, { error: message }).optional(),
    )
    .transform((v) => v ?? null);
const yes = z
  .string()
  .optional()
  .transform((v) => v === 'yes');
/** A comma-separated list typed in one box ("care, cooking"), lower-cased, no repeats. */
const commaList = (max: number) =>
  text(2000).transform((v) =>
    [
      ...new Set(
        v
          .split(',')
          .map((s) => s.trim().toLowerCase())
          .filter(Boolean),
      ),
    ].slice(0, max),
  );
const whole = (min: number, max: number, message: string) =>
  text(10)
    .pipe(
      z
        .string()
        .refine((v) => v === '' || (/^\d+$/.test(v) && Number(v) >= min && Number(v) <= max), message),
    )
    .transform((v) => (v === '' ? null : Number(v)));
/** Pounds and pence ("12.50") to pence. */
const pounds = (message: string) =>
  text(12)
    .pipe(z.string().refine((v) => v === '' || /^\d{1,4}(\.\d{1,2})?$/.test(v.replace(/^£/, '')), message))
    .transform((v) => (v === '' ? null : Math.round(Number(v.replace(/^£/, '')) * 100)));
const district = text(8).transform((v) => (v === '' ? null : v.toUpperCase().replace(/\s+/g, '')));

const time = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * A week of day windows, posted as `<name>-<day>-from` / `-to` ("09:30"): a day with both empty is
 * not included; one with a time missing, malformed or ending before it starts is an error on that day.
 */
export function windowsOf(
  body: FormBody,
  name: string,
): { windows: Window[]; errors: Record<string, string> } {
  const windows: Window[] = [];
  const errors: Record<string, string> = {};
  for (const day of days) {
    const get = (k: string) => {
      const v = body[`${name}-${day}-${k}`];
      return (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
    };
    const from = get('from');
    const to = get('to');
    if (!from && !to) continue;
    if (!time.test(from) || !time.test(to) || to <= from) errors[`${name}-${day}-from`] = `${E}.time`;
    else windows.push({ day: day as Day, from, to });
  }
  return { windows, errors };
}

export const profileForm = z.object({
  sector: text(200, `${E}.sector`),
  size: choice(employerSizes, `${E}.size`),
  sites: commaList(30),
  contactName: text(200, `${E}.contactName`),
  contactEmail: text(320, `${E}.contactEmail`).pipe(z.email({ error: `${E}.contactEmail` })),
  contactPhone: text(40).transform(orNull),
});

export const pledgeForm = z.object({
  level: choice(pledgeLevels, `${E}.level`),
  commitments: strings.refine((v) => v.length > 0, `${E}.commitments`),
  signedByName: text(200, `${E}.signedByName`),
  publicOptIn: yes,
});

export const commitmentForm = z.object({ label: text(300).transform(orNull) });

export const reviewForm = z.object({
  review: choice(['approved', 'returned'] as const, `${E}.review`),
  note: text(1000).transform(orNull),
});

export const opportunityForm = z.object({
  employerId: text(100).transform(orNull),
  kind: choice(opportunityKinds, `${E}.kind`),
  title: text(200, `${E}.title`),
  description: text(5000, `${E}.description`),
  sector: text(200, `${E}.sector`),
  remote: choice(remoteModes, `${E}.remote`),
  postcodeDistrict: district,
  termTimeOnly: yes,
  contract: choice(contracts, `${E}.contract`),
  hourlyPayPence: pounds(`${E}.pay`),
  places: whole(1, 10_000, `${E}.places`).transform((v) => v ?? 1),
  closingDate: govukDate({ messages: { invalid: `${E}.date` } }),
  startDate: govukDate({ messages: { invalid: `${E}.date` } }),
  minSpokenEnglish: optionalChoice(cefrLevels, `${E}.cefr`),
  minWrittenEnglish: optionalChoice(cefrLevels, `${E}.cefr`),
  minQualificationLevel: whole(1, 8, `${E}.qualificationLevel`),
  skills: commaList(30),
  rightToWorkAllowed: list(rightToWorkBases).refine((v) => v.length > 0, `${E}.rtwAllowed`),
  onImmigrationSalaryList: yes,
  dbsLevel: choice(dbsLevels, `${E}.dbs`),
  childcareSupport: yes,
  travelSupport: yes,
  capacity: whole(1, 10_000, `${E}.capacity`),
  eventPlace: text(300).transform(orNull),
  eventOn: govukDate({ messages: { invalid: `${E}.date` } }),
  eventTime: text(5).pipe(z.string().refine((v) => v === '' || time.test(v), `${E}.time`)),
  shareScope: choice(shareScopes, `${E}.shareScope`),
  sharedWith: strings.transform((v) => v.filter((s) => uuid.safeParse(s).success)),
});

export const workForm = z.object({
  skills: commaList(40),
  sectors: commaList(20),
  qualificationLevel: whole(1, 8, `${E}.qualificationLevel`),
  spokenEnglish: optionalChoice(cefrLevels, `${E}.cefr`),
  writtenEnglish: optionalChoice(cefrLevels, `${E}.cefr`),
  schoolHoursOnly: yes,
  termTimeOnly: yes,
  postcodeDistrict: district,
  maxJourneyMinutes: whole(5, 300, `${E}.journey`),
  modes: list(journeyModes),
  payNeededPence: pounds(`${E}.pay`),
  aspirations: commaList(20),
  careNotes: text(2000).transform(orNull),
  rtwBasis: optionalChoice(rightToWorkBases, `${E}.rtw`),
  rtwExpires: govukDate({ messages: { invalid: `${E}.date` } }),
  rtwReviewOn: govukDate({ messages: { invalid: `${E}.date` } }),
});

export const putForwardForm = z.object({
  fields: list(shareableFields).refine((v) => v.length > 0, `${E}.fields`),
  consentMethod: choice(['verbal', 'written', 'online'] as const, `${E}.consentMethod`),
  consented: yes.refine((v) => v, `${E}.consented`),
});

export const moveForm = z.object({
  to: choice(stages, `${E}.stage`),
  reason: text(100).transform(orNull),
  interviewOn: govukDate({ messages: { invalid: `${E}.date` } }),
  interviewTime: text(5).pipe(z.string().refine((v) => v === '' || time.test(v), `${E}.time`)),
  interviewOutcome: text(1000).transform(orNull),
  offerOn: govukDate({ messages: { invalid: `${E}.date` } }),
  offerTerms: text(1000).transform(orNull),
  startDate: govukDate({ messages: { invalid: `${E}.date` } }),
});

export { declineReasons };
