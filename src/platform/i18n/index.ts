import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import i18next, { type i18n, type TFunction } from 'i18next';

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
  dir(lang: string): 'ltr' | 'rtl';
  /** Picks a supported language from an Accept-Language header, or English. */
  negotiate(acceptLanguage: string | undefined): string;
}

export async function createI18n(): Promise<I18n> {
  const files = readdirSync(localesDir).filter((f) => f.endsWith('.json'));
  const resources = Object.fromEntries(
    files.map((f) => [
      path.basename(f, '.json'),
      { translation: JSON.parse(readFileSync(path.join(localesDir, f), 'utf8')) },
    ]),
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
  const fixed = new Map(codes.map((c) => [c, instance.getFixedT(c)]));
  const isSupported = (code: string | undefined): code is string => !!code && fixed.has(code);
  return {
    languages,
    isSupported,
    t: (lang) => fixed.get(lang) ?? (fixed.get(defaultLanguage) as TFunction),
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
