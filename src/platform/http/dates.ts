import { z } from 'zod';

/**
 * The one GOV.UK date input parser: a date typed as <name>-day, <name>-month and <name>-year.
 * Every part is checked on its own (a month of 13 or 0 is refused, not rolled into the next year)
 * and the whole must be a real date (31 April and 29 February outside a leap year are refused).
 */
export type DateProblem = 'missing' | 'invalid';

export interface DateParts {
  day?: string;
  month?: string;
  year?: string;
}

/** YYYY-MM-DD, null when all three parts are empty, or what is wrong with it. */
export function parseDateParts(
  parts: DateParts,
  minYear = 1900,
): { value: string | null } | { problem: DateProblem } {
  const [d, m, y] = [parts.day, parts.month, parts.year].map((v) => (v ?? '').trim()) as [
    string,
    string,
    string,
  ];
  if (!d && !m && !y) return { value: null };
  if (!/^\d{1,2}$/.test(d) || !/^\d{1,2}$/.test(m) || !/^\d{4}$/.test(y)) return { problem: 'invalid' };
  const [day, month, year] = [Number(d), Number(m), Number(y)];
  if (month < 1 || month > 12 || day < 1 || year < minYear) return { problem: 'invalid' };
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31 April into 1 May: a real date comes back with the same day and month.
  if (date.getUTCDate() !== day || date.getUTCMonth() !== month - 1) return { problem: 'invalid' };
  return { value: date.toISOString().slice(0, 10) };
}

/** The three parts of <name> in a posted form (a repeated field reads as its first value). */
export function datePartsOf(body: Record<string, unknown>, name: string): DateParts {
  const part = (k: string) => {
    const v = body[`${name}-${k}`];
    return typeof v === 'string' ? v : Array.isArray(v) && typeof v[0] === 'string' ? v[0] : '';
  };
  return { day: part('day'), month: part('month'), year: part('year') };
}

export interface DateRules {
  required?: boolean;
  /** Refuse a date after today (UTC). */
  notFuture?: boolean;
  /** Refuse a date before today (UTC). */
  notPast?: boolean;
  minYear?: number;
  /** Translation keys: `missing` when required and empty, `invalid`, and `future`/`past` for the rules above. */
  messages: { missing?: string; invalid: string; future?: string; past?: string };
}

const today = () => new Date().toISOString().slice(0, 10);

/** A date field of a posted form, as YYYY-MM-DD or null, or its error key. */
export function dateField(
  body: Record<string, unknown>,
  name: string,
  rules: DateRules,
): { value: string | null; error?: string } {
  return checkDate(datePartsOf(body, name), rules);
}

function checkDate(parts: DateParts, rules: DateRules): { value: string | null; error?: string } {
  const r = parseDateParts(parts, rules.minYear);
  const m = rules.messages;
  if ('problem' in r) return { value: null, error: m.invalid };
  if (r.value === null)
    return rules.required ? { value: null, error: m.missing ?? m.invalid } : { value: null };
  if (rules.notFuture && r.value > today()) return { value: null, error: m.future ?? m.invalid };
  if (rules.notPast && r.value < today()) return { value: null, error: m.past ?? m.invalid };
  return { value: r.value };
}

/**
 * A zod field for a date input: `parseForm` (forms.ts) gathers <name>-day/-month/-year into
 * `{ day, month, year }` under <name>, so the date's error sits in page order with the others.
 */
export const govukDate = (rules: DateRules) =>
  z
    .object({ day: z.string().optional(), month: z.string().optional(), year: z.string().optional() })
    .optional()
    .transform((parts, ctx) => {
      const r = checkDate(parts ?? {}, rules);
      if (r.error) {
        ctx.addIssue({ code: 'custom', message: r.error });
        return z.NEVER;
      }
      return r.value;
    });

/** Splits a YYYY-MM-DD date into the three GOV.UK date input values (the inverse, for editing). */
export function dateInputValues(name: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  };
}
