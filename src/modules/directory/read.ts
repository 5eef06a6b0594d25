/**
 * Reading services back as HSDS 3.0 `service_full` objects, in batches (a few queries per batch
 * whatever its size). Withheld locations (refuges, safe houses) are redacted unless asked otherwise:
 * no addresses, coordinates or external identifier; only `x_withheld: true` and `x_area_code`.
 */
import { asc, inArray, or, type SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../platform/db/index.ts';
import { type FieldSpec, fields, type Row, type TableName, tables } from './hsds.ts';
import { isEmailAddress, isIdentifierUri, isWebLink } from './links.ts';
import { carriesExtras, extraNestings, nestingsOf } from './nesting.ts';

const formatHolds = (format: NonNullable<FieldSpec['format']>, v: string) =>
  format === 'email' ? isEmailAddress(v) : format === 'link' ? isWebLink(v) : isIdentifierUri(v);

export type WithheldMode = 'redact' | 'include';
export interface ReadOptions {
  /** 'redact' (the default, for anything public or shared) or 'include' (full backup for staff). */
  withheld?: WithheldMode;
  /**
   * Nest every location of the service's organization under `organization.locations`, as HSDS 3.0
   * service_full does (default true: exports keep the link). Pass false for API pages: an organization
   * with thousands of locations would otherwise repeat them all in each of its services.
   */
  organizationLocations?: boolean;
}

type Json = Record<string, unknown>;

function uniq(values: unknown[]): string[] {
  return [...new Set(values.filter((v): v is string => typeof v === 'string'))];
}

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** Rows of `table` where any of the given columns is in its id list (ordered by id). */
async function rowsWhere(db: DbOrTx, table: TableName, by: Record<string, string[]>): Promise<Row[]> {
  const t = tables[table] as unknown as PgTable & Record<string, PgColumn>;
  const out = new Map<string, Row>();
  const entries = Object.entries(by).filter(([, ids]) => ids.length);
  if (!entries.length) return [];
  // Each column's list is chunked so a huge export never builds one enormous statement.
  const size = 5000;
  const longest = Math.max(...entries.map(([, ids]) => ids.length));
  for (let i = 0; i < longest; i += size) {
    const conds: SQL[] = [];
    for (const [column, ids] of entries) {
      const part = ids.slice(i, i + size);
      if (part.length) conds.push(inArray(t[column]!, part));
    }
    const rows = (await db
      .select()
      .from(t)
      .where(conds.length === 1 ? conds[0] : or(...conds))
      .orderBy(asc(t.id!))) as Row[];
    for (const r of rows) out.set(r.id as string, r);
  }
  return [...out.values()].sort((a, b) => ((a.id as string) < (b.id as string) ? -1 : 1));
}

function groupBy(rows: Row[], column: string): Map<string, Row[]> {
  const m = new Map<string, Row[]>();
  for (const r of rows) {
    const k = r[column];
    if (typeof k !== 'string') continue;
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** The HSDS fields of a row as JSON, in specification order, without nulls or nesting foreign keys. */
export function scalarsJson(
  table: TableName,
  row: Row,
  opts: { keepForeignKeys?: boolean; unknownFields?: boolean } = {},
): Json {
  const out: Json = {};
  for (const f of fields[table]) {
    if (f.fk && !opts.keepForeignKeys) continue;
    const v = row[f.name];
    if (v === null || v === undefined) continue;
    // Never republish an address that is not one (stored before imports checked them: links.ts).
    if (f.format && typeof v === 'string' && !formatHolds(f.format, v)) continue;
    out[f.name] = v instanceof Date ? v.toISOString() : v;
  }
  // The fields the feed sent that HSDS does not define, given back as they came (quirks.ts). The
  // ORUK 3.0 schemas do not forbid additional properties, so the API carries them as exports do.
  const extra = row.extra;
  if ((opts.unknownFields ?? true) && extra && typeof extra === 'object' && !Array.isArray(extra))
    for (const [k, v] of Object.entries(extra)) if (!(k in out)) out[k] = v;
  return out;
}

function put(obj: Json, key: string, list: Json[] | undefined): void {
  if (list?.length) obj[key] = list;
}

/** Everything needed to build service_full objects for a batch of services. */
class Graph {
  private by = new Map<string, Map<string, Row[]>>();
  private byId = new Map<string, Map<string, Row>>();
  constructor(
    private readonly opts: Required<ReadOptions>,
    data: Partial<Record<TableName, Row[]>>,
  ) {
    for (const [table, rows] of Object.entries(data)) {
      this.byId.set(table, new Map(rows!.map((r) => [r.id as string, r])));
    }
    this.data = data;
  }
  private readonly data: Partial<Record<TableName, Row[]>>;

  private children(table: TableName, column: string, id: string): Row[] {
    const key = `${table}.${column}`;
    let index = this.by.get(key);
    if (!index) {
      index = groupBy(this.data[table] ?? [], column);
      this.by.set(key, index);
    }
    return index.get(id) ?? [];
  }

  get(table: TableName, id: unknown): Row | undefined {
    return typeof id === 'string' ? this.byId.get(table)?.get(id) : undefined;
  }

  /**
   * One record as JSON with everything nested in it (nestingsOf), as a service_full carries it:
   * rooted at the service, so the service a service_at_location names is not repeated, and of the
   * records in their own right only an organization's locations, when asked for.
   */
  render(table: TableName, row: Row, ownerId?: string): Json {
    const id = row.id as string;
    const redact = table === 'location' && row.withheld === true && this.opts.withheld === 'redact';
    // A refuge's unknown fields are never published: they might say where it is.
    const j = scalarsJson(table, row, { unknownFields: !redact });
    if (table === 'location') {
      if (redact) {
        delete j.latitude;
        delete j.longitude;
        delete j.external_identifier;
        delete j.external_identifier_type;
      }
      if (row.withheld === true) j.x_withheld = true;
      if (row.area_code) j.x_area_code = row.area_code;
    }
    if (table === 'attribute') delete j.link_id;
    if (table === 'metadata' && row.resource_id === ownerId) delete j.resource_id;
    for (const n of nestingsOf[table]) {
      if (n.many) {
        if (n.shared && !(n.child === 'location' && this.opts.organizationLocations)) continue;
        if (redact && n.child === 'address') continue;
        put(
          j,
          n.key,
          this.children(n.child, n.foreignKey, id).map((c) => this.render(n.child, c)),
        );
        continue;
      }
      if (n.child === 'service') continue;
      const child = this.get(n.child, row[n.foreignKey]);
      if (child) {
        if (!n.keepForeignKey) delete j[n.foreignKey];
        j[n.key] = this.render(n.child, child);
      } else if (typeof row[n.foreignKey] === 'string') j[n.foreignKey] = row[n.foreignKey];
    }
    if (carriesExtras(table))
      for (const x of extraNestings)
        put(
          j,
          x.key,
          this.children(x.child, x.foreignKey, id).map((c) => this.render(x.child, c, id)),
        );
    return j;
  }
}

/**
 * Loads the given services as HSDS 3.0 service_full objects, in the order of `ids` (ids that do not
 * exist are skipped). Pass at most a few thousand ids at a time.
 */
export async function loadServicesFull(db: DbOrTx, ids: string[], opts: ReadOptions = {}): Promise<Json[]> {
  const o: Required<ReadOptions> = {
    withheld: opts.withheld ?? 'redact',
    organizationLocations: opts.organizationLocations ?? true,
  };
  const all: Json[] = [];
  for (const part of chunks(uniq(ids), 1000)) {
    const graph = await loadGraph(db, part, o);
    for (const id of part) {
      const s = graph.get('service', id);
      if (s) all.push(graph.render('service', s));
    }
  }
  const order = new Map(ids.map((id, i) => [id, i]));
  return all.sort((a, b) => order.get(a.id as string)! - order.get(b.id as string)!);
}

async function loadGraph(db: DbOrTx, ids: string[], opts: Required<ReadOptions>): Promise<Graph> {
  const service = await rowsWhere(db, 'service', { id: ids });
  const orgIds = uniq(service.map((s) => s.organization_id));
  const [sal, organization, orgLocations, program, organization_identifier] = await Promise.all([
    rowsWhere(db, 'service_at_location', { service_id: ids }),
    rowsWhere(db, 'organization', { id: orgIds }),
    opts.organizationLocations ? rowsWhere(db, 'location', { organization_id: orgIds }) : Promise.resolve([]),
    rowsWhere(db, 'program', { id: uniq(service.map((s) => s.program_id)), organization_id: orgIds }),
    rowsWhere(db, 'organization_identifier', { organization_id: orgIds }),
  ]);
  const salIds = uniq(sal.map((r) => r.id));
  const location = [
    ...orgLocations,
    ...(await rowsWhere(db, 'location', {
      id: uniq(sal.map((r) => r.location_id)).filter((l) => !orgLocations.some((x) => x.id === l)),
    })),
  ];
  const locationIds = uniq(location.map((l) => l.id));
  const contact = await rowsWhere(db, 'contact', {
    service_id: ids,
    organization_id: orgIds,
    service_at_location_id: salIds,
    location_id: locationIds,
  });
  const contactIds = uniq(contact.map((c) => c.id));
  const phone = await rowsWhere(db, 'phone', {
    service_id: ids,
    organization_id: orgIds,
    service_at_location_id: salIds,
    location_id: locationIds,
    contact_id: contactIds,
  });
  const phoneIds = uniq(phone.map((p) => p.id));
  const [schedule, language, address, accessibility, service_area, cost_option, funding, required_document] =
    await Promise.all([
      rowsWhere(db, 'schedule', {
        service_id: ids,
        location_id: locationIds,
        service_at_location_id: salIds,
      }),
      rowsWhere(db, 'language', { service_id: ids, location_id: locationIds, phone_id: phoneIds }),
      rowsWhere(db, 'address', { location_id: locationIds }),
      rowsWhere(db, 'accessibility', { location_id: locationIds }),
      rowsWhere(db, 'service_area', { service_id: ids }),
      rowsWhere(db, 'cost_option', { service_id: ids }),
      rowsWhere(db, 'funding', { service_id: ids, organization_id: orgIds }),
      rowsWhere(db, 'required_document', { service_id: ids }),
    ]);
  const everything = [
    service,
    sal,
    organization,
    program,
    organization_identifier,
    location,
    contact,
    phone,
    schedule,
    language,
    address,
    accessibility,
    service_area,
    cost_option,
    funding,
    required_document,
  ].flatMap((rows) => rows.map((r) => r.id as string));
  const [attribute, metadata] = await Promise.all([
    rowsWhere(db, 'attribute', { link_id: everything }),
    rowsWhere(db, 'metadata', { resource_id: everything }),
  ]);
  const taxonomy_term = await rowsWhere(db, 'taxonomy_term', {
    id: uniq(attribute.map((a) => a.taxonomy_term_id)),
  });
  const taxonomy = await rowsWhere(db, 'taxonomy', { id: uniq(taxonomy_term.map((t) => t.taxonomy_id)) });
  return new Graph(opts, {
    service,
    service_at_location: sal,
    organization,
    program,
    organization_identifier,
    location,
    contact,
    phone,
    schedule,
    language,
    address,
    accessibility,
    service_area,
    cost_option,
    funding,
    required_document,
    attribute,
    metadata,
    taxonomy_term,
    taxonomy,
  });
}
