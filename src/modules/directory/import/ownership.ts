/**
 * Who an import may change (issue 9; docs/decisions/0007-directory-import-ownership.md).
 *
 * Services, organizations and locations are the directory's "maintained" records: each has an
 * owner_organisation_id (the partnership organisation whose staff maintain it) or none (imported for
 * the whole partnership). Every other directory row hangs from one or more of them through its
 * foreign keys (a phone from its service, contact or location; an attribute from whatever it links).
 *
 * For each record of an import this works out every maintained record it would write, link to, or
 * take a row away from (an existing row it would move), and refuses the record when one of them is
 * not the importer's to change:
 * - an organisation's upload: only records its organisation maintains, and new ones (which become
 *   its own); an organization whose id is another partnership organisation's stands for that
 *   organisation (referrals follow it) even before it has a directory record;
 * - the partnership import (the command line): records no organisation maintains, and new ones;
 *   records an organisation maintains only when told to (`overwriteMaintained`).
 * Taxonomies and their terms are the partnership's shared vocabulary: an organisation's upload may
 * add terms but leaves existing ones as they are.
 */
import { type SQL, sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { type FieldProblem, fields, type Row, type TableName, tableNames, tables } from '../hsds.ts';
import type { RowSet } from '../ingest.ts';

export type ImportOwnership =
  | { kind: 'organisation'; organisationId: string }
  | { kind: 'partnership'; overwriteMaintained?: boolean };

const maintained = ['organization', 'service', 'location'] as const;
type Maintained = (typeof maintained)[number];
const isMaintained = (t: string): t is Maintained => (maintained as readonly string[]).includes(t);
const vocabulary = new Set<TableName>(['taxonomy', 'taxonomy_term']);
/** Tables whose rows hang from maintained records (everything but those and the vocabulary). */
const children = tableNames.filter((t) => !isMaintained(t) && !vocabulary.has(t));

/** A reference to a row: its table, or 'any' for attribute.link_id and metadata.resource_id. */
type Ref = { table: TableName | 'any'; id: string };

/** The rows a row hangs from or links to, through its foreign keys. */
function linksOf(table: TableName, row: Row): Ref[] {
  const out: Ref[] = [];
  for (const f of fields[table]) {
    const v = row[f.name];
    if (f.fk && typeof v === 'string') out.push({ table: f.fk, id: v });
  }
  if (table === 'attribute' && typeof row.link_id === 'string') out.push({ table: 'any', id: row.link_id });
  if (table === 'metadata' && typeof row.resource_id === 'string')
    out.push({ table: 'any', id: row.resource_id });
  return out;
}

/** The columns the check reads: a maintained record's owner, another row's links. */
function columnsOf(table: TableName): SQL {
  const names = isMaintained(table)
    ? ['id', 'owner_organisation_id']
    : [
        'id',
        ...fields[table]
          .filter((f) => f.fk || f.name === 'link_id' || f.name === 'resource_id')
          .map((f) => f.name),
      ];
  return sql.join(
    names.map((n) => sql.identifier(n)),
    sql`, `,
  );
}

const sqlName = (t: TableName) => getTableConfig(tables[t] as unknown as PgTable).name;
const key = (table: string, id: string) => `${table}:${id}`;

/** What the database holds about the rows a batch refers to, loaded a level at a time. */
class Lookup {
  /** "table:id" -> the stored row (foreign keys and owner), or null when there is none. */
  readonly rows = new Map<string, Row | null>();
  /** "any:id" -> the table that holds the id. */
  readonly tableOf = new Map<string, TableName | null>();
  /** Ids of partnership organisations among the organization ids asked about. */
  readonly platformOrganisations = new Set<string>();

  constructor(private readonly tx: DbOrTx) {}

  async load(refs: Ref[]): Promise<void> {
    let frontier = refs;
    while (frontier.length) {
      const wanted = new Map<TableName | 'any', Set<string>>();
      for (const r of frontier) {
        if (r.table !== 'any' && vocabulary.has(r.table)) continue;
        const k = key(r.table, r.id);
        if (r.table === 'any' ? this.tableOf.has(k) : this.rows.has(k)) continue;
        const set = wanted.get(r.table) ?? new Set();
        set.add(r.id);
        wanted.set(r.table, set);
      }
      const next: Ref[] = [];
      const anyIds = [...(wanted.get('any') ?? [])];
      wanted.delete('any');
      if (anyIds.length) {
        for (const id of anyIds) this.tableOf.set(key('any', id), null);
        const union = sql.join(
          [...maintained, ...children].map(
            (t) =>
              sql`select ${t}::text as t, id from ${sql.identifier(sqlName(t))} where id = any(${sql.param(anyIds)}::uuid[])`,
          ),
          sql` union all `,
        );
        const { rows } = await this.tx.execute<{ t: TableName; id: string }>(union);
        for (const r of rows) {
          this.tableOf.set(key('any', String(r.id)), r.t);
          next.push({ table: r.t, id: String(r.id) });
        }
      }
      for (const [table, ids] of wanted as Map<TableName, Set<string>>) {
        const list = [...ids];
        for (const id of list) this.rows.set(key(table, id), null);
        const { rows } = await this.tx.execute<Row>(
          sql`select ${columnsOf(table)} from ${sql.identifier(sqlName(table))} where id = any(${sql.param(list)}::uuid[])`,
        );
        for (const row of rows) {
          this.rows.set(key(table, String(row.id)), row);
          if (!isMaintained(table)) next.push(...linksOf(table, row));
        }
        if (table === 'organization') {
          const { rows: orgs } = await this.tx.execute<{ id: string }>(
            sql`select id from organisations where id = any(${sql.param(list)}::uuid[])`,
          );
          for (const o of orgs) this.platformOrganisations.add(String(o.id));
        }
      }
      frontier = next;
    }
  }

  /** The maintained records a stored row hangs from (itself, for a maintained record). */
  rootsOf(ref: Ref, seen = new Set<string>()): { table: Maintained; id: string }[] {
    const table = ref.table === 'any' ? this.tableOf.get(key('any', ref.id)) : ref.table;
    if (!table || vocabulary.has(table)) return [];
    if (isMaintained(table)) return [{ table, id: ref.id }];
    const k = key(table, ref.id);
    const row = this.rows.get(k);
    if (!row || seen.has(k)) return [];
    seen.add(k);
    return linksOf(table, row).flatMap((r) => this.rootsOf(r, seen));
  }

  /** Who maintains a record: an organisation's id, null (the partnership's), or undefined (new). */
  ownerOf(table: Maintained, id: string): string | null | undefined {
    const row = this.rows.get(key(table, id));
    if (row) return (row.owner_organisation_id as string | null) ?? null;
    // An organization record with a partnership organisation's id stands for that organisation.
    if (table === 'organization' && this.platformOrganisations.has(id)) return id;
    return undefined;
  }
}

/** Every reference a record's rows make that needs the database: what it writes, and what it links to. */
function refsOf(set: RowSet): { written: Ref[]; linked: Ref[] } {
  const written: Ref[] = [];
  const linked: Ref[] = [];
  const inSet = (r: Ref) =>
    r.table === 'any' ? tableNames.some((t) => set.rows[t].has(r.id)) : set.rows[r.table].has(r.id);
  for (const table of tableNames) {
    if (vocabulary.has(table)) continue;
    for (const row of set.rows[table].values()) {
      written.push({ table, id: row.id as string });
      // A link to a row of this record is checked through that row's own links.
      for (const l of linksOf(table, row)) if (isMaintained(l.table) || !inSet(l)) linked.push(l);
    }
  }
  // A replaced collection's owner is a row of the record by construction (ingest.ts); were it not,
  // what it replaces is checked as a link.
  for (const [scope, owners] of set.replace) {
    const [table, column] = scope.split('.') as [TableName, string];
    const target = fields[table].find((f) => f.name === column)?.fk ?? 'any';
    for (const id of owners) if (!inSet({ table: target, id })) linked.push({ table: target, id });
  }
  return { written, linked };
}

export interface OwnershipVerdict {
  /** Problems that refuse the record (empty: it may be written). */
  problems: FieldProblem[];
}

/**
 * Checks each record's rows (one RowSet per record) inside the writing transaction. Returns one
 * verdict per record. For an organisation's upload, also takes existing taxonomies and terms out of
 * the sets (they are linked, not rewritten).
 */
export async function checkOwnership(
  tx: DbOrTx,
  sets: RowSet[],
  ownership: ImportOwnership,
): Promise<OwnershipVerdict[]> {
  const lookup = new Lookup(tx);
  const perRecord = sets.map(refsOf);
  const vocab: Ref[] = [];
  if (ownership.kind === 'organisation')
    for (const set of sets)
      for (const t of vocabulary) for (const id of set.rows[t].keys()) vocab.push({ table: t, id });
  await lookup.load(perRecord.flatMap((r) => [...r.written, ...r.linked]));
  const existingVocab = vocab.length ? await existing(tx, vocab) : new Set<string>();

  return sets.map((set, i) => {
    for (const t of vocabulary)
      for (const id of [...set.rows[t].keys()]) if (existingVocab.has(key(t, id))) set.rows[t].delete(id);
    const { written, linked } = perRecord[i]!;
    const roots = new Map<string, { table: Maintained; id: string }>();
    const add = (r: { table: Maintained; id: string }) => roots.set(key(r.table, r.id), r);
    for (const w of written) {
      if (isMaintained(w.table as string)) add(w as { table: Maintained; id: string });
      // An existing row of this record is taken from wherever it hangs now.
      else lookup.rootsOf(w).forEach(add);
    }
    for (const l of linked) lookup.rootsOf(l).forEach(add);
    const problems: FieldProblem[] = [];
    for (const r of roots.values()) {
      const owner = lookup.ownerOf(r.table, r.id);
      const refusal = refuse(ownership, owner);
      if (refusal)
        problems.push({
          path: `${r.table} ${r.id}`,
          message: refusalMessages[refusal],
          key: `directory.imports.ownership.${refusal}`,
        });
    }
    return { problems };
  });
}

type Refusal = 'otherOrganisation' | 'partnership' | 'maintained';

export const refusalMessages: Record<Refusal, string> = {
  otherOrganisation:
    'is maintained by another organisation. An upload can only change, or link to, records your organisation maintains.',
  partnership:
    'is part of the directory imported for the whole partnership. An upload can only change, or link to, records your organisation maintains.',
  maintained:
    'is maintained by an organisation through the staff pages, so the partnership import leaves it alone (--overwrite-maintained replaces it).',
};

function refuse(ownership: ImportOwnership, owner: string | null | undefined): Refusal | null {
  if (owner === undefined) return null; // new: it becomes the importer's
  if (ownership.kind === 'organisation') {
    if (owner === ownership.organisationId) return null;
    return owner === null ? 'partnership' : 'otherOrganisation';
  }
  return owner === null || ownership.overwriteMaintained ? null : 'maintained';
}

async function existing(tx: DbOrTx, refs: Ref[]): Promise<Set<string>> {
  const out = new Set<string>();
  for (const t of vocabulary) {
    const ids = refs.filter((r) => r.table === t).map((r) => r.id);
    if (!ids.length) continue;
    const { rows } = await tx.execute<{ id: string }>(
      sql`select id from ${sql.identifier(sqlName(t))} where id = any(${sql.param(ids)}::uuid[])`,
    );
    for (const r of rows) out.add(key(t, String(r.id)));
  }
  return out;
}
