/**
 * Every route the app has registered, read from Fastify's own route tree, and the check that each
 * has a declared authorisation expectation (tests/authorisation/expectations.ts).
 */

export interface RegisteredRoute {
  method: string;
  url: string;
  /** 'METHOD /url', the key of the expectations table. */
  key: string;
}

/** Static files (public, immutable, no data) are not routes anyone is authorised for. */
const isStaticAsset = (url: string) => url.startsWith('/assets/');

/**
 * The app's route table as buildApp collected it (an onRoute hook, so routes a test adds before
 * ready are in it too). HEAD is left out: Fastify adds it to every GET, which answers for it.
 */
export function registeredRoutes(table: readonly { method: string; url: string }[]): RegisteredRoute[] {
  const out = new Map<string, RegisteredRoute>();
  for (const { method, url } of table) {
    if (method === 'HEAD' || isStaticAsset(url)) continue;
    const key = `${method} ${url}`;
    out.set(key, { method, url, key });
  }
  return [...out.values()].sort((a, b) => a.key.localeCompare(b.key));
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
