// Searching in Arabic finds what the same search in English finds (issue 11, "Search in her language").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { addServices, type FixtureService } from '../../../../tests/support/directory.ts';
import type { Database } from '../../../platform/db/index.ts';
import { searchServices } from '../search.ts';
import { needTerms, whoForTerms } from '../taxonomies.ts';
import { arabicTermWords } from './term-words.ts';

const terms = [...Object.values(needTerms), ...Object.values(whoForTerms)];

// A service tagged with each term, whose own words never say it; and services that only mention
// needs in their own words, which the English words find too.
const services: FixtureService[] = [
  ...terms.map((t, i) => ({
    name: `Fixture service ${i + 1}`,
    description: 'A friendly place to ask for help.',
    terms: [t.code, terms[(i + 3) % terms.length]!.code],
  })),
  { name: 'Tenancy help', description: 'Housing advice and help with a landlord.', terms: ['family'] },
  { name: 'Worry group', description: 'Talking about mental health with other women.', terms: ['community'] },
  { name: 'Conversation café', description: 'Practise your English over tea.', terms: [] },
  { name: 'Debt clinic', description: 'Money advice and benefits checks.', terms: ['employment'] },
  { name: 'Night shelter', description: 'Emergency housing for homelessness.', terms: [] },
];

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
  await addServices(database.db, services);
});
afterAll(() => database.close());

const ids = async (text: string) =>
  (await searchServices(database.db, { text, perPage: 1000 })).items.map((i) => i.id).sort();

describe('an Arabic need search finds the same services as its English twin', () => {
  it.each(terms.map((t) => [t.code, arabicTermWords[t.code]!.name, t.name]))(
    '%s: "%s" and "%s"',
    async (_code, arabic, english) => {
      const found = await ids(arabic);
      expect(found.length).toBeGreaterThan(0);
      expect(found).toEqual(await ids(english));
    },
  );

  it.each([
    ['سكن', 'housing'],
    ['السكن', 'housing'],
    ['والإسكان', 'housing'],
    ['مأوى', 'housing homelessness'],
    ['الصحة النفسية', 'mental health'],
    ['الإنجليزية', 'english'],
    ['المال', 'money'],
    ['لاجئة', 'refugees'],
  ])('"%s" finds what "%s" finds', async (arabic, english) => {
    const found = await ids(arabic);
    expect(found.length).toBeGreaterThan(0);
    expect(found).toEqual(await ids(english));
  });

  it('finds a service whose own words say "housing" for سكن, not only those tagged with the need', async () => {
    const r = await searchServices(database.db, { text: 'سكن', perPage: 1000 });
    expect(r.items.map((i) => i.name)).toContain('Tenancy help');
    expect(r.query.understood).toEqual([{ shown: 'سكن', termCode: 'homelessness', corrected: false }]);
  });

  it('corrects a misspelt Arabic word and says what it searched', async () => {
    const r = await searchServices(database.db, { text: 'انجلزية', perPage: 1000 });
    expect(r.query.understood).toEqual([{ shown: 'إنجليزية', termCode: 'english-esol', corrected: true }]);
    expect(r.items.map((i) => i.id).sort()).toEqual(await ids('english'));
    expect(r.items.map((i) => i.name)).toContain('Conversation café');
  });

  it('mixes Arabic and English words', async () => {
    expect(await ids('سكن advice')).toEqual(await ids('housing advice'));
  });
});
