/**
 * Arabic query words to the shipped terms they name, and each term's English twin: how "سكن",
 * "السكن" or "والإسكان" search what "housing" searches.
 *
 * Words are folded before comparing (`foldArabic`): diacritics and tatweel go, alef and hamza forms
 * become one alef, ta marbuta becomes ha, alef maqsura becomes ya; a leading article "ال" and the
 * prefixes و ف ب ك ل (alone or before the article) are tried off. The longest known phrase at each
 * point wins ("الصحة النفسية" is mental health, not health). A word that matches nothing is corrected
 * to the closest known word when it is near enough (one edit in 4 to 6 letters, two from 7), since
 * the English spelling corrector's lexicon holds only the words of service texts.
 *
 * All in memory, a few microseconds a query: nothing is added to the work per service row.
 */
import { shippedTerms } from '../taxonomies.ts';
import { arabicTermWords } from './term-words.ts';

/** One stretch of the query understood as a term: what she typed, what it is searched as. */
export interface TermMatch {
  /** The words as typed (folded). */
  typed: string;
  /** The known phrase it matched, as written in term-words.ts (shown back to her). */
  shown: string;
  termCode: string;
  /** English words searched for it: the term's English name, or words of it. */
  english: string;
  /** True when a typed word was misspelt and corrected to `shown`. */
  corrected: boolean;
}

export type QueryPart = { kind: 'term'; match: TermMatch } | { kind: 'word'; word: string };

const ARABIC = /[\u0600-\u06ff]/;

/** The one spelling of an Arabic word that comparisons use (see the file comment). */
export function foldArabic(word: string): string {
  return word
    .normalize('NFKD')
    .replace(/[\u064b-\u065f\u0670\u06d6-\u06ed\u0640]/g, '') // harakat, Quranic marks, tatweel
    .replace(/[\u0622\u0623\u0625\u0671]/g, 'ا')
    .replace(/\u0624/g, 'و')
    .replace(/\u0626/g, 'ي')
    .replace(/\u0629/g, 'ه')
    .replace(/[\u0649\u06cc]/g, 'ي')
    .replace(/\u06a9/g, 'ك')
    .toLowerCase();
}

const ARTICLE = 'ال';
const PREFIXES = ['وال', 'فال', 'بال', 'كال', 'لل', 'ال', 'و', 'ف', 'ب', 'ك', 'ل'];

/** A folded word and the words it may be once a prefix is taken off, most literal first. */
export function candidates(folded: string): string[] {
  const out = [folded];
  if (!ARABIC.test(folded)) return out;
  for (const p of PREFIXES) {
    if (folded.startsWith(p) && folded.length - p.length >= 2) out.push(folded.slice(p.length));
  }
  return [...new Set(out)];
}

/** How a known phrase's words are stored: folded, without their article. */
function keyOf(word: string): string {
  const f = foldArabic(word);
  return f.startsWith(ARTICLE) && f.length - ARTICLE.length >= 2 ? f.slice(ARTICLE.length) : f;
}

const splitWords = (s: string) => s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

interface Phrase {
  keys: string[];
  shown: string;
  termCode: string;
  english: string;
}

function buildPhrases(): Phrase[] {
  const seen = new Map<string, string>();
  const out: Phrase[] = [];
  for (const term of shippedTerms) {
    const entry = arabicTermWords[term.code];
    if (!entry) continue;
    const all: (readonly [string, string?])[] = [[entry.name], ...entry.words];
    for (const [phrase, english] of all) {
      const keys = splitWords(phrase).map(keyOf);
      const id = keys.join(' ');
      const owner = seen.get(id);
      if (owner && owner !== term.code)
        throw new Error(`"${phrase}" names both ${owner} and ${term.code} (search/term-words.ts)`);
      seen.set(id, term.code);
      out.push({ keys, shown: phrase, termCode: term.code, english: english ?? term.name });
    }
  }
  // Longest first, so a phrase wins over the single words inside it.
  return out.sort((a, b) => b.keys.length - a.keys.length);
}

const phrases = buildPhrases();
const singleWords = phrases.filter((p) => p.keys.length === 1 && p.keys[0]!.length >= 3);
const firstKeys = new Set(phrases.map((p) => p.keys[0]!));

/** Known phrases, for tests. */
export function knownPhrases(): readonly Readonly<Phrase>[] {
  return phrases;
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
export function swapDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) =>
    Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)),
  );
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

/** Common words that name no need: never "corrected" into one. */
const functionWords = new Set(
  [
    'في',
    'من',
    'عن',
    'على',
    'إلى',
    'مع',
    'أو',
    'أنا',
    'أريد',
    'أحتاج',
    'مساعدة',
    'ابحث',
    'قرب',
    'قريب',
    'خدمات',
    'خدمة',
    'دعم',
  ].map(foldArabic),
);

/** The closest known single word to an unknown Arabic word, when near enough. */
function correct(folded: string): Phrase | null {
  if (functionWords.has(folded)) return null;
  let best: Phrase | null = null;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const c of candidates(folded)) {
    if (c.length < 4) continue;
    const allowed = c.length >= 7 ? 2 : 1;
    for (const p of singleWords) {
      if (Math.abs(p.keys[0]!.length - c.length) > allowed) continue;
      const d = swapDistance(c, p.keys[0]!);
      if (d <= allowed && d < bestDistance) {
        best = p;
        bestDistance = d;
      }
    }
  }
  return best;
}

/**
 * Splits folded query words into terms she named in Arabic and the other words, in order.
 * Words in Latin script are left as they are (English and its spelling corrector handle them),
 * except inside a known phrase ("اللغة الإنجليزية (ESOL)").
 */
export function readArabic(words: string[]): QueryPart[] {
  const folded = words.map(foldArabic);
  const cands = folded.map(candidates);
  const out: QueryPart[] = [];
  let i = 0;
  while (i < words.length) {
    const here = cands[i]!;
    const found = here.some((c) => firstKeys.has(c))
      ? phrases.find((p) => p.keys.every((k, n) => cands[i + n]?.includes(k)))
      : undefined;
    if (found) {
      const typed = folded.slice(i, i + found.keys.length).join(' ');
      out.push({ kind: 'term', match: { ...matchOf(found), typed, corrected: false } });
      i += found.keys.length;
      continue;
    }
    const word = folded[i]!;
    const fixed = ARABIC.test(word) ? correct(word) : null;
    out.push(
      fixed
        ? { kind: 'term', match: { ...matchOf(fixed), typed: word, corrected: true } }
        : { kind: 'word', word: words[i]! },
    );
    i++;
  }
  return out;
}

const matchOf = (p: Phrase) => ({ shown: p.shown, termCode: p.termCode, english: p.english });
