/**
 * "Find support": the public directory a woman uses herself, with no sign-in. A GET search form
 * (words, need, place, filters), results with distance and opening times, and a page per service
 * with how to get help. Sets no cookie of its own (the search is a GET form: no CSRF token) and
 * never shows a withheld (refuge or safe-house) location: only its area.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from '../../platform/http/errors.ts';
import { anyQuery, idParams, queryValue, type ZodTypeProvider } from '../../platform/http/zod.ts';
import { type PageContext, type PageResult, publicPage } from './cache/pages.ts';
import { formTerms } from './forms.ts';
import type { Place, PlaceChoice, PlaceResult } from './geo/places.ts';
import { isEmailAddress, isWebLink } from './links.ts';
import { commonLanguages } from './routes.ts';
import { openingTime } from './search/schedule.ts';
import type { OpeningTime, SearchHit, SearchQuery } from './search.ts';
import type { DirectoryService, ServiceFull } from './service.ts';

export interface FindSupportDeps {
  /** Its reads find places (the imported ONS postcodes, then POSTCODES_API_URL) and search. */
  directory: DirectoryService;
}

const PER_PAGE = 10;
const yes = z
  .string()
  .optional()
  .transform((v) => v === 'yes');
const text = (max: number) =>
  z
    .string()
    .optional()
    .transform((v) => (v ?? '').trim().slice(0, max));
const needCodes = formTerms.need.map((t) => t.code);
const whoForCodes = formTerms.whoFor.map((t) => t.code).filter((c) => c !== 'women-only');

const searchSchema = z.object({
  q: text(200),
  need: text(60).transform((v) => (needCodes.includes(v) ? v : '')),
  place: text(100),
  womenOnly: yes,
  whoFor: text(60).transform((v) => (whoForCodes.includes(v) ? v : '')),
  language: text(3).transform((v) => (/^[a-z]{2,3}$/.test(v) ? v : '')),
  free: yes,
  dropIn: yes,
  openNow: yes,
  page: z.coerce.number().int().min(1).max(1000).catch(1).default(1),
});
type Search = z.output<typeof searchSchema>;

const METRES_PER_MILE = 1609.344;

type Translate = FastifyRequest['t'];

/** "Monday to Friday, 09:00 to 17:00" in her language. */
export function describeOpening(o: OpeningTime, t: Translate): { days: string; times: string | null } {
  const dayName = (d: string) => t(`findSupport.days.${d}`);
  let days: string;
  if (o.frequency === 'MONTHLY' && o.ordinals.length) {
    days = o.days
      .flatMap((d) =>
        o.ordinals.map((n) =>
          t('findSupport.opening.monthlyDay', { nth: t(`findSupport.ordinals.${n}`), day: dayName(d) }),
        ),
      )
      .join(t('findSupport.opening.separator'));
  } else if (o.frequency === 'MONTHLY' && o.monthDays.length) {
    days = t('findSupport.opening.monthDays', { days: o.monthDays.join(t('findSupport.opening.separator')) });
  } else if (o.days.length === 7) {
    days = t('findSupport.opening.everyDay');
  } else if (o.days.length >= 3 && isRun(o.days)) {
    days = t('findSupport.opening.range', {
      from: dayName(o.days[0]!),
      to: dayName(o.days[o.days.length - 1]!),
    });
  } else {
    days = o.days.map(dayName).join(t('findSupport.opening.separator'));
  }
  const times =
    o.opens && o.closes ? t('findSupport.opening.times', { opens: o.opens, closes: o.closes }) : null;
  return { days: days || o.description || '', times };
}

const order = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
function isRun(days: string[]): boolean {
  const idx = days.map((d) => order.indexOf(d));
  return idx.every((v, i) => i === 0 || v === idx[i - 1]! + 1);
}

function distanceText(metres: number | null, t: Translate): string | null {
  if (metres === null) return null;
  const miles = metres / METRES_PER_MILE;
  if (miles < 0.1) return t('findSupport.results.distanceClose');
  return t('findSupport.results.distance', {
    miles: miles < 10 ? miles.toFixed(1) : Math.round(miles).toString(),
  });
}

