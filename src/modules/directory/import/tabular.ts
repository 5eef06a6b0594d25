/**
 * The HSDS tabular data package (datapackage.json + one CSV per table, or the same tables as JSON
 * arrays in "tabular.json") assembled into import records: taxonomies and terms, organizations,
 * locations and services as nested documents (a package is complete, so each document carries every
 * collection its tables hold), then every row no document carried, on its own.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parseCsvObjects } from '../csv.ts';
import { csvFiles, fields, type TableName, tableNames } from '../hsds.ts';
import type { DocumentKind } from '../ingest.ts';
import { extraNestings, type Nesting, nestings, nestingsOf } from '../nesting.ts';

export type Tables = Partial<Record<TableName, Record<string, unknown>[]>>;

export interface RawRecord {
  /** A nested HSDS document, or one flat row of `kind` (a table). */
  doc: unknown;
  kind?: DocumentKind;
  table?: TableName;
  label: string;
}

const fileToTable = new Map<string, TableName>();
for (const t of tableNames) for (const f of csvFiles[t]) fileToTable.set(f, t);

/** The table a CSV file (or datapackage resource name) holds, by its name. */
export function tableForFile(name: string): TableName | undefined {
  const base = path.basename(name).toLowerCase();
  return fileToTable.get(base) ?? fileToTable.get(`${base}.csv`);
}

export function isDataPackageDir(dir: string): boolean {
  return (
    existsSync(dir) &&
    statSync(dir).isDirectory() &&
    (existsSync(path.join(dir, 'datapackage.json')) ||
      readdirSync(dir).some((f) => f.toLowerCase().endsWith('.csv') && tableForFile(f)))
  );
}

export interface PackageRead {
  tables: Tables;
  /** Files the package names or holds that are not HSDS tables (reported, not imported). */
  ignored: string[];
  warnings: string[];
}

/**
 * Reads a tabular data package directory: the resources named in datapackage.json when it parses,
 * otherwise every CSV file with an HSDS table name. Two files for one table (ORUK packages ship both
 * address.csv and addresses.csv) are combined; rows are merged by id later.
 */
export function readDataPackage(dir: string): PackageRead {
  const tables: Tables = {};
  const ignored: string[] = [];
  const warnings: string[] = [];
  let files: string[] | undefined;
  const descriptor = path.join(dir, 'datapackage.json');
  if (existsSync(descriptor)) {
    try {
      const pkg = JSON.parse(readFileSync(descriptor, 'utf8')) as {
        resources?: { path?: string; name?: string }[];
      };
      files = (pkg.resources ?? []).map((r) => r.path ?? `${r.name}.csv`).filter(Boolean) as string[];
    } catch {
      warnings.push(
        'datapackage.json is not valid JSON: reading every CSV file with an HSDS table name instead',
      );
    }
  }
  files ??= readdirSync(dir)
    .filter((f) => f.toLowerCase().endsWith('.csv'))
    .sort();
  for (const file of files) {
    const table = tableForFile(file);
    const full = path.join(dir, file);
    if (!table) {
      ignored.push(file);
      continue;
    }
    if (!existsSync(full)) {
      warnings.push(`${file} is named in datapackage.json but missing`);
      continue;
    }
    const rows = parseCsvObjects(readFileSync(full, 'utf8'));
    tables[table] = [...(tables[table] ?? []), ...rows];
  }
  return { tables, ignored, warnings };
}

/** "tabular.json": `{ "services.csv": [rows], ... }`. */
export function isTabularJson(doc: unknown): doc is Record<string, unknown[]> {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const keys = Object.keys(doc);
  return (
    keys.length > 0 &&
    keys.every((k) => k.endsWith('.csv') && Array.isArray((doc as Record<string, unknown>)[k]))
  );
}

export function tabularJsonTables(doc: Record<string, unknown[]>): PackageRead {
  const tables: Tables = {};
  const ignored: string[] = [];
  for (const [file, rows] of Object.entries(doc)) {
    const table = tableForFile(file);
    if (!table) ignored.push(file);
    else tables[table] = [...(tables[table] ?? []), ...(rows as Record<string, unknown>[])];
  }
  return { tables, ignored, warnings: [] };
}

type R = Record<string, unknown>;

/** The tables a package's rows are assembled into documents of, in the order they are written. */
const documentTables = ['taxonomy', 'taxonomy_term', 'organization', 'location', 'service'] as const;

/**
 * The owners a row of each table may name, for the tables with more than one (a phone may name a
 * service, a location, an organization, a service_at_location and a contact at once).
 */
const ownersOf = new Map<TableName, Nesting[]>();
for (const t of tableNames) {
  const owners = nestings.filter((n) => n.many && !n.shared && n.child === t);
  if (owners.length > 1) ownersOf.set(t, owners);
}

/** Foreign keys that must name a record (the database requires them): never cleared. */
const requiredLinks = new Set([
  'address.location_id',
  'accessibility.location_id',
  'service_at_location.service_id',
  'service_at_location.location_id',
  'cost_option.service_id',
  'organization_identifier.organization_id',
  'program.organization_id',
]);

