/**
 * Exporting the whole directory:
 * - as HSDS 3.0 JSON: every service as a service_full object (`exportServices` yields them in id
 *   order, a page at a time; `writeJsonExport` writes an array or the list-page shape to a file);
 * - as the HSDS 3.0 tabular data package (`writeDataPackage`: datapackage.json + one CSV per table,
 *   every row of every table, so records no service uses are kept too).
 * Withheld locations (refuges) are redacted by default: no address rows, no coordinates, no external
 * identifier; `x_withheld` and `x_area_code` say what is known. `withheld: 'include'` is for a full
 * backup kept by the partnership, never for publishing.
 */

import { once } from 'node:events';
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { asc, gt } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/index.ts';
import { toCsv } from './csv.ts';
import {
  csvFiles,
  fields,
  locationExtensionFields,
  type Row,
  type TableName,
  tableNames,
  tables,
} from './hsds.ts';
import { loadServicesFull, type ReadOptions } from './read.ts';
import { dirLocation, dirService } from './schema.ts';

export interface ExportOptions extends ReadOptions {
  /** Services per query batch (default 500). */
  batchSize?: number;
  onProgress?: (done: number) => void;
}

/** Every service as service_full, in id order. */
export async function* exportServices(
  db: DbOrTx,
  opts: ExportOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  const size = opts.batchSize ?? 500;
  let after: string | undefined;
  let done = 0;
  for (;;) {
    const ids = await db
      .select({ id: dirService.id })
      .from(dirService)
      .where(after ? gt(dirService.id, after) : undefined)
      .orderBy(asc(dirService.id))
      .limit(size);
    if (!ids.length) return;
    after = ids[ids.length - 1]!.id;
    const docs = await loadServicesFull(
      db,
      ids.map((r) => r.id),
      opts,
    );
    for (const d of docs) yield d;
    done += docs.length;
    opts.onProgress?.(done);
  }
}

/** The whole directory as one array of service_full objects (for tests and small directories). */
export async function exportServicesArray(
  db: DbOrTx,
  opts: ExportOptions = {},
): Promise<Record<string, unknown>[]> {
  const out: Record<string, unknown>[] = [];
  for await (const s of exportServices(db, opts)) out.push(s);
  return out;
}

/**
 * Writes the services to `file` as a JSON array, or with `shape: 'page'` as one ORUK/HSDS list page
 * ({ total_items, total_pages: 1, ..., contents }). Streams: memory stays flat for 100,000 services.
 */
export async function writeJsonExport(
  db: DbOrTx,
  file: string,
  opts: ExportOptions & { shape?: 'array' | 'page' } = {},
): Promise<{ services: number }> {
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const out = createWriteStream(file, 'utf8');
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, 'drain');
  };
  let n = 0;
  await write(opts.shape === 'page' ? '{"contents":[\n' : '[\n');
  for await (const s of exportServices(db, opts)) {
    await write(`${n ? ',\n' : ''}${JSON.stringify(s)}`);
    n++;
  }
  if (opts.shape === 'page') {
    await write(
      `\n],"total_items":${n},"total_pages":1,"page_number":1,"size":${n},"first_page":true,"last_page":true,"empty":${n === 0}}\n`,
    );
  } else await write('\n]\n');
  out.end();
  await once(out, 'finish');
  return { services: n };
}

/** Columns of each table's CSV: the HSDS fields, plus Wayfinder's extension fields on locations. */
export function csvColumns(table: TableName): string[] {
  const cols = fields[table].map((f) => f.name);
  if (table === 'location') cols.push(...locationExtensionFields.map((f) => f.name));
  return cols;
}

function csvValue(v: unknown): unknown {
  if (v instanceof Date) return v.toISOString();
  return v;
}

const frictionlessType: Record<string, string> = {
  uuid: 'string',
  text: 'string',
  int: 'integer',
  number: 'number',
  date: 'date',
  datetime: 'datetime',
  time: 'time',
  bool: 'boolean',
};

/** The datapackage.json descriptor for the tables written. */
export function dataPackageDescriptor(written: TableName[]): Record<string, unknown> {
  return {
    name: 'wayfinder-directory',
    title: 'Wayfinder service directory (HSDS 3.0 tabular data package)',
    profile: 'tabular-data-package',
    resources: written.map((t) => ({
      name: csvFiles[t][0]!.replace(/\.csv$/, ''),
      path: csvFiles[t][0],
      profile: 'tabular-data-resource',
      format: 'csv',
      mediatype: 'text/csv',
      encoding: 'utf-8',
      schema: {
        primaryKey: 'id',
        fields: [...fields[t], ...(t === 'location' ? locationExtensionFields : [])].map((f) => ({
          name: f.name,
          type: frictionlessType[f.kind],
          ...(f.kind === 'uuid' ? { format: 'uuid' } : f.format ? { format: f.format } : {}),
          ...(f.required ? { constraints: { required: true } } : {}),
        })),
      },
    })),
  };
}

/**
 * Writes the tabular data package into `dir` (created if needed): every table, every row, id order.
 * Returns the number of rows written per table.
 */
export async function writeDataPackage(
  db: DbOrTx,
  dir: string,
  opts: ReadOptions = {},
): Promise<Record<TableName, number>> {
  mkdirSync(dir, { recursive: true });
  const redact = (opts.withheld ?? 'redact') === 'redact';
  const withheld = new Set<string>();
  if (redact) {
    const rows = await db.select({ id: dirLocation.id, withheld: dirLocation.withheld }).from(dirLocation);
    for (const r of rows) if (r.withheld) withheld.add(r.id);
  }
  const counts = {} as Record<TableName, number>;
  for (const table of tableNames) {
    const t = tables[table] as unknown as PgTable & Record<string, PgColumn>;
    const columns = csvColumns(table);
    const file = path.join(dir, csvFiles[table][0]!);
    const out = createWriteStream(file, 'utf8');
    const write = async (s: string) => {
      if (!out.write(s)) await once(out, 'drain');
    };
    await write(toCsv(columns, []));
    let after: string | undefined;
    let n = 0;
    for (;;) {
      const rows = (await db
        .select()
        .from(t)
        .where(after ? gt(t.id!, after) : undefined)
        .orderBy(asc(t.id!))
        .limit(5000)) as Row[];
      if (!rows.length) break;
      after = rows[rows.length - 1]!.id as string;
      const lines: Row[] = [];
      for (const r of rows) {
        if (table === 'address' && withheld.has(r.location_id as string)) continue;
        const line: Row = {};
        for (const c of columns) line[c] = csvValue(r[c]);
        if (table === 'location') {
          line.x_withheld = r.withheld ? 'true' : undefined;
          line.x_area_code = r.area_code ?? undefined;
          if (withheld.has(r.id as string)) {
            line.latitude = undefined;
            line.longitude = undefined;
            line.external_identifier = undefined;
            line.external_identifier_type = undefined;
          }
        }
        lines.push(line);
      }
      // toCsv writes a header line first: drop it for continuation chunks.
      const csv = toCsv(columns, lines);
      await write(csv.slice(csv.indexOf('\r\n') + 2));
      n += lines.length;
    }
    out.end();
    await once(out, 'finish');
    counts[table] = n;
  }
  writeFileSync(
    path.join(dir, 'datapackage.json'),
    `${JSON.stringify(dataPackageDescriptor([...tableNames]), null, 2)}\n`,
  );
  return counts;
}
