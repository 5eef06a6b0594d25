// Arabic query words to shipped terms: the names and words each term has, folding and correction.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { needTerms, shippedTerms, whoForTerms } from '../taxonomies.ts';
import { foldArabic, knownPhrases, readArabic } from './arabic.ts';
import { arabicTermWords } from './term-words.ts';
import { queryWords } from './text.ts';

const arabicPage = JSON.parse(readFileSync('locales/ar/directory-public.json', 'utf8')) as {
  findSupport: { terms: Record<string, string> };
};

const termOf = (text: string) =>
  readArabic(queryWords(text)).map((p) => (p.kind === 'term' ? p.match.termCode : `word:${p.word}`));

describe('Arabic names of the shipped terms', () => {
  it('every need and group term has one, the name the page shows', () => {
    for (const term of [...Object.values(needTerms), ...Object.values(whoForTerms)]) {
      expect(arabicTermWords[term.code]?.name, term.code).toBe(arabicPage.findSupport.terms[term.code]);
    }
    for (const term of shippedTerms) expect(arabicTermWords[term.code], term.code).toBeDefined();
  });

  it('searches each word as words of its own term’s English name, so the term’s services are always found', () => {
    for (const phrase of knownPhrases()) {
      const english = shippedTerms.find((t) => t.code === phrase.termCode)!.name;
      const allowed = queryWords(english);
      for (const w of queryWords(phrase.english)) expect(allowed, `${phrase.shown} -> ${w}`).toContain(w);
    }
  });

  it('reads every name and word as its own term', () => {
    for (const phrase of knownPhrases())
      expect(termOf(phrase.shown), phrase.shown).toEqual([phrase.termCode]);
  });
});

describe('reading Arabic query words', () => {
  it.each([
    ['سكن'],
    ['السكن'],
    ['والسكن'],
    ['بالسكن'],
    ['إسكان'],
    ['الإسكان'],
    ['اسكان'],
    ['مأوى'],
    ['ماوي'],
    ['المأوى'],
    ['بلا مأوى'],
    ['التشرّد'],
    ['مشـــردة'],
  ])('"%s" is housing and homelessness', (text) => {
    expect(termOf(text)).toEqual(['homelessness']);
  });

  it('prefers the longest phrase, keeps other words, and folds diacritics, hamza and ta marbuta', () => {
    expect(termOf('الصحة النفسية')).toEqual(['mental-health']);
    expect(termOf('الصِّحَّة')).toEqual(['health']);
    expect(termOf('الصحه')).toEqual(['health']);
    expect(termOf('العنف الاسري في leeds')).toEqual(['domestic-abuse', 'word:في', 'word:leeds']);
    expect(termOf('دروس اللغة الانجليزية للنساء')).toEqual(['word:دروس', 'english-esol', 'women-only']);
    expect(foldArabic('إِسْكَانٌ')).toBe('اسكان');
    expect(foldArabic('مستشفى')).toBe('مستشفي');
  });

  it('corrects a misspelt word to the closest known one, and says so', () => {
    const [english] = readArabic(queryWords('انجلزية'));
    expect(english).toMatchObject({ kind: 'term', match: { termCode: 'english-esol', corrected: true } });
    expect(termOf('مخدارت')).toEqual(['substance-use']);
    expect(termOf('الاكتءاب')).toEqual(['mental-health']);
  });

  it('does not turn common words or short unknown words into a need', () => {
    expect(termOf('مساعدة')).toEqual(['word:مساعدة']);
    expect(termOf('قطة')).toEqual(['word:قطة']);
    expect(termOf('housing')).toEqual(['word:housing']);
  });
});
