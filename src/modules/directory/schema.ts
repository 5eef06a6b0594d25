/**
 * The service directory: Human Services Data Specification (HSDS) 3.0 tables, with the fields of the
 * Open Referral UK (ORUK) 3.0 profile, plus a few Wayfinder columns.
 *
 * Conventions (read before querying):
 * - Every table is prefixed `directory_` in SQL (so `contact`, `location` etc. never clash with other
 *   modules); the TypeScript exports are prefixed `dir`.
 * - Property names are the HSDS field names, snake_case, so a row maps 1:1 onto the HSDS JSON and the
 *   tabular CSV (`address_1`, `organization_id`, ...). Wayfinder's own columns are snake_case too.
 * - Ids are HSDS UUID strings (PostgreSQL `uuid`).
 * - Foreign keys exist only from an owned child to its owner (ON DELETE CASCADE) and from a
 *   service to its organization. Cross-references a feed may leave dangling (the examples do):
 *   parent_organization_id, location.organization_id, taxonomy_term.parent_id,
 *   taxonomy_term.taxonomy_id, service.program_id, attribute.link_id, metadata.resource_id are plain
 *   indexed columns.
 * - Wayfinder columns: `owner_organisation_id` (the partnership organisation that maintains the record;
 *   null for imported feeds), `last_reviewed_at`, `source` (where an imported record came from),
 *   `withheld` on location (refuges and safe houses: address and coordinates are never public, only
 *   `area_code`), `area_code` (ONS GSS code of the local authority area, see `localAreas`).
 * - Search: `directory_service.search_vector` is a generated, weighted tsvector (name and alternate
 *   name A, description B, eligibility/application process C) over `wayfinder_unaccent(...)`, with a
 *   GIN index; `name` has pg_trgm GIN indexes on `wayfinder_unaccent(lower(name))` for services,
 *   organizations and taxonomy terms. Query with the same expressions, e.g.
 *   `wayfinder_unaccent(lower(name)) % wayfinder_unaccent(lower($1))` and
 *   `search_vector @@ websearch_to_tsquery('english', wayfinder_unaccent($1))`.
 *   Extensions pg_trgm, unaccent, cube and earthdistance are created by migration 0002.
 */
import { type SQL, sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  time,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { organisations } from '../../platform/auth/schema.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

const timestamps = {
  created_at: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updated_at: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
};

/**
 * Fields a feed sent that HSDS does not define (extension fields such as `pc_*`), kept as they came
 * so that an export gives them back (quirks.ts); null when there were none.
 */
const unknownFields = () => jsonb('extra').$type<Record<string, unknown>>();

const trigram = (column: SQL) => sql`wayfinder_unaccent(lower(${column})) gin_trgm_ops`;

/** Local authority areas of England and Wales (ONS, December 2023): loaded by migration from reference/geo. */
export const localAreas = pgTable('local_areas', {
  /** ONS GSS code, e.g. E08000035. */
  code: text('code').primaryKey(),
  name: text('name').notNull(),
  name_welsh: text('name_welsh'),
  /** "Unitary authority", "London borough", "Metropolitan district", "County council (upper tier)", "Welsh unitary authority". */
  type: text('type').notNull(),
  latitude: doublePrecision('latitude').notNull(),
  longitude: doublePrecision('longitude').notNull(),
});

export const dirOrganization = pgTable(
  'directory_organization',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    name: text('name').notNull(),
    alternate_name: text('alternate_name'),
    description: text('description'),
    email: text('email'),
    website: text('website'),
    tax_status: text('tax_status'),
    tax_id: text('tax_id'),
    year_incorporated: integer('year_incorporated'),
    legal_status: text('legal_status'),
    logo: text('logo'),
    uri: text('uri'),
    parent_organization_id: uuid('parent_organization_id'),
    owner_organisation_id: uuid('owner_organisation_id').references(() => organisations.id, {
      onDelete: 'set null',
    }),
    source: text('source'),
    ...timestamps,
  },
  (t) => [
    index('directory_organization_owner_idx').on(t.owner_organisation_id),
    index('directory_organization_name_trgm_idx').using('gin', trigram(sql`${t.name}`)),
  ],
);

export const dirOrganizationIdentifier = pgTable(
  'directory_organization_identifier',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    organization_id: uuid('organization_id')
      .notNull()
      .references(() => dirOrganization.id, { onDelete: 'cascade' }),
    identifier_scheme: text('identifier_scheme'),
    identifier_type: text('identifier_type').notNull(),
    identifier: text('identifier').notNull(),
  },
  (t) => [index('directory_organization_identifier_org_idx').on(t.organization_id)],
);

