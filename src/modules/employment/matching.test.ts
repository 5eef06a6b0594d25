import type { TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import { createI18n } from '../../platform/i18n/index.ts';
import {
  DEFAULT_WEIGHTS,
  fitsSchoolHours,
  type Gate,
  journeyMinutes,
  type Match,
  matchOne,
  type OpportunityForMatch,
  partNames,
  rankOpportunities,
  rankWomen,
  type TimeWindow,
  type WorkProfile,
} from './matching.ts';
import { sampleOpportunities, sampleProfiles, seeded } from './matching-sample.ts';

// Postcode district centroids, from reference/geo/postcode_districts_uk.csv.
const LS1 = { lat: 53.7974, lng: -1.55307 }; // Leeds city centre
const LS6 = { lat: 53.8185, lng: -1.56626 }; // Headingley
const LS28 = { lat: 53.8015, lng: -1.66908 }; // Pudsey
const BD1 = { lat: 53.7973, lng: -1.75432 }; // Bradford city centre

const today = '2026-12-07'; // a Monday
const weekdays = (from: string, to: string): TimeWindow[] =>
  (['mon', 'tue', 'wed', 'thu', 'fri'] as const).map((day) => ({ day, from, to }));

/** She cares for children at school: school hours only; lives in Leeds city centre; 45 minutes at most. */
const her: WorkProfile = {
  id: 'her',
  skills: ['customer-service', 'cleaning', 'food-hygiene'],
  sectors: ['hospitality'],
  qualificationLevel: 2,
  spokenEnglish: 'B1',
  writtenEnglish: 'A2',
  availability: [],
  schoolHoursOnly: true,
  termTimeOnly: false,
  point: LS1,
  maxJourneyMinutes: 45,
  modes: ['walk', 'bus'],
  rightToWork: 'refugee_status',
  rightToWorkExpires: null,
  payNeededPence: 1221,
  aspirations: ['hospitality'],
};

/** A school-hours hotel job in Headingley that she can take. */
const job: OpportunityForMatch = {
  id: 'job',
  kind: 'job',
  sector: 'hospitality',
  skills: ['customer-service', 'food-hygiene'],
  hours: weekdays('09:30', '14:30'),
  termTimeOnly: false,
  remote: 'on_site',
  point: LS6,
  hourlyPayPence: 1250,
  closingDate: '2026-12-31',
  startDate: '2027-01-11',
  minSpokenEnglish: 'B1',
  minWrittenEnglish: 'A2',
  minQualificationLevel: 1,
  rightToWorkAllowed: [],
  onImmigrationSalaryList: false,
  dbsLevel: 'none',
};

let en: TFunction;
let ar: TFunction;
beforeAll(async () => {
  const i18n = await createI18n();
  en = i18n.t('en');
  ar = i18n.t('ar');
});

describe('the hard gates', () => {
  it('lets the school-hours job through, with no failure', () => {
    const m = matchOne(her, job, today);
    expect(m.failures).toEqual([]);
    expect(m).toMatchObject({ passes: true, nearMiss: false, opportunityId: 'job', profileId: 'her' });
  });

  // Each row changes one thing: that gate alone fails, names its reason as she would read it, and
  // with `fix` applied as well the match passes again.
  type Row = {
    gate: Gate;
    p?: Partial<WorkProfile>;
    o?: Partial<OpportunityForMatch>;
    text: string;
    nearMiss: boolean;
    wouldFit?: string;
    fix: { p?: Partial<WorkProfile>; o?: Partial<OpportunityForMatch> };
  };
  const rows: Row[] = [
    {
      gate: 'closing',
      o: { closingDate: '2026-12-06' },
      text: 'closed on 2026-12-06',
      nearMiss: false,
      fix: { o: { closingDate: today } },
    },
    {
      gate: 'right_to_work',
      p: { rightToWork: 'asylum_permission_isl' },
      text: 'right to work: restricted to Immigration Salary List jobs',
      nearMiss: false,
      fix: { o: { onImmigrationSalaryList: true } },
    },
    {
      gate: 'right_to_work',
      p: { rightToWork: 'unknown' },
      text: 'right to work: not yet assessed',
      nearMiss: false,
      wouldFit: 'assess and record her right to work',
      fix: { p: { rightToWork: 'settled' } },
    },
    {
      gate: 'right_to_work',
      p: { rightToWork: 'none' },
      text: 'right to work: she does not yet have permission to work',
      nearMiss: false,
      fix: { o: { kind: 'volunteering' } },
    },
    {
      gate: 'right_to_work',
      o: { rightToWorkAllowed: ['settled'] },
      text: 'right to work: this opportunity does not accept refugee status',
      nearMiss: false,
      fix: { o: { rightToWorkAllowed: ['settled', 'refugee_status'] } },
    },
    {
      gate: 'right_to_work',
      p: { rightToWork: 'time_limited' },
      text: 'right to work: time-limited leave with no end date recorded',
      nearMiss: false,
      wouldFit: 'record when her leave ends',
      fix: { p: { rightToWorkExpires: '2028-06-30' } },
    },
    {
      gate: 'right_to_work',
      p: { rightToWork: 'time_limited', rightToWorkExpires: '2026-11-30' },
      text: 'right to work: her leave ended on 2026-11-30',
      nearMiss: false,
      wouldFit: 'record her new leave, if it has been extended',
      fix: { p: { rightToWorkExpires: '2028-06-30' } },
    },
    {
      gate: 'right_to_work',
      p: { rightToWork: 'time_limited', rightToWorkExpires: '2027-01-01' },
      text: 'right to work: her leave ends on 2027-01-01, before the start on 2027-01-11',
      nearMiss: false,
      fix: { o: { startDate: '2026-12-14' } },
    },
    {
      gate: 'term_time',
      p: { termTimeOnly: true },
      text: 'runs through the school holidays — she can work in term time only',
      nearMiss: false,
      wouldFit: 'term-time only hours would fit',
      fix: { o: { termTimeOnly: true } },
    },
    {
      gate: 'spoken_english',
      o: { minSpokenEnglish: 'B2' },
      text: 'needs B2 spoken English, she has B1',
      nearMiss: true,
      wouldFit: 'B2 spoken English would fit: one step up (occupational English classes can help)',
      fix: { p: { spokenEnglish: 'B2' } },
    },
    {
      gate: 'spoken_english',
      o: { minSpokenEnglish: 'C1' },
      text: 'needs C1 spoken English, she has B1',
      nearMiss: false,
      fix: { o: { minSpokenEnglish: 'A2' } },
    },
    {
      gate: 'spoken_english',
      p: { spokenEnglish: null },
      text: 'needs B1 spoken English; her level is not recorded',
      nearMiss: false,
      wouldFit: 'record her spoken English level',
      fix: { o: { minSpokenEnglish: null } },
    },
    {
      gate: 'written_english',
      o: { minWrittenEnglish: 'B1' },
      text: 'needs B1 written English, she has A2',
      nearMiss: true,
      wouldFit: 'B1 written English would fit: one step up (occupational English classes can help)',
      fix: { p: { writtenEnglish: 'C2' } },
    },
    {
      gate: 'qualification',
      o: { minQualificationLevel: 3 },
      text: 'needs a level 3 qualification, hers is level 2',
      nearMiss: true,
      wouldFit:
        'level 3 would fit: a UK ENIC statement of comparability may recognise her overseas qualification at that level',
      fix: { p: { qualificationLevel: 3 } },
    },
    {
      gate: 'qualification',
      o: { minQualificationLevel: 4 },
      text: 'needs a level 4 qualification, hers is level 2',
      nearMiss: false,
      fix: { p: { qualificationLevel: 6 } },
    },
    {
      gate: 'qualification',
      p: { qualificationLevel: null },
      text: 'needs a level 1 qualification; hers is not recorded',
      nearMiss: false,
      wouldFit: 'record her qualifications, with the UK ENIC comparable level for any from overseas',
      fix: { o: { minQualificationLevel: null } },
    },
    {
      gate: 'hours',
      o: { hours: weekdays('08:00', '12:00') },
      text: 'starts 08:00 — outside her school-hours availability',
      nearMiss: false,
      fix: { o: { hours: weekdays('09:15', '12:00') } },
    },
    {
      gate: 'hours',
      o: { hours: weekdays('09:00', '14:30') },
      text: 'starts 09:00 — outside her school-hours availability',
      nearMiss: true,
      wouldFit: 'would fit if the hours moved by 15 minutes',
      fix: { p: { schoolHoursOnly: false, availability: weekdays('08:30', '15:00') } },
    },
    {
      gate: 'hours',
      o: { hours: weekdays('10:00', '15:30') },
      text: 'ends 15:30 — outside her school-hours availability',
      nearMiss: false,
      fix: { o: { hours: weekdays('10:00', '14:45') } },
    },
    {
      gate: 'hours',
      o: { hours: [{ day: 'sat', from: '10:00', to: '14:00' }] },
      text: 'works on Saturday — outside her school-hours availability',
      nearMiss: false,
      fix: { o: { hours: [{ day: 'fri', from: '10:00', to: '14:00' }] } },
    },
    {
      gate: 'hours',
      p: { schoolHoursOnly: false, availability: weekdays('10:00', '16:00') },
      text: 'starts 09:30 on Monday — outside her availability',
      nearMiss: true,
      wouldFit: 'would fit if the hours moved by 30 minutes',
      fix: { o: { hours: weekdays('10:00', '16:00') } },
    },
    {
      gate: 'hours',
      p: {
        schoolHoursOnly: false,
        availability: [
          { day: 'mon', from: '09:00', to: '11:00' },
          { day: 'mon', from: '13:00', to: '15:00' },
        ],
      },
      o: { hours: [{ day: 'mon', from: '09:30', to: '14:30' }] },
      text: '09:30–14:30 on Monday — not all within her availability',
      nearMiss: false,
      fix: { p: { availability: [{ day: 'mon', from: '09:00', to: '15:00' }] } },
    },
    {
      gate: 'journey',
      o: { point: BD1 },
      text: 'journey about 70 min, her limit 45',
      nearMiss: false,
      fix: { o: { remote: 'remote' } },
    },
    {
      gate: 'journey',
      o: { point: LS28 },
      text: 'journey about 50 min, her limit 45',
      nearMiss: true,
      wouldFit: 'would fit if she could travel about 50 min, or with help with travel',
      fix: { p: { maxJourneyMinutes: 50 } },
    },
  ];

  it.each(rows)('$gate alone excludes: "$text"', (row) => {
    const m = matchOne({ ...her, ...row.p }, { ...job, ...row.o }, today);
    expect(m.passes).toBe(false);
    expect(m.failures.map((f) => f.gate)).toEqual([row.gate]);
    const [f] = m.failures;
    expect(en(f!.reason, f!.values)).toBe(row.text);
    expect(f!.nearMiss).toBe(row.nearMiss);
    expect(m.nearMiss).toBe(row.nearMiss);
    expect(f!.wouldFit && en(f!.wouldFit, f!.values)).toBe(row.wouldFit);
    // Only a fit or a near miss is scored.
    expect(m.parts.length > 0).toBe(row.nearMiss);

    const fixed = matchOne({ ...her, ...row.p, ...row.fix.p }, { ...job, ...row.o, ...row.fix.o }, today);
    expect(fixed.failures).toEqual([]);
    expect(fixed.passes).toBe(true);
  });

  it('lists every failing gate in gate order, and two near misses are not a near miss', () => {
    const m = matchOne(
      { ...her, termTimeOnly: true },
      { ...job, minSpokenEnglish: 'B2', minQualificationLevel: 3, point: BD1, closingDate: '2026-12-01' },
      today,
    );
    expect(m.failures.map((f) => f.gate)).toEqual([
      'closing',
      'term_time',
      'spoken_english',
      'qualification',
      'journey',
    ]);
    const two = matchOne(her, { ...job, minSpokenEnglish: 'B2', minQualificationLevel: 3 }, today);
    expect(two.failures.every((f) => f.nearMiss)).toBe(true);
    expect(two).toMatchObject({ passes: false, nearMiss: false, score: 0, parts: [] });
  });

  it('reads the day in Arabic too (the reason nests the day name)', () => {
    const m = matchOne(her, { ...job, hours: [{ day: 'sat', from: '10:00', to: '14:00' }] }, today);
    const f = m.failures[0]!;
    expect(ar(f.reason, f.values)).toContain('السبت');
    expect(ar(f.reason, f.values)).not.toContain('$t(');
  });

  it.each([
    ['2026-12-07', 'closes today'],
    ['2026-12-08', 'closes tomorrow'],
    ['2026-12-10', 'closes in 3 days, on 2026-12-10'],
    ['2026-12-14', 'closes in 7 days, on 2026-12-14'],
    ['2026-12-15', null],
    [null, null],
  ])('closing on %s is a note, not a failure: %s', (closingDate, text) => {
    const m = matchOne(her, { ...job, closingDate }, today);
    expect(m.passes).toBe(true);
    const notes = m.notes.filter((n) => n.note === 'closing_soon').map((n) => en(n.reason, n.values));
    expect(notes).toEqual(text ? [text] : []);
  });

  it.each([
    [{ schoolHoursOnly: false, availability: [] }, {}, 'hours not checked: her availability is not recorded'],
    [{ point: null }, {}, 'journey not checked: a place is not known'],
    [
      { rightToWork: 'time_limited' as const, rightToWorkExpires: '2027-02-01' },
      {},
      'her leave ends on 2027-02-01: review her right to work',
    ],
  ])('notes what it could not check, or must be reviewed: %#', (p, o, text) => {
    const m = matchOne({ ...her, ...p }, { ...job, ...o }, today);
    expect(m.passes).toBe(true);
    expect(m.notes.map((n) => en(n.reason, n.values))).toEqual([text]);
  });

  it('needs no right to work for a course, and no journey for remote work', () => {
    expect(matchOne({ ...her, rightToWork: 'none' }, { ...job, kind: 'course' }, today).passes).toBe(true);
    const remote = matchOne(
      { ...her, maxJourneyMinutes: 5 },
      { ...job, remote: 'remote', point: null },
      today,
    );
    expect(remote).toMatchObject({ passes: true, journeyMinutes: 0 });
  });
});

describe('the score', () => {
  const sum = (m: Match) => m.parts.reduce((s, p) => s + p.points, 0);

  it('shows every part with its weight, and the parts add up to the score', () => {
    const m = matchOne(her, job, today);
    const j = journeyMinutes(LS1, LS6, ['walk', 'bus'])!;
    expect(m.journeyMinutes).toBe(j);
    expect(m.parts.map((p) => [p.part, p.weight, p.points, en(p.reason, p.values)])).toEqual([
      ['skills', 35, 35, 'she has 2 of the 2 skills asked for'],
      ['sector', 20, 20, 'a sector she wants (hospitality)'],
      [
        'distance',
        20,
        Math.round(20 * (1 - j / 45)),
        `journey about ${Math.round(j / 5) * 5} min, her limit 45`,
      ],
      ['pay', 15, 15, '£12.50 an hour; she needs £12.21'],
      ['aspiration', 10, 10, 'matches her aspiration (hospitality)'],
    ]);
    expect(m.score).toBe(sum(m));
    expect(Object.values(DEFAULT_WEIGHTS).reduce((a, b) => a + b, 0)).toBe(100);
  });

  it.each([
    [
      'half her skills, another sector',
      { ...her, skills: ['cleaning', 'customer-service'] },
      { ...job, skills: ['cleaning', 'cooking', 'sewing'], sector: 'care' },
    ],
    ['pay 5% short', { ...her, payNeededPence: 1000 }, { ...job, hourlyPayPence: 950 }],
    ['pay 30% short', { ...her, payNeededPence: 1000 }, { ...job, hourlyPayPence: 700 }],
    [
      'nothing known (neutral parts)',
      { ...her, sectors: [], aspirations: [], payNeededPence: null, point: null },
      { ...job, skills: [] },
    ],
    ['remote', her, { ...job, remote: 'remote' as const, point: null }],
    ['no journey limit', { ...her, maxJourneyMinutes: null }, job],
    ['a near miss', her, { ...job, minSpokenEnglish: 'B2' as const }],
  ])('adds up for %s', (_name, p, o) => {
    const m = matchOne(p, o, today);
    expect(m.parts.map((x) => x.part)).toEqual([...partNames]);
    for (const part of m.parts) {
      expect(part.value).toBeGreaterThanOrEqual(0);
      expect(part.value).toBeLessThanOrEqual(1);
      expect(part.points).toBe(Math.round(part.weight * part.value));
    }
    expect(m.score).toBe(sum(m));
    expect(m.score).toBeLessThanOrEqual(100);
  });

  it('scores pay on a slope to nothing at 25% short, and unknowns as neutral', () => {
    const pay = (need: number | null, offer: number | null) =>
      matchOne({ ...her, payNeededPence: need }, { ...job, hourlyPayPence: offer }, today).parts.find(
        (p) => p.part === 'pay',
      )!.value;
    expect([
      pay(1000, 1000),
      pay(1000, 950),
      pay(1000, 750),
      pay(1000, 500),
      pay(null, 1000),
      pay(1000, null),
    ]).toEqual([1, 0.8, 0, 0, 0.5, 0.5]);
  });

  it('takes other weights, still adding up', () => {
    const m = matchOne(her, { ...job, skills: ['cooking', 'cleaning', 'sewing'] }, today, {
      weights: { skills: 50, pay: 7 },
    });
    expect(m.parts.map((p) => p.weight)).toEqual([50, 20, 20, 7, 10]);
    expect(m.parts[0]!.points).toBe(17); // 50 × 1/3 = 16.67, rounded
    expect(m.score).toBe(sum(m));
  });
});

describe('ranking both ways', () => {
  const opps: OpportunityForMatch[] = [
    { ...job, id: 'b-fit', skills: ['cooking'] },
    { ...job, id: 'a-fit' },
    { ...job, id: 'c-near', minSpokenEnglish: 'B2' },
    { ...job, id: 'd-closed', closingDate: '2026-12-01' },
    { ...job, id: 'e-two-near', minSpokenEnglish: 'B2', minQualificationLevel: 3 },
    { ...job, id: 'f-far', point: BD1 },
    { ...job, id: 'g-fit-tie' },
  ];

  it('lists fits best first and near misses apart, with what would make them fit', () => {
    const r = rankOpportunities(her, opps, today);
    expect(r.fits.map((m) => m.opportunityId)).toEqual(['a-fit', 'g-fit-tie', 'b-fit']);
    expect(r.nearMisses.map((m) => m.opportunityId)).toEqual(['c-near']);
    expect(r.nearMisses[0]!.failures[0]!.wouldFit).toBe('employment.matching.wouldFit.spokenEnglish');
    expect(r.counts).toEqual({ fits: 3, nearMisses: 1 });
    // Same explanations as one at a time.
    expect(r.fits[0]).toEqual(matchOne(her, opps[1]!, today));
  });

  it('orders the same whatever the input order (ties by journey, then id)', () => {
    const ids = (r: ReturnType<typeof rankOpportunities>) => r.fits.map((m) => m.opportunityId);
    const first = ids(rankOpportunities(her, opps, today));
    for (let seed = 1; seed <= 5; seed++) {
      const r = seeded(seed);
      const shuffled = [...opps].sort(() => r() - 0.5);
      expect(ids(rankOpportunities(her, shuffled, today))).toEqual(first);
    }
  });

  it('keeps the best `limit`, and counts all', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...job, id: `o${String(i).padStart(2, '0')}` }));
    const r = rankOpportunities(her, many, today, { limit: 4 });
    expect(r.fits.map((m) => m.opportunityId)).toEqual(['o00', 'o01', 'o02', 'o03']);
    expect(r.counts.fits).toBe(30);
    expect(rankOpportunities(her, many, today, { limit: 0 })).toMatchObject({
      fits: [],
      counts: { fits: 30 },
    });
  });

  /** What ranking must equal: every pair matched one at a time, filtered and sorted. */
  function bruteForce(matches: Match[], limit: number) {
    const order = (a: Match, b: Match) =>
      b.score - a.score ||
      (a.journeyMinutes ?? Number.POSITIVE_INFINITY) - (b.journeyMinutes ?? Number.POSITIVE_INFINITY) ||
      (a.opportunityId + a.profileId < b.opportunityId + b.profileId ? -1 : 1);
    return {
      fits: matches
        .filter((m) => m.passes)
        .sort(order)
        .slice(0, limit),
      nearMisses: matches
        .filter((m) => m.nearMiss)
        .sort(order)
        .slice(0, limit),
    };
  }

  it('gives the same lists as matching every pair one at a time (generated data)', () => {
    const profiles = sampleProfiles(seeded(7), 25, today);
    const generated = sampleOpportunities(seeded(8), 400, today);
    let fits = 0;
    let nearMisses = 0;
    for (const p of profiles) {
      const r = rankOpportunities(p, generated, today, { limit: 10 });
      const expected = bruteForce(
        generated.map((o) => matchOne(p, o, today)),
        10,
      );
      expect({ fits: r.fits, nearMisses: r.nearMisses }).toEqual(expected);
      fits += r.fits.length;
      nearMisses += r.nearMisses.length;
    }
    for (const o of generated.slice(0, 25)) {
      const r = rankWomen(o, profiles, today, { limit: 5 });
      expect({ fits: r.fits, nearMisses: r.nearMisses }).toEqual(
        bruteForce(
          profiles.map((p) => matchOne(p, o, today)),
          5,
        ),
      );
    }
    // The generated spread really exercises both lists.
    expect(fits).toBeGreaterThan(20);
    expect(nearMisses).toBeGreaterThan(20);
  });

  it('ranks the women for an opportunity the same way', () => {
    const women: WorkProfile[] = [
      { ...her, id: 'w-far', point: BD1 },
      { ...her, id: 'w-fit' },
      { ...her, id: 'w-b1-written', writtenEnglish: 'A1' },
      { ...her, id: 'w-no-rtw', rightToWork: 'unknown' },
    ];
    const r = rankWomen(job, women, today);
    expect(r.fits.map((m) => m.profileId)).toEqual(['w-fit']);
    expect(r.nearMisses.map((m) => m.profileId)).toEqual(['w-b1-written']);
  });
});