function searchQuery(s: Search, place: Place | null): SearchQuery {
  const terms = [s.need, s.whoFor].filter(Boolean);
  return {
    text: s.q || undefined,
    terms: terms.length ? terms : undefined,
    womenOnly: s.womenOnly || undefined,
    dropIn: s.dropIn || undefined,
    free: s.free || undefined,
    openNow: s.openNow || undefined,
    language: s.language || undefined,
    near: place ? { latitude: place.latitude, longitude: place.longitude } : undefined,
    // An area named: services that cover it. A postcode: nearest first, whatever their area.
    areaCode: place?.kind === 'area' && place.areaCode ? place.areaCode : undefined,
    // With a place, services for a whole nation are listed apart, as national (searchBeyond).
    coverage: place ? 'local' : undefined,
    page: s.page,
    perPage: PER_PAGE,
  };
}

/** The search's query string with one thing changed (a page number, a language). */
function queryString(s: Search, change: Record<string, string | number>): string {
  const p = new URLSearchParams();
  const all: Record<string, string | number | boolean> = { ...s, ...change };
  for (const [k, v] of Object.entries(all)) {
    if (v === false || v === '' || v === undefined) continue;
    if (k === 'page' && v === 1) continue;
    p.set(k, v === true ? 'yes' : String(v));
  }
  return `?${p.toString()}`;
}

/** A round number below `n` (n > 0): 289 -> 200, 47 -> 40, 7 -> 6. */
export function roundedBelow(n: number): number {
  const step = n > 100 ? 100 : n > 10 ? 10 : 1;
  return Math.floor((n - 1) / step) * step;
}

function paginationItems(current: number, total: number, href: (n: number) => string, exact = true) {
  // Without an exact total the last page is not known: pages run to the one after this.
  const last = exact ? total : Math.min(total, current + 1);
  const items: { number?: number; href?: string; current?: boolean; ellipsis?: boolean }[] = [];
  for (let n = 1; n <= last; n++) {
    if (n === 1 || n === last || Math.abs(n - current) <= 1)
      items.push({ number: n, href: href(n), current: n === current });
    else if (items.at(-1)?.ellipsis !== true) items.push({ ellipsis: true });
  }
  return items;
}

function resultView(hit: SearchHit, t: Translate) {
  const description = hit.description ?? '';
  return {
    id: hit.id,
    name: hit.name,
    organisation: hit.organization?.name ?? null,
    summary: description.length > 220 ? `${description.slice(0, 200).replace(/\s+\S*$/, '')}…` : description,
    distance: distanceText(hit.distanceMetres, t),
    areas: hit.areas.map((a) => a.name),
    opening: hit.openingTimes.map((o) => describeOpening(o, t)),
    openNow: hit.openNow,
    free: hit.free,
    womenOnly: hit.terms.some((x) => x.code === 'women-only'),
    dropIn: hit.terms.some((x) => x.code === 'drop-in'),
  };
}

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string | null => (typeof v === 'string' && v ? v : null);

