/**
 * Importing ORUK 3.0 / HSDS 3.0 data: a JSON file (one record, an array, a paginated list, or
 * "tabular.json"), a tabular data package directory (datapackage.json + CSVs), or a feed URL crawled
 * through every page (`total_pages`, `?page=N`).
 *
 * Every record is all-or-nothing: records are validated first (zod, per field, with paths), then
 * written in batches of `batchSize` in one transaction each; when a batch fails in the database, each
 * of its records is retried in its own transaction, so one bad record never takes others with it and
 * never leaves half of itself behind. Upsert by id, so importing the same data twice changes nothing.
 * Before a batch is written, each record is checked against who the import acts for (ownership.ts,
 * in the same transaction): a record that would change what the importer may not change is
 * rejected whole, and the rest of the batch is written. The report names every rejected record and why.
 *
 * Liberal and honest: what real feeds do that HSDS does not is repaired or kept (quirks.ts) and the
 * record imported with a warning for each (`warned`); only a record not understood is rejected.
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { AuditService } from '../../../platform/audit/service.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Tx } from '../../../platform/db/index.ts';
import { type FieldProblem, tableNames, tables } from '../hsds.ts';
import {
  type DocumentKind,
  detectKind,
  emptyRowSet,
  type IngestResult,
  ingestDocument,
  ingestRow,
  mergeRowSets,
} from '../ingest.ts';
import { type WriteOptions, writeRowSet } from '../store.ts';
import { checkOwnership, type ImportOwnership } from './ownership.ts';
import {
  assembleTables,
  isDataPackageDir,
  isTabularJson,
  type RawRecord,
  readDataPackage,
  tabularJsonTables,
} from './tabular.ts';

export interface RejectedRecord {
  /** 1-based position of the record in the source. */
  index: number;
  label: string;
  kind: string;
  id?: string;
  name?: string;
  problems: FieldProblem[];
}

/** A record imported with what was repaired to import it (quirks.ts). */
export type WarnedRecord = Omit<RejectedRecord, 'problems'> & { warnings: FieldProblem[] };

/** Records with warnings listed in a report, at most (a feed of 100,000 quirky records is counted, not listed). */
export const WARNED_LISTED = 1000;

export interface ImportReport {
  source: string;
  records: number;
  imported: number;
  rejected: RejectedRecord[];
  /** Records imported with warnings (the first WARNED_LISTED of them; `warnedCount` counts all). */
  warned: WarnedRecord[];
  warnedCount: number;
  /** Imported records by kind: service, organization, location, taxonomy, ... */
  byKind: Record<string, number>;
  warnings: string[];
  pages?: number;
  durationMs: number;
}

export interface ImportProgress {
  phase: 'reading' | 'writing' | 'done';
  /** Records read and processed so far. */
  done: number;
  /** Total records when known (from a feed's total_items, or a file once read). */
  total?: number;
  imported: number;
  rejected: number;
  pages?: number;
  totalPages?: number;
}

export interface ImportOptions {
  onProgress?: (p: ImportProgress) => void;
  /** Records per transaction (default 200). */
  batchSize?: number;
  /** For the audit trail: who ran the import (null for the command line). */
  actor?: Pick<Actor, 'userId' | 'organisationId'> | null;
  /** Where the records came from, stored on services and organizations (defaults to the source). */
  sourceLabel?: string;
  /** HTTP client for feed URLs (defaults to global fetch). */
  fetch?: typeof fetch;
  /**
   * When crawling `/services` and the list gives only summaries (no service_at_locations), fetch
   * each `/services/{id}` for the full record. Default true.
   */
  fetchDetails?: boolean;
  /** Safety limit on pages crawled (default 100,000). */
  maxPages?: number;
  /**
   * Whose import this is, so what it may change (ownership.ts): an organisation's upload, or the
   * partnership's (the default, as the command line runs it).
   */
  ownership?: ImportOwnership;
}

export interface ImportDeps {
  db: Db;
  audit: AuditService;
}

interface Chunk {
  records: RawRecord[];
  total?: number;
  page?: number;
  totalPages?: number;
}

type Obj = Record<string, unknown>;

function isPage(doc: unknown): doc is { contents: unknown[]; total_items?: number; total_pages?: number } {
  return !!doc && typeof doc === 'object' && Array.isArray((doc as Obj).contents);
}

