/**
 * Writing validated HSDS rows (a RowSet from ingest.ts) to the directory tables in a few multi-row
 * statements, inside the caller's transaction. Used by imports, the staff forms and the demo seed.
 */
import { inArray, type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgColumn, type PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/index.ts';
import { areaCodeAt } from './coverage/area-lookup.ts';
import { type FieldKind, fields, type Row, type TableName, tableNames, tables } from './hsds.ts';
import type { RowSet } from './ingest.ts';
import { dirService } from './schema.ts';

const GSS = /^[EWSN]\d{8}$/;

/** The ONS GSS code a service area names, from a bare code in `extent` or an ONS statistical-geography URI. */
export function areaCodeOf(area: Row): string | null {
  const extent = typeof area.extent === 'string' ? area.extent.trim() : '';
  if (GSS.test(extent)) return extent;
  const uri = typeof area.uri === 'string' ? area.uri : '';
  const m = /statistical-geography\/([EWSN]\d{8})\b/.exec(uri) ?? /\b([EWSN]\d{8})$/.exec(uri);
  return m ? m[1]! : null;
}

/** Columns an import writes, beyond the HSDS fields. */
const extraColumns: Partial<Record<TableName, string[]>> = {
  organization: ['source'],
  service: ['source'],
  location: ['withheld', 'area_code'],
  service_area: ['area_code'],
};

/** Columns a later document may leave out without clearing them. */
const preserved: Partial<Record<TableName, Record<string, string>>> = {
  service: {
    organization_id: 'coalesce(excluded.organization_id, directory_service.organization_id)',
    program_id: 'coalesce(excluded.program_id, directory_service.program_id)',
  },
  location: {
    organization_id: 'coalesce(excluded.organization_id, directory_location.organization_id)',
    withheld: 'directory_location.withheld or excluded.withheld',
    area_code: 'coalesce(excluded.area_code, directory_location.area_code)',
  },
};

export interface WriteOptions {
  /** Where the records came from (a feed URL or file name); stored on services and organizations. */
  source?: string | null;
  /**
   * Staff edits and an organisation's uploads: the partnership organisation that maintains the
   * services, organizations and locations written, and the review date (left as it is when undefined).
   */
  owner?: { organisationId: string; reviewedAt?: Date | null };
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Writes every row of `set` (deleting first what its replace scopes replace). Call inside a transaction. */
export async function writeRowSet(tx: DbOrTx, set: RowSet, opts: WriteOptions = {}): Promise<void> {
  for (const [key, owners] of set.replace) {
    const [table, column] = key.split('.') as [TableName, string];
    const t = tables[table] as unknown as PgTable & Record<string, PgColumn>;
    for (const ids of chunks([...owners], 5000)) {
      await tx.delete(t).where(inArray(t[column]!, ids));
    }
  }

  // A service without last_modified keeps the one it has, or gets the time it was first written.
  const undated = [...set.rows.service.values()].filter((r) => !r.last_modified).map((r) => r.id as string);
  if (undated.length) {
    const existing = new Map<string, Date | null>();
    for (const ids of chunks(undated, 5000)) {
      const found = await tx
        .select({ id: dirService.id, last_modified: dirService.last_modified })
        .from(dirService)
        .where(inArray(dirService.id, ids));
      for (const r of found) existing.set(r.id, r.last_modified);
    }
    const now = new Date();
    for (const id of undated) set.rows.service.get(id)!.last_modified = existing.get(id) ?? now;
  }

  for (const table of tableNames) {
    const rows = [...set.rows[table].values()];
    if (!rows.length) continue;
    // `extra`: the fields a feed sent that HSDS does not define (quirks.ts), kept to export again.
    const columns = [...fields[table].map((f) => f.name), 'extra', ...(extraColumns[table] ?? [])];
    const ownerColumns =
      opts.owner && (table === 'service' || table === 'organization' || table === 'location')
        ? [
            'owner_organisation_id',
            ...(table === 'service' && opts.owner.reviewedAt !== undefined ? ['last_reviewed_at'] : []),
          ]
        : [];
    const all = [...columns, ...ownerColumns];
    const values = rows.map((r) => {
      const v: Row = {};
      for (const c of columns) v[c] = r[c] ?? null;
      // No `extra` at all (a staff edit, the demo seed): the unknown fields kept are left as they are.
      if (v.extra !== null) v.extra = JSON.stringify(v.extra);
      if (table === 'service_area') v.area_code = areaCodeOf(r);
      if (table === 'location') {
        v.withheld = r.withheld === true;
        // Its area from its coordinates (point in polygon) when the feed names none: search and
        // coverage read it, and a withheld refuge shows only this.
        if (v.area_code == null && typeof r.latitude === 'number' && typeof r.longitude === 'number')
          v.area_code = areaCodeAt(r.latitude, r.longitude);
      }
      if (table === 'service' || table === 'organization') v.source = opts.source ?? null;
      if (ownerColumns.length) {
        v.owner_organisation_id = opts.owner!.organisationId;
        if (ownerColumns.includes('last_reviewed_at')) v.last_reviewed_at = opts.owner!.reviewedAt ?? null;
      }
      return v;
    });
    // One INSERT ... SELECT FROM unnest(array per column): a handful of parameters however many rows.
    const sqlName = getTableConfig(tables[table] as unknown as PgTable).name;
    const types = all.map((c) => pgTypeOf(table, c));
    const updated = all.filter((c) => c !== 'id' && !(c === 'source' && opts.source === undefined));
    const newValue = (c: string) =>
      c === 'extra'
        ? `coalesce(excluded."extra", "${sqlName}"."extra")`
        : (preserved[table]?.[c] ?? `excluded."${c}"`);
    const updates = updated.map((c) => `"${c}" = ${newValue(c)}`);
    if ('updated_at' in (tables[table] as object)) updates.push('"updated_at" = now()');
    // A row that would not change is left alone: no write, no updated_at, and no UPDATE trigger row
    // (the search and coverage triggers would otherwise rebuild every service sharing a taxonomy
    // term or organization each time a batch names it again: quadratic over a large import).
    const changed = updated.length
      ? ` where (${updated.map((c) => `"${sqlName}"."${c}"`).join(', ')}) is distinct from (${updated.map(newValue).join(', ')})`
      : '';
    const text =
      `insert into "${sqlName}" (${all.map((c) => `"${c}"`).join(', ')}) ` +
      `select * from unnest(${types.map((ty, i) => `$${i + 1}::${ty}[]`).join(', ')}) ` +
      `on conflict ("id") do update set ${updates.join(', ')}${changed}`;
    for (const part of chunks(values, 5000)) {
      const params = all.map((c) => part.map((v) => toParam(v[c])));
      await tx.execute(sqlParams(text, params));
    }
  }
}

const pgTypes: Record<FieldKind, string> = {
  uuid: 'uuid',
  text: 'text',
  int: 'integer',
  number: 'double precision',
  date: 'date',
  datetime: 'timestamptz',
  time: 'time',
  bool: 'boolean',
};
const extraTypes: Record<string, string> = {
  source: 'text',
  extra: 'jsonb',
  withheld: 'boolean',
  area_code: 'text',
  owner_organisation_id: 'uuid',
  last_reviewed_at: 'timestamptz',
};

function pgTypeOf(table: TableName, column: string): string {
  const spec = fields[table].find((f) => f.name === column);
  return spec ? pgTypes[spec.kind] : extraTypes[column]!;
}

function toParam(v: unknown): unknown {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  return v;
}

/** A statement with positional parameters, for drizzle's execute. */
function sqlParams(text: string, params: unknown[]): SQL {
  const parts = text.split(/\$(\d+)/);
  const chunksOut: SQL[] = [];
  for (let i = 0; i < parts.length; i++) {
    if (i % 2 === 0) chunksOut.push(sql.raw(parts[i]!));
    else chunksOut.push(sql`${sql.param(params[Number(parts[i]) - 1])}`);
  }
  return sql.join(chunksOut, sql.raw(''));
}
