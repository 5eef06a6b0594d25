/**
 * The HSDS 3.0 / ORUK 3.0 record types as data: for each table, its fields (name, type, required,
 * enum, format) in the order of the HSDS tabular data package. One description drives the JSON
 * validation (zod), the CSV type conversion, the CSV export columns and the row building, so the
 * three never disagree.
 */
import { z } from 'zod';
import { isUuid } from '../../platform/http/zod.ts';
import { isEmailAddress, isIdentifierUri, isWebLink } from './links.ts';
import {
  addressTypes,
  dirAccessibility,
  dirAddress,
  dirAttribute,
  dirContact,
  dirCostOption,
  dirFunding,
  dirLanguage,
  dirLocation,
  dirMetadata,
  dirOrganization,
  dirOrganizationIdentifier,
  dirPhone,
  dirProgram,
  dirRequiredDocument,
  dirSchedule,
  dirService,
  dirServiceArea,
  dirServiceAtLocation,
  dirTaxonomy,
  dirTaxonomyTerm,
  locationTypes,
  scheduleFrequencies,
  serviceStatuses,
} from './schema.ts';

export type FieldKind = 'uuid' | 'text' | 'int' | 'number' | 'date' | 'datetime' | 'time' | 'bool';
export interface FieldSpec {
  name: string;
  kind: FieldKind;
  required?: boolean;
  enum?: readonly string[];
  /**
   * email: a well-formed email address; link: an http(s) web address (what a page may link to);
   * uri: a persistent identifier, http(s) or a URN (links.ts).
   */
  format?: 'email' | 'link' | 'uri';
  /** A foreign key set from the nesting in JSON (omitted from nested JSON output). */
  fk?: TableName;
}

const f = (
  name: string,
  kind: FieldKind = 'text',
  extra: Omit<FieldSpec, 'name' | 'kind'> = {},
): FieldSpec => ({
  name,
  kind,
  ...extra,
});
const id = f('id', 'uuid', { required: true });
const fk = (name: string, table: TableName, required = false) => f(name, 'uuid', { fk: table, required });

export const tableNames = [
  'organization',
  'organization_identifier',
  'program',
  'taxonomy',
  'taxonomy_term',
  'location',
  'address',
  'accessibility',
  'service',
  'service_at_location',
  'contact',
  'phone',
  'schedule',
  'service_area',
  'language',
  'cost_option',
  'funding',
  'required_document',
  'attribute',
  'metadata',
] as const;
/** Tables in the order they can be written (owners before what they own). */
export type TableName = (typeof tableNames)[number];