/** What the service page shows; a withheld location gives only its area. */
function serviceView(s: ServiceFull, areaNames: Map<string, string>, lang: string, t: Translate) {
  const languageNames = new Intl.DisplayNames([lang], { type: 'language' });
  const locations = arr(s.service_at_locations)
    .map((sal) => sal.location as Json | undefined)
    .filter((l): l is Json => !!l);
  const places = locations.map((l) => {
    if (l.x_withheld === true) {
      const code = str(l.x_area_code);
      return { withheld: true, area: code ? (areaNames.get(code) ?? null) : null };
    }
    const a = arr(l.addresses)[0];
    const lines = a ? [a.address_1, a.address_2, a.city, a.postal_code].map(str).filter(Boolean) : [];
    return { withheld: false, name: str(l.name), lines };
  });
  const schedules = [
    ...arr(s.schedules),
    ...arr(s.service_at_locations).flatMap((sal) => arr(sal.schedules)),
  ];
  const terms = arr(s.attributes)
    .map((a) => a.taxonomy_term as Json | undefined)
    .filter((x): x is Json => !!x);
  const label = (term: Json) => {
    const code = str(term.code);
    const key = `findSupport.terms.${code}`;
    const translated = code ? t(key) : '';
    return translated && translated !== key ? translated : (str(term.name) ?? '');
  };
  const byTaxonomy = (codes: string[]) => terms.filter((x) => codes.includes(str(x.code) ?? '')).map(label);
  const costs = arr(s.cost_options);
  return {
    id: s.id,
    name: s.name,
    organisation: str((s.organization as Json | undefined)?.name),
    description: str(s.description),
    applicationProcess: str(s.application_process),
    phones: arr(s.phones)
      .map((p) => str(p.number))
      .filter(Boolean),
    // Only what may be a link: a stored address from before links.ts was checked is left out.
    email: str(s.email) && isEmailAddress(str(s.email)!) ? str(s.email) : null,
    url: str(s.url) && isWebLink(str(s.url)!) ? str(s.url) : null,
    places,
    areas: arr(s.service_areas)
      .map((a) => areaNames.get(str(a.extent) ?? '') ?? str(a.name))
      .filter(Boolean),
    opening: schedules.map((sc) => describeOpening(openingTime(sc as never), t)),
    languages: arr(s.languages)
      .map((l) => (str(l.code) ? (languageNames.of(str(l.code)!) ?? str(l.name)) : str(l.name)))
      .filter(Boolean),
    free: costs.some((c) => c.amount === 0 || /^free/i.test(str(c.option) ?? '')),
    costs: costs
      .filter((c) => !(c.amount === 0 || /^free/i.test(str(c.option) ?? '')))
      .map(
        (c) =>
          str(c.amount_description) ??
          str(c.option) ??
          (typeof c.amount === 'number' ? `£${c.amount}` : null),
      )
      .filter(Boolean),
    needs: byTaxonomy(formTerms.need.map((x) => x.code)),
    whoFor: byTaxonomy(formTerms.whoFor.map((x) => x.code)),
    delivery: byTaxonomy(formTerms.delivery.map((x) => x.code)),
  };
}

// The languages she can choose, named and sorted in the page's language: made once per language
// (naming and sorting them on every search took as long as the search itself).
const languageLists = new Map<string, { code: string; name: string }[]>();
function languageChoices(lang: string) {
  let list = languageLists.get(lang);
  if (!list) {
    const names = new Intl.DisplayNames([lang], { type: 'language' });
    const collator = new Intl.Collator(lang);
    list = commonLanguages
      .map((code) => ({ code, name: names.of(code) ?? code }))
      .sort((a, b) => collator.compare(a.name, b.name));
    languageLists.set(lang, list);
  }
  return list;
}

