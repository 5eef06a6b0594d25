import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadTranslations } from '../../platform/i18n/index.ts';
import {
  type DisqualifierCode,
  defaultWeights,
  disqualifierCodes,
  type MatchInput,
  type MatchResult,
  type Mentee,
  type Mentor,
  matchCohort,
  maxWeight,
  type Pair,
  type Part,
  reasonKeys,
  rematchPair,
  scorePair,
  type Weights,
} from './matching.ts';

// Two people who fit perfectly with the default weights (a score of 100): same first sector, every
// goal skill, a shared language, the same times, in person at the same place.
const LONDON = { lat: 51.5072, lng: -0.1276 };
const mentee = (over: Partial<Mentee> = {}): Mentee => ({
  id: 'e1',
  organisationIds: ['refuge-a'],
  aspirations: ['Health', 'Care'],
  goalSkills: ['cv', 'interviews'],
  languages: ['ar', 'en'],
  interpreterAvailable: false,
  availability: ['mon-am', 'tue-pm'],
  mode: 'either',
  point: LONDON,
  ...over,
});
const mentor = (over: Partial<Mentor> = {}): Mentor => ({
  id: 'r1',
  organisationIds: ['bank-b'],
  sectors: ['health'],
  skills: ['CV', 'interviews', 'coding'],
  languages: ['en'],
  availability: ['mon-am', 'tue-pm', 'sat-eve'],
  mode: 'either',
  point: LONDON,
  maxTravelKm: 20,
  capacity: 1,
  conflicts: [],
  ...over,
});
/** Weights that make a perfect pair score 100, so the tables read as percentages. */
const W: Weights = { aspiration: 30, skills: 25, language: 15, availability: 15, distance: 10, capacity: 5 };
const input = (over: Partial<MatchInput>): MatchInput => ({
  mentees: [],
  mentors: [],
  weights: W,
  pinned: [],
  excluded: [],
  endedBadly: [],
  ...over,
});
/** About 10 km east of LONDON. */
const EAST2 = { lat: 51.5072, lng: -0.1276 + 2 / (111.32 * Math.cos((51.5072 * Math.PI) / 180)) };
const EAST10 = { lat: 51.5072, lng: -0.1276 + 10 / (111.32 * Math.cos((51.5072 * Math.PI) / 180)) };
const EAST30 = { lat: 51.5072, lng: -0.1276 + 30 / (111.32 * Math.cos((51.5072 * Math.PI) / 180)) };

const hundredths = (x: number) => Math.round(x * 100);
const partOf = (parts: Part[], rule: string) => parts.find((p) => p.rule === rule)!;
const pairsOf = (r: MatchResult) => r.pairs.map((p) => `${p.menteeId}-${p.mentorId}`);
const scored = (e: Mentee, r: Mentor, w: Weights = W) => {
  const s = scorePair(e, r, w);
  if ('disqualified' in s) throw new Error(`disqualified: ${JSON.stringify(s.disqualified)}`);
  return s;
};

