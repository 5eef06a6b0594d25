/**
 * Turns HSDS 3.0 / ORUK 3.0 JSON documents (service_full, organization_full, service_at_location_full,
 * location, taxonomy, taxonomy_term) into validated table rows, ready for `writeRowSet`.
 *
 * Replace semantics: when a document carries a collection (e.g. a service's `phones`), the owner's
 * rows in that table are replaced by the document's; a collection the document leaves out is left as
 * it is. Shared records (organizations, locations, taxonomies, terms, services listed in an
 * organization) are upserted, never deleted. Scalar fields of a record are replaced whole (a field the
 * document leaves out becomes null), except the structural links a document may not repeat
 * (service.organization_id, service.program_id, location.organization_id) and location.withheld,
 * which an import can set but never clear.
 */
import { type FieldProblem, fields, parseScalars, type Row, type TableName, tableNames } from './hsds.ts';
import { carriesExtras, extraNestings, nestingsOf } from './nesting.ts';
import { repair } from './quirks.ts';

export type DocumentKind =
  | 'service'
  | 'organization'
  | 'service_at_location'
  | 'location'
  | 'taxonomy'
  | 'taxonomy_term';

export interface RowSet {
  rows: Record<TableName, Map<string, Row>>;
  /** "table.column" -> owner ids whose rows in that table are replaced. */
  replace: Map<string, Set<string>>;
}

export function emptyRowSet(): RowSet {
  return {
    rows: Object.fromEntries(tableNames.map((t) => [t, new Map()])) as RowSet['rows'],
    replace: new Map(),
  };
}

/** Adds every row and replace scope of `from` into `into` (rows with the same id are merged). */
export function mergeRowSets(into: RowSet, from: RowSet): void {
  for (const t of tableNames) for (const row of from.rows[t].values()) addRow(into, t, row);
  for (const [key, ids] of from.replace) {
    const set = into.replace.get(key) ?? new Set();
    for (const i of ids) set.add(i);
    into.replace.set(key, set);
  }
}

function addRow(set: RowSet, table: TableName, row: Row): void {
  const rows = set.rows[table];
  const id = row.id as string;
  const existing = rows.get(id);
  if (!existing) {
    rows.set(id, row);
    return;
  }
  for (const [k, v] of Object.entries(row)) {
    if (v === undefined) continue;
    if (v === null && existing[k] !== undefined && existing[k] !== null) continue;
    existing[k] = v;
  }
}

function replaces(set: RowSet, table: TableName, column: string, ownerId: string): void {
  const key = `${table}.${column}`;
  const ids = set.replace.get(key) ?? new Set();
  ids.add(ownerId);
  set.replace.set(key, ids);
}

type Obj = Record<string, unknown>;

const present = (v: unknown) => v !== undefined && v !== null;

class Walker {
  readonly set = emptyRowSet();
  readonly problems: FieldProblem[] = [];
  /** What was repaired to import the document (quirks.ts): it is imported, with these warnings. */
  readonly warnings: FieldProblem[] = [];
  /** The document's own id: nested records without one get ids generated from it. */
  documentId: string | undefined;

  constructor(private readonly trusted = false) {}

  private scalars(table: TableName, input: unknown, path: string, fks: Row = {}): Row | null {
    if (this.trusted) return this.withKeys(pickScalars(table, input), fks, input, path);
    let extra: Row | null = null;
    if (input && typeof input === 'object' && !Array.isArray(input)) {
      const repaired = repair(table, input as Obj, path, this.documentId, this.warnings);
      input = repaired.input;
      extra = repaired.extra;
    }
    const row = parseScalars(table, input, path, this.problems);
    // {} when the record sent none: an import says "no unknown fields", clearing any kept before.
    if (row) row.extra = extra ?? {};
    return this.withKeys(row, fks, input, path);
  }

  private withKeys(row: Row | null, fks: Row, input?: unknown, path = ''): Row | null {
    if (!row) {
      // Keep walking what the record holds, so every problem in it is reported at once; the
      // record is rejected anyway, so this stand-in row is never written.
      if (!input || typeof input !== 'object' || Array.isArray(input)) return null;
      const o = input as Obj;
      return { ...fks, id: typeof o.id === 'string' ? o.id : `invalid:${path}` };
    }
    for (const [k, v] of Object.entries(fks)) if (v !== undefined && v !== null) row[k] = v;
    return row;
  }

