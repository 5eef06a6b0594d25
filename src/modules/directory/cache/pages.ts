/**
 * Public directory pages (Find support's results, a service's page) rendered once and kept in the
 * directory's cache (results.ts) per URL, language and directory generation, for people who are not
 * signed in. Only such a page can be shared: it is made from the URL, the language and public
 * directory data, nothing else.
 *
 * What keeps one visitor's page from reaching another:
 * - Nobody signed in (or half-way through signing in) is served or gives a kept page, and neither is
 *   a request carrying a one-time message (flash) from its session.
 * - A page that asked for a CSRF token while rendering is never kept: the token is tied to the
 *   visitor's own CSRF cookie (these pages have none today; the test proves it stays so).
 * - The CSP nonce is per response: a kept page has its nonce replaced by this response's, so a
 *   nonce is never sent twice.
 * - Cookies are headers, set afresh for each response (the language cookie), never part of the page.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { DirectoryCache } from './results.ts';

/** What a page handler gives back: its HTML, or a reply already sent (a redirect). */
export type PageResult = string | FastifyReply;

export interface PageContext {
  /** Set false by the handler when the page depends on something passing (a postcode service down). */
  cacheable: boolean;
  /** The generation this page is kept under, for the searches it makes (one read per page). */
  generation?: bigint;
}

/** Longer URLs are answered but not kept. */
const MAX_URL = 2_000;

/** Not signed in, no session message, nothing but the URL and language to render from. */
export function sharedPageAudience(req: FastifyRequest, reply: FastifyReply): boolean {
  const session = req.session;
  return (
    req.method === 'GET' &&
    !req.user &&
    !session?.get('userId') &&
    !session?.get('pendingUserId') &&
    !session?.get('flash') &&
    !reply.locals?.flash &&
    !reply.locals?.signedIn
  );
}

/**
 * Answers with the kept page for this URL and language at the current generation, or renders it
 * with `render` and keeps it when it may be shared. `perMinute` for pages that say what is open now.
 */
export async function publicPage(
  req: FastifyRequest,
  reply: FastifyReply,
  cache: DirectoryCache,
  opts: { perMinute?: boolean },
  render: (page: PageContext) => Promise<PageResult>,
): Promise<FastifyReply> {
  const shared = sharedPageAudience(req, reply) && req.url.length <= MAX_URL;
  const nonce = reply.cspNonce.script;
  const send = (html: string) => reply.type('text/html; charset=utf-8').send(html);
  if (!shared) {
    const out = await render({ cacheable: false });
    return typeof out === 'string' ? send(out) : out;
  }
  const minute = opts.perMinute ? Math.floor(Date.now() / 60_000) : '';
  const key = `page\u0000${req.lang}\u0000${minute}\u0000${req.url}`;
  const generation = await cache.generation();
  // Whether rendering asked for a CSRF token: such a page belongs to its visitor only.
  let tokenAsked = false;
  const csrfToken = reply.locals.csrfToken as () => string;
  reply.locals.csrfToken = () => {
    tokenAsked = true;
    return csrfToken();
  };
  const context: PageContext = { cacheable: true, generation };
  let rendered: PageResult | undefined;
  // A failure while rendering goes to the error handler as usual (and is not kept).
  const kept = await cache.remember<{ html: string; nonce: string } | undefined>(
    generation,
    key,
    async () => {
      rendered = await render(context);
      if (typeof rendered !== 'string' || !context.cacheable || tokenAsked || reply.statusCode !== 200)
        return undefined;
      return { html: rendered, nonce };
    },
    (page) => (page ? page.html.length * 2 + key.length * 2 : 1),
  );
  // This request rendered it (kept or not): send what it rendered.
  if (rendered !== undefined) return typeof rendered === 'string' ? send(rendered) : rendered;
  // Kept by an earlier request, or being rendered by a concurrent one that could not share it.
  if (kept) return send(kept.html.split(kept.nonce).join(nonce));
  const out = await render({ cacheable: false });
  return typeof out === 'string' ? send(out) : out;
}