describe('scoring one pair: each rule adds what it declares', () => {
  it('gives a perfect pair every point, and its parts add up to its score', () => {
    const s = scored(mentee(), mentor());
    expect(s.score).toBe(100);
    expect(s.parts.map((p) => [p.rule, p.points])).toEqual([
      ['aspiration', 30],
      ['skills', 25],
      ['language', 15],
      ['availability', 15],
      ['distance', 10],
      ['capacity', 5],
    ]);
    expect(partOf(s.parts, 'skills').detail).toEqual({ shared: 2, of: 2, skills: 'cv, interviews' });
  });

  // [what changes, mentee change, mentor change, rule, points, reason key ending]
  const table: [string, Partial<Mentee>, Partial<Mentor>, string, number, string][] = [
    ['her second sector only', {}, { sectors: ['care'] }, 'aspiration', 15, 'aspiration.other'],
    ['no sector in common', {}, { sectors: ['law'] }, 'aspiration', 0, 'aspiration.noMatch'],
    ['no aspiration given', { aspirations: [] }, {}, 'aspiration', 0, 'aspiration.none'],
    ['half her goal skills', { goalSkills: ['cv', 'finance'] }, {}, 'skills', 12.5, 'skills.shared'],
    ['none of her goal skills', { goalSkills: ['finance'] }, {}, 'skills', 0, 'skills.noMatch'],
    ['no goal skills given', { goalSkills: [] }, {}, 'skills', 0, 'skills.noGoals'],
    [
      'no shared language, interpreter',
      { languages: ['ti'], interpreterAvailable: true },
      {},
      'language',
      7.5,
      'language.interpreter',
    ],
    [
      'one of her two times',
      { availability: ['mon-am', 'wed-am'] },
      {},
      'availability',
      7.5,
      'availability.overlap',
    ],
    ['no times given', { availability: [] }, {}, 'availability', 0, 'availability.notStated'],
    ['in person 10 km of 20', { point: EAST10 }, {}, 'distance', 7.5, 'distance.inPerson'],
    ['online only', { mode: 'online' }, {}, 'distance', 7.5, 'distance.online'],
    ['too far in person, so online', { point: EAST30 }, {}, 'distance', 7.5, 'distance.online'],
    [
      'in person, her place unknown',
      { point: null, mode: 'in_person' },
      {},
      'distance',
      0,
      'distance.unknown',
    ],
  ];
  it.each(table)('%s', (_, e, r, rule, points, reason) => {
    const perfect = scored(mentee(), mentor());
    const s = scored(mentee(e), mentor(r));
    const part = partOf(s.parts, rule);
    expect(part.points).toBe(points);
    expect(part.reason).toBe(`mentoring.matchReasons.${reason}`);
    expect(part.points).toBeCloseTo(part.weight * part.value, 2);
    // Only that rule moved, and the score moved by exactly as much.
    for (const p of s.parts) if (p.rule !== rule) expect(p.points).toBe(partOf(perfect.parts, p.rule).points);
    const was = hundredths(partOf(perfect.parts, rule).points);
    expect(hundredths(s.score)).toBe(hundredths(perfect.score) - was + hundredths(points));
    expect(s.parts.reduce((t, p) => t + hundredths(p.points), 0)).toBe(hundredths(s.score));
  });

  // [what changes, mentee change, mentor change, the disqualifier]
  const disqualifying: [string, Partial<Mentee>, Partial<Mentor>, DisqualifierCode][] = [
    ['same organisation', { organisationIds: ['bank-b'] }, {}, 'same_organisation'],
    ['a declared conflict', {}, { conflicts: ['e1'] }, 'conflict'],
    ['no shared language, no interpreter', { languages: ['ti'] }, {}, 'no_shared_language'],
    ['no shared time', { availability: ['sun-eve'] }, {}, 'no_availability_overlap'],
    ['in person only, too far', { point: EAST30 }, { mode: 'in_person' }, 'too_far'],
    ['online against in person', { mode: 'online' }, { mode: 'in_person' }, 'mode_mismatch'],
  ];
  it.each(disqualifying)('disqualifies: %s', (_, e, r, code) => {
    expect(scorePair(mentee(e), mentor(r), W)).toEqual({
      disqualified: [expect.objectContaining({ code })],
    });
  });

  it('lists every disqualifier at once, with details', () => {
    const s = scorePair(
      mentee({ organisationIds: ['bank-b'], languages: ['ti'], point: EAST30 }),
      mentor({ mode: 'in_person', conflicts: ['e1'] }),
      defaultWeights,
    );
    expect(s).toEqual({
      disqualified: [
        { code: 'same_organisation', detail: { organisation: 'bank-b' } },
        { code: 'conflict' },
        { code: 'no_shared_language' },
        { code: 'too_far', detail: { km: 30, maxKm: 20 } },
      ],
    });
  });

  it('scores on the default weights (the form’s 0 to 10 scale): a perfect pair gets 12', () => {
    expect(scored(mentee(), mentor(), defaultWeights).score).toBe(12);
    for (const w of Object.values(defaultWeights)) expect(w).toBeLessThanOrEqual(10);
  });

  it('follows the weights, and refuses weights out of range', () => {
    const w = { ...W, aspiration: 0, skills: 50 };
    const s = scored(mentee({ goalSkills: ['cv', 'finance', 'law'] }), mentor(), w);
    expect(partOf(s.parts, 'aspiration').points).toBe(0);
    expect(partOf(s.parts, 'skills').points).toBe(16.67); // 50 × 1/3, to the hundredth
    expect(s.score).toBe(16.67 + 15 + 15 + 10 + 5);
    for (const bad of [-1, maxWeight + 1, Number.NaN])
      expect(() => scorePair(mentee(), mentor(), { ...W, language: bad })).toThrow(RangeError);
  });
});