function isApiRoot(doc: unknown): boolean {
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return false;
  const o = doc as Obj;
  return !('id' in o) && 'version' in o && ('openapi_url' in o || 'profile' in o);
}

/** The records a parsed JSON document holds. */
export function recordsFromJson(doc: unknown, label: string): { records: RawRecord[]; warnings: string[] } {
  if (isTabularJson(doc)) {
    const read = tabularJsonTables(doc);
    const warnings = read.ignored.map((f) => `${f} is not an HSDS table: ignored`);
    return { records: assembleTables(read.tables, warnings), warnings };
  }
  if (isApiRoot(doc))
    return { records: [], warnings: [`${label} is an API root document: it holds no records`] };
  const items = Array.isArray(doc) ? doc : isPage(doc) ? doc.contents : [doc];
  // A list holds one kind of record: an item too broken to recognise is taken to be of its siblings' kind.
  const kinds = items.map((d) => detectKind(d));
  const tally = new Map<DocumentKind, number>();
  for (const k of kinds) if (k) tally.set(k, (tally.get(k) ?? 0) + 1);
  const majority = [...tally].sort((a, b) => b[1] - a[1])[0]?.[0];
  return {
    records: items.map((d, i) => ({
      doc: d,
      kind: kinds[i] ?? majority,
      label: items.length === 1 && !Array.isArray(doc) && !isPage(doc) ? label : `${label} item ${i + 1}`,
    })),
    warnings: [],
  };
}

async function getJson(fetchFn: typeof fetch, url: string): Promise<unknown> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const res = await fetchFn(url, { headers: { accept: 'application/json' } });
      if (!res.ok) throw new Error(`HTTP ${res.status} from ${url}`);
      const text = await res.text();
      try {
        return JSON.parse(text);
      } catch {
        throw new Error(`${url} did not return JSON`);
      }
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

function withPage(url: string, page: number): string {
  const u = new URL(url);
  u.searchParams.set('page', String(page));
  return u.toString();
}

async function* crawl(start: string, opts: ImportOptions, warnings: string[]): AsyncGenerator<Chunk> {
  const fetchFn = opts.fetch ?? fetch;
  let url = start;
  let first = await getJson(fetchFn, url);
  if (isApiRoot(first)) {
    const u = new URL(url);
    u.pathname = `${u.pathname.replace(/\/$/, '')}/services`;
    url = u.toString();
    first = await getJson(fetchFn, url);
  }
  if (!isPage(first)) {
    yield { records: recordsFromJson(first, url).records };
    return;
  }
  const listPath = new URL(url).pathname.replace(/\/$/, '');
  const details = (opts.fetchDetails ?? true) && /\/services$/.test(listPath);
  const expand = async (items: unknown[], page: number): Promise<RawRecord[]> => {
    const out: RawRecord[] = [];
    for (const [i, item] of items.entries()) {
      const o = item as Obj;
      const label = `page ${page} item ${i + 1}`;
      if (details && o && typeof o.id === 'string' && !('service_at_locations' in o)) {
        const u = new URL(url);
        u.pathname = `${listPath}/${encodeURIComponent(o.id)}`;
        u.search = '';
        try {
          out.push({ doc: await getJson(fetchFn, u.toString()), kind: 'service', label });
        } catch (err) {
          warnings.push(
            `${label}: could not fetch the full record (${(err as Error).message}); imported the summary`,
          );
          out.push({ doc: item, label });
        }
      } else out.push({ doc: item, label });
    }
    return out;
  };
  const startPage =
    typeof (first as Obj).page_number === 'number' ? ((first as Obj).page_number as number) : 1;
  const totalPages = Math.min(
    typeof first.total_pages === 'number' ? first.total_pages : startPage,
    opts.maxPages ?? 100_000,
  );
  yield {
    records: await expand(first.contents, startPage),
    total: typeof first.total_items === 'number' ? first.total_items : undefined,
    page: startPage,
    totalPages,
  };
  for (let page = startPage + 1; page <= totalPages; page++) {
    let doc: unknown;
    try {
      doc = await getJson(fetchFn, withPage(url, page));
    } catch (err) {
      warnings.push(`page ${page}: ${(err as Error).message}`);
      continue;
    }
    if (!isPage(doc)) {
      warnings.push(`page ${page} is not a list page (no "contents")`);
      continue;
    }
    if (!doc.contents.length) break;
    yield { records: await expand(doc.contents, page), page, totalPages };
  }
}

