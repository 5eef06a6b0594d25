/**
 * The seeded mix of searches "Find support" makes: the directory benchmark measures it, and the
 * quick-search equivalence test (directory/search/window.test.ts) proves both paths agree on it.
 */

import { Rng } from '../../bench/generate.ts';
import { demoAreas } from '../../src/modules/directory/demo.ts';
import type { SearchQuery } from '../../src/modules/directory/search.ts';

const needs = [
  'mental-health',
  'homelessness',
  'domestic-abuse',
  'immigration-advice',
  'employment',
  'english-esol',
  'money-benefits',
  'maternity',
  'substance-use',
];
export const words = [
  'housing',
  'counselling',
  'domestic abuse',
  'english classes',
  'job club',
  'immigration advice',
  'debt advice',
  'pregnancy support',
];
/** The misspellings search must survive (issue 3), and a few more of the same kind. */
const misspelt = [
  'mentel helth',
  'domestik abuse',
  'housng',
  'counceling',
  'imigration advise',
  'englsh clases',
];
const languages = ['ar', 'fa', 'ur', 'so', 'ti', 'uk'];

/**
 * A fixed, seeded mix of the searches "Find support" makes: mostly a need or words near a place (an
 * area named, or a postcode's point), some misspelt, some with the filters a woman ticks, some words
 * alone. The same seed gives the same queries on every machine.
 */
export function searchMix(n: number, seed = 'directory-search-mix'): SearchQuery[] {
  const rng = new Rng(seed);
  const areas = demoAreas();
  const out: SearchQuery[] = [];
  for (let i = 0; i < n; i++) {
    const area = rng.pick(areas);
    // A postcode: a point a few kilometres from the area's centre.
    const point = {
      latitude: area.latitude + rng.float(-0.04, 0.04),
      longitude: area.longitude + rng.float(-0.06, 0.06),
    };
    const kind = rng.weighted([
      ['need near postcode', 25],
      ['words in area', 15],
      ['misspelt near postcode', 15],
      ['need in area with filters', 15],
      ['words alone', 10],
      ['need alone', 5],
      ['open now near postcode', 5],
      ['browse area', 5],
      ['within 10 km', 5],
    ] as const);
    const q: SearchQuery = (() => {
      switch (kind) {
        case 'need near postcode':
          return { terms: [rng.pick(needs)], near: point };
        case 'words in area':
          return { text: rng.pick(words), areaCode: area.code, near: area };
        case 'misspelt near postcode':
          return { text: rng.pick(misspelt), near: point };
        case 'need in area with filters':
          return {
            terms: [rng.pick(needs)],
            areaCode: area.code,
            near: area,
            womenOnly: rng.chance(0.5) || undefined,
            free: rng.chance(0.5) || undefined,
            language: rng.chance(0.3) ? rng.pick(languages) : undefined,
            dropIn: rng.chance(0.2) || undefined,
          };
        case 'words alone':
          return { text: rng.pick([...words, ...misspelt]) };
        case 'need alone':
          return { terms: [rng.pick(needs)] };
        case 'open now near postcode':
          return {
            openNow: true,
            terms: [rng.pick(needs)],
            near: point,
            now: new Date('2026-03-04T11:00:00Z'),
          };
        case 'browse area':
          return { areaCode: area.code, near: area };
        default:
          return {
            near: { ...point, withinMetres: 10_000 },
            terms: rng.chance(0.5) ? [rng.pick(needs)] : undefined,
          };
      }
    })();
    out.push({ ...q, page: rng.chance(0.15) ? 2 : 1, perPage: 10 });
  }
  return out;
}
