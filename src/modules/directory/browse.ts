import { z } from 'zod';
import { pageNumber, queryValue } from '../../platform/http/zod.ts';
import type { LocalArea } from './coverage/query.ts';
import { formTerms } from './forms.ts';
import type { SearchQuery, SearchResults } from './search/types.ts';

/**
 * Staff search of the whole directory (every organisation's services, `/directory`), and the same
 * search where casework picks the service a referral goes to: words, area, need and "uses
 * Wayfinder" (run by an organisation of the partnership, so the referral is answered in its
 * inbox). One query schema, one mapping to the directory search, one form (views/_browse.njk).
 */
export const browseQuery = z.object({
  q: queryValue,
  area: queryValue,
  need: queryValue,
  wayfinder: queryValue,
  page: pageNumber,
});
export type BrowseQuery = z.output<typeof browseQuery>;

/** `area` is an ONS code, ALL_AREAS, or absent (then the caller's default, e.g. her home area). */
export const ALL_AREAS = 'all';
export const PER_PAGE = 20;

export interface BrowseFilters {
  q: string;
  /** ONS code, or '' for every area. */
  area: string;
  /** A shipped need code, or ''. */
  need: string;
  wayfinder: boolean;
  page: number;
}

const needCodes = new Set(formTerms.need.map((t) => t.code));

/** What was asked, each value checked (an unknown area or need is dropped, not an error). */
export function browseFilters(
  query: BrowseQuery,
  areas: readonly LocalArea[],
  defaultArea: string | null = null,
): BrowseFilters {
  const known = (code: string | null | undefined) => (code && areas.some((a) => a.code === code) ? code : '');
  const area =
    query.area === undefined ? known(defaultArea) : query.area === ALL_AREAS ? '' : known(query.area);
  const need = query.need && needCodes.has(query.need) ? query.need : '';
  return {
    q: (query.q ?? '').trim().slice(0, 200),
    area,
    need,
    wayfinder: query.wayfinder === 'yes',
    page: query.page,
  };
}

/** The directory search for these filters: active services, best match first (or by name without words). */
export const browseSearch = (f: BrowseFilters): SearchQuery => ({
  ...(f.q ? { text: f.q } : { order: 'name' as const }),
  ...(f.area ? { areaCode: f.area } : {}),
  ...(f.need ? { terms: [f.need] } : {}),
  ...(f.wayfinder ? { onPlatform: true } : {}),
  page: f.page,
  perPage: PER_PAGE,
});

/** Links to the other pages of results, keeping every filter (`base` is the page's path with its own query). */
export function browsePages(base: string, f: BrowseFilters, results: SearchResults) {
  const sep = base.includes('?') ? '&' : '?';
  const params = (page: number) => {
    const p = new URLSearchParams();
    if (f.q) p.set('q', f.q);
    p.set('area', f.area || ALL_AREAS);
    if (f.need) p.set('need', f.need);
    if (f.wayfinder) p.set('wayfinder', 'yes');
    p.set('page', String(page));
    return `${base}${sep}${p.toString()}`;
  };
  return {
    previous: f.page > 1 ? params(f.page - 1) : null,
    next: f.page < results.totalPages ? params(f.page + 1) : null,
  };
}

/** The form's choices: areas by name and the shipped needs (labels translated in the template). */
export const browseOptions = (areas: readonly LocalArea[]) => ({
  areas: [...areas].sort((a, b) => a.name.localeCompare(b.name)).map((a) => ({ code: a.code, name: a.name })),
  needs: formTerms.need.map((t) => t.code),
});