async function* readSource(source: string, opts: ImportOptions, warnings: string[]): AsyncGenerator<Chunk> {
  if (/^https?:\/\//i.test(source)) {
    yield* crawl(source, opts, warnings);
    return;
  }
  if (isDataPackageDir(source)) {
    const read = readDataPackage(source);
    warnings.push(...read.warnings, ...read.ignored.map((f) => `${f} is not an HSDS table: ignored`));
    const records = assembleTables(read.tables, warnings);
    yield { records, total: records.length };
    return;
  }
  if (!statSync(source, { throwIfNoEntry: false })?.isFile())
    throw new Error(`${source}: no such file, directory or URL`);
  let doc: unknown;
  try {
    doc = JSON.parse(readFileSync(source, 'utf8'));
  } catch (err) {
    throw new Error(`${source} is not valid JSON: ${(err as Error).message}`);
  }
  const { records, warnings: w } = recordsFromJson(doc, path.basename(source));
  warnings.push(...w);
  yield { records, total: records.length };
}

function dbProblem(error: unknown): FieldProblem {
  // Drizzle wraps the driver's error ("Failed query: ...") and keeps it as the cause.
  const err = (error as { cause?: unknown }).cause ?? error;
  const e = err as { code?: string; detail?: string; message?: string; column?: string; table?: string };
  if (e.code === '23503') {
    const m = /Key \((\w+)\)=\(([^)]+)\) is not present in table "(\w+)"/.exec(e.detail ?? '');
    if (m)
      return {
        path: m[1]!,
        message: `refers to ${m[3]!.replace(/^directory_/, '').replace(/_/g, ' ')} ${m[2]}, which does not exist`,
      };
  }
  return { path: e.column ?? '(record)', message: e.detail ?? e.message ?? String(err) };
}

function directoryTableNames(): string[] {
  return tableNames.map((t) => `"${getTableConfig(tables[t] as unknown as PgTable).name}"`);
}

/** Planner statistics for every directory table, as after any bulk load (an import, the bench's seed). */
export async function analyzeDirectory(db: Db): Promise<void> {
  await db.execute(sql.raw(`analyze ${directoryTableNames().join(', ')}`));
}

interface Pending {
  index: number;
  label: string;
  result: IngestResult;
}

/** Imports from a file, data package directory or feed URL. Throws only when the source cannot be read at all. */
export async function importDirectory(
  deps: ImportDeps,
  source: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  return runImport(deps, source, (warnings) => readSource(source, opts, warnings), opts);
}

/** Imports documents already in memory (parsed JSON: a record, an array, a page, or tabular.json). */
export async function importDocuments(
  deps: ImportDeps,
  doc: unknown,
  label: string,
  opts: ImportOptions = {},
): Promise<ImportReport> {
  async function* one(warnings: string[]): AsyncGenerator<Chunk> {
    const read = recordsFromJson(doc, label);
    warnings.push(...read.warnings);
    yield { records: read.records, total: read.records.length };
  }
  return runImport(deps, label, one, opts);
}

