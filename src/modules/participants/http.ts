/** Small helpers shared by the module's route files; forms come from platform/http/forms.ts and dates.ts. */
export { actorOf } from '../../platform/auth/routes.ts';

type T = (key: string) => string;

/** Select or radio items for a list of codes, labelled participants.codes.<area>.<code>. */
export function codeItems(t: T, area: string, codes: readonly string[], empty?: string) {
  const items = codes.map((c) => ({ value: c, text: t(`participants.codes.${area}.${c}`) }));
  return empty ? [{ value: '', text: t(empty) }, ...items] : items;
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
