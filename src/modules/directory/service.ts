/**
 * The directory's service functions (issue 3). Build once with `createDirectoryService({ db, audit })`.
 *
 * Public reads (no actor; withheld locations always redacted):
 * - `getService(id)` -> HSDS 3.0 service_full JSON, or throws NotFoundError.
 * - `getServices(ids)` -> service_full objects in the order given (missing ids skipped).
 * - `listServices({ page, perPage, modifiedAfter, organizationId, status })` -> the HSDS/ORUK page
 *   shape `{ total_items, total_pages, page_number, size, first_page, last_page, empty, contents }`
 *   of service_full objects, ordered by name then id.
 *
 * Staff (each takes the acting user first, authorises 'directory:edit' or 'directory:review' and
 * works only on services owned by the actor's organisation; another organisation's service is a
 * NotFoundError; every change is audited in the same transaction):
 * - `getServiceForEdit(actor, id)` -> service_full including withheld addresses, plus Wayfinder fields.
 * - `listOwnServices(actor, { page, perPage, staleOnly, staleAfterDays })` -> summaries with `stale`.
 * - `listStaleServices(actor, { staleAfterDays })` -> the organisation's services due a review
 *   (managers and admins: 'directory:review').
 * - `createService(actor, input)` / `updateService(actor, id, input)` from the staff form
 *   (`serviceInputSchema`, zod; a bad field throws ValidationError with i18n keys per field).
 * - `upsertServiceDocument(actor, doc)` -> writes one HSDS service_full owned by the actor's organisation.
 * - `markReviewed(actor, id)` ('directory:review'); `deleteService(actor, id)`.
 * - `ensureReferenceData()` -> writes the shipped taxonomies (idempotent; called at start-up).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/zod.ts';
import { nameBasedId, termAttribute } from './document.ts';
import { checkOwnership } from './import/ownership.ts';
import { ingestDocument } from './ingest.ts';
import { isEmailAddress, isWebLink } from './links.ts';
import { loadServicesFull } from './read.ts';
import { createDirectoryReads, type DirectoryReadDeps } from './reads.ts';
import { dirOrganization, dirService, localAreas, serviceStatuses } from './schema.ts';
import { writeRowSet } from './store.ts';
import { ensureShippedTaxonomies, shippedTermById } from './taxonomies.ts';

export type ServiceFull = Record<string, unknown> & { id: string; name: string; status: string };

export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

export function pageOf<T>(contents: T[], total: number, page: number, perPage: number): Page<T> {
  const totalPages = Math.max(1, Math.ceil(total / perPage));
  return {
    total_items: total,
    total_pages: totalPages,
    page_number: page,
    size: contents.length,
    first_page: page === 1,
    last_page: page >= totalPages,
    empty: contents.length === 0,
    contents,
  };
}

export interface ServiceSummary {
  id: string;
  name: string;
  status: string;
  lastModified: Date | null;
  lastReviewedAt: Date | null;
  stale: boolean;
}

export const DEFAULT_STALE_AFTER_DAYS = 180;

const POSTCODE =
  /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/i;
const PHONE = /^\+?[0-9 ()-]{6,20}$/;
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, 'too-long')
    .optional()
    .transform((v) => (v ? v : undefined));
const list = z
  .union([z.string(), z.array(z.string())])
  .optional()
  .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]).filter((x) => x !== ''));

/**
 * The staff form for a service. Field errors are i18n keys under `directory.errors.` for the routes'
 * engineer to define: required, too-long, email, url, phone, postcode, status, term, area, age, time.
 */