export const fields: Record<TableName, FieldSpec[]> = {
  organization: [
    id,
    f('name', 'text', { required: true }),
    f('alternate_name'),
    f('description', 'text', { required: true }),
    f('email', 'text', { format: 'email' }),
    f('website', 'text', { format: 'link' }),
    f('tax_status'),
    f('tax_id'),
    f('year_incorporated', 'int'),
    f('legal_status'),
    f('logo', 'text', { format: 'link' }),
    f('uri', 'text', { format: 'uri' }),
    f('parent_organization_id', 'uuid'),
  ],
  organization_identifier: [
    id,
    fk('organization_id', 'organization'),
    f('identifier_scheme'),
    f('identifier_type', 'text', { required: true }),
    f('identifier', 'text', { required: true }),
  ],
  program: [
    id,
    fk('organization_id', 'organization'),
    f('name', 'text', { required: true }),
    f('alternate_name'),
    f('description'),
  ],
  taxonomy: [
    id,
    f('name', 'text', { required: true }),
    f('description', 'text', { required: true }),
    f('uri', 'text', { format: 'uri' }),
    f('version'),
  ],
  taxonomy_term: [
    id,
    f('code'),
    f('name', 'text', { required: true }),
    f('description', 'text', { required: true }),
    f('parent_id', 'uuid'),
    f('taxonomy'),
    f('language'),
    f('taxonomy_id', 'uuid'),
    f('term_uri', 'text', { format: 'uri' }),
    f('term'),
  ],
  location: [
    id,
    f('location_type', 'text', { required: true, enum: locationTypes }),
    f('url', 'text', { format: 'link' }),
    fk('organization_id', 'organization'),
    f('name'),
    f('alternate_name'),
    f('description'),
    f('transportation'),
    f('latitude', 'number'),
    f('longitude', 'number'),
    f('external_identifier'),
    f('external_identifier_type'),
  ],
  address: [
    id,
    fk('location_id', 'location'),
    f('attention'),
    f('address_1', 'text', { required: true }),
    f('address_2'),
    f('city', 'text', { required: true }),
    f('region'),
    f('state_province', 'text', { required: true }),
    f('postal_code', 'text', { required: true }),
    f('country', 'text', { required: true }),
    f('address_type', 'text', { required: true, enum: addressTypes }),
  ],
  accessibility: [
    id,
    fk('location_id', 'location'),
    f('description'),
    f('details'),
    f('url', 'text', { format: 'link' }),
    f('accessibility'),
  ],
  service: [
    id,
    fk('organization_id', 'organization'),
    fk('program_id', 'program'),
    f('name', 'text', { required: true }),
    f('alternate_name'),
    f('description'),
    f('url', 'text', { format: 'link' }),
    f('email', 'text', { format: 'email' }),
    f('status', 'text', { required: true, enum: serviceStatuses }),
    f('interpretation_services'),
    f('application_process'),
    f('fees_description'),
    f('wait_time'),
    f('fees'),
    f('accreditations'),
    f('eligibility_description'),
    f('minimum_age', 'number'),
    f('maximum_age', 'number'),
    f('assured_date', 'date'),
    f('assurer_email', 'text', { format: 'email' }),
    f('licenses'),
    f('alert'),
    f('last_modified', 'datetime'),
  ],
  service_at_location: [id, fk('service_id', 'service'), fk('location_id', 'location'), f('description')],
  contact: [
    id,
    fk('organization_id', 'organization'),
    fk('service_id', 'service'),
    fk('service_at_location_id', 'service_at_location'),
    fk('location_id', 'location'),
    f('name'),
    f('title'),
    f('department'),
    f('email', 'text', { format: 'email' }),
  ],
  phone: [
    id,
    fk('location_id', 'location'),
    fk('service_id', 'service'),
    fk('organization_id', 'organization'),
    fk('contact_id', 'contact'),
    fk('service_at_location_id', 'service_at_location'),
    f('number', 'text', { required: true }),
    f('extension', 'number'),
    f('type'),
    f('description'),
  ],
  schedule: [
    id,
    fk('service_id', 'service'),
    fk('location_id', 'location'),
    fk('service_at_location_id', 'service_at_location'),
    f('valid_from', 'date'),
    f('valid_to', 'date'),
    f('dtstart'),
    f('timezone', 'number'),
    f('until'),
    f('count', 'int'),
    f('wkst', 'text', { enum: ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] }),
    f('freq', 'text', { enum: scheduleFrequencies }),
    f('interval', 'int'),
    f('byday'),
    f('byweekno'),
    f('bymonthday'),
    f('byyearday'),
    f('description'),
    f('opens_at', 'time'),
    f('closes_at', 'time'),
    f('schedule_link', 'text', { format: 'link' }),
    f('attending_type'),
    f('notes'),
  ],
  service_area: [
    id,
    fk('service_id', 'service'),
    f('name'),
    f('description'),
    f('extent'),
    f('extent_type'),
    f('uri'),
    f('service_area'),
  ],
  language: [
    id,
    fk('service_id', 'service'),
    fk('location_id', 'location'),
    fk('phone_id', 'phone'),
    f('name'),
    f('code'),
    f('note'),
  ],
  cost_option: [
    id,
    fk('service_id', 'service'),
    f('valid_from', 'date'),
    f('valid_to', 'date'),
    f('option'),
    f('currency'),
    f('amount', 'number'),
    f('amount_description'),
  ],
  funding: [id, fk('organization_id', 'organization'), fk('service_id', 'service'), f('source')],
  required_document: [id, fk('service_id', 'service'), f('document'), f('uri', 'text', { format: 'link' })],
  attribute: [
    id,
    f('link_id', 'uuid'),
    f('taxonomy_term_id', 'uuid'),
    f('link_type'),
    f('link_entity'),
    f('value'),
    f('label'),
  ],
  metadata: [
    id,
    f('resource_id', 'uuid'),
    f('resource_type', 'text', { required: true }),
    f('last_action_date', 'date'),
    f('last_action_type'),
    f('field_name'),
    f('previous_value'),
    f('replacement_value'),
    f('updated_by'),
  ],
};

/** Wayfinder's extension fields on a location, in JSON and in locations.csv. */
export const locationExtensionFields: FieldSpec[] = [f('x_withheld', 'bool'), f('x_area_code')];

export const tables = {
  organization: dirOrganization,
  organization_identifier: dirOrganizationIdentifier,
  program: dirProgram,
  taxonomy: dirTaxonomy,
  taxonomy_term: dirTaxonomyTerm,
  location: dirLocation,
  address: dirAddress,
  accessibility: dirAccessibility,
  service: dirService,
  service_at_location: dirServiceAtLocation,
  contact: dirContact,
  phone: dirPhone,
  schedule: dirSchedule,
  service_area: dirServiceArea,
  language: dirLanguage,
  cost_option: dirCostOption,
  funding: dirFunding,
  required_document: dirRequiredDocument,
  attribute: dirAttribute,
  metadata: dirMetadata,
} as const;

