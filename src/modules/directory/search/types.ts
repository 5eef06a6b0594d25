import type { ServiceStatus } from '../schema.ts';
import type { OpeningTime, Weekday } from './schedule.ts';
import type { ExpandedQuery } from './text.ts';

/** What a directory search asks and answers (search.ts describes the rules). */
export interface SearchQuery {
  /** Words as typed, misspellings and all, e.g. "domestik abuse". */
  text?: string;
  /** Taxonomy term ids (UUID) or shipped term codes ('mental-health', 'refugees-asylum-seekers'); all required. */
  terms?: string[];
  /** Taxonomy ids: the service carries some term of each. */
  taxonomyIds?: string[];
  womenOnly?: boolean;
  dropIn?: boolean;
  free?: boolean;
  /** A language spoken: ISO 639 code ("ar") or English name ("Arabic"). */
  language?: string;
  /** Only services with a schedule open at `now` (Europe/London). */
  openNow?: boolean;
  /** The instant "open now" and `openNow` in results refer to (default: the current time). */
  now?: Date;
  /** ONS code of a local authority area (local_areas.code), e.g. "E08000035". */
  areaCode?: string;
  /**
   * With `areaCode`: also keep services that name no area at all (the ORUK `postcode` rule: a service
   * area, when given, must cover the place). Default false: the service must cover or be in the area.
   */
  includeServicesWithoutArea?: boolean;
  /**
   * 'local': leave out services covering a whole nation (Find support lists them apart); with
   * `areaCode`, only services serving that area itself or located in it. 'nationwide': only services
   * covering a whole nation (all of England, all of Wales, England and Wales, Great Britain or the
   * UK); with `areaCode`, one containing that area, which is then not otherwise required.
   */
  coverage?: 'local' | 'nationwide';
  /** A point to measure distance from; `withinMetres` keeps only services that close. */
  near?: { latitude: number; longitude: number; withinMetres?: number };
  organizationId?: string;
  /** Only services run by an active organisation of the partnership ("uses Wayfinder"). */
  onPlatform?: boolean;
  /** last_modified on or after. */
  modifiedAfter?: Date;
  minimumAge?: number;
  maximumAge?: number;
  schedule?: { day?: Weekday; startTime?: string; endTime?: string };
  /** Default ['active']; 'any' for every status. */
  statuses?: ServiceStatus[] | 'any';
  /** 'relevance' (default) or 'name' (alphabetical, as a feed lists). Distance still breaks ties. */
  order?: 'relevance' | 'name';
  page?: number;
  perPage?: number;
}

export interface PublicLocation {
  id: string;
  name: string | null;
  latitude: number | null;
  longitude: number | null;
  /** ONS code of its local authority area, when known. */
  areaCode: string | null;
  address: { address_1: string; address_2: string | null; city: string; postal_code: string } | null;
  /** Metres from `near`, when given and the location has coordinates. */
  distanceMetres: number | null;
}

export interface SearchHit {
  id: string;
  name: string;
  description: string | null;
  status: ServiceStatus;
  url: string | null;
  email: string | null;
  phones: string[];
  /** `onPlatform`: an active organisation of the partnership, which answers referrals in Wayfinder. */
  organization: { id: string; name: string; onPlatform: boolean } | null;
  /** The relevance score used for ranking (0 when there were no words). */
  relevance: number;
  /** Metres from `near` to the nearest public location; null without `near` or without one. */
  distanceMetres: number | null;
  /** Public locations, nearest first (never a withheld one). */
  locations: PublicLocation[];
  /** True when the service also has a withheld location (a refuge): its area is in `areas`, nothing else. */
  hasWithheldLocation: boolean;
  /** Local authority areas served (service areas and withheld locations' areas), by name. */
  areas: { code: string; name: string }[];
  terms: { id: string; code: string | null; name: string; taxonomyId: string | null }[];
  languages: { code: string | null; name: string | null }[];
  free: boolean;
  openingTimes: OpeningTime[];
  /** Open at `now` (Europe/London) by one of its schedules. */
  openNow: boolean;
}

export interface SearchResults {
  /** How many services match; with `totalExact` false, how many certainly do (there are more). */
  total: number;
  totalExact: boolean;
  page: number;
  perPage: number;
  totalPages: number;
  /** 'all': every word matched; 'any': nothing matched them all, these match some; 'none': no words given. */
  matched: 'all' | 'any' | 'none';
  /** The words searched, with corrections ("mentel" -> ["mental"]) and the words left out. */
  query: ExpandedQuery;
  items: SearchHit[];
}

export interface SearchOptions {
  /** Answer broad searches from the services an index reaches first (search/window.ts). Default true. */
  quick?: boolean;
  /** How many services that walk reads (default WINDOW_SIZE); tests make it small. */
  windowSize?: number;
  /**
   * The words already expanded (spelling corrected, Arabic read) by the search this one accompanies:
   * Find support's national services search the words of her main search, without a second lookup.
   */
  words?: ExpandedQuery;
  /**
   * The ORUK list's total, counted once for a query whatever the page asked (a client pages through
   * one search; counting 12,000 matches is most of a page's time): given the count, the total, e.g.
   * kept in the directory's cache (reads.ts). Without it, every page counts.
   */
  rememberTotal?: (count: () => Promise<number>) => Promise<number>;
}
