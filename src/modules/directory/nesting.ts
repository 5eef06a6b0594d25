/**
 * How HSDS 3.0 JSON nests the directory's tables in one another, declared once beside the table
 * declarations (hsds.ts) and followed by the JSON reader (ingest.ts), the JSON writer (read.ts) and
 * the tabular data package (import/tabular.ts).
 */
import { type TableName, tableNames } from './hsds.ts';

/**
 * How HSDS JSON nests one table's records in another's. `many`: the parent carries a list under
 * `key` and each child names its parent in `foreignKey` (a service's `phones`, phone.service_id).
 * Otherwise the parent carries one child under `key` and names it in its own `foreignKey` (a
 * service's `organization`, service.organization_id). The JSON reader (ingest.ts), the JSON writer
 * (read.ts) and the tabular data package (import/tabular.ts) all follow this one list.
 */
export interface Nesting {
  parent: TableName;
  key: string;
  child: TableName;
  foreignKey: string;
  many: boolean;
  /**
   * The children are records in their own right (an organization's locations and services, a
   * taxonomy's terms): a list of them is upserted, never replaces the parent's, and a tabular data
   * package carries them as documents of their own.
   */
  shared?: boolean;
  /** (one) The parent's own foreign key wins over the nested child's id (HSDS repeats both). */
  keepForeignKey?: boolean;
}

const many = (
  parent: TableName,
  key: string,
  child: TableName,
  foreignKey: string,
  shared = false,
): Nesting => ({
  parent,
  key,
  child,
  foreignKey,
  many: true,
  ...(shared ? { shared } : {}),
});
const one = (parent: TableName, key: string, child: TableName, foreignKey: string): Nesting => ({
  parent,
  key,
  child,
  foreignKey,
  many: false,
});

/** Every nesting, each parent's in the order its JSON is written (the order of the ORUK examples). */
export const nestings: readonly Nesting[] = [
  many('service', 'phones', 'phone', 'service_id'),
  many('service', 'schedules', 'schedule', 'service_id'),
  many('service', 'service_areas', 'service_area', 'service_id'),
  many('service', 'service_at_locations', 'service_at_location', 'service_id'),
  many('service', 'languages', 'language', 'service_id'),
  one('service', 'organization', 'organization', 'organization_id'),
  many('service', 'funding', 'funding', 'service_id'),
  many('service', 'cost_options', 'cost_option', 'service_id'),
  one('service', 'program', 'program', 'program_id'),
  many('service', 'required_documents', 'required_document', 'service_id'),
  many('service', 'contacts', 'contact', 'service_id'),
  one('service_at_location', 'service', 'service', 'service_id'),
  many('service_at_location', 'contacts', 'contact', 'service_at_location_id'),
  many('service_at_location', 'phones', 'phone', 'service_at_location_id'),
  many('service_at_location', 'schedules', 'schedule', 'service_at_location_id'),
  one('service_at_location', 'location', 'location', 'location_id'),
  many('organization', 'funding', 'funding', 'organization_id'),
  many('organization', 'contacts', 'contact', 'organization_id'),
  many('organization', 'phones', 'phone', 'organization_id'),
  many('organization', 'locations', 'location', 'organization_id', true),
  many('organization', 'programs', 'program', 'organization_id'),
  many('organization', 'organization_identifiers', 'organization_identifier', 'organization_id'),
  many('organization', 'services', 'service', 'organization_id', true),
  many('location', 'languages', 'language', 'location_id'),
  many('location', 'addresses', 'address', 'location_id'),
  many('location', 'contacts', 'contact', 'location_id'),
  many('location', 'accessibility', 'accessibility', 'location_id'),
  many('location', 'phones', 'phone', 'location_id'),
  many('location', 'schedules', 'schedule', 'location_id'),
  many('contact', 'phones', 'phone', 'contact_id'),
  many('phone', 'languages', 'language', 'phone_id'),
  one('attribute', 'taxonomy_term', 'taxonomy_term', 'taxonomy_term_id'),
  { ...one('taxonomy_term', 'taxonomy_detail', 'taxonomy', 'taxonomy_id'), keepForeignKey: true },
  many('taxonomy', 'taxonomy_terms', 'taxonomy_term', 'taxonomy_id', true),
];

/** The nestings under each table, in order. */
export const nestingsOf = Object.fromEntries(
  tableNames.map((t) => [t, nestings.filter((n) => n.parent === t)]),
) as Record<TableName, Nesting[]>;

/**
 * Attributes and metadata, which HSDS allows on any record: a list under each, the child naming its
 * owner whatever its table.
 */
export const extraNestings = [
  { key: 'attributes', child: 'attribute', foreignKey: 'link_id' },
  { key: 'metadata', child: 'metadata', foreignKey: 'resource_id' },
] as const satisfies readonly { key: string; child: TableName; foreignKey: string }[];

/**
 * The tables whose records carry attributes and metadata in Wayfinder's JSON: every directory
 * record, but not the shared vocabulary (taxonomies and terms) nor attributes and metadata themselves.
 */
export const carriesExtras = (table: TableName): boolean =>
  table !== 'attribute' && table !== 'metadata' && table !== 'taxonomy' && table !== 'taxonomy_term';
