import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TFunction } from 'i18next';
import { UNTRANSLATED } from '../views/page-html.ts';

export const localesDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../locales');
export const defaultLanguage = 'en';

export interface LanguageOption {
  code: string;
  /** The language's name in itself, as the switcher shows it. */
  name: string;
  dir: 'ltr' | 'rtl';
}

export interface I18n {
  languages: LanguageOption[];
  isSupported(code: string | undefined): code is string;
  t(lang: string): TFunction;
  /**
   * t() for pages: a string this language lacks comes back in English between the markers of
   * views/page-html.ts (which turns them into lang="en"), each value put into it marked too.
   */
  pageT(lang: string): TFunction;
  dir(lang: string): 'ltr' | 'rtl';
  /** Picks a supported language from an Accept-Language header, or English. */
  negotiate(acceptLanguage: string | undefined): string;
}

function deepMerge(target: Record<string, unknown>, source: Record<string, unknown>, file: string, at = '') {
  for (const [key, value] of Object.entries(source)) {
    const existing = target[key];
    if (
      value &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      existing &&
      typeof existing === 'object'
    ) {
      deepMerge(existing as Record<string, unknown>, value as Record<string, unknown>, file, `${at}${key}.`);
    } else if (existing !== undefined) {
      throw new Error(`Translation key ${at}${key} is defined twice (again in ${file})`);
    } else {
      target[key] = value;
    }
  }
}

/**
 * Each language is a folder of JSON files, one per area of the app (platform.json, directory.json,
 * ...), merged into one set of keys: modules add their strings without touching each other's files.
 */
export function loadTranslations(): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const lang of readdirSync(localesDir, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    const merged: Record<string, unknown> = {};
    for (const file of readdirSync(path.join(localesDir, lang.name))
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      deepMerge(
        merged,
        JSON.parse(readFileSync(path.join(localesDir, lang.name, file), 'utf8')),
        `${lang.name}/${file}`,
      );
    }
    out[lang.name] = merged;
  }
  return out;
}

export async function createI18n(): Promise<I18n> {
  const translations = loadTranslations();
  const resources = Object.fromEntries(
    Object.entries(translations).map(([lang, translation]) => [lang, { translation }]),
  );
  const instance: i18n = i18next.createInstance();
  await instance.init({
    resources,
    fallbackLng: defaultLanguage,
    supportedLngs: Object.keys(resources),
    // Nunjucks escapes on output; escaping here too would double-escape.
    interpolation: { escapeValue: false },
    returnNull: false,
    showSupportNotice: false,
  } as Parameters<i18n['init']>[0]);
  const codes = Object.keys(resources).sort((a, b) =>
    a === defaultLanguage ? -1 : b === defaultLanguage ? 1 : a.localeCompare(b),
  );
  const languages = codes.map((code) => ({
    code,
    name: new Intl.DisplayNames([code], { type: 'language' }).of(code) ?? code,
    dir: instance.dir(code) as 'ltr' | 'rtl',
  }));
  const fixed = new Map(codes.map((c) => [c, remembered(instance.getFixedT(c))]));
  const isSupported = (code: string | undefined): code is string => !!code && fixed.has(code);
  const t = (lang: string) => fixed.get(lang) ?? (fixed.get(defaultLanguage) as TFunction);
  const marked = new Map<string, TFunction>();
  return {
    languages,
    isSupported,
    t,
    pageT(lang) {
      if (lang === defaultLanguage || !isSupported(lang)) return t(lang);
      let f = marked.get(lang);
      if (!f) {
        f = untranslatedMarked(instance, lang, t(lang));
        marked.set(lang, f);
      }
      return f;
    },
    dir: (lang) => instance.dir(lang) as 'ltr' | 'rtl',
    negotiate(header) {
      for (const part of (header ?? '').split(',')) {
        const code = part.split(';')[0]?.trim().toLowerCase().split('-')[0];
        if (isSupported(code)) return code;
      }
      return defaultLanguage;
    },
  };
}

/** How many plain strings each language remembers: far more than the app has keys, a bound all the same. */
const REMEMBERED = 20_000;

/**
 * `t` remembering each key asked for without options: the translations never change while the app
 * runs, and a page asks for hundreds of strings (Find support's render spent a fifth of its time in
 * i18next). Calls with values (interpolation, count, context) go to i18next each time.
 */
function remembered(t: TFunction): TFunction {
  const strings = new Map<string, string>();
  const wrapped = (key: unknown, ...rest: unknown[]) => {
    if (typeof key !== 'string' || rest.some((r) => r !== undefined))
      return (t as unknown as (...a: unknown[]) => unknown)(key, ...rest);
    let text = strings.get(key);
    if (text === undefined) {
      text = t(key) as string;
      if (strings.size < REMEMBERED) strings.set(key, text);
    }
    return text;
  };
  return Object.assign(wrapped, t) as unknown as TFunction;
}

/** i18next's own options, which are not values put into the string. */
const optionNames = new Set([
  'count',
  'context',
  'defaultValue',
  'lng',
  'lngs',
  'ns',
  'returnObjects',
  'ordinal',
]);
const pluralEnds = ['_zero', '_one', '_two', '_few', '_many', '_other'];

function untranslatedMarked(instance: i18n, lang: string, translate: TFunction): TFunction {
  // Both remembered per key (the translations never change while the app runs): a page asks for
  // hundreds of strings, most of them plain.
  const known = new Map<string, boolean>();
  const has = (key: string) => {
    let found = known.get(key);
    if (found === undefined) {
      found = [key, ...pluralEnds.map((e) => key + e)].some(
        (k) => instance.getResource(lang, 'translation', k) !== undefined,
      );
      if (known.size < REMEMBERED) known.set(key, found);
    }
    return found;
  };
  const plain = new Map<string, unknown>();
  const mark = (v: unknown): unknown =>
    typeof v === 'string'
      ? `${UNTRANSLATED.start}${v}${UNTRANSLATED.end}`
      : Array.isArray(v)
        ? v.map(mark)
        : v && typeof v === 'object'
          ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, mark(x)]))
          : v;
  // Values (a name, a date) are isolated in translated strings too: a name in Latin letters inside
  // an Arabic sentence is its own unit, and page-html.ts gives it its language.
  const f = (key: string | string[], options?: Record<string, unknown>) => {
    if (typeof key !== 'string') return translate(key as unknown as string, options as never);
    if (options === undefined) {
      let text = plain.get(key);
      if (text === undefined) {
        text = has(key) ? translate(key) : mark(translate(key));
        if (plain.size < REMEMBERED) plain.set(key, text);
      }
      return text;
    }
    // A string that nests another by a value ("$t(casework.domains.{{domain}})") needs the value as
    // it is: a marked value would name no key.
    const raw =
      instance.getResource(lang, 'translation', key) ??
      instance.getResource(defaultLanguage, 'translation', key);
    if (typeof raw === 'string' && raw.includes('$t(')) {
      const text = translate(key, options as never);
      return has(key) ? text : mark(text);
    }
    const values = Object.fromEntries(
      Object.entries(options ?? {}).map(([k, v]) => [
        k,
        typeof v === 'string' && !optionNames.has(k)
          ? `${UNTRANSLATED.valueStart}${v}${UNTRANSLATED.valueEnd}`
          : v,
      ]),
    );
    return has(key) ? translate(key, values as never) : mark(translate(key, values as never));
  };
  return f as unknown as TFunction;
}

let shared: Promise<I18n> | undefined;
/** The app's one set of translations, for pages and for messages services send (loaded once). */
export function platformI18n(): Promise<I18n> {
  shared ??= createI18n();
  return shared;
}
