import type { FastifyRequest } from 'fastify';
import { ValidationError } from '../../platform/http/errors.ts';

/** Small helpers shared by the module's route files. */
export type Body = Record<string, string | string[] | undefined>;
export { actorOf } from '../../platform/auth/routes.ts';
export const bodyOf = (req: FastifyRequest): Body => (req.body ?? {}) as Body;
/** Flash messages carry i18n keys only: never her name (sessions are stored in the database). */
export const flash = (req: FastifyRequest, key: string) => req.session.set('flash', { type: 'success', key });

/** Runs a service call; a ValidationError re-renders the form instead, with status 400. */
export async function orInvalid<T>(
  action: () => Promise<T>,
  invalid: (errors: Record<string, string>) => unknown,
): Promise<T | unknown> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof ValidationError) return invalid(err.fields);
    throw err;
  }
}

type T = (key: string) => string;

/** Select or radio items for a list of codes, labelled participants.codes.<area>.<code>. */
export function codeItems(t: T, area: string, codes: readonly string[], empty?: string) {
  const items = codes.map((c) => ({ value: c, text: t(`participants.codes.${area}.${c}`) }));
  return empty ? [{ value: '', text: t(empty) }, ...items] : items;
}

/** Splits a YYYY-MM-DD date into the three GOV.UK date input values. */
export function dateParts(name: string, iso: string | null | undefined): Record<string, string> {
  if (!iso) return {};
  const [y, m, d] = iso.split('-');
  return {
    [`${name}-day`]: String(Number(d)),
    [`${name}-month`]: String(Number(m)),
    [`${name}-year`]: y ?? '',
  };
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();
/**
 * "23 November 2026" in her language, with one formatter per language kept for reuse: building an
 * Intl.DateTimeFormat per table cell dominated the caseload page's rendering time.
 */
export function longDate(lang: string, d: Date | string | null | undefined): string {
  if (!d) return '';
  const locale = lang === 'en' ? 'en-GB' : lang;
  let f = dateFormats.get(locale);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { dateStyle: 'long', timeZone: 'Europe/London' });
    dateFormats.set(locale, f);
  }
  return f.format(new Date(d));
}

const numberFormats = new Map<string, Intl.NumberFormat>();
/** 1,234 in her language, with one reused formatter per language (see longDate). */
export function formatNumber(lang: string, n: number): string {
  const locale = lang === 'en' ? 'en-GB' : lang;
  let f = numberFormats.get(locale);
  if (!f) {
    f = new Intl.NumberFormat(locale);
    numberFormats.set(locale, f);
  }
  return f.format(n);
}
