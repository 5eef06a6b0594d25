/**
 * A small directory whose right answers are known, for the coverage tests (service, HTTP and browser).
 * Read the comments beside each service for what it should count as.
 */
import { type FixtureService, fixtureId } from './coverage.ts';

export const FIVE = ['substance-use', 'mental-health', 'homelessness', 'offending', 'complex-needs'];

export const AREA = {
  hartlepool: 'E06000001',
  middlesbrough: 'E06000002',
  westminster: 'E09000033',
  powys: 'W06000023',
  isleOfWight: 'E06000046',
} as const;

/** Westminster's neighbouring local authorities, in the order the area page lists them. */
export const westminsterNeighbours = [
  'Brent',
  'Camden',
  'City of London',
  'Kensington and Chelsea',
  'Lambeth',
  'Southwark',
  'Wandsworth',
];

export const knownServices: FixtureService[] = [
  {
    // Women-only, all five domains, in Hartlepool by service area.
    id: fixtureId('known/1'),
    name: 'Hartlepool Women’s Centre',
    needs: FIVE,
    whoFor: ['women-only'],
    delivery: ['drop-in', 'women-only-space'],
    areas: [AREA.hartlepool],
  },
  {
    // For refugee and asylum-seeking women, mental health, a drop-in at a place in Middlesbrough:
    // no area given, so it is placed by its coordinates (point in polygon).
    id: fixtureId('known/2'),
    name: 'Middlesbrough Sanctuary Wellbeing',
    needs: ['mental-health'],
    whoFor: ['refugees-asylum-seekers'],
    delivery: ['drop-in'],
    locations: [{ latitude: 54.54467, longitude: -1.21099 }],
  },
  {
    // A generic (mixed) substance use service in Middlesbrough: counts only when "any service".
    id: fixtureId('known/3'),
    name: 'Middlesbrough Recovery Hub',
    needs: ['substance-use'],
    delivery: ['appointment'],
    areas: [AREA.middlesbrough],
  },
  {
    // A refuge: withheld location whose only place information is its area (Westminster).
    id: fixtureId('known/4'),
    name: 'Westminster Refuge',
    needs: ['homelessness', 'domestic-abuse'],
    whoFor: ['women-only'],
    delivery: ['phone'],
    locations: [{ areaCode: AREA.westminster, withheld: true }],
  },
  {
    // Young women, offending and complex needs, outreach, serving two areas.
    id: fixtureId('known/5'),
    name: 'Young Women’s Justice Project',
    needs: ['offending', 'complex-needs'],
    whoFor: ['young-women'],
    delivery: ['outreach'],
    areas: [AREA.westminster, AREA.powys],
  },
  {
    // Inactive: never counted.
    id: fixtureId('known/6'),
    name: 'Closed Counselling Service',
    needs: ['mental-health'],
    whoFor: ['women-only'],
    status: 'inactive',
    areas: [AREA.middlesbrough],
  },
  {
    // National (a country code, not one of the 175 areas): counted for no area.
    id: fixtureId('known/7'),
    name: 'National Women’s Helpline',
    needs: ['mental-health'],
    whoFor: ['women-only'],
    delivery: ['phone'],
    areas: ['E92000001'],
  },
  {
    // Refugee and asylum-seeking women, all five domains, online, in Powys.
    id: fixtureId('known/8'),
    name: 'Powys Refugee Women’s Network',
    needs: FIVE,
    whoFor: ['refugees-asylum-seekers'],
    delivery: ['online'],
    areas: [AREA.powys],
  },
];

type Counts = Record<string, number>;
const zero = () => Object.fromEntries(FIVE.map((d) => [d, 0])) as Counts;
const withCounts = (c: Counts) => ({ ...zero(), ...c });

/** Expected five-domain counts per area (others: all zero), by women mode. */
export const expectedFive = {
  specific: {
    [AREA.hartlepool]: withCounts(Object.fromEntries(FIVE.map((d) => [d, 1]))),
    [AREA.middlesbrough]: withCounts({ 'mental-health': 1 }),
    [AREA.westminster]: withCounts({ homelessness: 1, offending: 1, 'complex-needs': 1 }),
    [AREA.powys]: withCounts({
      'substance-use': 1,
      'mental-health': 1,
      homelessness: 1,
      offending: 2,
      'complex-needs': 2,
    }),
  },
  any: {
    [AREA.hartlepool]: withCounts(Object.fromEntries(FIVE.map((d) => [d, 1]))),
    [AREA.middlesbrough]: withCounts({ 'mental-health': 1, 'substance-use': 1 }),
    [AREA.westminster]: withCounts({ homelessness: 1, offending: 1, 'complex-needs': 1 }),
    [AREA.powys]: withCounts({
      'substance-use': 1,
      'mental-health': 1,
      homelessness: 1,
      offending: 2,
      'complex-needs': 2,
    }),
  },
  only: {
    [AREA.hartlepool]: withCounts(Object.fromEntries(FIVE.map((d) => [d, 1]))),
    [AREA.westminster]: withCounts({ homelessness: 1 }),
  },
  refugees: {
    [AREA.middlesbrough]: withCounts({ 'mental-health': 1 }),
    [AREA.powys]: withCounts(Object.fromEntries(FIVE.map((d) => [d, 1]))),
  },
} satisfies Record<string, Record<string, Counts>>;

/** Expected distinct services per area, five domains. */
export const expectedServices = {
  specific: { [AREA.hartlepool]: 1, [AREA.middlesbrough]: 1, [AREA.westminster]: 2, [AREA.powys]: 2 },
  any: { [AREA.hartlepool]: 1, [AREA.middlesbrough]: 2, [AREA.westminster]: 2, [AREA.powys]: 2 },
  only: { [AREA.hartlepool]: 1, [AREA.westminster]: 1 },
  refugees: { [AREA.middlesbrough]: 1, [AREA.powys]: 1 },
} satisfies Record<string, Record<string, number>>;
