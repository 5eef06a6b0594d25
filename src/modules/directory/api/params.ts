/**
 * Query parameters of the Open Referral UK API: parsed strictly, so a bad value is a 400 that names
 * the parameter (never a 500 from a database cast).
 */

import { isUuid } from '../../../platform/http/zod.ts';
import type { SearchQuery, Weekday } from '../search.ts';

const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;
const dayNames: Record<string, Weekday> = {
  mo: 'MO',
  mon: 'MO',
  monday: 'MO',
  tu: 'TU',
  tue: 'TU',
  tuesday: 'TU',
  we: 'WE',
  wed: 'WE',
  wednesday: 'WE',
  th: 'TH',
  thu: 'TH',
  thursday: 'TH',
  fr: 'FR',
  fri: 'FR',
  friday: 'FR',
  sa: 'SA',
  sat: 'SA',
  saturday: 'SA',
  su: 'SU',
  sun: 'SU',
  sunday: 'SU',
};

export const MAX_PER_PAGE = 1000;
export const DEFAULT_PER_PAGE = 50;

export interface ParamError {
  name: string;
  reason: string;
}

export class BadParameters extends Error {
  constructor(readonly errors: ParamError[]) {
    super('Bad parameters');
  }
}

type Raw = Record<string, unknown>;

/**
 * Clients send `?&page=2`, `?search=&page=2` and `?page=&page=2`: an empty value is as if it were
 * not there, so each of those answers like `?page=2`.
 */
function withoutEmpty(raw: Raw): Raw {
  const out: Raw = {};
  for (const [name, v] of Object.entries(raw)) {
    if (name === '') continue;
    const values = (Array.isArray(v) ? v : [v]).filter((x) => x !== undefined && String(x).trim() !== '');
    if (values.length) out[name] = values.length === 1 ? values[0] : values;
  }
  return out;
}

class Reader {
  readonly errors: ParamError[] = [];
  private readonly raw: Raw;
  constructor(raw: Raw) {
    this.raw = withoutEmpty(raw);
  }

  /** One value of a single-valued parameter, trimmed; undefined when absent or empty. */
  one(name: string): string | undefined {
    const v = this.raw[name];
    if (v === undefined) return undefined;
    if (Array.isArray(v)) {
      this.errors.push({ name, reason: 'give this parameter once' });
      return undefined;
    }
    const s = String(v).trim();
    return s === '' ? undefined : s;
  }

  /** Every value of a parameter given repeatedly or comma-separated. */
  many(name: string): string[] {
    const v = this.raw[name];
    if (v === undefined) return [];
    const list = Array.isArray(v) ? v : [v];
    return list
      .flatMap((x) => String(x).split(','))
      .map((x) => x.trim())
      .filter(Boolean);
  }

  int(name: string, min: number, max: number): number | undefined {
    const s = this.one(name);
    if (s === undefined) return undefined;
    if (!/^\d+$/.test(s) || Number(s) < min || Number(s) > max) {
      this.errors.push({ name, reason: `must be a whole number from ${min} to ${max}` });
      return undefined;
    }
    return Number(s);
  }

  number(name: string, min: number, max: number): number | undefined {
    const s = this.one(name);
    if (s === undefined) return undefined;
    const n = Number(s);
    if (!/^-?\d+(\.\d+)?$/.test(s) || n < min || n > max) {
      this.errors.push({ name, reason: `must be a number from ${min} to ${max}` });
      return undefined;
    }
    return n;
  }

  uuid(name: string): string | undefined {
    const s = this.one(name);
    if (s === undefined) return undefined;
    if (!isUuid(s)) {
      this.errors.push({ name, reason: 'must be a UUID' });
      return undefined;
    }
    return s.toLowerCase();
  }

  uuids(name: string): string[] {
    const list = this.many(name);
    const bad = list.filter((x) => !isUuid(x));
    if (bad.length) this.errors.push({ name, reason: 'must be a UUID (or several, comma-separated)' });
    return list.filter(isUuid).map((x) => x.toLowerCase());
  }

  dateTime(name: string): Date | undefined {
    const s = this.one(name);
    if (s === undefined) return undefined;
    const d = new Date(s.length === 10 ? `${s}T00:00:00Z` : s);
    if (!DATE_TIME.test(s) || Number.isNaN(d.getTime())) {
      this.errors.push({ name, reason: 'must be a date or date-time (ISO 8601, e.g. 2026-01-31T09:00:00Z)' });
      return undefined;
    }
    return d;
  }

  time(name: string): string | undefined {
    const s = this.one(name);
    if (s === undefined) return undefined;
    if (!TIME.test(s)) {
      this.errors.push({ name, reason: 'must be a time HH:MM or HH:MM:SS' });
      return undefined;
    }
    return s;
  }

  day(name: string): Weekday | undefined {
    const s = this.one(name);
    if (s === undefined) return undefined;
    const d = dayNames[s.toLowerCase()];
    if (!d)
      this.errors.push({ name, reason: 'must be a day: MO, TU, WE, TH, FR, SA, SU (or its English name)' });
    return d;
  }