export const dirProgram = pgTable(
  'directory_program',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    organization_id: uuid('organization_id')
      .notNull()
      .references(() => dirOrganization.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    alternate_name: text('alternate_name'),
    description: text('description'),
  },
  (t) => [index('directory_program_org_idx').on(t.organization_id)],
);

export const serviceStatuses = ['active', 'inactive', 'defunct', 'temporarily closed'] as const;
export type ServiceStatus = (typeof serviceStatuses)[number];

export const dirService = pgTable(
  'directory_service',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    organization_id: uuid('organization_id').references(() => dirOrganization.id, { onDelete: 'cascade' }),
    program_id: uuid('program_id'),
    name: text('name').notNull(),
    alternate_name: text('alternate_name'),
    description: text('description'),
    url: text('url'),
    email: text('email'),
    status: text('status', { enum: serviceStatuses }).notNull(),
    interpretation_services: text('interpretation_services'),
    application_process: text('application_process'),
    fees_description: text('fees_description'),
    wait_time: text('wait_time'),
    fees: text('fees'),
    accreditations: text('accreditations'),
    eligibility_description: text('eligibility_description'),
    minimum_age: doublePrecision('minimum_age'),
    maximum_age: doublePrecision('maximum_age'),
    assured_date: date('assured_date', { mode: 'string' }),
    assurer_email: text('assurer_email'),
    licenses: text('licenses'),
    alert: text('alert'),
    last_modified: timestamp('last_modified', { withTimezone: true }),
    owner_organisation_id: uuid('owner_organisation_id').references(() => organisations.id, {
      onDelete: 'set null',
    }),
    last_reviewed_at: timestamp('last_reviewed_at', { withTimezone: true }),
    source: text('source'),
    search_vector: tsvector('search_vector').generatedAlwaysAs(
      sql.raw(
        `setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(name, '') || ' ' || coalesce(alternate_name, ''))), 'A') || ` +
          `setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(description, ''))), 'B') || ` +
          `setweight(to_tsvector('english'::regconfig, wayfinder_unaccent(coalesce(eligibility_description, '') || ' ' || coalesce(application_process, ''))), 'C')`,
      ),
    ),
    ...timestamps,
  },
  (t) => [
    index('directory_service_org_idx').on(t.organization_id),
    index('directory_service_owner_idx').on(t.owner_organisation_id),
    index('directory_service_last_modified_idx').on(t.last_modified),
    index('directory_service_status_idx').on(t.status),
    index('directory_service_search_idx').using('gin', t.search_vector),
    index('directory_service_name_trgm_idx').using('gin', trigram(sql`${t.name}`)),
  ],
);

export const locationTypes = ['physical', 'postal', 'virtual'] as const;

export const dirLocation = pgTable(
  'directory_location',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    location_type: text('location_type', { enum: locationTypes }).notNull(),
    url: text('url'),
    /** The organization that runs the location; feeds may name one they do not publish, so no foreign key. */
    organization_id: uuid('organization_id'),
    name: text('name'),
    alternate_name: text('alternate_name'),
    description: text('description'),
    transportation: text('transportation'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    external_identifier: text('external_identifier'),
    external_identifier_type: text('external_identifier_type'),
    /** A refuge or safe house: its address, coordinates and identifier are never public, only its area. */
    withheld: boolean('withheld').notNull().default(false),
    /** ONS code of the local authority area the location is in (local_areas.code), when known. */
    area_code: text('area_code'),
    owner_organisation_id: uuid('owner_organisation_id').references(() => organisations.id, {
      onDelete: 'set null',
    }),
    ...timestamps,
  },
  (t) => [
    index('directory_location_org_idx').on(t.organization_id),
    index('directory_location_area_idx').on(t.area_code),
    index('directory_location_lat_long_idx').on(t.latitude, t.longitude),
  ],
);

export const dirServiceAtLocation = pgTable(
  'directory_service_at_location',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    service_id: uuid('service_id')
      .notNull()
      .references(() => dirService.id, { onDelete: 'cascade' }),
    location_id: uuid('location_id')
      .notNull()
      .references(() => dirLocation.id, { onDelete: 'cascade' }),
    description: text('description'),
  },
  (t) => [
    index('directory_sal_service_idx').on(t.service_id),
    index('directory_sal_location_idx').on(t.location_id),
  ],
);

export const addressTypes = ['physical', 'postal', 'virtual'] as const;

export const dirAddress = pgTable(
  'directory_address',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    location_id: uuid('location_id')
      .notNull()
      .references(() => dirLocation.id, { onDelete: 'cascade' }),
    attention: text('attention'),
    address_1: text('address_1').notNull(),
    address_2: text('address_2'),
    city: text('city').notNull(),
    region: text('region'),
    state_province: text('state_province').notNull(),
    postal_code: text('postal_code').notNull(),
    country: text('country').notNull(),
    address_type: text('address_type', { enum: addressTypes }).notNull(),
  },
  (t) => [
    index('directory_address_location_idx').on(t.location_id),
    index('directory_address_postal_code_idx').on(t.postal_code),
  ],
);