export const serviceInputSchema = z
  .object({
    name: z.string().trim().min(1, 'required').max(200, 'too-long'),
    description: z.string().trim().min(1, 'required').max(5000, 'too-long'),
    status: z.enum(serviceStatuses, { error: 'status' }).default('active'),
    email: optionalText(200).refine((v) => !v || isEmailAddress(v), 'email'),
    // An http(s) address with a dotted host name: a public page links to it.
    url: optionalText(500).refine((v) => !v || (isWebLink(v) && /^https?:\/\/\S+\.\S+$/.test(v)), 'url'),
    phone: optionalText(30).refine((v) => !v || PHONE.test(v), 'phone'),
    applicationProcess: optionalText(2000),
    eligibility: optionalText(2000),
    minimumAge: z
      .union([z.literal(''), z.coerce.number().int('age').min(0, 'age').max(120, 'age')])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    maximumAge: z
      .union([z.literal(''), z.coerce.number().int('age').min(0, 'age').max(120, 'age')])
      .optional()
      .transform((v) => (v === '' ? undefined : v)),
    /** Ids of shipped taxonomy terms (need, who-for, delivery). */
    termIds: list.refine((ids) => ids.every((id) => shippedTermById(id)), 'term'),
    /** ONS codes of the local authority areas served. */
    areaCodes: list,
    /** ISO 639-1 codes of languages spoken by staff, e.g. ["ar", "fa"]. */
    languages: list.refine((codes) => codes.every((c) => /^[a-z]{2,3}$/.test(c)), 'language'),
    free: z
      .union([z.boolean(), z.enum(['yes', 'no', 'true', 'false', 'on', ''])])
      .optional()
      .transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on'),
    locationName: optionalText(200),
    address1: optionalText(200),
    town: optionalText(100),
    postcode: optionalText(16).refine((v) => !v || POSTCODE.test(v), 'postcode'),
    latitude: z.coerce.number().min(49).max(61).optional(),
    longitude: z.coerce.number().min(-9).max(3).optional(),
    /** A refuge or safe house: the address is stored but never shown publicly. */
    withheld: z
      .union([z.boolean(), z.enum(['yes', 'no', 'true', 'false', 'on', ''])])
      .optional()
      .transform((v) => v === true || v === 'yes' || v === 'true' || v === 'on'),
    /** Weekly opening: days (MO..SU) and times HH:MM. */
    openDays: list.refine(
      (d) => d.every((x) => ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'].includes(x)),
      'day',
    ),
    opensAt: optionalText(5).refine((v) => !v || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'time'),
    closesAt: optionalText(5).refine((v) => !v || /^([01]\d|2[0-3]):[0-5]\d$/.test(v), 'time'),
  })
  .superRefine((v, ctx) => {
    if (v.minimumAge !== undefined && v.maximumAge !== undefined && v.minimumAge > v.maximumAge)
      ctx.addIssue({ code: 'custom', path: ['maximumAge'], message: 'age' });
    const anyAddress = v.address1 || v.town || v.postcode;
    if (anyAddress) {
      if (!v.address1) ctx.addIssue({ code: 'custom', path: ['address1'], message: 'required' });
      if (!v.town) ctx.addIssue({ code: 'custom', path: ['town'], message: 'required' });
      if (!v.postcode) ctx.addIssue({ code: 'custom', path: ['postcode'], message: 'required' });
    }
    if (v.withheld && !anyAddress && !v.areaCodes.length)
      ctx.addIssue({ code: 'custom', path: ['areaCodes'], message: 'area' });
    if (v.openDays.length && (!v.opensAt || !v.closesAt))
      ctx.addIssue({ code: 'custom', path: [v.opensAt ? 'closesAt' : 'opensAt'], message: 'time' });
  });
export type ServiceInput = z.input<typeof serviceInputSchema>;
type ParsedInput = z.output<typeof serviceInputSchema>;

function parseInput(input: unknown): ParsedInput {
  const result = serviceInputSchema.safeParse(input);
  if (result.success) return result.data;
  const errors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? 'form');
    const code = /^[a-z-]+$/.test(issue.message) ? issue.message : 'invalid';
    errors[field] ??= `directory.errors.${code}`;
  }
  throw new ValidationError(errors);
}

/** Stable child ids for a staff-maintained service, so an edit replaces rather than duplicates. */
function childId(serviceId: string, kind: string, n = 0): string {
  return nameBasedId(`${serviceId}/${kind}/${n}`);
}