  /**
   * Walks one record of `table` and everything nested in it (nestingsOf): the records it names
   * first (so its foreign keys are set before it is added), then its lists, then its attributes
   * and metadata. `fks` are the foreign keys its parent sets. `top`: the document itself.
   */
  record(table: TableName, input: unknown, path: string, fks: Row = {}, top = false): Row | null {
    if (top && input && typeof input === 'object') {
      const id = (input as Obj).id;
      this.documentId = typeof id === 'string' && id ? id : undefined;
    }
    // Metadata may be about another record than the one it is nested in: its owner is a default.
    const row = this.scalars(table, input, path, table === 'metadata' ? {} : fks);
    if (!row) return null;
    const obj = input as Obj;
    const id = row.id as string;
    if (table === 'location') {
      row.withheld = row.x_withheld === true;
      row.area_code = typeof row.x_area_code === 'string' ? row.x_area_code : null;
      delete row.x_withheld;
      delete row.x_area_code;
    }
    if (table === 'metadata') row.resource_id ??= fks.resource_id;
    for (const n of nestingsOf[table]) {
      if (n.many || !present(obj[n.key])) continue;
      const at = join(path, n.key);
      if (n.child === 'program') {
        this.program(obj[n.key], at, row);
        continue;
      }
      const child = this.record(n.child, obj[n.key], at);
      if (!child) continue;
      if (n.keepForeignKey) row[n.foreignKey] ??= child.id;
      else row[n.foreignKey] = child.id;
    }
    this.required(table, row, path);
    addRow(this.set, table, row);
    for (const n of nestingsOf[table]) {
      if (!n.many) continue;
      // An organization's services are walked only in an organization document: the organization
      // a service names is not a way to bring in other services.
      if (n.child === 'service' && !top) continue;
      this.list(obj, n.key, path, n.child, n.foreignKey, id, !n.shared);
    }
    if (carriesExtras(table))
      for (const x of extraNestings) this.list(obj, x.key, path, x.child, x.foreignKey, id, true);
    return row;
  }

  /**
   * Walks the list `obj[key]` when it is present, each child naming the owner in `column`. `replace`:
   * the list replaces the owner's rows in that table (not for records in their own right).
   */
  private list(
    obj: Obj,
    key: string,
    path: string,
    table: TableName,
    column: string,
    ownerId: string,
    replace: boolean,
  ): void {
    const value = obj[key];
    if (!present(value)) return;
    if (!Array.isArray(value)) {
      this.problems.push({ path: join(path, key), message: 'must be a list' });
      return;
    }
    if (replace) replaces(this.set, table, column, ownerId);
    value.forEach((item, i) => {
      this.record(table, item, `${join(path, key)}[${i}]`, { [column]: ownerId });
    });
  }

  /** A service's program belongs to an organization: the service's, unless it names its own. */
  private program(input: unknown, path: string, service: Row): void {
    const program = this.scalars('program', input, path);
    if (!program) return;
    program.organization_id ??= service.organization_id;
    if (!program.organization_id) {
      this.problems.push({ path, message: 'needs the service’s organization' });
      return;
    }
    addRow(this.set, 'program', program);
    service.program_id = program.id;
  }

  /** The links a record must have once its nested records are walked. */
  private required(table: TableName, row: Row, path: string): void {
    if (table === 'service_at_location') {
      if (!row.service_id) this.problems.push({ path: join(path, 'service_id'), message: 'is required' });
      if (!row.location_id)
        this.problems.push({
          path: join(path, 'location'),
          message: 'is required (a location or location_id)',
        });
    }
    if (table === 'attribute' && !row.taxonomy_term_id)
      this.problems.push({
        path: join(path, 'taxonomy_term'),
        message: 'is required (a term or taxonomy_term_id)',
      });
  }
}

/**
 * The scalar fields of a document Wayfinder generated itself (the demo data), without validation:
 * several times faster than `parseScalars` for bulk seeding. Never use it for outside data.
 */