export const dirAccessibility = pgTable(
  'directory_accessibility',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    location_id: uuid('location_id')
      .notNull()
      .references(() => dirLocation.id, { onDelete: 'cascade' }),
    description: text('description'),
    details: text('details'),
    url: text('url'),
    /** ORUK 3.0 only (a duplicate of description in the profile's examples). */
    accessibility: text('accessibility'),
  },
  (t) => [index('directory_accessibility_location_idx').on(t.location_id)],
);

export const dirContact = pgTable(
  'directory_contact',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    organization_id: uuid('organization_id').references(() => dirOrganization.id, { onDelete: 'cascade' }),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    service_at_location_id: uuid('service_at_location_id').references(() => dirServiceAtLocation.id, {
      onDelete: 'cascade',
    }),
    location_id: uuid('location_id').references(() => dirLocation.id, { onDelete: 'cascade' }),
    name: text('name'),
    title: text('title'),
    department: text('department'),
    email: text('email'),
  },
  (t) => [
    index('directory_contact_org_idx').on(t.organization_id),
    index('directory_contact_service_idx').on(t.service_id),
    index('directory_contact_sal_idx').on(t.service_at_location_id),
    index('directory_contact_location_idx').on(t.location_id),
  ],
);

export const dirPhone = pgTable(
  'directory_phone',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    location_id: uuid('location_id').references(() => dirLocation.id, { onDelete: 'cascade' }),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    organization_id: uuid('organization_id').references(() => dirOrganization.id, { onDelete: 'cascade' }),
    contact_id: uuid('contact_id').references(() => dirContact.id, { onDelete: 'cascade' }),
    service_at_location_id: uuid('service_at_location_id').references(() => dirServiceAtLocation.id, {
      onDelete: 'cascade',
    }),
    number: text('number').notNull(),
    extension: doublePrecision('extension'),
    type: text('type'),
    description: text('description'),
  },
  (t) => [
    index('directory_phone_location_idx').on(t.location_id),
    index('directory_phone_service_idx').on(t.service_id),
    index('directory_phone_org_idx').on(t.organization_id),
    index('directory_phone_contact_idx').on(t.contact_id),
    index('directory_phone_sal_idx').on(t.service_at_location_id),
  ],
);

export const scheduleFrequencies = ['WEEKLY', 'MONTHLY'] as const;

export const dirSchedule = pgTable(
  'directory_schedule',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    location_id: uuid('location_id').references(() => dirLocation.id, { onDelete: 'cascade' }),
    service_at_location_id: uuid('service_at_location_id').references(() => dirServiceAtLocation.id, {
      onDelete: 'cascade',
    }),
    valid_from: date('valid_from', { mode: 'string' }),
    valid_to: date('valid_to', { mode: 'string' }),
    dtstart: text('dtstart'),
    timezone: doublePrecision('timezone'),
    until: text('until'),
    count: integer('count'),
    wkst: text('wkst'),
    /** WEEKLY or MONTHLY (RFC 5545 FREQ). */
    freq: text('freq'),
    interval: integer('interval'),
    /** RFC 5545 BYDAY: comma-separated MO,TU,WE,TH,FR,SA,SU (MONTHLY may prefix an ordinal: 1MO, -1FR). */
    byday: text('byday'),
    byweekno: text('byweekno'),
    bymonthday: text('bymonthday'),
    byyearday: text('byyearday'),
    description: text('description'),
    opens_at: time('opens_at'),
    closes_at: time('closes_at'),
    schedule_link: text('schedule_link'),
    attending_type: text('attending_type'),
    notes: text('notes'),
  },
  (t) => [
    index('directory_schedule_service_idx').on(t.service_id),
    index('directory_schedule_location_idx').on(t.location_id),
    index('directory_schedule_sal_idx').on(t.service_at_location_id),
  ],
);

export const dirServiceArea = pgTable(
  'directory_service_area',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    name: text('name'),
    description: text('description'),
    extent: text('extent'),
    extent_type: text('extent_type'),
    uri: text('uri'),
    /** ORUK 3.0 only: a free-text description of the area. */
    service_area: text('service_area'),
    /**
     * Wayfinder: the ONS GSS code of the local authority area served (local_areas.code), derived on
     * write from `extent` (a bare GSS code) or `uri` (http://statistics.data.gov.uk/id/statistical-geography/<code>).
     */
    area_code: text('area_code'),
  },
  (t) => [
    index('directory_service_area_service_idx').on(t.service_id),
    index('directory_service_area_code_idx').on(t.area_code),
  ],
);