/** The CSV file of each table in the HSDS 3.0 tabular data package, and the other names seen in ORUK packages. */
export const csvFiles: Record<TableName, readonly string[]> = {
  organization: ['organizations.csv', 'organization.csv'],
  organization_identifier: ['organization_identifiers.csv', 'organization_identifier.csv'],
  program: ['programs.csv', 'program.csv'],
  taxonomy: ['taxonomies.csv', 'taxonomy.csv'],
  taxonomy_term: ['taxonomy_terms.csv', 'taxonomy_term.csv'],
  location: ['locations.csv', 'location.csv'],
  address: ['addresses.csv', 'address.csv'],
  accessibility: ['accessibility.csv', 'accessibilities.csv'],
  service: ['services.csv', 'service.csv'],
  service_at_location: ['service_at_location.csv', 'service_at_locations.csv'],
  contact: ['contacts.csv', 'contact.csv'],
  phone: ['phones.csv', 'phone.csv'],
  schedule: ['schedules.csv', 'schedule.csv'],
  service_area: ['service_areas.csv', 'service_area.csv'],
  language: ['languages.csv', 'language.csv'],
  cost_option: ['cost_options.csv', 'cost_option.csv'],
  funding: ['funding.csv', 'fundings.csv'],
  required_document: ['required_documents.csv', 'required_document.csv'],
  attribute: ['attributes.csv', 'attribute.csv'],
  metadata: ['metadata.csv'],
};

// --- Validation ---------------------------------------------------------------------------------

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d+)?)?$/;
const NUMERIC = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

/** The zod type of one scalar field: accepts null/absent (unless required) and numbers written as strings. */
function fieldSchema(spec: FieldSpec): z.ZodType {
  let s: z.ZodType;
  switch (spec.kind) {
    case 'uuid':
      s = z.string().refine(isUuid, 'must be a UUID');
      break;
    case 'int':
      s = z.union([
        z.number().int('must be a whole number'),
        z
          .string()
          .regex(/^-?\d+$/, 'must be a whole number')
          .transform(Number),
      ]);
      break;
    case 'number':
      s = z.union([
        z.number().refine(Number.isFinite, 'must be a finite number'),
        z.string().regex(NUMERIC, 'must be a number').transform(Number),
      ]);
      break;
    case 'date':
      s = z.string().refine(validDate, 'must be a date (YYYY-MM-DD)');
      break;
    case 'datetime':
      s = z
        .string()
        .refine((v) => /^\d{4}-\d{2}-\d{2}/.test(v) && !Number.isNaN(Date.parse(v)), 'must be a date-time')
        .transform((v) => new Date(v));
      break;
    case 'time':
      s = z.string().regex(TIME, 'must be a time (HH:MM or HH:MM:SS)');
      break;
    case 'bool':
      s = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);
      break;
    default: {
      let t = z.union([z.string(), z.number().transform(String)]);
      if (spec.enum) {
        const allowed = spec.enum;
        t = t.refine((v) => allowed.includes(v), `must be one of: ${allowed.join(', ')}`) as typeof t;
      }
      if (spec.format === 'email') t = t.refine(isEmailAddress, 'must be an email address') as typeof t;
      if (spec.format === 'link')
        t = t.refine(isWebLink, 'must be a web address starting http:// or https://') as typeof t;
      if (spec.format === 'uri')
        t = t.refine(isIdentifierUri, 'must be a web address (http:// or https://) or a URN') as typeof t;
      s = t;
    }
  }
  if (spec.required) {
    if (spec.kind === 'text') return (s as z.ZodType<string>).refine((v) => v.trim() !== '', 'is required');
    return s;
  }
  return s.nullish();
}

/** zod object for a table's scalar fields. Nested FK fields are optional here (they come from nesting). */
export function scalarSchema(table: TableName, opts: { nested?: boolean } = {}) {
  const shape: Record<string, z.ZodType> = {};
  for (const spec of fields[table]) {
    const relaxed = opts.nested && spec.fk ? { ...spec, required: false } : spec;
    shape[spec.name] = fieldSchema(relaxed);
  }
  if (table === 'location') for (const spec of locationExtensionFields) shape[spec.name] = fieldSchema(spec);
  return z.object(shape);
}

const scalarSchemas = Object.fromEntries(
  tableNames.map((t) => [t, scalarSchema(t, { nested: true })]),
) as Record<TableName, ReturnType<typeof scalarSchema>>;

export type Row = Record<string, unknown>;

export interface FieldProblem {
  /** JSON path within the record, e.g. "service_at_locations[0].location.addresses[0].postal_code". */
  path: string;
  /** In English, for the command line and logs. */
  message: string;
  /** A translation key for the same message, where there is one (the staff pages show it). */
  key?: string;
}

/**
 * Validates and converts an object's scalar fields for `table`. Returns the typed row (only the
 * table's fields; extra keys are ignored) or pushes each problem with its path.
 */
export function parseScalars(
  table: TableName,
  input: unknown,
  path: string,
  problems: FieldProblem[],
): Row | null {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    problems.push({ path: path || '(record)', message: `must be a ${table.replace(/_/g, ' ')} object` });
    return null;
  }
  const result = scalarSchemas[table].safeParse(input);
  if (!result.success) {
    for (const issue of result.error.issues) {
      const field = issue.path.join('.');
      const given = (input as Record<string, unknown>)[String(issue.path[0])];
      const message = given === undefined || given === null ? 'is required' : issue.message;
      problems.push({ path: path ? `${path}.${field}` : field, message });
    }
    return null;
  }
  return result.data as Row;
}
