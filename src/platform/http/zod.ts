import type { FastifySchemaCompiler, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import { NotFoundError } from './errors.ts';

/**
 * Route `schema:` (params, querystring, body) written in zod: Fastify validates with them and the
 * handler's `req.params/query/body` carry their output types, so no route casts.
 *
 * In-house rather than fastify-type-provider-zod: its v7 (Fastify 5 + zod 4) lists @fastify/swagger
 * and openapi-types as peer dependencies, for OpenAPI generation we do not use; the part we need is
 * the twenty lines below. No response schemas: pages are rendered, and the API builds its own JSON.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/**
 * Validates (and transforms) with the route's zod schema. A malformed path parameter names no
 * record: 404, as an unknown id would be. A bad query or body is a 400, shown by the error handler as
 * the 400 page, or problem+json under /api/ (forms take `formBody` and re-render themselves).
 */
export const zodValidatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema, httpPart }) =>
  (data) => {
    const r = schema.safeParse(data);
    if (r.success) return { value: r.data };
    const error = httpPart === 'params' ? new NotFoundError() : new Error('Invalid request');
    return {
      error: Object.assign(error, {
        statusCode: httpPart === 'params' ? 404 : 400,
        validation: r.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
      }),
    };
  };

/** A record id in a path, query or form: the 8-4-4-4-12 hex form PostgreSQL's uuid accepts. */
export const uuid = z.guid();
export const isUuid = (v: unknown): v is string => uuid.safeParse(v).success;

/** `/:id` */
export const idParams = z.object({ id: uuid });

/** A query string value: Fastify gives a repeated key as a list; the first one counts. */
export const queryValue = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (Array.isArray(v) ? v[0] : v));

/** A whole query string as `name -> first value`, for routes that read it with their own parser. */
export const anyQuery = z.record(z.string(), queryValue);

/**
 * A page number in a query: a whole number from 1 to 100,000; anything else (1e308, -3, a list) is
 * the first page, as a link typed by hand deserves a page, not an error or an SQL offset overflow.
 */
export const pageNumber = queryValue
  .pipe(z.coerce.number<string | undefined>().int().min(1).max(100_000))
  .catch(1);
