/**
 * Uploads of ORUK 3.0 / HSDS 3.0 JSON through the staff pages. The upload is checked (JSON at all),
 * recorded as a job owned by the uploader's organisation, and imported in the background in this
 * process by `importDocuments` (per-record all-or-nothing, as the command line). Progress is written
 * to the job row as it goes, so the progress page survives reloads and the organisation's other
 * managers see it too. A job is another organisation's business: reading it from elsewhere is a 404.
 */
import { and, desc, eq, lt, notInArray, sql } from 'drizzle-orm';
import type { AuditService } from '../../../platform/audit/service.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { authorise } from '../../../platform/auth/authorise.ts';
import type { Db } from '../../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../../platform/http/errors.ts';
import { isUuid } from '../../../platform/http/zod.ts';
import { describeError } from '../../../platform/logging.ts';
import { type TableName, tables } from '../hsds.ts';
import { type ImportProgress, type ImportReport, importDocuments, recordsFromJson } from './run.ts';
import { directoryImportJobs } from './schema.ts';

export type ImportJob = typeof directoryImportJobs.$inferSelect;

export interface StoredReport {
  rejected: ImportReport['rejected'];
  /** Absent in reports stored before imports kept records with warnings. */
  warned?: ImportReport['warned'];
  warnedCount?: number;
  warnings: string[];
  byKind: Record<string, number>;
  records: number;
  durationMs: number;
}

export interface UploadInput {
  fileName: string;
  content: Buffer;
}

/** A running job with no progress written for this long was stopped by a restart. */
export const INTERRUPTED_AFTER_MS = 10 * 60_000;

