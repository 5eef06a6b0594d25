/**
 * The practice self-assessment, as plain data and pure functions (no database): the Mapping the Maze
 * model of good practice in four areas, each with its points written in our own plain words (the
 * wording lives in locales/<lang>/commissioning.json under `commissioning.points.<code>`), the rating
 * scale, and how an area's result is summed up for the side-by-side view.
 *
 * The scale has four steps and no middle, so a rating must lean one way: "not yet" (nothing in place),
 * "partly" (started, patchy), "mostly" (in place, with gaps) and "fully" (in place and checked). A
 * point counts as "in place" at "mostly" or "fully": that is the figure commissioners compare.
 */

export const areas = [
  { code: 'ethos', points: ['knowledge', 'whole-picture', 'joined-needs', 'trauma', 'acceptance'] },
  { code: 'environment', points: ['women-only', 'physical-safety', 'emotional-safety', 'dignity'] },
  {
    code: 'approach',
    points: ['respect-first', 'trust', 'person-and-culture', 'strengths', 'choice', 'plan-together', 'time'],
  },
  {
    code: 'practice',
    points: ['hard-work', 'staff-support', 'learning', 'partners', 'causes', 'intersections'],
  },
] as const;

export type AreaCode = (typeof areas)[number]['code'];
export const areaCodes = areas.map((a) => a.code) as AreaCode[];

/** Every point as `<area>.<point>`, in the model's order. */
export const pointCodes: string[] = areas.flatMap((a) => a.points.map((p) => `${a.code}.${p}`));

export const ratings = ['not_yet', 'partly', 'mostly', 'fully'] as const;
export type Rating = (typeof ratings)[number];
export const inPlace = (r: Rating | null | undefined) => r === 'mostly' || r === 'fully';

export interface RatedPoint {
  point: string;
  rating: Rating | null;
}

export interface AreaResult {
  area: AreaCode;
  points: number;
  rated: number;
  inPlace: number;
  /** Points rated at each step. */
  byRating: Record<Rating, number>;
}

/** How each area of one self-assessment stands: points rated, in place, and at each step. */
export function areaResults(rated: readonly RatedPoint[]): AreaResult[] {
  const byPoint = new Map(rated.map((r) => [r.point, r.rating]));
  return areas.map((a) => {
    const list = a.points.map((p) => byPoint.get(`${a.code}.${p}`) ?? null);
    const byRating = Object.fromEntries(
      ratings.map((r) => [r, list.filter((x) => x === r).length]),
    ) as Record<Rating, number>;
    return {
      area: a.code,
      points: list.length,
      rated: list.filter((x) => x !== null).length,
      inPlace: list.filter(inPlace).length,
      byRating,
    };
  });
}

/** Complete when every point of the model has a rating and some evidence. */
export function missingPoints(rated: readonly (RatedPoint & { evidence: string | null })[]): string[] {
  const done = new Set(
    rated.filter((r) => r.rating !== null && (r.evidence ?? '').trim() !== '').map((r) => r.point),
  );
  return pointCodes.filter((p) => !done.has(p));
}
