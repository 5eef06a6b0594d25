import { z } from 'zod';
import { dateField as parseDate } from '../../platform/http/dates.ts';
import {
  contactMethods,
  days,
  englishLevels,
  enicLevels,
  immigrationStatuses,
  rightToWorkMethods,
  rightToWorkOutcomes,
  workKinds,
} from './codes.ts';
import { consentMethods, consentPurposes } from './schema.ts';

/**
 * The zod schemas of every form in the module: they turn posted form fields (strings, or arrays for
 * repeated checkboxes) into the service's typed input, with an i18n key per field error.
 */
const E = 'participants.errors';
const text = (max = 500) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? '')
    .pipe(z.string().max(max, `${E}.tooLong`))
    .transform((v) => (v === '' ? null : v));
const list = <T extends readonly [string, ...string[]]>(values: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .optional()
    .transform((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]))
    .pipe(z.array(z.enum(values)));
/** A posted text field, trimmed; a missing field reads as empty. */
const str = () =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? '');
const csv = str()
  .pipe(z.string().max(1000, `${E}.tooLong`))
  .transform((v) =>
    v
      .split(/[,;\n]/)
      .map((s) => s.trim())
      .filter(Boolean),
  );
const yesNo = (message: string) => z.enum(['yes', 'no'], { error: message }).transform((v) => v === 'yes');
const optionalEnum = <T extends readonly [string, ...string[]]>(values: T, message = `${E}.choose`) =>
  z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.enum(values, { error: message }).nullable());
/** A whole number in [min, max], or null when left empty. */
const int = (min: number, max: number, message: string) =>
  z
    .string()
    .optional()
    .transform((v, ctx) => {
      const s = (v ?? '').trim();
      if (!s) return null;
      const n = Number(s);
      if (!/^\d+$/.test(s) || n < min || n > max) {
        ctx.addIssue({ code: 'custom', message });
        return z.NEVER;
      }
      return n;
    });
const year = int(1900, 2100, `${E}.year`);

/** A GOV.UK date input (platform/http/dates.ts, the one parser) with this module's messages. */
export function dateField(
  body: Record<string, unknown>,
  name: string,
  opts: { required?: boolean; past?: boolean } = {},
): { value: string | null; error?: string } {
  return parseDate(body, name, {
    required: opts.required,
    notFuture: opts.past,
    messages: { missing: `${E}.dateMissing`, invalid: `${E}.dateInvalid`, future: `${E}.dateFuture` },
  });
}

export const namesForm = z.object({
  preferredName: z.string().trim().min(1, `${E}.preferredNameMissing`).max(200, `${E}.tooLong`),
  givenName: text(200),
  familyName: text(200),
});

export const contactForm = z.object({
  contactMethods: list(contactMethods),
  safeTimes: text(),
  neverContactAtHome: yesNo(`${E}.neverContactAtHomeMissing`),
  phone: str()
    .pipe(z.string().max(40, `${E}.phoneInvalid`))
    .refine((v) => v === '' || /^\+?[0-9 ()-]{7,}$/.test(v), `${E}.phoneInvalid`)
    .transform((v) => (v === '' ? null : v)),
  email: str()
    .pipe(z.string().max(254, `${E}.emailInvalid`))
    .refine((v) => v === '' || z.email().safeParse(v).success, `${E}.emailInvalid`)
    .transform((v) => (v === '' ? null : v)),
});

export const languagesForm = z.object({
  languages: csv,
  interpreterNeeded: yesNo(`${E}.interpreterMissing`),
  interpreterLanguage: text(100),
  englishLevel: optionalEnum(englishLevels),
});

export const circumstancesForm = z.object({
  homeAreaCode: str()
    .transform((v) => v.toUpperCase())
    .refine((v) => v === '' || /^[EWSN]\d{8}$/.test(v), `${E}.areaCodeInvalid`)
    .transform((v) => (v === '' ? null : v)),
  careCommitments: text(1000),
  availableDays: list(days),
  schoolHoursOnly: yesNo(`${E}.schoolHoursMissing`),
  availabilityNotes: text(),
  travelLimitMinutes: int(0, 600, `${E}.minutes`),
});

export const aspirationsForm = z.object({
  skills: csv,
  aspirations: text(2000),
});

export const specialForm = z.object({
  immigrationStatus: optionalEnum(immigrationStatuses),
  rightToWorkMethod: optionalEnum(rightToWorkMethods),
  rightToWorkOutcome: optionalEnum(rightToWorkOutcomes),
  ethnicity: text(200),
  religion: text(200),
  sexuality: text(200),
  healthNotes: text(2000),
});

export const qualificationForm = z.object({
  title: z.string().trim().min(1, `${E}.qualificationTitleMissing`).max(200, `${E}.tooLong`),
  subject: text(200),
  overseas: yesNo(`${E}.overseasMissing`),
  country: text(100),
  yearAwarded: year,
  enicLevel: optionalEnum(enicLevels),
});

export const workHistoryForm = z.object({
  role: z.string().trim().min(1, `${E}.workRoleMissing`).max(200, `${E}.tooLong`),
  employer: text(200),
  country: text(100),
  kind: z.enum(workKinds, { error: `${E}.choose` }),
  fromYear: year,
  toYear: year,
});

export const consentForm = z.object({
  // Checked here, not after parsing, so a missing method and missing support consent show together.
  purposes: list(consentPurposes).refine((p) => p.includes('support'), `${E}.supportConsentMissing`),
  method: z.enum(consentMethods, { error: `${E}.consentMethodMissing` }),
});

export const consentChangeForm = z.object({
  purpose: z.enum(consentPurposes, { error: `${E}.consentPurposeMissing` }),
  organisationId: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .pipe(z.uuid(`${E}.choose`).nullable()),
  given: yesNo(`${E}.consentGivenMissing`),
  method: z.enum(consentMethods, { error: `${E}.consentMethodMissing` }),
});

/** The ways of contact a walk-in may agree to on the quick form (it asks no email address). */
export const quickContactPurposes = ['contact_sms', 'contact_phone', 'contact_whatsapp'] as const;

export const quickForm = z.object({
  preferredName: namesForm.shape.preferredName,
  supportConsent: z.literal('yes', { error: `${E}.supportConsentMissing` }),
  contactConsents: list(quickContactPurposes),
  method: z.enum(consentMethods, { error: `${E}.consentMethodMissing` }),
  neverContactAtHome: contactForm.shape.neverContactAtHome,
  contactMethods: contactForm.shape.contactMethods,
  safeTimes: contactForm.shape.safeTimes,
  phone: contactForm.shape.phone,
});

export type NamesInput = z.output<typeof namesForm> & { dateOfBirth: string | null };
export type ContactInput = z.output<typeof contactForm>;
export type LanguagesInput = z.output<typeof languagesForm>;
export type CircumstancesInput = z.output<typeof circumstancesForm>;
export type AspirationsInput = z.output<typeof aspirationsForm>;
export type SpecialInput = z.output<typeof specialForm> & {
  rightToWorkCheckedOn: string | null;
  rightToWorkRecheckOn: string | null;
};
export type QualificationInput = z.output<typeof qualificationForm>;
export type WorkHistoryInput = z.output<typeof workHistoryForm>;
/** A drop-in's walk-in form asks no contact consents: they are optional here. */
export type QuickInput = Omit<z.output<typeof quickForm>, 'contactConsents'> & {
  contactConsents?: z.output<typeof quickForm>['contactConsents'];
};
