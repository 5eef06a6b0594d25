/**
 * Population figures per area for "need beside provision": parse a CSV (docs/coverage.md) and load it
 * as one measure, replacing that measure's figures whole (one transaction). Operator tooling, run by
 * `npm run coverage:import-population -- file.csv`; the figures are public statistics (no personal
 * data), so the import is not an audited user action.
 *
 * CSV: a header row with `code` (ONS code of one of the 175 areas), optionally `name` (checked
 * against nothing, for people reading the file), and `value` (a number of people, or the column
 * named by `--column`). Thousands separators are allowed ("12,345" in a quoted field). A row with an
 * unknown code, or a value that is not a non-negative number, is rejected with its line number; the
 * rest load. Areas missing from the file have no figure (they rank after the others).
 */
import { eq, sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/index.ts';
import { type DirectoryReads, parseCsv } from '../directory/index.ts';
import { coverageMeasures, coveragePopulation } from './schema.ts';

export interface PopulationRow {
  code: string;
  name: string | null;
  value: number;
}

export interface ParsedPopulation {
  rows: PopulationRow[];
  rejected: { line: number; reason: string }[];
}

export class PopulationFileError extends Error {}

export function parsePopulationCsv(text: string, opts: { column?: string } = {}): ParsedPopulation {
  const [header, ...lines] = parseCsv(text);
  if (!header) throw new PopulationFileError('The file is empty: it needs a header row (code,name,value).');
  const names = header.map((h) => h.trim().toLowerCase());
  const codeAt = names.indexOf('code');
  const nameAt = names.indexOf('name');
  const wanted = (opts.column ?? 'value').toLowerCase();
  const valueAt = names.indexOf(wanted);
  if (codeAt < 0) throw new PopulationFileError('The header has no "code" column.');
  if (valueAt < 0) throw new PopulationFileError(`The header has no "${wanted}" column.`);
  const rows: PopulationRow[] = [];
  const rejected: ParsedPopulation['rejected'] = [];
  const seen = new Set<string>();
  lines.forEach((fields, i) => {
    const line = i + 2;
    const code = (fields[codeAt] ?? '').trim().toUpperCase();
    const raw = (fields[valueAt] ?? '').trim().replace(/,/g, '');
    const value = raw === '' ? Number.NaN : Number(raw);
    if (!/^[EW]\d{8}$/.test(code)) rejected.push({ line, reason: `"${code}" is not an ONS area code` });
    else if (!Number.isFinite(value) || value < 0)
      rejected.push({ line, reason: `"${raw}" is not a number of 0 or more` });
    else if (seen.has(code)) rejected.push({ line, reason: `${code} appears twice` });
    else {
      seen.add(code);
      rows.push({ code, name: nameAt >= 0 ? (fields[nameAt] ?? '').trim() || null : null, value });
    }
  });
  return { rows, rejected };
}

export interface MeasureInput {
  /** A slug, e.g. "born-outside-uk". */
  id: string;
  label: string;
  source: string;
}

/**
 * Loads parsed rows as the measure (replacing its figures). Rows whose code is not one of the 175
 * areas are rejected. Returns how many loaded and what was rejected.
 */
export async function importPopulation(
  { db, directory }: { db: Db; directory: Pick<DirectoryReads, 'localAreas'> },
  measure: MeasureInput,
  parsed: ParsedPopulation,
): Promise<{ loaded: number; rejected: ParsedPopulation['rejected'] }> {
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(measure.id))
    throw new PopulationFileError(
      'The measure id must be a short slug: lower-case letters, digits and hyphens.',
    );
  if (!measure.label.trim() || !measure.source.trim())
    throw new PopulationFileError('The measure needs a label and a source (its attribution).');
  const known = new Set((await directory.localAreas()).map((a) => a.code));
  const rejected = [...parsed.rejected];
  const rows = parsed.rows.filter((r) => {
    if (known.has(r.code)) return true;
    rejected.push({
      line: 0,
      reason: `${r.code} is not one of the 175 areas of England and Wales (December 2023)`,
    });
    return false;
  });
  await db.transaction(async (tx) => {
    await tx
      .insert(coverageMeasures)
      .values({ id: measure.id, label: measure.label.trim(), source: measure.source.trim() })
      .onConflictDoUpdate({
        target: coverageMeasures.id,
        set: { label: sql`excluded.label`, source: sql`excluded.source`, loaded_at: sql`now()` },
      });
    await tx.delete(coveragePopulation).where(eq(coveragePopulation.measure_id, measure.id));
    if (rows.length)
      await tx
        .insert(coveragePopulation)
        .values(rows.map((r) => ({ measure_id: measure.id, area_code: r.code, value: r.value })));
  });
  return { loaded: rows.length, rejected };
}

export interface Measure {
  id: string;
  label: string;
  source: string;
  loadedAt: Date;
  values: Map<string, number>;
}

/** Every loaded measure (without values). */
export async function listMeasures(db: Db): Promise<Omit<Measure, 'values'>[]> {
  const rows = await db.select().from(coverageMeasures).orderBy(coverageMeasures.id);
  return rows.map((r) => ({ id: r.id, label: r.label, source: r.source, loadedAt: r.loaded_at }));
}

/** One measure with its values, or null when it is not loaded. */
export async function loadMeasure(db: Db, id: string): Promise<Measure | null> {
  const [m] = await db.select().from(coverageMeasures).where(eq(coverageMeasures.id, id));
  if (!m) return null;
  const values = await db
    .select({ code: coveragePopulation.area_code, value: coveragePopulation.value })
    .from(coveragePopulation)
    .where(eq(coveragePopulation.measure_id, id));
  return {
    id: m.id,
    label: m.label,
    source: m.source,
    loadedAt: m.loaded_at,
    values: new Map(values.map((v) => [v.code, v.value])),
  };
}