/** Builds the HSDS service_full document a staff form describes. */
export function serviceDocumentFromInput(
  id: string,
  organization: { id: string; name: string },
  v: ParsedInput,
  areaNames: Map<string, string>,
): ServiceFull {
  const doc: ServiceFull = {
    id,
    name: v.name,
    description: v.description,
    status: v.status,
    url: v.url,
    email: v.email,
    application_process: v.applicationProcess,
    eligibility_description: v.eligibility,
    minimum_age: v.minimumAge,
    maximum_age: v.maximumAge,
    last_modified: new Date().toISOString(),
    organization: { id: organization.id, name: organization.name, description: organization.name },
    phones: v.phone ? [{ id: childId(id, 'phone'), number: v.phone }] : [],
    languages: v.languages.map((code) => ({
      id: childId(id, `language/${code}`),
      code,
      name: new Intl.DisplayNames(['en'], { type: 'language' }).of(code) ?? code,
    })),
    cost_options: v.free
      ? [{ id: childId(id, 'cost'), option: 'Free', amount: 0, currency: 'GBP', amount_description: 'Free' }]
      : [],
    service_areas: v.areaCodes.map((code) => ({
      id: childId(id, `area/${code}`),
      name: areaNames.get(code) ?? code,
      extent: code,
      extent_type: 'gss_code',
      uri: `http://statistics.data.gov.uk/id/statistical-geography/${code}`,
    })),
    schedules:
      v.openDays.length && v.opensAt && v.closesAt
        ? [
            {
              id: childId(id, 'schedule'),
              freq: 'WEEKLY',
              byday: v.openDays.join(','),
              opens_at: `${v.opensAt}:00`,
              closes_at: `${v.closesAt}:00`,
            },
          ]
        : [],
    attributes: v.termIds.map((tid) => termAttribute(childId(id, `term/${tid}`), shippedTermById(tid)!)),
    service_at_locations: [],
  };
  if (v.address1 || v.withheld) {
    const locationId = childId(id, 'location');
    (doc.service_at_locations as unknown[]).push({
      id: childId(id, 'service_at_location'),
      location: {
        id: locationId,
        location_type: 'physical',
        name: v.locationName ?? v.name,
        latitude: v.latitude,
        longitude: v.longitude,
        x_withheld: v.withheld || undefined,
        x_area_code: v.areaCodes[0],
        addresses: v.address1
          ? [
              {
                id: childId(id, 'address'),
                address_1: v.address1,
                city: v.town,
                state_province: v.town,
                postal_code: v.postcode!.toUpperCase(),
                country: 'GB',
                address_type: 'physical',
              },
            ]
          : [],
      },
    });
  }
  return doc;
}

export interface DirectoryDeps extends DirectoryReadDeps {
  audit: AuditService;
}

