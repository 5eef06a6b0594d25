/**
 * ORUK clients and importers send `/services/?page=2` and `/api//services`: under the API a
 * trailing slash or a doubled one means the canonical path. Applied before routing (Fastify's
 * `rewriteUrl`, set in app.ts) and to the API's paths only, so the rest of the site keeps its exact
 * routes (a page with a trailing slash there stays a 404).
 */
export const ORUK_PREFIX = '/api/oruk';

export function canonicalApiUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (path !== ORUK_PREFIX && !path.startsWith(`${ORUK_PREFIX}/`)) return url;
  const canonical = path.replace(/\/{2,}/g, '/').replace(/(.)\/+$/, '$1');
  return q === -1 ? canonical : canonical + url.slice(q);
}
