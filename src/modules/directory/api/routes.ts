/**
 * The public Open Referral UK 3.0 API, registered at /api/oruk: the nine paths of the profile, its
 * page shape and filters, CORS for any origin, no key, no cookies read, a generous rate limit per
 * address. Bad parameters are a 400 and unknown ids a 404, both application/problem+json.
 * GET /api/oruk/openapi.json serves the ORUK 3.0 OpenAPI document with this host as its server.
 */
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { problem } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/http/zod.ts';
import { errorForLog } from '../../../platform/logging.ts';
import { cacheKey } from '../cache/results.ts';
import { GeocoderUnavailableError } from '../geo/geocoder.ts';
import { postcodeShape } from '../geo/resolve.ts';
import type { DirectoryReads } from '../reads.ts';
import { pageOf } from '../service.ts';
import { ORUK_PREFIX } from './canonical.ts';
import {
  BadParameters,
  type FeedParams,
  type ListParams,
  parseFeedParams,
  parseFlag,
  parseListParams,
  parseOrganizationListParams,
  parsePaging,
  parseTermListParams,
} from './params.ts';

export { ORUK_PREFIX };
/** The profile this API follows: the ORUK 3.0 profile's own documentation (api_details' example). */
export const ORUK_PROFILE_URL = 'https://github.com/OpenReferralUK/uk-profile/blob/main/docs/index.md';
/** What the official validator reads from `GET /` (it strips "HSDS-UK-" and expects 3.0). */
export const ORUK_VERSION = 'HSDS-UK-3.0';

export interface OrukApiDeps {
  /** The directory's reads: ranking, the ORUK shapes and postcodes. */
  directory: Pick<DirectoryReads, 'rankServices' | 'rankServiceAtLocations' | 'oruk' | 'findPlace' | 'cache'>;
  /** Public address of the app (PUBLIC_BASE_URL), for the OpenAPI document's server and `openapi_url`. */
  publicBaseUrl: string;
  /** Requests a minute allowed from one address (API_RATE_LIMIT_PER_MINUTE). */
  rateLimitPerMinute: number;
}

const openapiFile = new URL('./oruk3-openapi.json', import.meta.url);

/** The ORUK 3.0 OpenAPI document, pointed at this server, with the filters this API also takes. */
export function openapiDocument(publicBaseUrl: string): Record<string, unknown> {
  const doc = JSON.parse(readFileSync(openapiFile, 'utf8')) as {
    servers?: unknown;
    info: Record<string, unknown>;
    paths: Record<string, Record<string, { parameters?: { $ref?: string }[] }>>;
  };
  doc.servers = [
    { url: `${publicBaseUrl.replace(/\/+$/, '')}${ORUK_PREFIX}`, description: 'This Wayfinder' },
  ];
  // The profile defines these parameters; this API takes them on both list paths.
  const extra = ['organization_id', 'modified_after', 'postcode', 'proximity'];
  for (const path of ['/services', '/service_at_locations']) {
    const op = doc.paths[path]?.get;
    if (!op) continue;
    const parameters = op.parameters ?? [];
    const have = new Set(parameters.map((p) => p.$ref));
    for (const name of extra) {
      const ref = `#/components/parameters/${name}`;
      if (!have.has(ref)) parameters.push({ $ref: ref });
    }
    op.parameters = parameters;
  }
  return doc;
}

function badRequest(reply: FastifyReply, errors: { name: string; reason: string }[]) {
  return reply
    .code(400)
    .type('application/problem+json')
    .send(problem(400, 'Bad request', errors.map((e) => `${e.name}: ${e.reason}`).join('; '), errors));
}

function notFound(reply: FastifyReply, what: string) {
  return reply
    .code(404)
    .type('application/problem+json')
    .send(problem(404, 'Not found', `No ${what} with that id`));
}

