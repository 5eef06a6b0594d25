/**
 * Fictional, seeded work profiles and opportunities for the matching tests and the benchmark (and
 * any demo that wants many): a spread that exercises every gate, near misses and ties. Pass any
 * uniform random source in [0, 1) (bench/generate.ts's Rng.next, or `seeded(n)` below).
 */
import type { TimeWindow } from './matching-hours.ts';
import type { Mode, Point } from './matching-journey.ts';
import {
  type Cefr,
  cefrLevels,
  type OpportunityForMatch,
  opportunityKinds,
  type RightToWork,
  type WorkProfile,
} from './matching-types.ts';

/** mulberry32: small, fast, deterministic. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** City centres (postcode district centroids: LS1, BD1, M1, B1, SW9) to scatter places around. */
const centres: Point[] = [
  { lat: 53.7974, lng: -1.55307 },
  { lat: 53.7973, lng: -1.75432 },
  { lat: 53.4777, lng: -2.23678 },
  { lat: 52.4796, lng: -1.90262 },
  { lat: 51.4691, lng: -0.113681 },
];
const sectors = [
  'hospitality',
  'care',
  'retail',
  'cleaning',
  'education',
  'health',
  'admin',
  'food',
  'logistics',
];
const skills = [
  'customer-service',
  'cleaning',
  'food-hygiene',
  'cooking',
  'childcare',
  'first-aid',
  'cash-handling',
  'data-entry',
  'sewing',
  'interpreting',
  'driving',
  'stock-control',
  'personal-care',
  'hairdressing',
  'it-basics',
  'teaching',
];
const bases: RightToWork[] = [
  'refugee_status',
  'refugee_status',
  'settled',
  'time_limited',
  'asylum_permission_isl',
  'unknown',
  'none',
];

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const some = <T>(r: () => number, xs: readonly T[], max: number): T[] => {
  const n = 1 + Math.floor(r() * max);
  const out = new Set<T>();
  for (let i = 0; i < n; i++) out.add(pick(r, xs));
  return [...out];
};
const near = (r: () => number): Point => {
  const c = pick(r, centres);
  return { lat: c.lat + (r() - 0.5) * 0.3, lng: c.lng + (r() - 0.5) * 0.5 };
};
const hm = (minutes: number) =>
  `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
const weekdays = (from: number, to: number, n = 5): TimeWindow[] =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const)
    .slice(0, n)
    .map((day) => ({ day, from: hm(from), to: hm(to) }));
const isoDay = (base: string, days: number) =>
  new Date(Date.parse(`${base}T00:00:00Z`) + days * 864e5).toISOString().slice(0, 10);

export function sampleProfiles(r: () => number, n: number, today = '2026-12-07'): WorkProfile[] {
  const out: WorkProfile[] = [];
  for (let i = 0; i < n; i++) {
    const school = r() < 0.4;
    const basis = pick(r, bases);
    out.push({
      id: `w${String(i).padStart(6, '0')}`,
      skills: some(r, skills, 6),
      sectors: r() < 0.15 ? [] : some(r, sectors, 3),
      qualificationLevel: r() < 0.1 ? null : Math.floor(r() * 6),
      spokenEnglish: r() < 0.05 ? null : pick(r, cefrLevels),
      writtenEnglish: r() < 0.05 ? null : pick(r, cefrLevels),
      availability: school
        ? []
        : r() < 0.15
          ? []
          : weekdays(
              8 * 60 + 15 * Math.floor(r() * 8),
              14 * 60 + 15 * Math.floor(r() * 16),
              3 + Math.floor(r() * 3),
            ),
      schoolHoursOnly: school,
      termTimeOnly: school && r() < 0.5,
      point: r() < 0.05 ? null : near(r),
      maxJourneyMinutes: r() < 0.1 ? null : 20 + 5 * Math.floor(r() * 9),
      modes: some(r, ['walk', 'bus', 'bus', 'train', 'car', 'cycle'] as Mode[], 2),
      rightToWork: basis,
      rightToWorkExpires: basis === 'time_limited' ? isoDay(today, Math.floor(r() * 900) - 60) : null,
      payNeededPence: r() < 0.3 ? null : 1100 + 10 * Math.floor(r() * 60),
      aspirations: r() < 0.3 ? [] : some(r, [...sectors, ...skills, 'apprenticeship', 'course'], 2),
    });
  }
  return out;
}

export function sampleOpportunities(r: () => number, n: number, today = '2026-12-07'): OpportunityForMatch[] {
  const out: OpportunityForMatch[] = [];
  for (let i = 0; i < n; i++) {
    const kind = pick(r, opportunityKinds);
    const remote = r() < 0.08 ? 'remote' : r() < 0.1 ? 'hybrid' : 'on_site';
    const start = 7 * 60 + 15 * Math.floor(r() * 12);
    const cefr = (p: number): Cefr | null => (r() < p ? null : pick(r, cefrLevels.slice(0, 5)));
    out.push({
      id: `o${String(i).padStart(6, '0')}`,
      kind,
      sector: pick(r, sectors),
      skills: r() < 0.1 ? [] : some(r, skills, 4),
      hours:
        r() < 0.05
          ? []
          : weekdays(
              start,
              Math.min(start + 60 * (3 + Math.floor(r() * 6)), 23 * 60),
              1 + Math.floor(r() * 5),
            ),
      termTimeOnly: r() < 0.25,
      remote,
      point: remote === 'remote' ? null : near(r),
      hourlyPayPence: kind === 'volunteering' || kind === 'course' ? null : 1150 + 10 * Math.floor(r() * 80),
      closingDate: r() < 0.2 ? null : isoDay(today, Math.floor(r() * 60) - 3),
      startDate: r() < 0.3 ? null : isoDay(today, Math.floor(r() * 120)),
      minSpokenEnglish: cefr(0.3),
      minWrittenEnglish: cefr(0.5),
      minQualificationLevel: r() < 0.6 ? null : Math.floor(r() * 5),
      rightToWorkAllowed: r() < 0.8 ? [] : some(r, bases.slice(0, 4), 3),
      onImmigrationSalaryList: r() < 0.15,
      dbsLevel: pick(r, ['none', 'none', 'basic', 'enhanced'] as const),
    });
  }
  return out;
}
