import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { areaCodeAt } from '../directory/coverage/area-lookup.ts';
import { parseCsvObjects } from '../directory/csv.ts';
import { mapGeometry, neighbours } from './geo.ts';
import { classOf, defaultSelection, mapClasses, parseSelection, selectionQuery, VIRIDIS } from './model.ts';

const areas = parseCsvObjects(
  readFileSync(new URL('../../../reference/geo/upper_tier_authorities_ew_2023.csv', import.meta.url), 'utf8'),
);

describe('places and boundaries', () => {
  it('puts every area’s centre in that area, and nothing outside England and Wales in any', () => {
    expect(areas).toHaveLength(175);
    for (const a of areas) expect(areaCodeAt(Number(a.lat), Number(a.long)), a.name).toBe(a.code);
    expect(areaCodeAt(55.9533, -3.1883)).toBeNull(); // Edinburgh
    expect(areaCodeAt(50.5, -1.0)).toBeNull(); // the Channel
    expect(areaCodeAt(50.8153, -0.1368)).toBe('E06000043'); // Brighton Palace Pier, just off the coastline
  });

  it('finds neighbours whose boundaries touch or face each other across a river, and the nearest for islands', () => {
    const n = neighbours();
    expect(n.size).toBe(175);
    for (const [code, list] of n) {
      expect(list.length, code).toBeGreaterThan(0);
      expect(list).not.toContain(code);
    }
    // Touching boundaries are symmetric.
    expect(n.get('E06000001')).toEqual(['E06000004', 'E06000047']); // Hartlepool: Stockton-on-Tees, County Durham
    expect(n.get('E09000033')).toContain('E09000022'); // Westminster and Lambeth, across the Thames
    expect(n.get('E09000022')).toContain('E09000033');
    // The Isle of Wight touches nobody: its three nearest areas instead.
    expect(n.get('E06000046')).toHaveLength(3);
    expect(n.get('E06000046')).toContain('E06000044'); // Portsmouth
  });

  it('draws all 175 areas, and London’s 33 again in the inset, as short paths', () => {
    const g = mapGeometry();
    expect(g.shapes).toHaveLength(175);
    expect(g.inset.shapes.map((s) => s.code).every((c) => c.startsWith('E09'))).toBe(true);
    expect(g.inset.shapes).toHaveLength(33);
    for (const s of [...g.shapes, ...g.inset.shapes]) expect(s.d, s.name).toMatch(/^M[\d.]+ [\d.]+l.*z$/);
    const bytes =
      g.shapes.reduce((n, s) => n + s.d.length, 0) + g.inset.shapes.reduce((n, s) => n + s.d.length, 0);
    expect(bytes).toBeLessThan(150_000);
    // Every point inside the drawing.
    for (const s of g.shapes) {
      const [x, y] = s.d.slice(1).split(/[l ]/).map(Number) as [number, number];
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThanOrEqual(g.width);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(y).toBeLessThanOrEqual(g.height);
    }
  });
});

describe('the selection and the map’s classes', () => {
  it('reads a query string, ignoring what it does not know, and writes it back', () => {
    const { selection, sort, errors } = parseSelection({
      domains: ['offending', 'nonsense', 'mental-health'],
      group: 'lbtqi',
      women: 'only',
      delivery: 'drop-in',
      sort: 'covered',
      dir: 'desc',
    });
    expect(selection).toEqual({
      domains: ['mental-health', 'offending'],
      group: 'lbtqi',
      women: 'only',
      delivery: ['drop-in'],
    });
    expect(sort).toEqual({ key: 'covered', dir: 'desc' });
    expect(errors).toEqual({});
    expect(
      parseSelection(Object.fromEntries(new URLSearchParams(selectionQuery(selection, sort)).entries())).sort,
    ).toEqual(sort);
    expect(parseSelection({ group: 'martians', women: 'all' }).selection).toEqual(defaultSelection());
    expect(parseSelection({ filtered: '1' }).errors).toEqual({ domains: 'coverage.filters.errors.domains' });
  });

  it('gives every count of needs covered exactly one colour, light (none) to dark (all)', () => {
    for (let k = 1; k <= 15; k++) {
      const classes = mapClasses(k);
      expect(classes[0]).toMatchObject({ from: 0, to: 0, colour: VIRIDIS[0] });
      expect(classes.at(-1)).toMatchObject({ from: k, to: k, colour: VIRIDIS[VIRIDIS.length - 1] });
      for (let v = 0; v <= k; v++)
        expect(
          classes.filter((c) => v >= c.from && v <= c.to),
          `${v} of ${k}`,
        ).toHaveLength(1);
      expect(new Set(classes.map((c) => c.colour)).size).toBe(classes.length);
      expect(classOf(classes, k)).toBe(classes.length - 1);
    }
  });
});
