import { z } from 'zod';

/**
 * The zod field builders every module's forms share (forms.ts has the rest of the toolkit): a
 * module names its own "too long" message key and keeps its own error keys for everything else.
 */

/** A text field, trimmed (missing reads as ''), at most `max` characters; `missing` makes it required. */
export const textField = (tooLong: string) => (max: number, missing?: string) =>
  z
    .string()
    .optional()
    .transform((v) => v?.trim() ?? '')
    .pipe(missing ? z.string().min(1, missing).max(max, tooLong) : z.string().max(max, tooLong));

/** An empty answer stored as null. */
export const orNull = (v: string) => (v === '' ? null : v);

/** A repeated field (checkboxes): always a list. */
export const strings = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]));

/** Checkboxes from a fixed list: any value not on the list is dropped. */
export const listOf = <T extends readonly [string, ...string[]]>(values: T) =>
  strings.transform((v) => v.filter((s): s is T[number] => (values as readonly string[]).includes(s)));

/** One of a fixed list (radios, a select), trimmed; anything else is `message`. */
export const choice = <T extends readonly [string, ...string[]]>(values: T, message: string) =>
  z.preprocess((v) => (typeof v === 'string' ? v.trim() : v), z.enum(values, { error: message }));