describe('matching a cohort', () => {
  // Two mentees compete for one place; they differ only in what the rule looks at.
  const rivals: [string, Partial<Mentee>][] = [
    ['aspiration', { aspirations: ['law'] }],
    ['skills', { goalSkills: ['finance'] }],
    ['language', { languages: ['ti'], interpreterAvailable: true }],
    ['availability', { availability: ['mon-am', 'wed-am'] }],
    ['distance', { point: EAST10 }],
  ];
  it.each(rivals)('the %s rule decides who gets the one place', (_, worse) => {
    const cohort = input({
      mentees: [mentee({ id: 'a', ...worse }), mentee({ id: 'b' })],
      mentors: [mentor()],
    });
    const r = matchCohort(cohort);
    expect(pairsOf(r)).toEqual(['b-r1']);
    expect(r.unmatchedMentees).toEqual([{ id: 'a', why: 'capacity' }]);
    // The same rule at weight 0 no longer separates them: the lower id wins the tie.
    const rule = _ as keyof Weights;
    expect(pairsOf(matchCohort({ ...cohort, weights: { ...W, [rule]: 0 } }))).toEqual(['a-r1']);
  });

  it('the capacity rule spreads mentees across mentors; at weight 0 the better mentor takes both', () => {
    // x offers 2 places and is 2 km nearer (0.5 points more); y offers 1. A second place at x is worth
    // 2.5 points, a first at y 5.
    const x = mentor({ id: 'x', capacity: 2 });
    const y = mentor({ id: 'y', capacity: 1, point: EAST2 });
    const e = [mentee({ id: 'a' }), mentee({ id: 'b' })];
    const spread = matchCohort(input({ mentees: e, mentors: [x, y] }));
    expect(pairsOf(spread)).toEqual(['a-x', 'b-y']);
    const packed = matchCohort(input({ mentees: e, mentors: [x, y], weights: { ...W, capacity: 0 } }));
    expect(pairsOf(packed)).toEqual(['a-x', 'b-x']);
    const load = partOf(packed.pairs[0]!.parts, 'capacity');
    expect(load.detail).toEqual({ mentees: 2, capacity: 2 });
    expect(load.value).toBe(0.75); // places worth 1 and 1/2, shared
  });

  it('shares a mentor’s load points exactly between her mentees', () => {
    const r = matchCohort(
      input({
        mentees: ['a', 'b', 'c'].map((id) => mentee({ id })),
        mentors: [mentor({ capacity: 3 })],
        weights: { ...W, capacity: 1 },
      }),
    );
    // Places worth 1, 2/3 and 1/3 of 1 point: 2 points in hundredths = 200, 67 + 67 + 66.
    expect(r.pairs.map((p) => partOf(p.parts, 'capacity').points)).toEqual([0.67, 0.67, 0.66]);
    for (const p of r.pairs)
      expect(p.parts.reduce((t, q) => t + hundredths(q.points), 0)).toBe(hundredths(p.score));
    expect(hundredths(r.total)).toBe(r.pairs.reduce((t, p) => t + hundredths(p.score), 0));
  });

  const blockers: [DisqualifierCode, Partial<MatchInput>, Partial<Mentee>, Partial<Mentor>][] = [
    ['same_organisation', {}, { organisationIds: ['bank-b'] }, {}],
    ['conflict', {}, {}, { conflicts: ['e1'] }],
    ['ended_badly', { endedBadly: [['e1', 'best']] }, {}, {}],
    ['excluded', { excluded: [['e1', 'best']] }, {}, {}],
    ['no_shared_language', {}, {}, { languages: ['fr'] }],
    ['no_availability_overlap', {}, {}, { availability: ['sun-am'] }],
    ['too_far', {}, { point: EAST30, mode: 'in_person' }, {}],
    ['mode_mismatch', {}, { mode: 'online' }, { mode: 'in_person' }],
  ];
  it.each(blockers)(
    '%s: the best mentor is ruled out, and alone she is unmatched with the reason',
    (code, lists, e, r) => {
      const best = mentor({ id: 'best', ...r });
      // Worse than best on sector and distance, and clear of every blocker in this table.
      const other = mentor({ id: 'other', sectors: ['law'], point: EAST30, organisationIds: ['other-org'] });
      const clean = matchCohort(input({ mentees: [mentee()], mentors: [mentor({ id: 'best' }), other] }));
      expect(pairsOf(clean)).toEqual(['e1-best']);
      const ruledOut = matchCohort(input({ mentees: [mentee(e)], mentors: [best, other], ...lists }));
      expect(pairsOf(ruledOut)).toEqual(['e1-other']);
      const alone = matchCohort(input({ mentees: [mentee(e)], mentors: [best], ...lists }));
      expect(alone.pairs).toEqual([]);
      expect(alone.unmatchedMentees).toEqual([{ id: 'e1', why: [{ code, detail: { mentors: 1 } }] }]);
      expect(alone.unusedMentors).toEqual([
        { id: 'best', why: 'mentoring.matchReasons.unused.noneQualified' },
      ]);
    },
  );

  it('finds the best total for the whole cohort, where taking each best pair in turn would not', () => {
    // a's best is x (100) but y suits her nearly as well (92.5: half her times); b qualifies only with
    // x (91.67: two of her three skills), as y shares no language with her. Greedy: a-x and b alone.
    const a = mentee({ id: 'a' });
    const b = mentee({
      id: 'b',
      languages: ['fa', 'en'],
      aspirations: ['care'],
      goalSkills: ['cv', 'interviews', 'law'],
    });
    const x = mentor({ id: 'x', sectors: ['health', 'care'] });
    const y = mentor({ id: 'y', languages: ['ar'], availability: ['mon-am', 'sat-eve'] });
    expect('disqualified' in scorePair(b, y, W)).toBe(true);
    const r = matchCohort(input({ mentees: [a, b], mentors: [x, y] }));
    expect(pairsOf(r)).toEqual(['a-y', 'b-x']);
    expect(hundredths(r.total)).toBe(9250 + 9167);
    expect([scored(a, y).score, scored(b, x).score]).toEqual([92.5, 91.67]);
    expect(r.total).toBeGreaterThan(scored(a, x).score);
  });

  it('keeps pinned pairs, counts them against capacity, and never makes an excluded pair', () => {
    const e = [mentee({ id: 'a' }), mentee({ id: 'b', aspirations: ['law'] })];
    const rs = [mentor({ id: 'x' }), mentor({ id: 'y', sectors: ['law'] })];
    expect(pairsOf(matchCohort(input({ mentees: e, mentors: rs })))).toEqual(['a-x', 'b-y']);
    const pinned = matchCohort(input({ mentees: e, mentors: rs, pinned: [['b', 'x']] }));
    expect(pairsOf(pinned)).toEqual(['a-y', 'b-x']);
    expect(pinned.pairs.map((p) => p.pinned)).toEqual([false, true]);
    const excluded = matchCohort(input({ mentees: e, mentors: rs, excluded: [['a', 'x']] }));
    expect(pairsOf(excluded)).toEqual(['a-y', 'b-x']);
    // x has one place and b is pinned there: a cannot have it, even though she scores more.
    const one = matchCohort(input({ mentees: e, mentors: [rs[0]!], pinned: [['b', 'x']] }));
    expect(pairsOf(one)).toEqual(['b-x']);
    expect(one.unmatchedMentees).toEqual([{ id: 'a', why: 'capacity' }]);
  });

  it('refuses a pin the rules forbid, or one beyond the mentor’s places, and says so', () => {
    const rs = [mentor({ id: 'x', conflicts: ['a'] })];
    const r = matchCohort(
      input({
        mentees: [mentee({ id: 'a' }), mentee({ id: 'b' }), mentee({ id: 'c' })],
        mentors: rs,
        pinned: [
          ['a', 'x'],
          ['b', 'x'],
          ['c', 'x'],
        ],
      }),
    );
    expect(pairsOf(r)).toEqual(['b-x']);
    expect(r.unmatchedMentees).toEqual([
      { id: 'a', refusedMentorId: 'x', why: [{ code: 'conflict' }] },
      { id: 'c', refusedMentorId: 'x', why: 'capacity' },
    ]);
  });

  it('refuses a held pair the rules now forbid, and frees its place', () => {
    const r = matchCohort(
      input({
        mentees: [mentee({ id: 'a' }), mentee({ id: 'b' })],
        mentors: [mentor({ id: 'x' })],
        held: [['a', 'x']],
        endedBadly: [['a', 'x']],
      }),
    );
    expect(pairsOf(r)).toEqual(['b-x']);
    expect(r.unmatchedMentees).toEqual([{ id: 'a', refusedMentorId: 'x', why: [{ code: 'ended_badly' }] }]);
  });

  it('scores a mentor with no places without dividing by zero', () => {
    const s = scored(mentee(), mentor({ capacity: 0 }));
    expect(partOf(s.parts, 'capacity')).toMatchObject({ value: 0, points: 0 });
    expect(s.score).toBe(95);
  });

  it('says why mentors go unused', () => {
    const r = matchCohort(
      input({
        mentees: [mentee()],
        mentors: [
          mentor({ id: 'a' }),
          mentor({ id: 'b', sectors: ['law'] }),
          mentor({ id: 'c', capacity: 0 }),
          mentor({ id: 'd', languages: ['fr'] }),
        ],
      }),
    );
    expect(pairsOf(r)).toEqual(['e1-a']);
    expect(r.unusedMentors).toEqual([
      { id: 'b', why: 'mentoring.matchReasons.unused.notNeeded' },
      { id: 'c', why: 'mentoring.matchReasons.unused.noCapacity' },
      { id: 'd', why: 'mentoring.matchReasons.unused.noneQualified' },
    ]);
    expect(matchCohort(input({ mentees: [mentee()] })).unmatchedMentees).toEqual([
      { id: 'e1', why: 'capacity' },
    ]);
  });

  it('gives the same drafts whatever order people come in', () => {
    const e = ['d', 'a', 'c', 'b'].map((id, k) =>
      mentee({ id, goalSkills: k % 2 ? ['cv'] : ['interviews'] }),
    );
    const rs = ['z', 'x', 'y'].map((id) => mentor({ id, capacity: 1 }));
    const one = matchCohort(input({ mentees: e, mentors: rs }));
    const two = matchCohort(input({ mentees: [...e].reverse(), mentors: [...rs].reverse() }));
    expect(two).toEqual(one);
    expect(() => matchCohort(input({ mentees: [mentee(), mentee()] }))).toThrow(RangeError);
  });

  it('re-pairs one mentee with the rest held, never with the mentor she had', () => {
    const e = [mentee({ id: 'a' }), mentee({ id: 'b' }), mentee({ id: 'c' })];
    const rs = [
      mentor({ id: 'x', capacity: 2 }),
      mentor({ id: 'y', sectors: ['law'] }),
      mentor({ id: 'z', sectors: ['care'] }),
    ];
    const held: Pair[] = [
      ['a', 'x'],
      ['b', 'x'],
      ['c', 'z'],
    ];
    const r = rematchPair(input({ mentees: e, mentors: rs, held }), 'b');
    expect(pairsOf(r)).toEqual(['a-x', 'b-y', 'c-z']);
    expect(r.pairs.map((p) => p.held)).toEqual([true, false, true]);
  });

  it('re-pairs her to a pinned new mentor, and leaves out mentees who were not held', () => {
    const e = [mentee({ id: 'a' }), mentee({ id: 'b' }), mentee({ id: 'c' })];
    const rs = [mentor({ id: 'x' }), mentor({ id: 'y' }), mentor({ id: 'z', sectors: ['law'] })];
    const r = rematchPair(
      input({
        mentees: e,
        mentors: rs,
        held: [
          ['a', 'x'],
          ['b', 'y'],
        ],
        pinned: [
          ['b', 'y'],
          ['b', 'z'],
        ],
      }),
      'b',
    );
    // Her old pin to y falls with the old pair; the pin to z holds although it scores less; c is not in this run.
    expect(pairsOf(r)).toEqual(['a-x', 'b-z']);
    expect(r.pairs.map((p) => [p.pinned, p.held])).toEqual([
      [false, true],
      [true, false],
    ]);
    expect(r.unmatchedMentees).toEqual([]);
  });
});