export function createDirectoryImports({ db, audit }: { db: Db; audit: AuditService }) {
  const running = new Set<Promise<void>>();
  const runningIds = new Set<string>();

  /**
   * Marks the organisation's jobs that a restart stopped (still "running", not running here, and
   * silent for INTERRUPTED_AFTER_MS) as failed, so their page says so instead of waiting for ever.
   */
  async function settleInterrupted(organisationId: string) {
    await db
      .update(directoryImportJobs)
      .set({ status: 'failed', error: 'interrupted', updatedAt: new Date(), finishedAt: new Date() })
      .where(
        and(
          eq(directoryImportJobs.organisationId, organisationId),
          eq(directoryImportJobs.status, 'running'),
          lt(directoryImportJobs.updatedAt, new Date(Date.now() - INTERRUPTED_AFTER_MS)),
          runningIds.size ? notInArray(directoryImportJobs.id, [...runningIds]) : undefined,
        ),
      );
  }

  /** Ids of the file's records that already exist (so the report can say "updated" rather than "new"). */
  async function existingRecords(doc: unknown): Promise<Set<number>> {
    const { records } = recordsFromJson(doc, 'upload');
    const byKind = new Map<string, { index: number; id: string }[]>();
    records.forEach((r, i) => {
      const id = (r.doc as { id?: unknown } | null)?.id;
      if (!r.kind || !(r.kind in tables) || typeof id !== 'string' || !isUuid(id)) return;
      const list = byKind.get(r.kind) ?? [];
      list.push({ index: i + 1, id });
      byKind.set(r.kind, list);
    });
    const out = new Set<number>();
    for (const [kind, list] of byKind) {
      const table = tables[kind as TableName];
      const found = new Set<string>();
      for (let i = 0; i < list.length; i += 5000) {
        const ids = list.slice(i, i + 5000).map((x) => x.id);
        const { rows } = await db.execute<{ id: string }>(
          sql`select id from ${table} where id = any(${sql.param(ids)}::uuid[])`,
        );
        for (const r of rows) found.add(String(r.id));
      }
      for (const x of list) if (found.has(x.id)) out.add(x.index);
    }
    return out;
  }

  async function run(actor: Actor, jobId: string, doc: unknown, fileName: string): Promise<void> {
    let pending: Partial<ImportJob> | null = null;
    let writing: Promise<unknown> = Promise.resolve();
    let lastWrite = 0;
    const write = (values: Partial<ImportJob>) => {
      writing = writing
        .then(() =>
          db
            .update(directoryImportJobs)
            .set({ ...values, updatedAt: new Date() })
            .where(eq(directoryImportJobs.id, jobId)),
        )
        .catch(() => {});
      return writing;
    };
    const onProgress = (p: ImportProgress) => {
      pending = { total: p.total ?? null, done: p.done, imported: p.imported, rejected: p.rejected };
      if (Date.now() - lastWrite >= 300) {
        lastWrite = Date.now();
        void write(pending);
        pending = null;
      }
    };
    try {
      const existed = await existingRecords(doc);
      const report = await importDocuments({ db, audit }, doc, fileName, {
        actor,
        sourceLabel: `upload: ${fileName}`,
        // An upload acts for the uploader's organisation, administrators' included (decision 0007).
        ownership: { kind: 'organisation', organisationId: actor.organisationId },
        onProgress,
      });
      if (pending) await write(pending);
      const rejectedAt = new Set(report.rejected.map((r) => r.index));
      const updated = [...existed].filter((i) => !rejectedAt.has(i)).length;
      const stored: StoredReport = {
        rejected: report.rejected,
        warned: report.warned,
        warnedCount: report.warnedCount,
        warnings: report.warnings,
        byKind: report.byKind,
        records: report.records,
        durationMs: report.durationMs,
      };
      await writing;
      await db.transaction(async (tx) => {
        await tx
          .update(directoryImportJobs)
          .set({
            status: 'done',
            total: report.records,
            done: report.records,
            imported: report.imported - updated,
            updated,
            rejected: report.rejected.length,
            report: stored,
            updatedAt: new Date(),
            finishedAt: new Date(),
          })
          .where(eq(directoryImportJobs.id, jobId));
        await audit.record(
          {
            actor,
            action: 'directory.import.finished',
            recordType: 'directory_import_job',
            recordId: jobId,
            details: {
              records: report.records,
              imported: report.imported - updated,
              updated,
              rejected: report.rejected.length,
            },
          },
          tx,
        );
      });
    } catch (err) {
      await writing;
      await db
        .update(directoryImportJobs)
        .set({
          status: 'failed',
          // The query's shape and SQLSTATE, never the values bound to it (platform/logging.ts).
          error: describeError(err),
          updatedAt: new Date(),
          finishedAt: new Date(),
        })
        .where(eq(directoryImportJobs.id, jobId))
        .catch(() => {});
      await audit
        .record({
          actor,
          action: 'directory.import.finished',
          outcome: 'failure',
          recordType: 'directory_import_job',
          recordId: jobId,
        })
        .catch(() => {});
    }
  }

  return {
    /**
     * Checks the upload is JSON, records the job and starts the import in the background.
     * Throws ValidationError({file: key}) when there is no file or it is not JSON.
     */
    async startUpload(actor: Actor, input: UploadInput): Promise<{ id: string }> {
      authorise(actor, 'directory:review');
      if (!input.content.length) throw new ValidationError({ file: 'directory.imports.errors.required' });
      let doc: unknown;
      try {
        doc = JSON.parse(input.content.toString('utf8'));
      } catch {
        throw new ValidationError({ file: 'directory.imports.errors.json' });
      }
      if (!doc || typeof doc !== 'object')
        throw new ValidationError({ file: 'directory.imports.errors.json' });
      const fileName = (input.fileName || 'upload.json').replace(/[\\/]/g, '_').slice(0, 200);
      const id = await db.transaction(async (tx) => {
        const [row] = await tx
          .insert(directoryImportJobs)
          .values({ organisationId: actor.organisationId, createdByUserId: actor.userId, fileName })
          .returning({ id: directoryImportJobs.id });
        await audit.record(
          {
            actor,
            action: 'directory.import.started',
            recordType: 'directory_import_job',
            recordId: row!.id,
            details: { bytes: input.content.length },
          },
          tx,
        );
        return row!.id;
      });
      runningIds.add(id);
      const p = run(actor, id, doc, fileName).finally(() => {
        running.delete(p);
        runningIds.delete(id);
      });
      running.add(p);
      return { id };
    },

    /** One job of the actor's organisation (another organisation's, or none: NotFoundError). */
    async getJob(actor: Actor, id: string): Promise<ImportJob & { report: StoredReport | null }> {
      authorise(actor, 'directory:review');
      if (!isUuid(id)) throw new NotFoundError();
      const [row] = await db.select().from(directoryImportJobs).where(eq(directoryImportJobs.id, id));
      if (!row) throw new NotFoundError();
      authorise(actor, 'directory:review', { organisationId: row.organisationId });
      if (row.status === 'running') {
        await settleInterrupted(row.organisationId);
        const [now] = await db.select().from(directoryImportJobs).where(eq(directoryImportJobs.id, id));
        return now as ImportJob & { report: StoredReport | null };
      }
      return row as ImportJob & { report: StoredReport | null };
    },

    /** The organisation's recent uploads, newest first. */
    async listJobs(actor: Actor, limit = 20): Promise<ImportJob[]> {
      authorise(actor, 'directory:review');
      await settleInterrupted(actor.organisationId);
      return db
        .select()
        .from(directoryImportJobs)
        .where(eq(directoryImportJobs.organisationId, actor.organisationId))
        .orderBy(desc(directoryImportJobs.createdAt))
        .limit(limit);
    },

    /** Resolves when every background import has finished (the app waits for this on close). */
    async idle(): Promise<void> {
      while (running.size) await Promise.allSettled([...running]);
    },
  };
}

export type DirectoryImports = ReturnType<typeof createDirectoryImports>;
