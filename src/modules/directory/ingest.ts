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

class Walker {
  readonly set = emptyRowSet();
  readonly problems: FieldProblem[] = [];

  constructor(private readonly trusted = false) {}

  private scalars(table: TableName, input: unknown, path: string, fks: Row = {}): Row | null {
    const row = this.trusted ? pickScalars(table, input) : parseScalars(table, input, path, this.problems);
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

  /** Runs `each` over `obj[key]` when it is present; records a replace scope for the owner. */
  private collection(
    obj: Obj,
    key: string,
    path: string,
    each: (item: unknown, itemPath: string) => void,
    replace?: { table: TableName; column: string; ownerId: string },
  ): void {
    const value = obj[key];
    if (value === undefined || value === null) return;
    if (!Array.isArray(value)) {
      this.problems.push({ path: join(path, key), message: 'must be a list' });
      return;
    }
    if (replace) replaces(this.set, replace.table, replace.column, replace.ownerId);
    value.forEach((item, i) => {
      each(item, `${join(path, key)}[${i}]`);
    });
  }

  /** Attributes and metadata, which HSDS allows on any record. */
  private extras(obj: Obj, path: string, ownerId: string): void {
    this.collection(obj, 'attributes', path, (a, p) => this.attribute(a, p, ownerId), {
      table: 'attribute',
      column: 'link_id',
      ownerId,
    });
    this.collection(obj, 'metadata', path, (m, p) => this.metadata(m, p, ownerId), {
      table: 'metadata',
      column: 'resource_id',
      ownerId,
    });
  }

  private leaf(table: TableName, input: unknown, path: string, fks: Row): Row | null {
    const row = this.scalars(table, input, path, fks);
    if (!row) return null;
    addRow(this.set, table, row);
    this.extras(input as Obj, path, row.id as string);
    return row;
  }

  organization(input: unknown, path: string, opts: { withServices?: boolean } = {}): Row | null {
    const row = this.scalars('organization', input, path);
    if (!row) return null;
    const o = input as Obj;
    const orgId = row.id as string;
    addRow(this.set, 'organization', row);
    const own = (table: TableName) => ({ table, column: 'organization_id', ownerId: orgId });
    const fks = { organization_id: orgId };
    this.collection(
      o,
      'organization_identifiers',
      path,
      (x, p) => this.leaf('organization_identifier', x, p, fks),
      own('organization_identifier'),
    );
    this.collection(o, 'funding', path, (x, p) => this.leaf('funding', x, p, fks), own('funding'));
    this.collection(o, 'contacts', path, (x, p) => this.contact(x, p, fks), own('contact'));
    this.collection(o, 'phones', path, (x, p) => this.phone(x, p, fks), own('phone'));
    this.collection(o, 'programs', path, (x, p) => this.leaf('program', x, p, fks), own('program'));
    this.collection(o, 'locations', path, (x, p) => this.location(x, p, fks));
    if (opts.withServices) this.collection(o, 'services', path, (x, p) => this.service(x, p, fks));
    this.extras(o, path, orgId);
    return row;
  }

  service(input: unknown, path: string, parent: Row = {}): Row | null {
    const row = this.scalars('service', input, path, parent);
    if (!row) return null;
    const s = input as Obj;
    const serviceId = row.id as string;
    if (s.organization !== undefined && s.organization !== null) {
      const org = this.organization(s.organization, join(path, 'organization'));
      if (org) row.organization_id = org.id;
    }
    if (s.program !== undefined && s.program !== null) {
      const program = this.scalars('program', s.program, join(path, 'program'));
      if (program) {
        program.organization_id ??= row.organization_id;
        if (!program.organization_id)
          this.problems.push({ path: join(path, 'program'), message: 'needs the service’s organization' });
        else {
          addRow(this.set, 'program', program);
          row.program_id = program.id;
        }
      }
    }
    addRow(this.set, 'service', row);
    const own = (table: TableName) => ({ table, column: 'service_id', ownerId: serviceId });
    const fks = { service_id: serviceId };
    this.collection(s, 'phones', path, (x, p) => this.phone(x, p, fks), own('phone'));
    this.collection(s, 'schedules', path, (x, p) => this.leaf('schedule', x, p, fks), own('schedule'));
    this.collection(
      s,
      'service_areas',
      path,
      (x, p) => this.leaf('service_area', x, p, fks),
      own('service_area'),
    );
    this.collection(
      s,
      'service_at_locations',
      path,
      (x, p) => this.serviceAtLocation(x, p, fks),
      own('service_at_location'),
    );
    this.collection(s, 'languages', path, (x, p) => this.leaf('language', x, p, fks), own('language'));
    this.collection(s, 'funding', path, (x, p) => this.leaf('funding', x, p, fks), own('funding'));
    this.collection(
      s,
      'cost_options',
      path,
      (x, p) => this.leaf('cost_option', x, p, fks),
      own('cost_option'),
    );
    this.collection(
      s,
      'required_documents',
      path,
      (x, p) => this.leaf('required_document', x, p, fks),
      own('required_document'),
    );
    this.collection(s, 'contacts', path, (x, p) => this.contact(x, p, fks), own('contact'));
    this.extras(s, path, serviceId);
    return row;
  }

  serviceAtLocation(input: unknown, path: string, parent: Row = {}): Row | null {
    const row = this.scalars('service_at_location', input, path, parent);
    if (!row) return null;
    const sal = input as Obj;
    if (sal.service !== undefined && sal.service !== null) {
      const service = this.service(sal.service, join(path, 'service'));
      if (service) row.service_id = service.id;
    }
    if (sal.location !== undefined && sal.location !== null) {
      const location = this.location(sal.location, join(path, 'location'));
      if (location) row.location_id = location.id;
    }
    if (!row.service_id) this.problems.push({ path: join(path, 'service_id'), message: 'is required' });
    if (!row.location_id)
      this.problems.push({
        path: join(path, 'location'),
        message: 'is required (a location or location_id)',
      });
    addRow(this.set, 'service_at_location', row);
    const salId = row.id as string;
    const own = (table: TableName) => ({ table, column: 'service_at_location_id', ownerId: salId });
    const fks = { service_at_location_id: salId };
    this.collection(sal, 'contacts', path, (x, p) => this.contact(x, p, fks), own('contact'));
    this.collection(sal, 'phones', path, (x, p) => this.phone(x, p, fks), own('phone'));
    this.collection(sal, 'schedules', path, (x, p) => this.leaf('schedule', x, p, fks), own('schedule'));
    this.extras(sal, path, salId);
    return row;
  }

  location(input: unknown, path: string, parent: Row = {}): Row | null {
    const row = this.scalars('location', input, path, parent);
    if (!row) return null;
    const l = input as Obj;
    const locationId = row.id as string;
    row.withheld = row.x_withheld === true;
    row.area_code = typeof row.x_area_code === 'string' ? row.x_area_code : null;
    delete row.x_withheld;
    delete row.x_area_code;
    addRow(this.set, 'location', row);
    const own = (table: TableName) => ({ table, column: 'location_id', ownerId: locationId });
    const fks = { location_id: locationId };
    this.collection(l, 'addresses', path, (x, p) => this.leaf('address', x, p, fks), own('address'));
    this.collection(
      l,
      'accessibility',
      path,
      (x, p) => this.leaf('accessibility', x, p, fks),
      own('accessibility'),
    );
    this.collection(l, 'contacts', path, (x, p) => this.contact(x, p, fks), own('contact'));
    this.collection(l, 'phones', path, (x, p) => this.phone(x, p, fks), own('phone'));
    this.collection(l, 'schedules', path, (x, p) => this.leaf('schedule', x, p, fks), own('schedule'));
    this.collection(l, 'languages', path, (x, p) => this.leaf('language', x, p, fks), own('language'));
    this.extras(l, path, locationId);
    return row;
  }

  contact(input: unknown, path: string, fks: Row): Row | null {
    const row = this.leaf('contact', input, path, fks);
    if (!row) return null;
    const contactId = row.id as string;
    this.collection(input as Obj, 'phones', path, (x, p) => this.phone(x, p, { contact_id: contactId }), {
      table: 'phone',
      column: 'contact_id',
      ownerId: contactId,
    });
    return row;
  }

  phone(input: unknown, path: string, fks: Row): Row | null {
    const row = this.leaf('phone', input, path, fks);
    if (!row) return null;
    const phoneId = row.id as string;
    this.collection(
      input as Obj,
      'languages',
      path,
      (x, p) => this.leaf('language', x, p, { phone_id: phoneId }),
      { table: 'language', column: 'phone_id', ownerId: phoneId },
    );
    return row;
  }

  attribute(input: unknown, path: string, linkId: string): Row | null {
    const row = this.scalars('attribute', input, path, { link_id: linkId });
    if (!row) return null;
    const a = input as Obj;
    if (a.taxonomy_term !== undefined && a.taxonomy_term !== null) {
      const term = this.taxonomyTerm(a.taxonomy_term, join(path, 'taxonomy_term'));
      if (term) row.taxonomy_term_id = term.id;
    }
    if (!row.taxonomy_term_id)
      this.problems.push({
        path: join(path, 'taxonomy_term'),
        message: 'is required (a term or taxonomy_term_id)',
      });
    addRow(this.set, 'attribute', row);
    return row;
  }

  metadata(input: unknown, path: string, resourceId: string): Row | null {
    const row = this.scalars('metadata', input, path);
    if (!row) return null;
    row.resource_id ??= resourceId;
    addRow(this.set, 'metadata', row);
    return row;
  }

  taxonomyTerm(input: unknown, path: string, parent: Row = {}): Row | null {
    const row = this.scalars('taxonomy_term', input, path, parent);
    if (!row) return null;
    const t = input as Obj;
    if (t.taxonomy_detail !== undefined && t.taxonomy_detail !== null) {
      const taxonomy = this.taxonomy(t.taxonomy_detail, join(path, 'taxonomy_detail'));
      if (taxonomy) row.taxonomy_id ??= taxonomy.id;
    }
    addRow(this.set, 'taxonomy_term', row);
    return row;
  }

  taxonomy(input: unknown, path: string): Row | null {
    const row = this.scalars('taxonomy', input, path);
    if (!row) return null;
    addRow(this.set, 'taxonomy', row);
    this.collection(input as Obj, 'taxonomy_terms', path, (x, p) =>
      this.taxonomyTerm(x, p, { taxonomy_id: row.id }),
    );
    return row;
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
}

/**
 * One flat row of a table (from a tabular data package) that no other record in the package
 * carries: written as it is, its foreign keys as given (a missing owner makes the database refuse it).
 */
export function ingestRow(table: TableName, row: unknown, label: string): IngestResult {
  const set = emptyRowSet();
  const problems: FieldProblem[] = [];
  const parsed = parseScalars(table, row, '', problems);
  if (parsed) {
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
  switch (k) {
    case 'service':
      w.service(doc, '');
      break;
    case 'organization':
      w.organization(doc, '', { withServices: true });
      break;
    case 'service_at_location':
      w.serviceAtLocation(doc, '');
      break;
    case 'location':
      w.location(doc, '');
      break;
    case 'taxonomy':
      w.taxonomy(doc, '');
      break;
    case 'taxonomy_term':
      w.taxonomyTerm(doc, '');
      break;
    default:
      w.problems.push({
        path: '(record)',
        message: 'is not a recognisable HSDS record (service, organization, ...)',
      });
  }
  return { kind: k ?? 'service', id, name, set: w.set, problems: w.problems };
}