/**
 * Assembles the package's tables into records, in the order they can be written. An optional link
 * to a record the package does not hold (the HSDS examples have several) is cleared, with a warning.
 */
export function assembleTables(tables: Tables, warnings: string[] = []): RawRecord[] {
  // Deduplicate by id within each table (later files win field by field).
  const rows = {} as Record<TableName, R[]>;
  for (const t of tableNames) {
    const byId = new Map<string, R>();
    const anonymous: R[] = [];
    for (const r of tables[t] ?? []) {
      const id = r.id;
      if (typeof id !== 'string') {
        anonymous.push(r);
        continue;
      }
      byId.set(id, { ...(byId.get(id) ?? {}), ...r });
    }
    rows[t] = [...byId.values(), ...anonymous];
  }
  const present = (t: TableName) => tables[t] !== undefined;
  const known = new Map<TableName, Set<string>>();
  const has = (t: TableName, id: string) => {
    let set = known.get(t);
    if (!set) {
      set = new Set(rows[t].map((r) => r.id).filter((x): x is string => typeof x === 'string'));
      known.set(t, set);
    }
    return set.has(id);
  };
  for (const t of tableNames) {
    for (const spec of fields[t]) {
      if (!spec.fk || requiredLinks.has(`${t}.${spec.name}`)) continue;
      for (const r of rows[t]) {
        const v = r[spec.name];
        if (typeof v !== 'string' || v === '' || has(spec.fk, v)) continue;
        warnings.push(
          `${t.replace(/_/g, ' ')} ${r.id ?? '?'}: ${spec.name} ${v} is not in the package, so the link was left out`,
        );
        delete r[spec.name];
      }
    }
  }
  const used = new Set<R>();
  const indexes = new Map<string, Map<string, R[]>>();
  const by = (table: TableName, column: string, id: unknown): R[] => {
    const key = `${table}.${column}`;
    let index = indexes.get(key);
    if (!index) {
      index = new Map();
      for (const r of rows[table]) {
        const k = r[column];
        if (typeof k !== 'string') continue;
        const list = index.get(k);
        if (list) list.push(r);
        else index.set(k, [r]);
      }
      indexes.set(key, index);
    }
    return typeof id === 'string' ? (index.get(id) ?? []) : [];
  };
  // Owners are written in this order (organizations, then locations, then services with their
  // service_at_locations). A child row that names several owners (HSDS packages give a phone its
  // service, location, organization and contact at once) goes with the last of them to be written,
  // so that every owner it names already exists when it is written.
  const ownerRank: Partial<Record<TableName, number>> = {
    organization: 1,
    location: 2,
    service: 3,
    service_at_location: 3,
  };
  const ids = new Map<TableName, Map<string, R>>();
  const rowById = (table: TableName, id: unknown): R | undefined => {
    let m = ids.get(table);
    if (!m) {
      m = new Map(rows[table].filter((r) => typeof r.id === 'string').map((r) => [r.id as string, r]));
      ids.set(table, m);
    }
    return typeof id === 'string' ? m.get(id) : undefined;
  };
  const ranks = new Map<R, number>();
  const rankOf = (table: TableName, r: R): number => {
    const fixed = ownerRank[table];
    if (fixed) return fixed;
    const known = ranks.get(r);
    if (known !== undefined) return known;
    ranks.set(r, 0);
    let rank = 0;
    for (const n of ownersOf.get(table) ?? []) {
      const owner = rowById(n.parent, r[n.foreignKey]);
      if (owner) rank = Math.max(rank, rankOf(n.parent, owner));
    }
    ranks.set(r, rank);
    return rank;
  };
  /** A row with its nested lists (those its document carries) and its attributes and metadata. */
  const nest = (table: TableName, r: R): R => {
    const doc: R = { ...r };
    const rank = rankOf(table, r);
    for (const n of nestingsOf[table]) {
      if (!n.many || n.shared || !present(n.child)) continue;
      doc[n.key] = by(n.child, n.foreignKey, doc.id)
        .filter((c) => !ownersOf.has(n.child) || rankOf(n.child, c) === rank)
        .map((c) => {
          used.add(c);
          return nest(n.child, c);
        });
    }
    for (const x of extraNestings) {
      if (!present(x.child)) continue;
      doc[x.key] = by(x.child, x.foreignKey, doc.id).map((c) => {
        used.add(c);
        return nest(x.child, c);
      });
    }
    return doc;
  };

  const records: RawRecord[] = [];
  // Programs are written with their organization; any row no document carried goes on its own.
  for (const kind of documentTables) {
    for (const r of rows[kind]) {
      used.add(r);
      records.push({ doc: nest(kind, r), kind, label: `${kind.replace(/_/g, ' ')} ${r.id ?? '?'}` });
    }
  }
  for (const t of tableNames) {
    for (const r of rows[t]) {
      if (used.has(r)) continue;
      records.push({ doc: r, table: t, label: `${t.replace(/_/g, ' ')} ${r.id ?? '?'}` });
    }
  }
  return records;
}