// ---- The optimum, checked by brute force on many random small cohorts ----

const sectors = ['health', 'care', 'tech', 'law'];
const skills = ['cv', 'interviews', 'coding', 'finance', 'english'];
const languages = ['en', 'ar', 'fa', 'ti'];
const slots = ['mon-am', 'mon-pm', 'tue-eve', 'sat-am'];
const orgs = ['o1', 'o2', 'o3', 'o4', 'o5'];
const modes = ['online', 'in_person', 'either'] as const;
const point = fc.option(
  fc.record({
    lat: fc.double({ min: 51.3, max: 51.7, noNaN: true }),
    lng: fc.double({ min: -0.4, max: 0.1, noNaN: true }),
  }),
  { freq: 5 },
);
const some = (xs: string[], max = 3) => fc.subarray(xs, { maxLength: max });
const arbMentee = fc.record({
  organisationIds: some(orgs, 1),
  aspirations: fc.shuffledSubarray(sectors, { maxLength: 2 }),
  goalSkills: some(skills),
  languages: fc.subarray(languages, { minLength: 1, maxLength: 2 }),
  interpreterAvailable: fc.boolean(),
  availability: some(slots),
  mode: fc.constantFrom(...modes),
  point,
});
const arbMentor = fc.record({
  organisationIds: some(orgs, 1),
  sectors: some(sectors, 2),
  skills: some(skills),
  languages: fc.subarray(languages, { minLength: 1, maxLength: 2 }),
  availability: some(slots),
  mode: fc.constantFrom(...modes),
  point,
  maxTravelKm: fc.integer({ min: 0, max: 40 }),
  capacity: fc.integer({ min: 0, max: 3 }),
});
const weight = fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constantFrom(12.5, 33.3));
const arbWeights = fc.record({
  aspiration: weight,
  skills: weight,
  language: weight,
  availability: weight,
  distance: weight,
  capacity: weight,
});
const arbCohort = fc
  .record({
    mentees: fc.array(arbMentee, { maxLength: 7 }),
    mentors: fc.array(arbMentor, { maxLength: 5 }),
    weights: arbWeights,
    pairLists: fc.array(
      fc.tuple(fc.nat(6), fc.nat(4), fc.constantFrom('pinned', 'excluded', 'endedBadly', 'conflict')),
      { maxLength: 5 },
    ),
  })
  .map(({ mentees, mentors, weights, pairLists }): MatchInput => {
    const e: Mentee[] = mentees.map((x, k) => ({ ...x, id: `e${k}` }));
    const r: Mentor[] = mentors.map((x, k) => ({ ...x, id: `r${k}`, conflicts: [] }));
    const lists = { pinned: [] as Pair[], excluded: [] as Pair[], endedBadly: [] as Pair[] };
    for (const [a, b, kind] of pairLists) {
      if (a >= e.length || b >= r.length) continue;
      if (kind === 'conflict') r[b]!.conflicts.push(`e${a}`);
      else lists[kind].push([`e${a}`, `r${b}`]);
    }
    return { mentees: e, mentors: r, weights, ...lists };
  });

