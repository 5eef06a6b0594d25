import { type SQL, sql } from 'drizzle-orm';
import { DEFAULT_WEIGHTS, JOURNEY, SCORE_RULES } from './matching.ts';
import { modes } from './matching-journey.ts';
import { workProfiles } from './schema.ts';

/**
 * For an opportunity's list of women: each woman's best possible score for it (default weights),
 * worked out by PostgreSQL from her plain columns, so the list reads the women best bound first and
 * stops once no unread one could enter it (score-bounds.ts bestFirst). It is the matcher's own
 * arithmetic (matching-score.ts, matching-journey.ts) with every rounding taken upwards, never
 * below the score the matcher gives her and at most a point or two above it (woman-bound.test.ts):
 * - skills: the share of its skills she has, rounded up;
 * - sector, aspiration: exact;
 * - pay: her need against its pay, exact but for rounding half up with a hair to spare;
 * - distance: the journey from her district's centre by the quickest of her modes, with a hair of
 *   a minute taken off before rounding (cos in PostgreSQL and in JavaScript may differ in the last
 *   bit), so her points are never fewer than the matcher's.
 * The columns read are in the covering index (migration 0054), so the whole organisation's
 * candidates are bounded without reading the table.
 */
const W = DEFAULT_WEIGHTS;
const neutral = (w: number) => Math.ceil(w * SCORE_RULES.neutral);
/** Round half up as Math.round does, never below it when the two float results differ by a hair. */
const roundUp = (x: SQL) => sql`floor(${x} + 0.5 + 1e-9)`;
const textArray = (xs: readonly string[]) =>
  sql`array[${sql.join(
    xs.map((x) => sql`${x}`),
    sql`, `,
  )}]::text[]`;

export interface OpportunityForBound {
  skills: string[];
  sector: string;
  kind: string;
  hourlyPayPence: number | null;
  remote: 'on_site' | 'remote' | 'hybrid';
  latitude: number | null;
  longitude: number | null;
}

export function womanBound(o: OpportunityForBound): SQL<number> {
  const w = workProfiles;
  // Each listed skill of the opportunity she has (a skill listed twice counts twice, as in the matcher).
  const listed = new Map<string, number>();
  for (const x of o.skills) listed.set(x, (listed.get(x) ?? 0) + 1);
  const matched = sql.join(
    [...listed].map(([x, n]) => sql`case when ${x}::text = any(${w.skills}) then ${n} else 0 end`),
    sql` + `,
  );
  const skills = o.skills.length
    ? sql`ceil(${W.skills}::float8 * (${matched}) / ${o.skills.length})`
    : sql`${neutral(W.skills)}`;
  const sector = sql`case when cardinality(${w.sectors}) = 0 then ${neutral(W.sector)}
    when ${o.sector}::text = any(${w.sectors}) then ${W.sector} else 0 end`;
  const aspiration = sql`case when cardinality(${w.aspirations}) = 0 then ${neutral(W.aspiration)}
    when ${w.aspirations} && ${textArray([o.sector, o.kind, ...o.skills])} then ${W.aspiration} else 0 end`;
  return sql<number>`(${skills} + ${sector} + ${distance(o)} + ${pay(o)} + ${aspiration})::int`;
}

/** matching-score.ts pay: 1 at or above her need, falling to 0 at 25% short; neutral if either is unknown. */
function pay(o: OpportunityForBound): SQL {
  const w = workProfiles;
  if (o.hourlyPayPence === null) return sql`${neutral(W.pay)}`;
  const p = sql`${o.hourlyPayPence}::float8`;
  const short = sql`(${w.payNeededPence}::float8 - ${p}) / (${w.payNeededPence}::float8 * ${SCORE_RULES.payShortfallAtZero}::float8)`;
  return sql`case when coalesce(${w.payNeededPence}, 0) = 0 then ${neutral(W.pay)}
    when ${p} >= ${w.payNeededPence} then ${W.pay}
    else ${roundUp(sql`${W.pay}::float8 * greatest(0::float8, 1::float8 - ${short})`)} end`;
}

/**
 * matching-score.ts distance: 1 − journey ÷ her limit (60 minutes with none), at least 0; remote
 * work 1; either place unknown: neutral. The journey as matching-journey.ts estimates it.
 */
function distance(o: OpportunityForBound): SQL {
  const w = workProfiles;
  if (o.remote === 'remote') return sql`${W.distance}`;
  if (o.latitude === null || o.longitude === null) return sql`${neutral(W.distance)}`;
  const rad = sql`(pi()::float8 / 180::float8)`;
  const lat = sql`${o.latitude}::float8`;
  const lng = sql`${o.longitude}::float8`;
  const x = sql`(${lng} - ${w.longitude}) * ${rad} * cos(((${w.latitude} + ${lat}) / 2::float8) * ${rad})`;
  const y = sql`(${lat} - ${w.latitude}) * ${rad}`;
  const km = sql`(greatest(6371::float8 * sqrt(${x} * ${x} + ${y} * ${y}), ${JOURNEY.minKm}::float8) * ${JOURNEY.detour}::float8)`;
  const byMode = modes.map((m) => {
    const s = JOURNEY.speed[m];
    const usable = JOURNEY.defaultModes.includes(m)
      ? sql`(cardinality(${w.modes}) = 0 or ${m}::text = any(${w.modes}))`
      : sql`${m}::text = any(${w.modes})`;
    return sql`case when ${usable} then ${km} / ${s.kmh}::float8 * 60::float8 + ${s.fixed}::float8 end`;
  });
  // Whole minutes as Math.round gives them, a hair lower where the two may differ in the last bit.
  const minutes = sql`floor(least(${sql.join(byMode, sql`, `)}) + 0.5 - 1e-7)`;
  const limit = sql`coalesce(nullif(${w.maxJourneyMinutes}, 0), ${SCORE_RULES.distanceReferenceMinutes})::float8`;
  const points = roundUp(sql`${W.distance}::float8 * greatest(0::float8, 1::float8 - ${minutes} / ${limit})`);
  return sql`case when ${w.latitude} is null or ${w.longitude} is null then ${neutral(W.distance)}
    else coalesce(${points}, ${neutral(W.distance)}) end`;
}
