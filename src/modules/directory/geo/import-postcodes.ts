/**
 * Import of the ONS Postcode Directory (ONSPD) CSV into the `postcodes` table, streamed (the full file
 * is over a gigabyte): `npm run geo:import-postcodes -- ONSPD.csv`.
 *
 * Columns used, by header name (older and newer ONSPD headers both work): the postcode `pcds`
 * (else pcd, pcd7, pcd8), `lat` and `long`, the district `oslaua` (or ladNNcd), the county `oscty`
 * (or ctyNNcd), the country `ctry` (or ctryNNcd) and the termination date `doterm`. Rows without
 * coordinates (ONS writes lat 99.999999) are skipped. The area stored is the county when it is one of
 * the shipped areas, else the district when it is (unitary, metropolitan, London, Welsh), else none.
 * Idempotent: a postcode already there is updated.
 */
import type { Readable } from 'node:stream';
import { sql } from 'drizzle-orm';
import type { Db } from '../../../platform/db/index.ts';
import { normalisePostcode, postcodeKey } from './geocoder.ts';
import { postcodes } from './schema.ts';

/** Records of a CSV stream (RFC 4180: quoted fields may hold commas, quotes and line breaks). */
export async function* csvRecords(input: Readable): AsyncGenerator<string[]> {
  let field = '';
  let record: string[] = [];
  let quoted = false;
  let afterQuote = false;
  let bom = true;
  for await (const chunk of input) {
    let text = typeof chunk === 'string' ? chunk : (chunk as Buffer).toString('utf8');
    if (bom) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      bom = false;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (quoted) {
        if (c === '"') {
          quoted = false;
          afterQuote = true;
        } else field += c;
        continue;
      }
      if (c === '"') {
        if (afterQuote) field += '"';
        quoted = true;
        afterQuote = false;
        continue;
      }
      afterQuote = false;
      if (c === ',') {
        record.push(field);
        field = '';
      } else if (c === '\n') {
        record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
        field = '';
        yield record;
        record = [];
      } else field += c;
    }
  }
  if (field !== '' || record.length) {
    record.push(field.endsWith('\r') ? field.slice(0, -1) : field);
    yield record;
  }
}

function column(header: string[], names: (string | RegExp)[]): number {
  const lower = header.map((h) => h.trim().toLowerCase());
  for (const n of names) {
    const i = typeof n === 'string' ? lower.indexOf(n) : lower.findIndex((h) => n.test(h));
    if (i >= 0) return i;
  }
  return -1;
}

export interface PostcodeImportReport {
  imported: number;
  skipped: number;
  /** The first few reasons for skipping, with their line numbers. */
  problems: { line: number; reason: string }[];
}

export class PostcodeImportError extends Error {}

/** Streams ONSPD rows into `postcodes` in batches; `onProgress` is called after each batch. */
export async function importPostcodes(
  db: Db,
  input: Readable,
  opts: { batchSize?: number; onProgress?: (imported: number) => void } = {},
): Promise<PostcodeImportReport> {
  const { rows: areaRows } = await db.execute<{ code: string }>(sql`select code from local_areas`);
  const areas = new Set(areaRows.map((r) => r.code));
  const report: PostcodeImportReport = { imported: 0, skipped: 0, problems: [] };
  const skip = (line: number, reason: string) => {
    report.skipped++;
    if (report.problems.length < 20) report.problems.push({ line, reason });
  };
  const size = opts.batchSize ?? 5000;
  let batch: (typeof postcodes.$inferInsert)[] = [];
  const flush = async () => {
    if (!batch.length) return;
    // The same postcode twice in one batch would make the upsert fail: keep the last.
    const unique = [...new Map(batch.map((r) => [r.postcode, r])).values()];
    await db
      .insert(postcodes)
      .values(unique)
      .onConflictDoUpdate({
        target: postcodes.postcode,
        set: {
          display: sql`excluded.display`,
          latitude: sql`excluded.latitude`,
          longitude: sql`excluded.longitude`,
          district_code: sql`excluded.district_code`,
          area_code: sql`excluded.area_code`,
          country_code: sql`excluded.country_code`,
          terminated: sql`excluded.terminated`,
        },
      });
    report.imported += unique.length;
    batch = [];
    opts.onProgress?.(report.imported);
  };

  let header: string[] | undefined;
  let cols: Record<'postcode' | 'lat' | 'long' | 'district' | 'county' | 'country' | 'terminated', number>;
  let line = 0;
  for await (const record of csvRecords(input)) {
    line++;
    if (!header) {
      header = record;
      cols = {
        postcode: column(header, ['pcds', 'pcd', 'pcd7', 'pcd8', 'postcode']),
        lat: column(header, ['lat', 'latitude']),
        long: column(header, ['long', 'longitude']),
        district: column(header, ['oslaua', /^lad\d\dcd$/, 'lad']),
        county: column(header, ['oscty', /^cty\d\dcd$/]),
        country: column(header, ['ctry', /^ctry\d\dcd$/]),
        terminated: column(header, ['doterm']),
      };
      const missing = (['postcode', 'lat', 'long'] as const).filter((k) => cols[k] < 0);
      if (missing.length)
        throw new PostcodeImportError(
          `not an ONS Postcode Directory CSV: no ${missing.join(', ')} column (need pcds, lat and long)`,
        );
      continue;
    }
    if (record.length === 1 && record[0] === '') continue;
    const get = (k: keyof typeof cols) => (cols[k] >= 0 ? (record[cols[k]] ?? '').trim() : '');
    const display = normalisePostcode(get('postcode'));
    if (!display) {
      skip(line, 'not a postcode');
      continue;
    }
    const latitude = Number(get('lat'));
    const longitude = Number(get('long'));
    if (!get('lat') || !get('long') || !Number.isFinite(latitude) || !Number.isFinite(longitude)) {
      skip(line, 'no coordinates');
      continue;
    }
    if (latitude > 90 || latitude < -90 || longitude > 180 || longitude < -180 || latitude === 99.999999) {
      skip(line, 'no coordinates');
      continue;
    }
    const district = get('district') || null;
    const county = get('county') || null;
    const areaCode = county && areas.has(county) ? county : district && areas.has(district) ? district : null;
    batch.push({
      postcode: postcodeKey(display),
      display,
      latitude,
      longitude,
      district_code: district,
      area_code: areaCode,
      country_code: get('country') || null,
      terminated: get('terminated') || null,
    });
    if (batch.length >= size) await flush();
  }
  if (!header) throw new PostcodeImportError('the file is empty');
  await flush();
  return report;
}
