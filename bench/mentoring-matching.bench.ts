import os from 'node:os';
import {
  defaultWeights,
  type MatchInput,
  type Mentee,
  type Mentor,
  matchCohort,
  type Pair,
  ruleNames,
} from '../src/modules/mentoring/matching.ts';
import { Rng } from './generate.ts';
import type { BenchContext } from './harness.ts';

const sectors = (
  'health social-care education law finance tech engineering hospitality retail media ' +
  'public-sector charity construction science academia'
).split(' ');
const skills = (
  'cv-writing interviews networking public-speaking excel coding data-analysis project-management ' +
  'english-at-work leadership negotiation teaching research phd-applications bookkeeping marketing ' +
  'customer-service first-aid driving-theory digital-basics design writing business-planning ' +
  'job-search time-management'
).split(' ');
const languages = 'en ar fa ps ti am so uk ru ku ur fr'.split(' ');
const slots = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].flatMap((d) =>
  ['am', 'pm', 'eve'].map((t) => `${d}-${t}`),
);
/** Where people live: a few cities, a spread around each. */
const cities = [
  { lat: 51.5072, lng: -0.1276 },
  { lat: 53.4808, lng: -2.2426 },
  { lat: 52.4862, lng: -1.8904 },
  { lat: 53.8008, lng: -1.5491 },
  { lat: 51.4545, lng: -2.5879 },
  { lat: 55.8642, lng: -4.2518 },
];
const near = (rng: Rng) => {
  const c = rng.pick(cities);
  return { lat: c.lat + rng.normal(0, 0.15), lng: c.lng + rng.normal(0, 0.25) };
};
const mode = (rng: Rng) =>
  rng.weighted<'online' | 'in_person' | 'either'>([
    ['either', 5],
    ['online', 3],
    ['in_person', 2],
  ]);

/** A fictional cohort: `n` mentees and `m` mentors (capacity 1–3), with some pins, exclusions and conflicts. */
export function cohort(seed: number, n: number, m: number): MatchInput {
  const root = new Rng(seed);
  const rng = root.fork('mentees');
  const referrers = Array.from({ length: 40 }, (_, k) => `org-ref-${k}`);
  const employers = Array.from({ length: 200 }, (_, k) => `org-emp-${k}`);
  const mentees: Mentee[] = Array.from({ length: n }, (_, k) => ({
    id: `mentee-${String(k).padStart(5, '0')}`,
    organisationIds: [rng.pick(referrers), ...(rng.chance(0.05) ? [rng.pick(employers)] : [])],
    aspirations: rng.sample(sectors, rng.int(1, 3)),
    goalSkills: rng.sample(skills, rng.int(1, 4)),
    languages: [rng.pick(languages.slice(1)), ...(rng.chance(0.6) ? ['en'] : [])],
    interpreterAvailable: rng.chance(0.3),
    availability: rng.sample(slots, rng.int(2, 8)),
    mode: mode(rng),
    point: rng.chance(0.9) ? near(rng) : null,
  }));
  const r = root.fork('mentors');
  const mentors: Mentor[] = Array.from({ length: m }, (_, k) => ({
    id: `mentor-${String(k).padStart(5, '0')}`,
    organisationIds: [r.pick(employers), ...(r.chance(0.03) ? [r.pick(referrers)] : [])],
    sectors: r.sample(sectors, r.int(1, 3)),
    skills: r.sample(skills, r.int(3, 8)),
    languages: ['en', ...(r.chance(0.25) ? [r.pick(languages.slice(1))] : [])],
    availability: r.sample(slots, r.int(3, 10)),
    mode: mode(r),
    point: r.chance(0.95) ? near(r) : null,
    maxTravelKm: r.pick([5, 10, 15, 25, 40]),
    capacity: r.int(1, 3),
    conflicts: r.chance(0.01) ? [mentees[r.int(0, n - 1)]!.id] : [],
  }));
  const p = root.fork('pairs');
  const pairs = (count: number): Pair[] =>
    Array.from({ length: count }, () => [p.pick(mentees).id, p.pick(mentors).id] as Pair);
  return {
    mentees,
    mentors,
    weights: defaultWeights,
    pinned: pairs(20),
    excluded: pairs(50),
    endedBadly: pairs(20),
  };
}

