/**
 * What real ORUK / HSDS feeds do that the specification does not, read liberally and honestly
 * (issue 11): each quirk is repaired on a copy of the record before it is validated, and each repair
 * is a warning in the import report, so the record is imported and staff can see what was changed.
 *
 * - a nested child without `id` gets a stable generated id (`generatedId`);
 * - HTML in a free-text field becomes plain text (html-text.ts);
 * - a date-time without a zone is read as UK time (Europe/London, summer time included);
 * - an age of -1 (or any negative age) means "none";
 * - fields HSDS does not define (extension fields such as `pc_*`) are kept, to be exported again.
 */
import { createHash } from 'node:crypto';
import { londonOffsetMinutes } from '../../platform/time.ts';
import { type FieldProblem, fields, locationExtensionFields, type TableName } from './hsds.ts';
import { htmlToText, looksLikeHtml } from './html-text.ts';
import { carriesExtras, extraNestings, nestingsOf } from './nesting.ts';

type Obj = Record<string, unknown>;

/** The namespace of Wayfinder's generated ids (a fixed random UUID: never change it). */
const NAMESPACE = '6f1c2a52-4d0e-4c4b-9a57-2f0f1f3f4e21';

/** RFC 9562 UUID version 5 (SHA-1, name-based): the same name always gives the same id. */
export function uuidV5(name: string, namespace = NAMESPACE): string {
  const ns = Buffer.from(namespace.replace(/-/g, ''), 'hex');
  const bytes = createHash('sha1').update(ns).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6]! & 0x0f) | 0x50;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const h = bytes.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/**
 * The id of a nested record the feed gave none: from the id of the document it came in and its
 * place there (e.g. "service_at_locations[0].phones[1]"). Position, not content: an unchanged feed
 * gives the same ids on every import, and a phone whose number is corrected keeps its id. A list is
 * replaced whole on import, so a feed that reorders its phones only relabels rows that are rewritten.
 */
export function generatedId(documentId: string, path: string): string {
  return uuidV5(`${documentId}/${path}`);
}

/** Free-text fields: text without an enum or a format (names, descriptions, notes, ...). */
const freeText = Object.fromEntries(
  Object.entries(fields).map(([t, specs]) => [
    t,
    new Set(specs.filter((s) => s.kind === 'text' && !s.enum && !s.format).map((s) => s.name)),
  ]),
) as Record<TableName, Set<string>>;

const datetimes = Object.fromEntries(
  Object.entries(fields).map(([t, specs]) => [
    t,
    specs.filter((s) => s.kind === 'datetime').map((s) => s.name),
  ]),
) as Record<TableName, string[]>;

/** Every key a record of `table` may carry that Wayfinder reads: its fields and its nestings. */
const knownKeys = Object.fromEntries(
  Object.entries(fields).map(([t, specs]) => {
    const table = t as TableName;
    const keys = new Set(specs.map((s) => s.name));
    for (const n of nestingsOf[table]) keys.add(n.key);
    if (carriesExtras(table)) for (const x of extraNestings) keys.add(x.key);
    if (table === 'location') for (const s of locationExtensionFields) keys.add(s.name);
    return [table, keys];
  }),
) as Record<TableName, Set<string>>;

/** Unknown fields kept per record, at most this much JSON (a feed is not a place to store files). */
const MAX_EXTRA_BYTES = 16_384;

const ZONELESS = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?$/;

/** A date-time written without a zone, read as UK wall-clock time; undefined when it has a zone. */
export function ukDateTime(value: string): Date | undefined {
  const m = ZONELESS.exec(value.trim());
  if (!m) return undefined;
  const [, date, hh = '00', mm = '00', ss = '00', frac = ''] = m;
  const guess = new Date(`${date}T${hh}:${mm}:${ss}${frac}Z`);
  if (Number.isNaN(guess.getTime()) || guess.toISOString().slice(0, 10) !== date) return undefined;
  return new Date(guess.getTime() - londonOffsetMinutes(guess) * 60_000);
}

export interface Repaired {
  /** A copy of the record with every quirk repaired, for validation. */
  input: Obj;
  /** The fields HSDS does not define, kept to be exported again (null when none). */
  extra: Obj | null;
}

const warn = (warnings: FieldProblem[], path: string, field: string, message: string, key: string) =>
  warnings.push({ path: path ? `${path}.${field}` : field, message, key: `directory.imports.quirks.${key}` });

/**
 * Repairs the quirks of one record of `table` (not its nested records: the walker calls this for
 * each). `documentId`: the id of the document it came in, for generated ids (none for the document
 * itself, which must have its own).
 */
export function repair(
  table: TableName,
  input: Obj,
  path: string,
  documentId: string | undefined,
  warnings: FieldProblem[],
): Repaired {
  const out: Obj = { ...input };
  if ((out.id === undefined || out.id === null || out.id === '') && documentId && path) {
    out.id = generatedId(documentId, path);
    warn(warnings, path, 'id', 'had no id: one was generated from its place in the record', 'generatedId');
  }
  for (const name of freeText[table]) {
    const v = out[name];
    if (typeof v !== 'string' || !looksLikeHtml(v)) continue;
    out[name] = htmlToText(v);
    warn(warnings, path, name, 'held HTML: imported as plain text', 'html');
  }
  for (const name of datetimes[table]) {
    const v = out[name];
    if (typeof v !== 'string') continue;
    const uk = ukDateTime(v);
    if (!uk) continue;
    out[name] = uk.toISOString();
    warn(warnings, path, name, 'had no time zone: read as UK time', 'zoneless');
  }
  if (table === 'service')
    for (const name of ['minimum_age', 'maximum_age']) {
      const v = out[name];
      const n = typeof v === 'string' && v.trim() !== '' ? Number(v) : v;
      if (typeof n !== 'number' || !(n < 0)) continue;
      out[name] = null;
      warn(warnings, path, name, `was ${String(v)}: read as no age limit`, 'negativeAge');
    }
  // An empty unknown field (a CSV column no row fills, a JSON null) says nothing: not kept.
  const unknown = Object.keys(input).filter(
    (k) => !knownKeys[table].has(k) && input[k] !== undefined && input[k] !== null && input[k] !== '',
  );
  let extra: Obj | null = null;
  if (unknown.length) {
    extra = Object.fromEntries(unknown.map((k) => [k, input[k]]));
    const kept = JSON.stringify(extra).length <= MAX_EXTRA_BYTES;
    if (!kept) extra = null;
    for (const k of unknown)
      if (kept) warn(warnings, path, k, 'is not an HSDS field: kept and exported again', 'extra');
      else warn(warnings, path, k, 'is not an HSDS field, and too large to keep: left out', 'extraTooLarge');
  }
  return { input: out, extra };
}