/** The best total (in hundredths) by trying every assignment, with the rules as matching.ts declares them. */
function bruteForce(c: MatchInput): number {
  const key = (e: string, r: string) => `${e}/${r}`;
  const banned = new Set([...c.excluded, ...c.endedBadly].map(([e, r]) => key(e, r)));
  // Pair points without the capacity rule: scorePair's score less its capacity part.
  const points = c.mentees.map((e) =>
    c.mentors.map((r) => {
      const s = scorePair(e, r, c.weights);
      if ('disqualified' in s || banned.has(key(e.id, r.id))) return -1;
      return hundredths(s.score) - hundredths(partOf(s.parts, 'capacity').points);
    }),
  );
  const cap = c.mentors.map((r) => r.capacity);
  const loadPoints = (j: number, k: number) => {
    let s = 0;
    for (let l = 0; l < k; l++) s += Math.round(c.weights.capacity * 100 * (1 - l / cap[j]!));
    return s;
  };
  // Pins: in mentee id order (ids here sort as their numbers do: at most 7), first pin per mentee by mentor id.
  const load = cap.map(() => 0);
  const fixed = new Map<number, number>();
  for (const [e, r] of [...c.pinned].sort((a, b) =>
    a[0] === b[0] ? (a[1] < b[1] ? -1 : 1) : a[0] < b[0] ? -1 : 1,
  )) {
    const i = Number(e.slice(1));
    const j = Number(r.slice(1));
    if (fixed.has(i)) continue;
    fixed.set(i, -1);
    if (points[i]![j]! >= 0 && load[j]! < cap[j]!) {
      fixed.set(i, j);
      load[j]!++;
    }
  }
  let fixedPoints = 0;
  for (const [i, j] of fixed) if (j >= 0) fixedPoints += points[i]![j]!;
  const free = c.mentees.map((_, i) => i).filter((i) => !fixed.has(i));
  let best = 0;
  const walk = (k: number, sum: number) => {
    if (k === free.length) {
      let total = sum + fixedPoints;
      load.forEach((l, j) => {
        total += loadPoints(j, l);
      });
      best = Math.max(best, total);
      return;
    }
    const i = free[k]!;
    walk(k + 1, sum);
    points[i]!.forEach((p, j) => {
      if (p < 0 || load[j]! >= cap[j]!) return;
      load[j]!++;
      walk(k + 1, sum + p);
      load[j]!--;
    });
  };
  walk(0, 0);
  return best;
}

