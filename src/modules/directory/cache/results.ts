/**
 * One bounded, per-process cache of directory answers (search results, ORUK pages, public pages),
 * each kept under the directory's generation at the time it was read (cache/schema.ts).
 *
 * Why it is never stale: every lookup first reads the generation from PostgreSQL (one prepared,
 * one-row primary-key read; no time-to-live, no shared memory between processes). A write to the
 * directory moves the generation on in the same commit as the data, so the first lookup after that
 * commit, in any app process on the database, reads the new number, misses every entry of the old
 * one and computes afresh. The answer is computed after the generation was read, so it is at least
 * as new as the number it is filed under. The staleness bound is therefore that of an uncached read:
 * none beyond PostgreSQL's own read-committed visibility.
 *
 * Bounded by entries and by size (lru-cache, least recently used first out); entries of an older
 * generation are dropped as soon as a newer one is seen. Concurrent lookups of one key compute it
 * once. What is kept is public directory data, and pages rendered for nobody in particular (the
 * caller decides what is cacheable: cache/pages.ts); the key holds what was searched, which is kept
 * in this process's memory only, never logged or written anywhere.
 */
import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { executePrepared } from '../../../platform/db/prepared.ts';

export interface DirectoryCacheOptions {
  /** Most entries kept (default 2,000). */
  maxEntries?: number;
  /** Most bytes kept, counting each entry's size as given (default 64 MB). */
  maxBytes?: number;
}

interface Entry {
  value: unknown;
  size: number;
}

export interface DirectoryCache {
  /** The directory's generation now (one tiny query); a newer one than seen before empties the cache. */
  generation(): Promise<bigint>;
  /**
   * The value kept for `key` at `generation`, or `compute()`'s, kept if it is no bigger than the
   * cache (`undefined` is never kept: the caller's way to say "this one is not to be shared").
   * `sizeOf` estimates its size in bytes (default: its JSON length).
   */
  remember<T>(
    generation: bigint,
    key: string,
    compute: () => Promise<T>,
    sizeOf?: (value: T) => number,
  ): Promise<T>;
  /** Entries and bytes kept, for tests and the bench. */
  stats(): { entries: number; bytes: number; hits: number; misses: number };
  clear(): void;
}

/** A stable key for plain data: object keys sorted, undefined left out. */
export function cacheKey(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date)) {
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(v).sort()) sorted[k] = (v as Record<string, unknown>)[k];
      return sorted;
    }
    return v;
  });
}

const GENERATION = sql`select n from directory_generation where id = 1`;

export function createDirectoryCache(db: DbOrTx, opts: DirectoryCacheOptions = {}): DirectoryCache {
  const maxBytes = opts.maxBytes ?? 64 * 1024 * 1024;
  const lru = new LRUCache<string, Entry>({
    max: opts.maxEntries ?? 2_000,
    maxSize: maxBytes,
    sizeCalculation: (e) => Math.max(1, e.size),
  });
  const pending = new Map<string, Promise<unknown>>();
  let newest = 0n;
  let hits = 0;
  let misses = 0;

  return {
    async generation() {
      const { rows } = await executePrepared<{ n: string }>(db, GENERATION);
      const n = BigInt(rows[0]?.n ?? 0);
      if (n !== newest) {
        // Nothing kept is of any use now: free it at once rather than waiting for it to age out.
        // (A lower number than before means the data was restored from a backup: drop it all too.)
        if (newest) lru.clear();
        newest = n;
      }
      return n;
    },

    async remember<T>(
      generation: bigint,
      key: string,
      compute: () => Promise<T>,
      sizeOf: (value: T) => number = (v) => JSON.stringify(v)?.length ?? 1,
    ): Promise<T> {
      const full = `${generation}\u0000${key}`;
      const kept = lru.get(full);
      if (kept) {
        hits++;
        return kept.value as T;
      }
      const running = pending.get(full);
      if (running) return running as Promise<T>;
      misses++;
      const work = compute().then(
        (value) => {
          pending.delete(full);
          // An answer of a generation no longer current is of no use to anyone: not kept.
          if (value !== undefined && generation === newest) {
            const size = sizeOf(value);
            if (size <= maxBytes) lru.set(full, { value, size });
          }
          return value;
        },
        (err: unknown) => {
          pending.delete(full);
          throw err;
        },
      );
      pending.set(full, work);
      return work;
    },

    stats: () => ({ entries: lru.size, bytes: lru.calculatedSize, hits, misses }),
    clear: () => lru.clear(),
  };
}
