/**
 * The directory search's own table: a lexicon of the words that occur in service names and
 * descriptions and in taxonomy term names, used to correct misspelt query words ("mentel helth" ->
 * "mental health") by trigram similarity before the full-text match.
 *
 * It is filled by triggers (migration `directory_search_lexicon`) on directory_service and
 * directory_taxonomy_term, so every writer (imports, staff forms, the demo seed) keeps it current
 * without calling anything. Words are only ever added: a word no service uses any more costs
 * nothing (a correction to it matches no service, and the original word is always searched too).
 */
import { sql } from 'drizzle-orm';
import { index, pgTable, text } from 'drizzle-orm/pg-core';

export const dirSearchWord = pgTable(
  'directory_search_word',
  {
    /** Lower-case, accent-free word of 2 to 30 letters, e.g. "health". */
    word: text('word').primaryKey(),
  },
  (t) => [index('directory_search_word_trgm_idx').using('gin', sql`${t.word} gin_trgm_ops`)],
);