async function runImport(
  deps: ImportDeps,
  source: string,
  makeChunks: (warnings: string[]) => AsyncGenerator<Chunk>,
  opts: ImportOptions,
): Promise<ImportReport> {
  const started = Date.now();
  const batchSize = opts.batchSize ?? 200;
  const sourceLabel = opts.sourceLabel ?? source;
  const report: ImportReport = {
    source,
    records: 0,
    imported: 0,
    rejected: [],
    warned: [],
    warnedCount: 0,
    byKind: {},
    warnings: [],
    durationMs: 0,
  };
  const gen = makeChunks(report.warnings);
  let total: number | undefined;
  let pages = 0;
  let totalPages: number | undefined;
  let pending: Pending[] = [];

  const progress = (phase: ImportProgress['phase']) =>
    opts.onProgress?.({
      phase,
      done: report.records,
      total,
      imported: report.imported,
      rejected: report.rejected.length,
      pages: pages || undefined,
      totalPages,
    });

  const reject = (p: Pending, problems: FieldProblem[]) =>
    report.rejected.push({
      index: p.index,
      label: p.label,
      kind: p.result.kind,
      id: p.result.id,
      name: p.result.name,
      problems,
    });

  const accept = (batch: Pending[]) => {
    for (const p of batch) {
      report.imported++;
      report.byKind[p.result.kind] = (report.byKind[p.result.kind] ?? 0) + 1;
      if (!p.result.warnings.length) continue;
      report.warnedCount++;
      if (report.warned.length < WARNED_LISTED)
        report.warned.push({
          index: p.index,
          label: p.label,
          kind: p.result.kind,
          id: p.result.id,
          name: p.result.name,
          warnings: p.result.warnings,
        });
    }
  };

  const audited = async (tx: Tx, batch: Pending[]) => {
    const serviceIds = batch.filter((p) => p.result.kind === 'service').map((p) => p.result.id);
    await deps.audit.record(
      {
        actor: opts.actor ?? null,
        action: 'directory.imported',
        recordType: 'directory_service',
        details: { records: batch.length, serviceIds },
      },
      tx,
    );
  };

  // Planner statistics kept in step with a growing directory: after the first batch into a nearly
  // empty database, the tables' statistics still say "empty" until autovacuum catches up, and the
  // commit-time triggers (search, coverage) then scan whole tables for every service. ANALYZE the
  // directory tables each time the import has doubled what it wrote (a handful of times in all).
  let analyzedAt = 0;
  const analyzeIfGrown = async () => {
    if (report.imported < Math.max(2 * analyzedAt, batchSize)) return;
    analyzedAt = report.imported;
    await analyzeDirectory(deps.db).catch(() => {});
  };

  const ownership: ImportOwnership = opts.ownership ?? { kind: 'partnership' };
  const writeOptions: WriteOptions = {
    source: sourceLabel,
    // An organisation's new records are its own from now on (existing ones already are, or are refused).
    owner: ownership.kind === 'organisation' ? { organisationId: ownership.organisationId } : undefined,
  };

  /**
   * Writes the records of `batch` that the importer may change, in the caller's transaction, and
   * returns the others with why. The check runs in the transaction that writes, on what it reads there.
   */
  const write = async (tx: Tx, batch: Pending[]) => {
    const verdicts = await checkOwnership(
      tx,
      batch.map((p) => p.result.set),
      ownership,
    );
    const allowed = batch.filter((_, i) => !verdicts[i]!.problems.length);
    const refused = batch.flatMap((p, i) =>
      verdicts[i]!.problems.length ? [{ p, problems: verdicts[i]!.problems }] : [],
    );
    if (allowed.length) {
      const merged = emptyRowSet();
      for (const p of allowed) mergeRowSets(merged, p.result.set);
      await writeRowSet(tx, merged, writeOptions);
      await audited(tx, allowed);
    }
    return { allowed, refused };
  };

  const flush = async () => {
    if (!pending.length) return;
    await analyzeIfGrown();
    const batch = pending;
    pending = [];
    try {
      const { allowed, refused } = await deps.db.transaction((tx) => write(tx, batch));
      accept(allowed);
      for (const r of refused) reject(r.p, r.problems);
    } catch {
      // Find the record(s) at fault: each on its own, in order.
      for (const p of batch) {
        try {
          const { allowed, refused } = await deps.db.transaction((tx) => write(tx, [p]));
          accept(allowed);
          for (const r of refused) reject(r.p, r.problems);
        } catch (err) {
          reject(p, [dbProblem(err)]);
        }
      }
    }
    progress('writing');
  };

  progress('reading');
  for await (const chunk of gen) {
    if (chunk.total !== undefined) total = chunk.total;
    if (chunk.page !== undefined) pages++;
    if (chunk.totalPages !== undefined) totalPages = chunk.totalPages;
    for (const raw of chunk.records) {
      report.records++;
      const result = raw.table ? ingestRow(raw.table, raw.doc, raw.label) : ingestDocument(raw.doc, raw.kind);
      const p: Pending = { index: report.records, label: raw.label, result };
      if (result.problems.length) {
        reject(p, result.problems);
        continue;
      }
      pending.push(p);
      if (pending.length >= batchSize) await flush();
    }
    await flush();
    progress('reading');
  }
  await flush();
  // And once at the end of a bulk load, so the pages read after it are planned on what it wrote.
  if (report.imported >= batchSize && report.imported > analyzedAt)
    await analyzeDirectory(deps.db).catch(() => {});
  if (total === undefined || total < report.records) total = report.records;
  report.pages = pages || undefined;
  report.durationMs = Date.now() - started;
  progress('done');
  return report;
}