  bool(name: string): boolean | undefined {
    const s = this.one(name)?.toLowerCase();
    if (s === undefined) return undefined;
    if (s === 'true' || s === '1') return true;
    if (s === 'false' || s === '0') return false;
    this.errors.push({ name, reason: 'must be true or false' });
    return undefined;
  }

  text(name: string, max: number): string | undefined {
    const s = this.one(name);
    if (s !== undefined && s.length > max) {
      this.errors.push({ name, reason: `must be at most ${max} characters` });
      return undefined;
    }
    return s;
  }

  done(): void {
    if (this.errors.length) throw new BadParameters(this.errors);
  }
}

export interface Paging {
  page: number;
  perPage: number;
}

export function parsePaging(raw: Raw): Paging {
  const r = new Reader(raw);
  const page = r.int('page', 1, 1_000_000) ?? 1;
  const perPage = r.int('per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  r.done();
  return { page, perPage };
}

export interface ListParams extends Paging {
  query: SearchQuery;
  /** The postcode to geocode (the caller fills in `query.near` and `query.areaCode`). */
  postcode?: string;
  proximity?: number;
}

/** The filters of /services and /service_at_locations (AND semantics: every one given must hold). */
export function parseListParams(raw: Raw): ListParams {
  const r = new Reader(raw);
  const page = r.int('page', 1, 1_000_000) ?? 1;
  const perPage = r.int('per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const search = r.text('search', 200);
  const termIds = r.uuids('taxonomy_term_id');
  const taxonomyIds = r.uuids('taxonomy_id');
  const organizationId = r.uuid('organization_id');
  const modifiedAfter = r.dateTime('modified_after');
  const minimumAge = r.number('minimum_age', 0, 150);
  const maximumAge = r.number('maximum_age', 0, 150);
  const day = r.day('day');
  const startTime = r.time('start_time');
  const endTime = r.time('end_time');
  const postcode = r.text('postcode', 20);
  const proximity = r.number('proximity', 1, 2_000_000);
  if (proximity !== undefined && postcode === undefined)
    r.errors.push({ name: 'proximity', reason: 'needs a postcode to measure from' });
  r.done();
  const query: SearchQuery = {
    text: search,
    terms: termIds.length ? termIds : undefined,
    taxonomyIds: taxonomyIds.length ? taxonomyIds : undefined,
    organizationId,
    modifiedAfter,
    minimumAge,
    maximumAge,
    schedule: day || startTime || endTime ? { day, startTime, endTime } : undefined,
    statuses: 'any',
    order: search || postcode ? 'relevance' : 'name',
    page,
    perPage,
  };
  return { page, perPage, query, postcode, proximity };
}

export function parseTermListParams(raw: Raw): Paging & { taxonomyId?: string; parentId?: string } {
  const r = new Reader(raw);
  const page = r.int('page', 1, 1_000_000) ?? 1;
  const perPage = r.int('per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const taxonomyId = r.uuid('taxonomy_id');
  const parentId = r.uuid('parent_id');
  r.done();
  return { page, perPage, taxonomyId, parentId };
}

export function parseOrganizationListParams(raw: Raw): Paging & { search?: string } {
  const r = new Reader(raw);
  const page = r.int('page', 1, 1_000_000) ?? 1;
  const perPage = r.int('per_page', 1, MAX_PER_PAGE) ?? DEFAULT_PER_PAGE;
  const search = r.text('search', 200);
  r.done();
  return { page, perPage, search };
}

/** A true/false parameter such as `full` or `full_service` (false when absent). */
export function parseFlag(raw: Raw, name: string): boolean {
  const r = new Reader(raw);
  const flag = r.bool(name) ?? false;
  r.done();
  return flag;
}

/** The filters a whole-feed answer honours (it is read in id order, not ranked). */
const streamFilters = new Set(['format', 'minimal', 'full', 'modified_after', 'organization_id']);

export interface FeedParams {
  /** `format=ndjson`: one JSON object a line; otherwise a JSON page (or, minimal, one JSON array). */
  ndjson: boolean;
  /** `minimal=true`: each service's id and modified date only. */
  minimal: boolean;
  /** `full=true`: each service fully nested. */
  full: boolean;
  modifiedAfter?: Date;
  organizationId?: string;
}

/**
 * `format`, `minimal` and `full` of /services. Returns null for a plain page; the whole feed
 * (ndjson or minimal) takes only the filters it can apply while streaming, and says so for others.
 */
export function parseFeedParams(raw: Raw): FeedParams | null {
  const r = new Reader(raw);
  const format = r.one('format')?.toLowerCase();
  if (format !== undefined && format !== 'json' && format !== 'ndjson')
    r.errors.push({ name: 'format', reason: 'must be json or ndjson' });
  const minimal = r.bool('minimal') ?? false;
  const full = r.bool('full') ?? false;
  const ndjson = format === 'ndjson';
  if (!ndjson && !minimal) {
    r.done();
    return null;
  }
  for (const name of Object.keys(withoutEmpty(raw)))
    if (!streamFilters.has(name))
      r.errors.push({ name, reason: 'not available with format=ndjson or minimal=true (the whole feed)' });
  const modifiedAfter = r.dateTime('modified_after');
  const organizationId = r.uuid('organization_id');
  r.done();
  return { ndjson, minimal, full, modifiedAfter, organizationId };
}
