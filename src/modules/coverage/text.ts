/**
 * The coverage figures in words (Mapping the Maze's own: "In only 19 areas of England and Wales (out
 * of 173) are there services for women that address all of ..."), shared by the pages and every
 * export so that they always say the same thing.
 */
import type { Headline, MapClass, Selection } from './model.ts';

export type Translate = (key: string, values?: Record<string, unknown>) => string;

const locale = (lang: string) => (lang === 'en' ? 'en-GB' : lang);

export function listOf(items: readonly string[], lang: string, type: 'conjunction' | 'disjunction'): string {
  return new Intl.ListFormat(locale(lang), { style: 'long', type }).format(items);
}

export const termName = (code: string, t: Translate) => t(`coverage.terms.${code}`);

/** What is counted, e.g. "services for refugee and asylum-seeking women, offered as drop-in or outreach". */
export function whatPhrase(s: Selection, t: Translate, lang: string): string {
  const base = s.group
    ? t(`coverage.what.${s.women}Group`, { group: t(`coverage.groupPhrase.${s.group}`) })
    : t(`coverage.what.${s.women}`);
  if (!s.delivery.length) return base;
  const ways = listOf(
    s.delivery.map((d) => termName(d, t).toLowerCase()),
    lang,
    'disjunction',
  );
  return t('coverage.what.delivered', { what: base, ways });
}

export const domainList = (s: Selection, t: Translate, lang: string) =>
  listOf(
    s.domains.map((d) => termName(d, t)),
    lang,
    'conjunction',
  );

export interface HeadlineText {
  all: string;
  some: string;
  perDomain: string[];
  services: string;
}

export function headlineText(h: Headline, s: Selection, t: Translate, lang: string): HeadlineText {
  const what = whatPhrase(s, t, lang);
  const domains = domainList(s, t, lang);
  const fmt = (n: number) => new Intl.NumberFormat(locale(lang)).format(n);
  return {
    all: t(s.domains.length === 1 ? 'coverage.headline.allSingle' : 'coverage.headline.all', {
      count: h.allDomains,
      total: h.totalAreas,
      what,
      domains,
    }),
    some:
      h.none === h.totalAreas
        ? t('coverage.headline.none', { what })
        : h.none === 0
          ? t('coverage.headline.allButNone', { what })
          : t('coverage.headline.allBut', { count: h.none, what }),
    perDomain: h.perDomain.map((d) =>
      t('coverage.headline.perDomain', {
        domain: termName(d.domain, t),
        count: d.areas,
        total: h.totalAreas,
        percent: new Intl.NumberFormat(locale(lang), { maximumFractionDigits: 1 }).format(d.percent),
      }),
    ),
    services: t('coverage.headline.services', { count: h.services, formatted: fmt(h.services) }),
  };
}

/** Legend labels for the map's classes. */
export function classLabels(classes: readonly MapClass[], domainCount: number, t: Translate): string[] {
  return classes.map((c) => {
    if (c.from === 0 && c.to === 0) return t('coverage.map.classNone');
    if (c.from === domainCount)
      return domainCount === 1
        ? t('coverage.map.classAllOne')
        : t('coverage.map.classAll', { count: domainCount });
    if (c.from === c.to) return t('coverage.map.classOne', { count: c.from });
    return t('coverage.map.classRange', { from: c.from, to: c.to });
  });
}