export async function findSupportRoutes(plugin: FastifyInstance, deps: FindSupportDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { directory } = deps;
  let areaNames: Map<string, string> | undefined;
  const areas = async () => {
    areaNames ??= new Map((await directory.localAreas()).map((a) => [a.code, a.name]));
    return areaNames;
  };

  // Pages for people not signed in are kept per URL, language and directory generation (cache/pages.ts).
  const { cache } = directory;
  app.get('/find-support', { schema: { querystring: anyQuery } }, async (req, reply) =>
    publicPage(req, reply, cache, { perMinute: true }, (page) => findSupportPage(req, reply, page)),
  );

  async function findSupportPage(
    req: FastifyRequest,
    reply: FastifyReply,
    page: PageContext,
  ): Promise<PageResult> {
    const render = (name: string, data: object) => reply.viewAsync(name, data);
    const s = searchSchema.parse(req.query);
    const form = {
      needs: formTerms.need.map((x) => x.code),
      whoFor: whoForCodes,
      languages: languageChoices(req.lang),
    };
    const searched = !!(
      s.q ||
      s.need ||
      s.place ||
      s.womenOnly ||
      s.whoFor ||
      s.language ||
      s.free ||
      s.dropIn ||
      s.openNow
    );
    const view = { values: s, form, searched };
    if (!searched) return render('directory/views/find-support.njk', view);

    let place: Place | null = null;
    let otherPlaces: { label: string; href: string }[] = [];
    if (s.place) {
      let found: PlaceResult | null = null;
      try {
        found = await directory.findPlace(s.place);
      } catch (err) {
        // The postcode service is unreachable (GeocoderUnavailableError): she can still search by town or area name.
        if ((err as { status?: number }).status !== 503) throw err;
        // Not kept: the next visitor should find the postcode service back.
        page.cacheable = false;
      }
      // Each choice searches the same words and filters in that place.
      const links = (choices: PlaceChoice[]) =>
        choices.map((c) => ({
          label: c.label,
          href: `/find-support${queryString(s, { place: c.query, page: 1 })}`,
        }));
      if (found?.kind === 'choices')
        return render('directory/views/find-support.njk', {
          ...view,
          placeChoices: links(found.choices),
        });
      if (found?.kind === 'outside')
        return render('directory/views/find-support.njk', { ...view, placeOutside: found.name });
      if (found?.kind !== 'found')
        return render('directory/views/find-support.njk', {
          ...view,
          errors: {
            place: found ? 'findSupport.errors.placeUnknown' : 'findSupport.errors.placeUnavailable',
          },
        });
      place = found.place;
      otherPlaces = links(found.others);
    }
    const results = await directory.search(searchQuery(s, place), { generation: page.generation });
    const href = (n: number) => `/find-support${queryString(s, { page: n })}`;
    // A page past the end ("23 services found" above an empty list): her last page, the search kept.
    if (s.page > 1 && !results.items.length)
      return reply.redirect(href(results.total ? results.totalPages : 1), 303);
    // Beyond her area, on the first page: the nearest services of that need when her area has
    // none, and the services for all of her nation (national helplines).
    const beyond =
      place && results.page === 1
        ? await directory.searchBeyond(
            { ...searchQuery(s, place), areaCode: place.areaCode ?? undefined },
            // The words as her main search read them: corrected once, not looked up again.
            { nearest: results.total === 0, words: results.query, generation: page.generation },
          )
        : null;
    const resultItems = (hits: SearchHit[]) => hits.map((hit) => resultView(hit, req.t));
    return render('directory/views/find-support.njk', {
      ...view,
      place,
      otherPlaces,
      beyond: beyond && {
        nearest: resultItems(beyond.nearest),
        nationwide: resultItems(beyond.nationwide),
        nation: place?.areaCode?.startsWith('W') ? 'wales' : 'england',
      },
      results: {
        total: results.total,
        // A broad search counts only so far (search/window.ts): "more than 200 services".
        exact: results.totalExact,
        moreThan: results.totalExact ? null : roundedBelow(results.total),
        page: results.page,
        totalPages: results.totalPages,
        matched: results.matched,
        // What was searched, in the words (and language) she used: "Services for “سكن”".
        searchedFor: results.query.understood.map((u) => u.shown).join(' '),
        corrected: results.query.understood.some((u) => u.corrected),
        first: results.total ? (results.page - 1) * results.perPage + 1 : 0,
        last: (results.page - 1) * results.perPage + results.items.length,
        items: results.items.map((hit) => resultView(hit, req.t)),
        previous: results.page > 1 ? href(results.page - 1) : null,
        next: results.page < results.totalPages ? href(results.page + 1) : null,
        pages:
          results.totalPages > 1
            ? paginationItems(results.page, results.totalPages, href, results.totalExact)
            : [],
      },
      backQuery: queryString(s, {}),
    });
  }

  const serviceQuery = z.object({ back: queryValue });
  app.get(
    '/find-support/services/:id',
    { schema: { params: idParams, querystring: serviceQuery } },
    async (req, reply) =>
      publicPage(req, reply, cache, {}, async () => {
        const service = await directory.getService(req.params.id);
        if (service.status === 'defunct') throw new NotFoundError();
        const { back } = req.query;
        return reply.viewAsync('directory/views/find-support-service.njk', {
          service: serviceView(service, await areas(), req.lang, req.t),
          // Back to her results: only a search on this page, nothing else.
          backHref:
            typeof back === 'string' && /^\?[^\s<>"]*$/.test(back) ? `/find-support${back}` : '/find-support',
        });
      }),
  );
}