/** Stress shapes of the same cohort: everyone alike (every score ties), and everyone after one scarce sector. */
export function stressCohorts(input: MatchInput): Record<string, MatchInput> {
  const [e0, r0] = [input.mentees[0]!, input.mentors[0]!];
  return {
    'everyone alike': {
      ...input,
      mentees: input.mentees.map((e) => ({ ...e0, id: e.id, organisationIds: e.organisationIds })),
      mentors: input.mentors.map((r) => ({
        ...r0,
        id: r.id,
        capacity: r.capacity,
        organisationIds: r.organisationIds,
      })),
    },
    'all want tech, 1 mentor in 20 offers it': {
      ...input,
      mentees: input.mentees.map((e) => ({
        ...e,
        aspirations: ['tech', ...e.aspirations.filter((a) => a !== 'tech')],
      })),
      mentors: input.mentors.map((r, k) => ({
        ...r,
        sectors: k % 20 === 0 ? ['tech'] : r.sectors.filter((a) => a !== 'tech'),
      })),
    },
  };
}

/**
 * Whole-cohort matching at the scale: 2,000 mentees and 1,500 mentors (capacity 1–3, about
 * 3,000 places), every pair with its explanation. Pure CPU, no database: the first (cold) run is what
 * a manager waits for when the server has just started; the median of the next runs is warm. Target
 * for both: 2 s. The answer is the exact optimum over all 3 million pairs, not only the sparse graph
 * of each mentee's best 32 mentors it starts from: matchCohort proves it with the solver's dual prices
 * and adds any left-out pair that could improve it (src/modules/mentoring/matching.ts).
 */
export default async function mentoringMatching(ctx: BenchContext) {
  const input = cohort(14_014, 2_000, 1_500);
  const runs = ctx.quick ? 3 : 7;
  const timed = () => {
    const cpu = process.cpuUsage();
    const t0 = performance.now();
    const result = matchCohort(input);
    const used = process.cpuUsage(cpu);
    return { result, ms: performance.now() - t0, cpuMs: (used.user + used.system) / 1000 };
  };
  const cold = timed();
  const warm = Array.from({ length: runs }, timed).sort((a, b) => a.ms - b.ms);
  const median = warm[Math.floor(runs / 2)]!;
  const { result } = median;
  if (JSON.stringify(result) !== JSON.stringify(cold.result))
    throw new Error('two runs gave different drafts');
  const explained = result.pairs.every(
    (p) => p.parts.length === ruleNames.length && p.parts.every((q) => q.reason),
  );
  if (!explained) throw new Error('a pair is missing its explanation');
  const name = 'mentoring: match 2,000 mentees to 1,500 mentors';
  ctx.record({ name: `${name}, first (cold) run`, value: cold.ms, unit: 'ms', target: 2_000 });
  ctx.record({ name: `${name}, median warm run`, value: median.ms, unit: 'ms', target: 2_000 });
  // Wall time depends on what else the machine runs (2 cores shared); CPU time is this process's own work.
  ctx.record({ name: `${name}, first run CPU time`, value: cold.cpuMs, unit: 'ms' });
  ctx.record({ name: `${name}, median run CPU time`, value: median.cpuMs, unit: 'ms' });
  // Stress shapes, each timed warm (after one run), without a target of their own.
  for (const [shape, stress] of Object.entries(stressCohorts(input))) {
    matchCohort(stress);
    const t0 = performance.now();
    matchCohort(stress);
    ctx.record({ name: `mentoring: match, stress: ${shape}`, value: performance.now() - t0, unit: 'ms' });
  }
  ctx.record({
    name: 'mentoring: machine load average (1 min) meanwhile',
    value: os.loadavg()[0]!,
    unit: 'processes',
  });
  ctx.record({
    name: 'mentoring: mentors’ places',
    value: input.mentors.reduce((s, r) => s + r.capacity, 0),
    unit: 'places',
  });
  ctx.record({
    name: 'mentoring: pairs proposed, each explained',
    value: result.pairs.length,
    unit: 'pairs',
  });
  ctx.record({
    name: 'mentoring: mentees left unmatched',
    value: result.unmatchedMentees.length,
    unit: 'mentees',
  });
  ctx.record({
    name: 'mentoring: mean score of a pair',
    value: result.total / result.pairs.length,
    unit: 'points',
  });
}