export async function orukApiRoutes(app: FastifyInstance, deps: OrukApiDeps): Promise<void> {
  const { directory } = deps;
  const { oruk } = directory;
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const openapi = JSON.stringify(openapiDocument(base));

  // Any origin may read the feed; nothing here depends on cookies or credentials. The feed is the
  // same for everyone, so caches may keep it a minute: platform/http/web.ts keeps that only for an
  // anonymous 200 that sets no cookie, and makes everything else no-store.
  app.addHook('onRequest', async (req, reply) => {
    reply.header('access-control-allow-origin', '*');
    reply.header('cross-origin-resource-policy', 'cross-origin');
    if (req.method === 'GET' || req.method === 'HEAD') reply.header('cache-control', 'public, max-age=60');
  });
  // One allowance per address for the whole API (one store for every path); the error is thrown to
  // the error handler below, which answers with a problem.
  app.addHook(
    'onRequest',
    app.rateLimit({
      max: deps.rateLimitPerMinute,
      timeWindow: '1 minute',
      errorResponseBuilder: () => Object.assign(new Error('Too many requests'), { statusCode: 429 }),
    }),
  );
  app.setErrorHandler((err: Error & { statusCode?: number; status?: number; code?: string }, req, reply) => {
    if (err instanceof BadParameters) return badRequest(reply, err.errors);
    if (err instanceof GeocoderUnavailableError)
      return reply
        .code(503)
        .type('application/problem+json')
        .send(
          problem(503, 'Service unavailable', 'The postcode service could not be reached; try again soon'),
        );
    const status = err.statusCode ?? err.status ?? 500;
    if (status >= 500) req.log.error({ err: errorForLog(err) }, 'ORUK API request failed');
    const title =
      status === 429 ? 'Too many requests' : status >= 500 ? 'Internal server error' : 'Bad request';
    return reply.code(status).type('application/problem+json').send(problem(status, title));
  });
  app.setNotFoundHandler((_req, reply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send(problem(404, 'Not found', 'No such path in this API')),
  );

  // Every API route reads its path and query through this schema; each parses the query itself,
  // answering bad values with problem+json.
  type ApiRoute = { Params: { id?: string }; Querystring: Record<string, unknown> };
  const apiSchema = {
    params: z.object({ id: z.string().optional() }),
    querystring: z.record(z.string(), z.unknown()),
  };
  const route = (
    path: string,
    handler: (req: FastifyRequest<ApiRoute>, reply: FastifyReply) => Promise<unknown>,
  ) => app.get<ApiRoute>(path, { schema: apiSchema }, handler);

  app.options('/*', async (_req, reply) =>
    reply
      .code(204)
      .header('access-control-allow-methods', 'GET, OPTIONS')
      .header('access-control-allow-headers', '*')
      .header('access-control-max-age', '86400')
      .send(),
  );

  route('/', async () => ({
    version: ORUK_VERSION,
    profile: ORUK_PROFILE_URL,
    openapi_url: `${base}${ORUK_PREFIX}/openapi.json`,
  }));

  route('/openapi.json', async (_req, reply) => reply.type('application/json').send(openapi));

  /** Geocodes `postcode` into the query (coverage of its area, distance from it, `proximity`). */
  async function withPlace(
    params: ListParams,
  ): Promise<ListParams | { errors: { name: string; reason: string }[] }> {
    if (!params.postcode) return params;
    // A full postcode or an outward code ("LS1"), through the same resolver as Find support.
    if (!postcodeShape(params.postcode))
      return { errors: [{ name: 'postcode', reason: 'must be a UK postcode or outward code' }] };
    const found = await directory.findPlace(params.postcode);
    if (found.kind === 'outside')
      return {
        errors: [
          { name: 'postcode', reason: 'outside England and Wales; Wayfinder lists services there only' },
        ],
      };
    if (found.kind !== 'found') return { errors: [{ name: 'postcode', reason: 'postcode not found' }] };
    const { place } = found;
    params.query.near = {
      latitude: place.latitude,
      longitude: place.longitude,
      withinMetres: params.proximity,
    };
    if (place.areaCode) {
      params.query.areaCode = place.areaCode;
      params.query.includeServicesWithoutArea = true;
    }
    return params;
  }

  route('/services', async (req, reply) => {
    const feed = parseFeedParams(req.query);
    if (feed) return sendFeed(reply, feed);
    const params = await withPlace(parseListParams(req.query));
    if ('errors' in params) return badRequest(reply, params.errors);
    // `full=true`: each service fully nested, as /services/{id} serves it.
    const full = parseFlag(req.query, 'full');
    const { cache } = directory;
    const generation = await cache.generation();
    const page = async () => {
      const ranked = await directory.rankServices(params.query, { generation });
      const ids = ranked.ids.map((r) => r.id);
      const items = full ? await oruk.servicesFull(ids) : await oruk.serviceListItems(ids);
      return JSON.stringify(pageOf(items, ranked.total, params.page, params.perPage));
    };
    // A search's page (ranking every match is the costly part), as parsed (a postcode already a
    // point), is kept as the JSON text it is sent as, under the directory's generation
    // (cache/results.ts): asked again, it is not ranked again until the directory changes. A
    // crawler's plain pages are not kept: each is asked once, and would push searches out.
    const key = cacheKey({ query: params.query, page: params.page, perPage: params.perPage, full });
    const body = params.query.text
      ? await cache.remember(generation, `oruk-services\u0000${key}`, page, (text) => text.length)
      : await page();
    return reply.type('application/json; charset=utf-8').send(body);
  });

  /**
   * The whole feed in one answer: ndjson (a line per service), or minimal as one JSON array,
   * written as the batches arrive (stream.ts) so memory stays flat.
   */
  function sendFeed(reply: FastifyReply, feed: FeedParams) {
    const items = oruk.feed(feed);
    async function* lines() {
      let first = true;
      if (!feed.ndjson) yield '[';
      for await (const item of items) {
        if (feed.ndjson) yield `${JSON.stringify(item)}\n`;
        else {
          yield `${first ? '' : ','}${JSON.stringify(item)}`;
          first = false;
        }
      }
      if (!feed.ndjson) yield ']';
    }
    return reply
      .type(feed.ndjson ? 'application/x-ndjson' : 'application/json; charset=utf-8')
      .send(Readable.from(lines()));
  }

  route('/services/:id', async (req, reply) => {
    const id = req.params.id ?? '';
    if (!isUuid(id)) return notFound(reply, 'service');
    const [service] = await oruk.servicesFull([id.toLowerCase()]);
    return service ?? notFound(reply, 'service');
  });

  route('/service_at_locations', async (req, reply) => {
    const params = await withPlace(parseListParams(req.query));
    if ('errors' in params) return badRequest(reply, params.errors);
    const ranked = await directory.rankServiceAtLocations(params.query);
    const items = await oruk.serviceAtLocationListItems(ranked.ids.map((r) => r.id));
    return pageOf(items, ranked.total, params.page, params.perPage);
  });

  route('/service_at_locations/:id', async (req, reply) => {
    const id = req.params.id ?? '';
    if (!isUuid(id)) return notFound(reply, 'service at location');
    return (await oruk.serviceAtLocationFull(id.toLowerCase())) ?? notFound(reply, 'service at location');
  });

  route('/organizations', async (req) => {
    const p = parseOrganizationListParams(req.query);
    const { total, items } = await oruk.organizations(p);
    return pageOf(items, total, p.page, p.perPage);
  });

  route('/organizations/:id', async (req, reply) => {
    const id = req.params.id ?? '';
    const fullService = parseFlag(req.query, 'full_service');
    if (!isUuid(id)) return notFound(reply, 'organization');
    return (await oruk.organization(id.toLowerCase(), fullService)) ?? notFound(reply, 'organization');
  });

  route('/taxonomies', async (req) => {
    const { page, perPage } = parsePaging(req.query);
    const { total, items } = await oruk.taxonomies(page, perPage);
    return pageOf(items, total, page, perPage);
  });

  route('/taxonomies/:id', async (req, reply) => {
    const id = req.params.id ?? '';
    if (!isUuid(id)) return notFound(reply, 'taxonomy');
    return (await oruk.taxonomy(id.toLowerCase())) ?? notFound(reply, 'taxonomy');
  });

  route('/taxonomy_terms', async (req) => {
    const p = parseTermListParams(req.query);
    const { total, items } = await oruk.taxonomyTerms(p);
    return pageOf(items, total, p.page, p.perPage);
  });

  route('/taxonomy_terms/:id', async (req, reply) => {
    const id = req.params.id ?? '';
    if (!isUuid(id)) return notFound(reply, 'taxonomy term');
    return (await oruk.taxonomyTerm(id.toLowerCase())) ?? notFound(reply, 'taxonomy term');
  });
}