export function createDirectoryService({ audit, ...readDeps }: DirectoryDeps) {
  const { db } = readDeps;
  async function ownerOf(tx: DbOrTx, id: string): Promise<{ organisationId: string } | null> {
    const [row] = await tx
      .select({ owner: dirService.owner_organisation_id })
      .from(dirService)
      .where(eq(dirService.id, id));
    if (!row) return null;
    // An imported service (no owner) is edited by nobody here: it is reported as not found.
    return { organisationId: row.owner ?? '' };
  }

  /** The HSDS organization that stands for a partnership organisation (same id), created on first use. */
  async function organizationFor(tx: DbOrTx, organisationId: string): Promise<{ id: string; name: string }> {
    const [existing] = await tx
      .select({ id: dirOrganization.id, name: dirOrganization.name })
      .from(dirOrganization)
      .where(eq(dirOrganization.id, organisationId));
    if (existing) return existing;
    const [org] = await tx
      .select({ name: organisations.name })
      .from(organisations)
      .where(eq(organisations.id, organisationId));
    if (!org) throw new NotFoundError();
    await tx
      .insert(dirOrganization)
      .values({
        id: organisationId,
        name: org.name,
        description: org.name,
        owner_organisation_id: organisationId,
      })
      .onConflictDoNothing();
    return { id: organisationId, name: org.name };
  }

  async function areaNames(codes: string[]): Promise<Map<string, string>> {
    if (!codes.length) return new Map();
    const rows = await db
      .select({ code: localAreas.code, name: localAreas.name })
      .from(localAreas)
      .where(inArray(localAreas.code, codes));
    return new Map(rows.map((r) => [r.code, r.name]));
  }

  async function writeStaffDocument(
    tx: DbOrTx,
    actor: Actor,
    doc: ServiceFull,
    action: string,
    details: Record<string, unknown>,
  ) {
    const result = ingestDocument(doc, 'service');
    if (result.problems.length) {
      throw new ValidationError(
        Object.fromEntries(result.problems.map((p) => [p.path, `directory.errors.invalid`])),
      );
    }
    await writeRowSet(tx, result.set, {
      owner: { organisationId: actor.organisationId, reviewedAt: new Date() },
    });
    await audit.record({ actor, action, recordType: 'directory_service', recordId: doc.id, details }, tx);
  }

  const staleCondition = (days: number): SQL =>
    or(
      isNull(dirService.last_reviewed_at),
      lt(dirService.last_reviewed_at, sql`now() - make_interval(days => ${days})`),
    )!;

  return {
    // Search, places, local areas, coverage and the ORUK shapes (reads.ts).
    ...createDirectoryReads(readDeps),

    async ensureReferenceData(): Promise<void> {
      await ensureShippedTaxonomies(db);
    },

    async getService(id: string): Promise<ServiceFull> {
      if (!isUuid(id)) throw new NotFoundError();
      const [doc] = await loadServicesFull(db, [id], { withheld: 'redact' });
      if (!doc) throw new NotFoundError();
      return doc as ServiceFull;
    },

    async getServices(ids: string[]): Promise<ServiceFull[]> {
      return (await loadServicesFull(db, ids.filter(isUuid), { withheld: 'redact' })) as ServiceFull[];
    },

    async listServices(
      opts: {
        page?: number;
        perPage?: number;
        modifiedAfter?: Date;
        organizationId?: string;
        status?: (typeof serviceStatuses)[number];
      } = {},
    ): Promise<Page<ServiceFull>> {
      const page = Math.max(1, Math.floor(opts.page ?? 1));
      const perPage = Math.min(1000, Math.max(1, Math.floor(opts.perPage ?? 50)));
      const where: SQL[] = [];
      if (opts.modifiedAfter) where.push(gt(dirService.last_modified, opts.modifiedAfter));
      if (opts.organizationId) where.push(eq(dirService.organization_id, opts.organizationId));
      if (opts.status) where.push(eq(dirService.status, opts.status));
      const cond = where.length ? and(...where) : undefined;
      const [{ n }] = (await db.select({ n: count() }).from(dirService).where(cond)) as [{ n: number }];
      const ids = await db
        .select({ id: dirService.id })
        .from(dirService)
        .where(cond)
        .orderBy(asc(dirService.name), asc(dirService.id))
        .limit(perPage)
        .offset((page - 1) * perPage);
      const contents = (await loadServicesFull(
        db,
        ids.map((r) => r.id),
        { withheld: 'redact' },
      )) as ServiceFull[];
      return pageOf(contents, n, page, perPage);
    },

    async getServiceForEdit(
      actor: Actor,
      id: string,
    ): Promise<{ service: ServiceFull; ownerOrganisationId: string; lastReviewedAt: Date | null }> {
      authorise(actor, 'directory:edit');
      const owner = await ownerOf(db, id);
      if (!owner) throw new NotFoundError();
      authorise(actor, 'directory:edit', owner);
      const [doc] = await loadServicesFull(db, [id], { withheld: 'include' });
      const [row] = await db
        .select({ reviewed: dirService.last_reviewed_at })
        .from(dirService)
        .where(eq(dirService.id, id));
      return {
        service: doc as ServiceFull,
        ownerOrganisationId: owner.organisationId,
        lastReviewedAt: row?.reviewed ?? null,
      };
    },

    async listOwnServices(
      actor: Actor,
      opts: { page?: number; perPage?: number; staleOnly?: boolean; staleAfterDays?: number } = {},
    ): Promise<Page<ServiceSummary>> {
      authorise(actor, 'directory:edit');
      const days = opts.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
      const page = Math.max(1, Math.floor(opts.page ?? 1));
      const perPage = Math.min(200, Math.max(1, Math.floor(opts.perPage ?? 50)));
      const where = and(
        eq(dirService.owner_organisation_id, actor.organisationId),
        opts.staleOnly ? staleCondition(days) : undefined,
      );
      const [{ n }] = (await db.select({ n: count() }).from(dirService).where(where)) as [{ n: number }];
      const rows = await db
        .select({
          id: dirService.id,
          name: dirService.name,
          status: dirService.status,
          lastModified: dirService.last_modified,
          lastReviewedAt: dirService.last_reviewed_at,
          stale: sql<boolean>`${staleCondition(days)}`,
        })
        .from(dirService)
        .where(where)
        .orderBy(opts.staleOnly ? asc(dirService.last_reviewed_at) : asc(dirService.name), asc(dirService.id))
        .limit(perPage)
        .offset((page - 1) * perPage);
      return pageOf(rows, n, page, perPage);
    },

    async listStaleServices(actor: Actor, opts: { staleAfterDays?: number } = {}): Promise<ServiceSummary[]> {
      authorise(actor, 'directory:review');
      const days = opts.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
      return db
        .select({
          id: dirService.id,
          name: dirService.name,
          status: dirService.status,
          lastModified: dirService.last_modified,
          lastReviewedAt: dirService.last_reviewed_at,
          stale: sql<boolean>`true`,
        })
        .from(dirService)
        .where(and(eq(dirService.owner_organisation_id, actor.organisationId), staleCondition(days)))
        .orderBy(asc(dirService.last_reviewed_at), asc(dirService.name));
    },

    async createService(actor: Actor, input: unknown): Promise<{ id: string }> {
      authorise(actor, 'directory:edit');
      const v = parseInput(input);
      const names = await areaNames(v.areaCodes);
      const unknown = v.areaCodes.filter((c) => !names.has(c));
      if (unknown.length) throw new ValidationError({ areaCodes: 'directory.errors.area' });
      const id = randomUUID();
      await db.transaction(async (tx) => {
        const org = await organizationFor(tx, actor.organisationId);
        const doc = serviceDocumentFromInput(id, org, v, names);
        await writeStaffDocument(tx, actor, doc, 'directory.service.created', {
          fields: Object.keys(input as object),
        });
      });
      return { id };
    },

    async updateService(actor: Actor, id: string, input: unknown): Promise<void> {
      authorise(actor, 'directory:edit');
      const v = parseInput(input);
      const names = await areaNames(v.areaCodes);
      if (v.areaCodes.some((c) => !names.has(c)))
        throw new ValidationError({ areaCodes: 'directory.errors.area' });
      await db.transaction(async (tx) => {
        await tx.execute(sql`select 1 from directory_service where id = ${id} for update`);
        const owner = await ownerOf(tx, id);
        if (!owner) throw new NotFoundError();
        authorise(actor, 'directory:edit', owner);
        const org = await organizationFor(tx, actor.organisationId);
        const doc = serviceDocumentFromInput(id, org, v, names);
        await writeStaffDocument(tx, actor, doc, 'directory.service.updated', {
          fields: Object.keys(input as object),
        });
      });
    },

    async upsertServiceDocument(actor: Actor, doc: unknown): Promise<{ id: string }> {
      authorise(actor, 'directory:edit');
      const result = ingestDocument(doc, 'service');
      if (result.problems.length || !result.id) {
        throw new ValidationError(
          Object.fromEntries(result.problems.map((p) => [p.path, `directory.errors.invalid`])),
        );
      }
      const id = result.id;
      await db.transaction(async (tx) => {
        const owner = await ownerOf(tx, id);
        if (owner) authorise(actor, 'directory:edit', owner);
        // Everything else the document writes or links to (its organization, locations, ...) must be
        // the organisation's too, as for an upload; otherwise it is not found, as elsewhere.
        const [verdict] = await checkOwnership(tx, [result.set], {
          kind: 'organisation',
          organisationId: actor.organisationId,
        });
        if (verdict!.problems.length) throw new NotFoundError();
        await writeRowSet(tx, result.set, {
          owner: { organisationId: actor.organisationId, reviewedAt: new Date() },
        });
        await audit.record(
          {
            actor,
            action: owner ? 'directory.service.updated' : 'directory.service.created',
            recordType: 'directory_service',
            recordId: id,
            details: { via: 'hsds' },
          },
          tx,
        );
      });
      return { id };
    },

    async markReviewed(actor: Actor, id: string): Promise<void> {
      // Vouching that a service is still right is a manager's call, as the stale list is.
      authorise(actor, 'directory:review');
      await db.transaction(async (tx) => {
        const owner = await ownerOf(tx, id);
        if (!owner) throw new NotFoundError();
        authorise(actor, 'directory:review', owner);
        await tx.update(dirService).set({ last_reviewed_at: new Date() }).where(eq(dirService.id, id));
        await audit.record(
          { actor, action: 'directory.service.reviewed', recordType: 'directory_service', recordId: id },
          tx,
        );
      });
    },

    async deleteService(actor: Actor, id: string): Promise<void> {
      authorise(actor, 'directory:edit');
      await db.transaction(async (tx) => {
        const owner = await ownerOf(tx, id);
        if (!owner) throw new NotFoundError();
        authorise(actor, 'directory:edit', owner);
        // Locations only this service used go with it.
        await tx.execute(sql`
          delete from directory_location l using directory_service_at_location sal
          where sal.location_id = l.id and sal.service_id = ${id}
            and not exists (select 1 from directory_service_at_location o where o.location_id = l.id and o.service_id <> ${id})`);
        await tx.execute(sql`delete from directory_attribute where link_id = ${id}`);
        await tx.delete(dirService).where(eq(dirService.id, id));
        await audit.record(
          { actor, action: 'directory.service.deleted', recordType: 'directory_service', recordId: id },
          tx,
        );
      });
    },

    /** Counts for a dashboard: services, and those owned by the actor's organisation that are stale. */
    async counts(
      actor: Actor,
      opts: { staleAfterDays?: number } = {},
    ): Promise<{ own: number; stale: number }> {
      authorise(actor, 'directory:edit');
      const days = opts.staleAfterDays ?? DEFAULT_STALE_AFTER_DAYS;
      const [row] = (await db
        .select({
          own: count(),
          stale: sql<number>`count(*) filter (where ${staleCondition(days)})::int`,
        })
        .from(dirService)
        .where(eq(dirService.owner_organisation_id, actor.organisationId))) as [
        { own: number; stale: number },
      ];
      return row;
    },
  };
}

export type DirectoryService = ReturnType<typeof createDirectoryService>;
