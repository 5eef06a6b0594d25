import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { ValidationError } from './errors.ts';

/**
 * The forms toolkit: a posted HTML form as route schema, its fields read one way, zod issues turned
 * into field -> translation key errors (first error per field, in page order), re-rendering on a
 * service's ValidationError, and the flash message after a redirect.
 */

/** A posted form: every field a string, or a list of strings for repeated checkboxes. */
export type FormBody = Record<string, string | string[] | undefined>;

/**
 * The `body` schema of a route taking an HTML form. It accepts any fields, so a wrong value is
 * never a bare 400: the handler validates with the form's own zod schema and shows the form again.
 * A missing body (no content type) reads as an empty form.
 */
export const formBody = z
  .record(z.string(), z.union([z.string(), z.array(z.string())]))
  .optional()
  .transform((b): FormBody => b ?? {});

/** The first value of a field, trimmed; a missing field reads as empty. */
export const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
/** Every value of a repeated field. */
export const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Field -> translation key: the first issue of each field, in the order zod met them (page order). */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = String(issue.path[0] ?? '_form');
    out[field] ??= issue.message;
  }
  return out;
}

const datePart = /^(.+)-(day|month|year)$/;

/**
 * Gathers each GOV.UK date input (<name>-day, -month, -year) into `{ day, month, year }` under
 * <name>, for a `govukDate` field (dates.ts). Other fields are kept as posted.
 */
function withDates(body: FormBody): Record<string, unknown> {
  const dates: Record<string, Record<string, string | undefined>> = {};
  for (const [key, value] of Object.entries(body)) {
    const m = datePart.exec(key);
    if (!m) continue;
    const group = dates[m[1]!] ?? {};
    group[m[2]!] = Array.isArray(value) ? value[0] : value;
    dates[m[1]!] = group;
  }
  // A posted field of the same name as a date is left as posted (the date reads as empty).
  return { ...dates, ...body };
}

/**
 * Parses a posted form with its zod schema. `data` when valid; otherwise every field's error at once.
 * Extra checks the schema cannot make (e.g. against the database) go through the service's
 * ValidationError and `orInvalid`.
 */
export function parseForm<S extends z.ZodType>(
  schema: S,
  body: FormBody,
): { data: z.output<S>; errors?: undefined } | { data?: undefined; errors: Record<string, string> } {
  const r = schema.safeParse(withDates(body));
  return r.success ? { data: r.data } : { errors: fieldErrors(r.error) };
}

/** Runs a service call; a ValidationError re-renders the form instead (the caller sets status 400). */
export async function orInvalid<T, U>(
  action: () => Promise<T>,
  invalid: (errors: Record<string, string>) => U | Promise<U>,
): Promise<T | U> {
  try {
    return await action();
  } catch (err) {
    if (err instanceof ValidationError) return invalid(err.fields);
    throw err;
  }
}

/**
 * The message shown once on the next page. Keys and values only: never her name (sessions are
 * stored in the database).
 */
export function flash(req: FastifyRequest, key: string, values?: Record<string, string>) {
  req.session.set('flash', { type: 'success', key, ...(values ? { values } : {}) });
}
