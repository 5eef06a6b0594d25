import { describe, expect, it } from 'vitest';
import { areaResults, areas, inPlace, missingPoints, pointCodes } from './model.ts';

describe('the Mapping the Maze model', () => {
  it('has four areas and 22 points, each point once', () => {
    expect(areas.map((a) => a.code)).toEqual(['ethos', 'environment', 'approach', 'practice']);
    expect(pointCodes).toHaveLength(22);
    expect(new Set(pointCodes).size).toBe(22);
  });

  it.each([
    ['not_yet', false],
    ['partly', false],
    ['mostly', true],
    ['fully', true],
    [null, false],
  ] as const)('counts %s as in place: %s', (rating, expected) => expect(inPlace(rating)).toBe(expected));

  it('sums up each area: rated, in place, and at each step', () => {
    const results = areaResults([
      { point: 'ethos.knowledge', rating: 'fully' },
      { point: 'ethos.trauma', rating: 'partly' },
      { point: 'environment.dignity', rating: 'mostly' },
      { point: 'not.a-point', rating: 'fully' },
    ]);
    expect(results.map((r) => [r.area, r.points, r.rated, r.inPlace])).toEqual([
      ['ethos', 5, 2, 1],
      ['environment', 4, 1, 1],
      ['approach', 7, 0, 0],
      ['practice', 6, 0, 0],
    ]);
    expect(results[0]?.byRating).toEqual({ not_yet: 0, partly: 1, mostly: 0, fully: 1 });
  });

  it('is complete only when every point has a rating and evidence', () => {
    const all = pointCodes.map((point) => ({ point, rating: 'partly' as const, evidence: 'We do' }));
    expect(missingPoints(all)).toEqual([]);
    const blank = all.map((r) => (r.point === 'approach.trust' ? { ...r, evidence: '  ' } : r));
    expect(missingPoints(blank)).toEqual(['approach.trust']);
    expect(missingPoints(all.slice(1))).toEqual(['ethos.knowledge']);
  });
});
