/**
 * The score of a match that fits (or nearly fits): five parts, each worth at most its weight.
 *
 *   points(part) = round(weight × value)   value in 0–1, rounded half up to a whole point
 *   score        = the sum of the parts' points (so what is shown adds up exactly)
 *
 * Default weights (DEFAULT_WEIGHTS, adding to 100): skills 35, sector 20, distance 20, pay 15,
 * aspiration 10. Skills weigh most because employers select on them; where she wants to work and
 * how far she must go come next, as declined offers most often cite travel; pay against her need;
 * and what she hopes for.
 *
 * Values (SCORE_RULES):
 * - skills: the share of the opportunity's skills she has. None listed: neutral (0.5).
 * - sector: 1 if its sector is one she wants, else 0. She named none: neutral.
 * - distance: 1 − journey ÷ her limit (or 60 minutes with no limit), floored at 0; remote work 1;
 *   journey not known: neutral.
 * - pay: 1 at or above the pay she needs; below it, falling to 0 at 25% short. Either not known
 *   (unpaid volunteering and courses, no need recorded): neutral.
 * - aspiration: 1 if one of her aspirations is the opportunity's sector, kind or one of its skills,
 *   else 0. None recorded: neutral.
 * Neutral means "no evidence either way", so a missing detail neither lifts nor sinks a match.
 */
import type { Pair } from './matching-gates.ts';
import { aboutMinutes } from './matching-journey.ts';
import { type PartName, partNames, type ScorePart } from './matching-types.ts';

export type Weights = Record<PartName, number>;

export const DEFAULT_WEIGHTS: Readonly<Weights> = {
  skills: 35,
  sector: 20,
  distance: 20,
  pay: 15,
  aspiration: 10,
};

export const SCORE_RULES = {
  neutral: 0.5,
  /** Minutes that score 0 for distance when she has no limit. */
  distanceReferenceMinutes: 60,
  /** Pay this far below her need (as a share of it) scores 0. */
  payShortfallAtZero: 0.25,
} as const;

const { neutral } = SCORE_RULES;
const clamp01 = (v: number) => (v < 0 ? 0 : v > 1 ? 1 : v);

function skillsMatched(c: Pair): number {
  let n = 0;
  const hers = c.p.skills;
  for (const s of c.o.skills) if (hers.includes(s)) n++;
  return n;
}

function value(c: Pair, part: PartName): number {
  const { p, o } = c;
  switch (part) {
    case 'skills':
      return o.skills.length ? skillsMatched(c) / o.skills.length : neutral;
    case 'sector':
      return p.sectors.length ? (p.sectors.includes(o.sector) ? 1 : 0) : neutral;
    case 'distance': {
      const j = c.journey();
      if (j === null) return neutral;
      return clamp01(1 - j / (p.maxJourneyMinutes || SCORE_RULES.distanceReferenceMinutes));
    }
    case 'pay': {
      const pay = o.hourlyPayPence;
      const need = p.payNeededPence;
      if (pay === null || !need) return neutral;
      return pay >= need ? 1 : clamp01(1 - (need - pay) / (need * SCORE_RULES.payShortfallAtZero));
    }
    case 'aspiration':
      return p.aspirations.length ? (aspiration(c) === null ? 0 : 1) : neutral;
  }
}

function aspiration(c: Pair): string | null {
  const { p, o } = c;
  for (const a of p.aspirations) if (a === o.sector || a === o.kind || o.skills.includes(a)) return a;
  return null;
}

/** The score alone, for ranking: the same arithmetic as scoreParts without building the parts. */
export function scoreOf(c: Pair, w: Weights): number {
  let score = 0;
  for (const part of partNames) score += Math.round(w[part] * value(c, part));
  return score;
}

const pounds = (pence: number) => (pence / 100).toFixed(2);

type Explained = Pick<ScorePart, 'reason' | 'values'>;

/** Every part with its weight, value, points and the reason shown beside it. */
export function scoreParts(c: Pair, w: Weights): ScorePart[] {
  return partNames.map((part) => {
    const v = value(c, part);
    return { part, weight: w[part], value: v, points: Math.round(w[part] * v), ...explainPart(c, part, v) };
  });
}

function explainPart(c: Pair, part: PartName, v: number): Explained {
  const { p, o } = c;
  switch (part) {
    case 'skills':
      return o.skills.length
        ? {
            reason: 'employment.matching.part.skills',
            values: { matched: skillsMatched(c), wanted: o.skills.length },
          }
        : { reason: 'employment.matching.part.skillsNone', values: {} };
    case 'sector':
      return {
        reason: !p.sectors.length
          ? 'employment.matching.part.sectorUnknown'
          : v === 1
            ? 'employment.matching.part.sectorWanted'
            : 'employment.matching.part.sectorOther',
        values: { sector: o.sector },
      };
    case 'distance': {
      const j = c.journey();
      if (o.remote === 'remote') return { reason: 'employment.matching.part.remote', values: {} };
      if (j === null) return { reason: 'employment.matching.part.distanceUnknown', values: {} };
      return {
        reason: p.maxJourneyMinutes
          ? 'employment.matching.part.distance'
          : 'employment.matching.part.distanceNoLimit',
        values: {
          minutes: aboutMinutes(j),
          limit: p.maxJourneyMinutes || SCORE_RULES.distanceReferenceMinutes,
        },
      };
    }
    case 'pay': {
      const pay = o.hourlyPayPence;
      const need = p.payNeededPence;
      if (pay === null) return { reason: 'employment.matching.part.payNone', values: {} };
      if (!need) return { reason: 'employment.matching.part.payNeedUnknown', values: { pay: pounds(pay) } };
      return { reason: 'employment.matching.part.pay', values: { pay: pounds(pay), need: pounds(need) } };
    }
    case 'aspiration': {
      if (!p.aspirations.length) return { reason: 'employment.matching.part.aspirationUnknown', values: {} };
      const a = aspiration(c);
      return a === null
        ? { reason: 'employment.matching.part.aspirationOther', values: {} }
        : { reason: 'employment.matching.part.aspiration', values: { aspiration: a } };
    }
  }
}
