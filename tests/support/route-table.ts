/**
 * Every route the app has registered, read from Fastify's own route tree, and the check that each
 * has a declared authorisation expectation (tests/authorisation/expectations.ts).
 */
import type { FastifyInstance } from 'fastify';

export interface RegisteredRoute {
  method: string;
  url: string;
  /** 'METHOD /url', the key of the expectations table. */
  key: string;
}

/** Static files (public, immutable, no data) are not routes anyone is authorised for. */
const isStaticAsset = (url: string) => url.startsWith('/assets/');

/**
 * Reads `printRoutes({ commonPrefix: true })`: a tree whose node labels concatenate into the full
 * path (with `commonPrefix: false` Fastify shortens some labels, e.g. '/assets/*' prints as '*').
 * HEAD is left out: Fastify adds it to every GET, which answers for it.
 */
export function registeredRoutes(app: FastifyInstance): RegisteredRoute[] {
  const stack: string[] = [];
  const out: RegisteredRoute[] = [];
  for (const line of app.printRoutes({ commonPrefix: true }).split('\n')) {
    const m = /^((?:[│ ] {3})*)[├└]── (\S+)(?: \(([^)]*)\))?$/.exec(line);
    if (!m) continue;
    const depth = m[1]!.length / 4;
    stack.length = depth;
    stack.push(m[2]!);
    const url = stack.join('');
    if (!m[3] || isStaticAsset(url)) continue;
    for (const method of m[3].split(',').map((s) => s.trim())) {
      if (method === 'HEAD') continue;
      out.push({ method, url, key: `${method} ${url}` });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

export const DECLARE_IN = 'tests/authorisation/expectations.ts';

/** Routes without a declaration, and declarations naming no route: each a message saying what to do. */
export function undeclared(routes: RegisteredRoute[], declared: Iterable<string>): string[] {
  const table = new Set(declared);
  const registered = new Set(routes.map((r) => r.key));
  return [
    ...routes
      .filter((r) => !table.has(r.key))
      .map(
        (r) =>
          `${r.key} has no authorisation expectation: declare who may use it in ${DECLARE_IN} ('${r.key}': { allow: ... })`,
      ),
    ...[...table]
      .filter((k) => !registered.has(k))
      .map((k) => `${k} is declared in ${DECLARE_IN} but no such route is registered: remove or rename it`),
  ];
}