describe('fits school hours (derived from the times: 09:15–14:45, Monday to Friday)', () => {
  it.each<[string, TimeWindow[], boolean]>([
    ['no hours', [], false],
    ['the whole school day', weekdays('09:15', '14:45'), true],
    [
      'mornings twice a week',
      [
        { day: 'mon', from: '09:30', to: '12:00' },
        { day: 'wed', from: '9:30', to: '12:00' },
      ],
      true,
    ],
    ['a 09:00 start', weekdays('09:00', '14:00'), false],
    ['to 15:00', weekdays('10:00', '15:00'), false],
    ['a Saturday', [{ day: 'sat', from: '10:00', to: '12:00' }], false],
    ['overnight', [{ day: 'mon', from: '22:00', to: '06:00' }], false],
    ['a time that is not one', [{ day: 'mon', from: '9.30', to: '12:00' }], false],
  ])('%s: %s', (_name, hours, fits) => {
    expect(fitsSchoolHours(hours)).toBe(fits);
  });
});

describe('her availability', () => {
  it('joins overlapping windows, and covers a night shift across midnight', () => {
    const p = {
      ...her,
      schoolHoursOnly: false,
      availability: [
        { day: 'mon' as const, from: '09:00', to: '12:00' },
        { day: 'mon' as const, from: '11:00', to: '15:00' },
        { day: 'tue' as const, from: '22:00', to: '24:00' },
        { day: 'wed' as const, from: '00:00', to: '06:00' },
      ],
    };
    expect(matchOne(p, { ...job, hours: [{ day: 'mon', from: '09:00', to: '15:00' }] }, today).passes).toBe(
      true,
    );
    expect(matchOne(p, { ...job, hours: [{ day: 'tue', from: '22:00', to: '06:00' }] }, today).passes).toBe(
      true,
    );
    expect(matchOne(p, { ...job, hours: [{ day: 'wed', from: '22:00', to: '06:00' }] }, today).passes).toBe(
      false,
    );
  });

  it('cuts her windows to school hours when she can work school hours only', () => {
    const p = { ...her, availability: [{ day: 'mon' as const, from: '08:00', to: '17:00' }] };
    const m = matchOne(p, { ...job, hours: [{ day: 'mon', from: '09:15', to: '15:00' }] }, today);
    expect(en(m.failures[0]!.reason, m.failures[0]!.values)).toBe(
      'ends 15:00 — outside her school-hours availability',
    );
    expect(matchOne(p, { ...job, hours: [{ day: 'tue', from: '10:00', to: '12:00' }] }, today).passes).toBe(
      false,
    );
  });
});

describe('journey estimates', () => {
  it.each([
    ['Leeds LS1 to Headingley LS6 by bus', LS1, LS6, ['bus'], 15, 30],
    ['the same on foot', LS1, LS6, ['walk'], 35, 50],
    ['walk or bus: the quicker', LS1, LS6, ['walk', 'bus'], 15, 30],
    ['no modes recorded: walk or bus', LS1, LS6, [], 15, 30],
    ['Leeds to Bradford by bus', LS1, BD1, ['bus'], 65, 75],
    ['Leeds to Bradford by train', LS1, BD1, ['train'], 35, 50],
    ['inside one district, on foot (1 km at least)', LS1, LS1, ['walk'], 15, 18],
  ] as const)('%s: %i–%i minutes', (_name, from, to, modes, min, max) => {
    const j = journeyMinutes(from, to, [...modes])!;
    expect(j).toBeGreaterThanOrEqual(min);
    expect(j).toBeLessThanOrEqual(max);
  });

  it('is not known without both places', () => {
    expect(journeyMinutes(null, LS6, ['bus'])).toBeNull();
    expect(journeyMinutes(LS1, null, ['bus'])).toBeNull();
  });
});
