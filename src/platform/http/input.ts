import type { FastifyInstance, FastifyRequest } from 'fastify';
import { sendError } from './web.ts';

/**
 * The shape every request must have before any route sees it, checked once here so that no handler
 * has to guard against it:
 * - No NUL character in any text of the query, the path or the body. PostgreSQL refuses NUL in text,
 *   and no person types one: it is refused (400), not stripped, so nothing is stored that differs
 *   from what was sent.
 * - A page's form body is what a browser form sends: each value a string, or a list of strings for a
 *   repeated field. A JSON body with numbers, objects or nulls (which no form sends) is refused
 *   (400) instead of reaching code that calls string methods on it. Multipart uploads carry their
 *   file as an object and are left to their route.
 * A refusal is the ordinary error page, or problem+json under /api/.
 */
export function registerInputGuard(app: FastifyInstance): void {
  // preHandler, not preValidation: an encapsulated multipart parser fills req.body at preValidation.
  app.addHook('preHandler', async (req, reply) => {
    if (!acceptable(req)) {
      sendError(req, reply, 400);
      return reply;
    }
  });
}

function acceptable(req: FastifyRequest): boolean {
  if (hasNul(req.query) || hasNul(req.params) || hasNul(req.body)) return false;
  // No body at all (a GET, or the keep-alive POST with its token in a header) is fine.
  if (req.body === undefined || isMultipart(req)) return true;
  return isFormBody(req.body);
}

const isMultipart = (req: FastifyRequest) =>
  (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');

/** A plain object whose values are strings or arrays of strings: what a urlencoded form parses to. */
function isFormBody(body: unknown): boolean {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  return Object.values(body).every(
    (v) => typeof v === 'string' || (Array.isArray(v) && v.every((item) => typeof item === 'string')),
  );
}

/** True when any key or string in the value (nested ones included, file contents not) has a NUL. */
function hasNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (typeof value !== 'object' || value === null || Buffer.isBuffer(value)) return false;
  if (depth > 20) return true; // nothing a form or a query makes is this deep
  for (const key in value) {
    if (key.includes('\u0000')) return true;
    if (hasNul((value as Record<string, unknown>)[key], depth + 1)) return true;
  }
  return false;
}
