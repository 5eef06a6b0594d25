/**
 * Query words and their corrections: the part of directory search that makes "mentel helth",
 * "domestik abuse" and "housng" find the right services, and "سكن" find what "housing" finds.
 *
 * Words in another supported language that name a shipped term are first replaced by their English
 * twin (search/arabic.ts, search/term-words.ts), so they search exactly what the English words do.
 *
 * Each query word is looked up in the search lexicon (every word of every service name and
 * description and every taxonomy term name; see ./schema.ts). A word found there is searched as it
 * is. A word of four letters or more that is not found is replaced by its closest lexicon words: the
 * trigram-similar candidates (pg_trgm, similarity >= 0.3) with the smallest edit distance. A word with
 * no close lexicon word cannot match any service, so it is left out (and reported) rather than
 * making every search that contains it empty.
 */
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../platform/db/index.ts';
import { executePrepared } from '../../../platform/db/prepared.ts';
import { readArabic } from './arabic.ts';

export interface QueryWord {
  /** The word as typed, lower case and without accents. */
  word: string;
  /** What is searched for it: the word itself when the lexicon has it, else its corrections. */
  alternatives: string[];
  /** True when the word was not in the lexicon and was replaced by `alternatives`. */
  corrected: boolean;
}

/** One thing she asked for, as the results page says it back to her. */
export interface Understood {
  /** In her words: the known phrase she typed (or the one her misspelling was corrected to), or the English word searched. */
  shown: string;
  /** The shipped term it names, when she named one in a language other than English. */
  termCode: string | null;
  corrected: boolean;
}

export interface ExpandedQuery {
  /** Words searched (each by any of its alternatives), in the order typed. */
  words: QueryWord[];
  /** Words left out: in no service or term, and close to none. */
  ignored: string[];
  /** What was searched, in the words and language she used, in the order typed. */
  understood: Understood[];
}

const MAX_WORDS = 8;
const MIN_FUZZY_LENGTH = 4;
const CANDIDATES = 8;

/** Lower case, accents removed, split into words (letters and digits of any script). */
export function queryWords(text: string): string[] {
  const folded = text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase();
  const words = folded.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= 2 && w.length <= 40);
  return [...new Set(words)].slice(0, MAX_WORDS);
}

/** Levenshtein edit distance (insert, delete, substitute). */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** Picks the corrections of a word from its trigram-similar lexicon words. */
export function pickCorrections(word: string, candidates: string[]): string[] {
  const maxEdits = Math.max(2, Math.floor(word.length / 3));
  const scored = candidates
    .filter((c) => c !== word)
    .map((c) => ({ c, d: editDistance(word, c) }))
    .filter((x) => x.d <= maxEdits);
  if (!scored.length) return [];
  const best = Math.min(...scored.map((x) => x.d));
  return scored
    .filter((x) => x.d === best)
    .slice(0, 3)
    .map((x) => x.c);
}

/** Looks each word of `text` up in the lexicon (one query) and corrects the ones it lacks. */
export async function expandQuery(db: DbOrTx, text: string): Promise<ExpandedQuery> {
  const parts = readArabic(queryWords(text));
  // What is searched: each term she named as its English twin's words, every other word as typed.
  const searched = [
    ...new Set(parts.flatMap((p) => (p.kind === 'term' ? queryWords(p.match.english) : [p.word]))),
  ];
  if (!searched.length) return { words: [], ignored: [], understood: [] };
  const { rows } = await executePrepared<{ q: string; word: string | null }>(
    db,
    sql`
    select q.q, w.word
    from unnest(${sql.param(searched)}::text[]) as q(q)
    left join lateral (
      select word from directory_search_word
      where word = q.q or (length(q.q) >= ${MIN_FUZZY_LENGTH} and word % q.q)
      order by word <-> q.q
      limit ${CANDIDATES}
    ) w on true`,
  );
  const found = new Map<string, string[]>();
  for (const r of rows) {
    const list = found.get(r.q) ?? [];
    if (r.word) list.push(r.word);
    found.set(r.q, list);
  }
  const out: ExpandedQuery = { words: [], ignored: [], understood: [] };
  const byWord = new Map<string, QueryWord>();
  for (const word of searched) {
    const candidates = found.get(word) ?? [];
    const corrections = candidates.includes(word)
      ? null
      : word.length >= MIN_FUZZY_LENGTH
        ? pickCorrections(word, candidates)
        : [];
    if (corrections?.length === 0) {
      out.ignored.push(word);
      continue;
    }
    const w = corrections
      ? { word, alternatives: corrections, corrected: true }
      : { word, alternatives: [word], corrected: false };
    out.words.push(w);
    byWord.set(word, w);
  }
  for (const p of parts) {
    if (p.kind === 'term')
      out.understood.push({ shown: p.match.shown, termCode: p.match.termCode, corrected: p.match.corrected });
    else {
      const w = byWord.get(p.word);
      if (w)
        out.understood.push({ shown: w.alternatives.join(' / '), termCode: null, corrected: w.corrected });
    }
  }
  return out;
}