describe('the optimum', () => {
  it('equals the exhaustive best total on random small cohorts, with every rule honoured', () => {
    fc.assert(
      fc.property(arbCohort, (c) => {
        const best = bruteForce(c);
        // One sparse candidate per mentee forces the dual check to add what is missing.
        for (const r of [matchCohort(c), matchCohort(c, { candidates: 1 })]) {
          expect(hundredths(r.total)).toBe(best);
          const load = new Map<string, number>();
          for (const p of r.pairs) {
            load.set(p.mentorId, (load.get(p.mentorId) ?? 0) + 1);
            expect(c.excluded.concat(c.endedBadly)).not.toContainEqual([p.menteeId, p.mentorId]);
            expect(
              'disqualified' in
                scorePair(
                  c.mentees.find((e) => e.id === p.menteeId)!,
                  c.mentors.find((m) => m.id === p.mentorId)!,
                  c.weights,
                ),
            ).toBe(false);
            expect(p.parts.reduce((t, q) => t + hundredths(q.points), 0)).toBe(hundredths(p.score));
            for (const q of p.parts) expect(reasonKeys).toContain(q.reason);
          }
          for (const m of c.mentors) expect(load.get(m.id) ?? 0).toBeLessThanOrEqual(m.capacity);
          expect(r.pairs.length + r.unmatchedMentees.length).toBe(c.mentees.length);
          for (const u of r.unmatchedMentees)
            if (u.why !== 'capacity') for (const d of u.why) expect(disqualifierCodes).toContain(d.code);
          for (const u of r.unusedMentors) expect(reasonKeys).toContain(u.why);
        }
      }),
      { seed: 20261205, numRuns: 300 },
    );
  });
});

