// The staff directory search's filters (browse.ts), as plain data: her home area is the default
// until another area or all areas is chosen; unknown areas and needs are dropped, not errors.
import { describe, expect, it } from 'vitest';
import { ALL_AREAS, type BrowseQuery, browseFilters, browseSearch } from './browse.ts';
import type { LocalArea } from './coverage/query.ts';

const area = (code: string, name: string): LocalArea => ({
  code,
  name,
  nameWelsh: null,
  type: 'MD',
  latitude: 0,
  longitude: 0,
});
const areas = [area('E08000035', 'Leeds'), area('E08000003', 'Manchester')];
const q = (v: Partial<BrowseQuery>): BrowseQuery => ({
  q: undefined,
  area: undefined,
  need: undefined,
  wayfinder: undefined,
  page: 1,
  ...v,
});

describe('browseFilters', () => {
  it.each([
    ['no area asked: her home area', q({}), 'E08000035', 'E08000035'],
    ['no area asked, no home area: every area', q({}), null, ''],
    ['all areas chosen: every area, whatever her home', q({ area: ALL_AREAS }), 'E08000035', ''],
    ['another area chosen', q({ area: 'E08000003' }), 'E08000035', 'E08000003'],
    ['an unknown area: every area', q({ area: 'X99' }), 'E08000035', ''],
    ['an unknown home area: every area', q({}), 'W06000015', ''],
  ])('%s', (_, query, home, expected) => {
    expect(browseFilters(query, areas, home).area).toBe(expected);
  });

  it('keeps a known need and drops an unknown one, and reads "uses Wayfinder" only as yes', () => {
    expect(browseFilters(q({ need: 'homelessness', wayfinder: 'yes' }), areas)).toMatchObject({
      need: 'homelessness',
      wayfinder: true,
    });
    expect(browseFilters(q({ need: 'nope', wayfinder: 'on' }), areas)).toMatchObject({
      need: '',
      wayfinder: false,
    });
  });
});

describe('browseSearch', () => {
  it('orders by name without words, by relevance with them, and passes each filter on', () => {
    const base = { q: '', area: '', need: '', wayfinder: false, page: 2 };
    expect(browseSearch(base)).toEqual({ order: 'name', page: 2, perPage: 20 });
    expect(
      browseSearch({ ...base, q: 'housing', area: 'E08000035', need: 'homelessness', wayfinder: true }),
    ).toEqual({
      text: 'housing',
      areaCode: 'E08000035',
      terms: ['homelessness'],
      onPlatform: true,
      page: 2,
      perPage: 20,
    });
  });
});
