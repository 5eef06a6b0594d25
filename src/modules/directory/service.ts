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
 *   (`serviceInputSchema` in service-input.ts, zod; a bad field throws ValidationError with i18n keys per field).
 * - `upsertServiceDocument(actor, doc)` -> writes one HSDS service_full owned by the actor's organisation.
 * - `markReviewed(actor, id)` ('directory:review'); `deleteService(actor, id)`.
 * - `ensureReferenceData()` -> writes the shipped taxonomies (idempotent; called at start-up).
 */
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, gt, inArray, isNull, lt, or, type SQL, sql } from 'drizzle-orm';
import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { isUuid } from '../../platform/http/zod.ts';
import { checkOwnership } from './import/ownership.ts';
import { ingestDocument } from './ingest.ts';
import { loadServicesFull } from './read.ts';
import { createDirectoryReads, type DirectoryReadDeps } from './reads.ts';
import { dirOrganization, dirService, localAreas, type serviceStatuses } from './schema.ts';
import { parseInput, serviceDocumentFromInput } from './service-input.ts';
import { writeRowSet } from './store.ts';
import { ensureShippedTaxonomies } from './taxonomies.ts';

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
    // The form shows only HSDS fields: what a feed sent beyond them (quirks.ts) is kept as it is.
    for (const rows of Object.values(result.set.rows)) for (const row of rows.values()) delete row.extra;
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