describe('the sparse graph and its proof', () => {
  it('gives the full graph’s total from any number of starting candidates, on cohorts too big to enumerate', () => {
    fc.assert(
      fc.property(
        fc.record({
          mentees: fc.array(arbMentee, { minLength: 20, maxLength: 40 }),
          mentors: fc.array(arbMentor, { minLength: 10, maxLength: 25 }),
          weights: arbWeights,
        }),
        ({ mentees, mentors, weights }) => {
          const c = input({
            mentees: mentees.map((x, k) => ({ ...x, id: `e${String(k).padStart(2, '0')}` })),
            mentors: mentors.map((x, k) => ({ ...x, id: `r${String(k).padStart(2, '0')}`, conflicts: [] })),
            weights,
          });
          const full = matchCohort(c, { candidates: 1_000 });
          for (const k of [1, 3, 8])
            expect(hundredths(matchCohort(c, { candidates: k }).total)).toBe(hundredths(full.total));
        },
      ),
      { seed: 1405, numRuns: 60 },
    );
  });
});

describe('the words', () => {
  const translations = loadTranslations();
  it.each(['en', 'ar'])('%s has every key matching can return', (lang) => {
    const missing = reasonKeys.filter((k) => {
      let node: unknown = translations[lang];
      for (const part of k.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
      return typeof node !== 'string';
    });
    expect(missing).toEqual([]);
  });
});