export const dirLanguage = pgTable(
  'directory_language',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    location_id: uuid('location_id').references(() => dirLocation.id, { onDelete: 'cascade' }),
    phone_id: uuid('phone_id').references(() => dirPhone.id, { onDelete: 'cascade' }),
    name: text('name'),
    /** ISO 639-1 (or 639-3) code, e.g. "ar". */
    code: text('code'),
    note: text('note'),
  },
  (t) => [
    index('directory_language_service_idx').on(t.service_id),
    index('directory_language_location_idx').on(t.location_id),
    index('directory_language_phone_idx').on(t.phone_id),
    index('directory_language_code_idx').on(t.code),
  ],
);

export const dirCostOption = pgTable(
  'directory_cost_option',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    service_id: uuid('service_id')
      .notNull()
      .references(() => dirService.id, { onDelete: 'cascade' }),
    valid_from: date('valid_from', { mode: 'string' }),
    valid_to: date('valid_to', { mode: 'string' }),
    option: text('option'),
    currency: text('currency'),
    amount: doublePrecision('amount'),
    amount_description: text('amount_description'),
  },
  (t) => [index('directory_cost_option_service_idx').on(t.service_id)],
);

export const dirFunding = pgTable(
  'directory_funding',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    organization_id: uuid('organization_id').references(() => dirOrganization.id, { onDelete: 'cascade' }),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    source: text('source'),
  },
  (t) => [
    index('directory_funding_org_idx').on(t.organization_id),
    index('directory_funding_service_idx').on(t.service_id),
  ],
);

export const dirRequiredDocument = pgTable(
  'directory_required_document',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    service_id: uuid('service_id').references(() => dirService.id, { onDelete: 'cascade' }),
    document: text('document'),
    uri: text('uri'),
  },
  (t) => [index('directory_required_document_service_idx').on(t.service_id)],
);

export const dirTaxonomy = pgTable('directory_taxonomy', {
  id: uuid('id').primaryKey(),
  extra: unknownFields(),
  name: text('name').notNull(),
  description: text('description').notNull(),
  uri: text('uri'),
  version: text('version'),
  ...timestamps,
});

export const dirTaxonomyTerm = pgTable(
  'directory_taxonomy_term',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    /** HSDS 3.0 `code`: Wayfinder's shipped terms use their slug here, e.g. "mental-health". */
    code: text('code'),
    name: text('name').notNull(),
    description: text('description').notNull(),
    parent_id: uuid('parent_id'),
    /** Free-text taxonomy name (HSDS/ORUK `taxonomy`). */
    taxonomy: text('taxonomy'),
    taxonomy_id: uuid('taxonomy_id'),
    language: text('language'),
    term_uri: text('term_uri'),
    /** ORUK 3.0 only. */
    term: text('term'),
    ...timestamps,
  },
  (t) => [
    index('directory_taxonomy_term_taxonomy_idx').on(t.taxonomy_id),
    index('directory_taxonomy_term_parent_idx').on(t.parent_id),
    index('directory_taxonomy_term_code_idx').on(t.code),
    index('directory_taxonomy_term_name_trgm_idx').using('gin', trigram(sql`${t.name}`)),
  ],
);

/**
 * Links a taxonomy term to any record (`link_id`): a service, location, organization, ...
 * `link_entity` (HSDS 3.0) names the table when the source gave it; `link_type` is free text.
 */
export const dirAttribute = pgTable(
  'directory_attribute',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    link_id: uuid('link_id').notNull(),
    taxonomy_term_id: uuid('taxonomy_term_id')
      .notNull()
      .references(() => dirTaxonomyTerm.id, { onDelete: 'cascade' }),
    link_type: text('link_type'),
    link_entity: text('link_entity'),
    value: text('value'),
    label: text('label'),
  },
  (t) => [
    index('directory_attribute_link_idx').on(t.link_id),
    index('directory_attribute_term_link_idx').on(t.taxonomy_term_id, t.link_id),
  ],
);

/** HSDS 3.0 change metadata attached to any record. */
export const dirMetadata = pgTable(
  'directory_metadata',
  {
    id: uuid('id').primaryKey(),
    extra: unknownFields(),
    resource_id: uuid('resource_id').notNull(),
    resource_type: text('resource_type').notNull(),
    last_action_date: date('last_action_date', { mode: 'string' }),
    last_action_type: text('last_action_type'),
    field_name: text('field_name'),
    previous_value: text('previous_value'),
    replacement_value: text('replacement_value'),
    updated_by: text('updated_by'),
  },
  (t) => [index('directory_metadata_resource_idx').on(t.resource_id)],
);