function pickScalars(table: TableName, input: unknown): Row | null {
  if (!input || typeof input !== 'object') return null;
  const o = input as Obj;
  const row: Row = {};
  for (const f of fields[table]) {
    const v = o[f.name];
    if (v === undefined) continue;
    row[f.name] = f.kind === 'datetime' && typeof v === 'string' ? new Date(v) : v;
  }
  if (table === 'location') {
    if (o.x_withheld !== undefined) row.x_withheld = o.x_withheld;
    if (o.x_area_code !== undefined) row.x_area_code = o.x_area_code;
  }
  return row;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

export interface IngestResult {
  kind: DocumentKind | TableName;
  id: string | undefined;
  name: string | undefined;
  set: RowSet;
  problems: FieldProblem[];
  /** What was repaired to import it (quirks.ts). */
  warnings: FieldProblem[];
}

/**
 * One flat row of a table (from a tabular data package) that no other record in the package
 * carries: written as it is, its foreign keys as given (a missing owner makes the database refuse it).
 */
export function ingestRow(table: TableName, row: unknown, label: string): IngestResult {
  const set = emptyRowSet();
  const problems: FieldProblem[] = [];
  const warnings: FieldProblem[] = [];
  const repaired =
    row && typeof row === 'object' && !Array.isArray(row)
      ? repair(table, row as Obj, '', undefined, warnings)
      : undefined;
  const parsed = parseScalars(table, repaired?.input ?? row, '', problems);
  if (parsed) {
    parsed.extra = repaired?.extra ?? {};
    if (table === 'location') {
      parsed.withheld = parsed.x_withheld === true;
      parsed.area_code = typeof parsed.x_area_code === 'string' ? parsed.x_area_code : null;
      delete parsed.x_withheld;
      delete parsed.x_area_code;
    }
    if (table === 'attribute' && !parsed.link_id) problems.push({ path: 'link_id', message: 'is required' });
    if (table === 'attribute' && !parsed.taxonomy_term_id)
      problems.push({ path: 'taxonomy_term_id', message: 'is required' });
    if (table === 'metadata' && !parsed.resource_id)
      problems.push({ path: 'resource_id', message: 'is required' });
    addRow(set, table, parsed);
  }
  const o = (row && typeof row === 'object' ? row : {}) as Obj;
  return {
    kind: table,
    id: typeof o.id === 'string' ? o.id : undefined,
    name: typeof o.name === 'string' ? o.name : label,
    set,
    problems,
    warnings,
  };
}

/** Works out what kind of HSDS object a JSON value is, from its fields. */
export function detectKind(doc: unknown): DocumentKind | undefined {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return undefined;
  const o = doc as Obj;
  if ('service' in o && ('location' in o || 'location_id' in o)) return 'service_at_location';
  if ('location_type' in o) return 'location';
  if ('status' in o) return 'service';
  if ('taxonomy_terms' in o || ('version' in o && !('taxonomy' in o) && !('term' in o))) return 'taxonomy';
  if (
    'taxonomy' in o ||
    'term' in o ||
    'taxonomy_id' in o ||
    'parent_id' in o ||
    'term_uri' in o ||
    'code' in o
  )
    return 'taxonomy_term';
  if ('services' in o || 'organization_identifiers' in o || 'website' in o || 'programs' in o)
    return 'organization';
  if (
    [
      'service_at_locations',
      'organization',
      'service_areas',
      'cost_options',
      'required_documents',
      'eligibility_description',
    ].some((k) => k in o)
  )
    return 'service';
  if ('uri' in o && 'description' in o && Object.keys(o).length <= 5) return 'taxonomy';
  if ('name' in o && 'description' in o) return 'organization';
  return undefined;
}

/** Validates one document and turns it into rows. `kind` is detected when not given. */
export function ingestDocument(
  doc: unknown,
  kind?: DocumentKind,
  opts: { trusted?: boolean } = {},
): IngestResult {
  const w = new Walker(opts.trusted);
  const k = kind ?? detectKind(doc);
  const o = (doc && typeof doc === 'object' ? doc : {}) as Obj;
  const id = typeof o.id === 'string' ? o.id : undefined;
  const name = typeof o.name === 'string' ? o.name : undefined;
  if (k) w.record(k, doc, '', {}, true);
  else
    w.problems.push({
      path: '(record)',
      message: 'is not a recognisable HSDS record (service, organization, ...)',
    });
  return { kind: k ?? 'service', id, name, set: w.set, problems: w.problems, warnings: w.warnings };
}
