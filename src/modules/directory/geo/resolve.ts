/**
 * What place she typed, as a pure function over the shipped place data (districts.ts):
 *
 *   resolvePlace(data, text) -> PlaceResult
 *     found   { place, others }  one place; `others` are far-away namesakes to offer beside it
 *     choices { choices }        ambiguous or only close: "Did you mean ..." (never a silent guess)
 *     outside { name }           Scotland, Northern Ireland, the Channel Islands, the Isle of Man
 *     unknown                    nothing near enough
 *
 * In turn: a full postcode or an outward code is its district (centroid and area); an area's name
 * (English, Welsh, or without ", City of") is the area; a town or neighbourhood (the districts'
 * `Town/Area`), then a post town, is the centroid of its districts in the area that holds most of its
 * people, when that area holds at least DOMINANT of them, or else a choice per area ("London" offers
 * its boroughs). "Town, Area" (what a choice links to) picks the town within that area, and
 * "Area, Wales" (or England) the area itself. Anything else
 * is scored against every name by trigram similarity (as pg_trgm does) and typed words found in a
 * longer name; what scores MIN_SIMILARITY or more is offered as choices.
 */
import type { Area, District, PlaceData } from './districts.ts';

export interface Place {
  kind: 'area' | 'postcode';
  /** The area's name, the town's, or the postcode as typed, tidied ("LS1 4AP", "LS1"). */
  name: string;
  areaCode: string | null;
  latitude: number;
  longitude: number;
}

/** A place to offer: what to show, and what to search for when she picks it. */
export interface PlaceChoice {
  label: string;
  query: string;
}

export type PlaceResult =
  | { kind: 'found'; place: Place; others: PlaceChoice[] }
  | { kind: 'choices'; choices: PlaceChoice[] }
  | { kind: 'outside'; name: string }
  | { kind: 'unknown' };

/** How alike a typed name and a known one must be to be offered (trigram similarity, 0..1). */
export const MIN_SIMILARITY = 0.4;
/** The share of a name's people one area must hold for the name to mean that area. */
export const DOMINANT = 0.75;
/** Namesakes of an area this far from its centre, and this big beside it, are offered with it. */
const NAMESAKE_KM = 25;
const NAMESAKE_SHARE = 0.1;
const MAX_CHOICES = 8;

const FULL_POSTCODE =
  /^(GIR ?0AA|[A-PR-UWYZ]([0-9]{1,2}|[A-HK-Y][0-9]{1,2}|[0-9][A-HJKPS-UW]|[A-HK-Y][0-9][ABEHMNPRV-Y]) ?[0-9][ABD-HJLNP-UW-Z]{2})$/i;
const OUTWARD = /^[A-PR-UWYZ][A-HK-Y]?[0-9][0-9A-Z]?$/i;

/** "ls1 4ap" -> { outward: "LS1", display: "LS1 4AP" }; "ls1" -> { outward: "LS1", display: "LS1" }. */
export function postcodeShape(text: string): { outward: string; display: string; full: boolean } | null {
  const compact = text.replace(/\s+/g, '').toUpperCase();
  if (FULL_POSTCODE.test(compact)) {
    const outward = compact.slice(0, -3);
    return { outward, display: `${outward} ${compact.slice(-3)}`, full: true };
  }
  if (OUTWARD.test(compact)) return { outward: compact, display: compact, full: false };
  return null;
}

/** Lower case, no accents, "&" as "and", punctuation as spaces: "Ynys Môn" -> "ynys mon". */
export function normaliseName(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/['’]/g, '')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

interface Named {
  label: string;
  districts: District[];
  /** Each district's share of the name: its weight over the number of places it covers. */
  weights: number[];
}

interface Index {
  areas: Map<string, Area>;
  towns: Map<string, Named>;
  postTowns: Map<string, Named>;
  /** Every name once, for near matches: normalised name, its label, its trigrams, in England or Wales. */
  all: { name: string; label: string; grams: Set<string>; inScope: boolean }[];
  /** The people of each area, summed over its districts. */
  areaWeight: Map<string, number>;
}

const indexes = new WeakMap<PlaceData, Index>();

function indexOf(data: PlaceData): Index {
  const found = indexes.get(data);
  if (found) return found;
  const areas = new Map<string, Area>();
  for (const a of data.areas.values()) {
    const aliases = [a.name, a.nameWelsh ?? '', a.name.replace(/, (City|County) of$/, '')];
    for (const alias of aliases) if (alias) areas.set(normaliseName(alias), a);
  }
  const towns = new Map<string, Named>();
  const postTowns = new Map<string, Named>();
  const add = (into: Map<string, Named>, label: string, d: District, share: number) => {
    // "Cambridge (Central and South)" is also "Cambridge".
    for (const l of new Set([label, label.replace(/\s*\(.*\)\s*/g, ' ').trim()])) {
      const key = normaliseName(l);
      if (!key) continue;
      const named = into.get(key) ?? { label: l, districts: [], weights: [] };
      named.districts.push(d);
      named.weights.push(share);
      into.set(key, named);
    }
  };
  const areaWeight = new Map<string, number>();
  for (const d of data.districts.values()) {
    for (const t of d.towns) add(towns, t, d, d.weight / d.towns.length);
    for (const t of d.postTowns) add(postTowns, t, d, d.weight / d.postTowns.length);
    if (d.areaCode) areaWeight.set(d.areaCode, (areaWeight.get(d.areaCode) ?? 0) + d.weight);
  }
  const all = new Map<string, { label: string; inScope: boolean }>();
  for (const a of data.areas.values()) {
    all.set(normaliseName(a.name), { label: a.name, inScope: true });
    if (a.nameWelsh) all.set(normaliseName(a.nameWelsh), { label: a.nameWelsh, inScope: true });
  }
  for (const [k, n] of [...towns, ...postTowns])
    if (!all.has(k)) all.set(k, { label: n.label, inScope: n.districts.some((d) => d.areaCode) });
  const index: Index = {
    areas,
    towns,
    postTowns,
    all: [...all].map(([name, n]) => ({ name, ...n, grams: trigrams(name) })),
    areaWeight,
  };
  indexes.set(data, index);
  return index;
}

export function trigrams(name: string): Set<string> {
  const grams = new Set<string>();
  for (const word of name.split(' ')) {
    if (!word) continue;
    const padded = `  ${word} `;
    for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  }
  return grams;
}

export function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  const union = a.size + b.size - shared;
  return union ? shared / union : 0;
}

function km(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }) {
  const rad = Math.PI / 180;
  const x = (b.longitude - a.longitude) * rad * Math.cos(((a.latitude + b.latitude) / 2) * rad);
  const y = (b.latitude - a.latitude) * rad;
  return Math.sqrt(x * x + y * y) * 6371;
}

interface Group {
  area: Area;
  districts: District[];
  weight: number;
}

/** A name's districts in England and Wales, by area, heaviest first. */
function groupsOf(data: PlaceData, named: Named): Group[] {
  const groups = new Map<string, Group>();
  for (const [i, d] of named.districts.entries()) {
    const area = d.areaCode ? data.areas.get(d.areaCode) : undefined;
    if (!area) continue;
    const g = groups.get(area.code) ?? { area, districts: [], weight: 0 };
    g.districts.push(d);
    g.weight += named.weights[i] ?? 0;
    groups.set(area.code, g);
  }
  return [...groups.values()].sort((a, b) => b.weight - a.weight || a.area.name.localeCompare(b.area.name));
}

function townPlace(label: string, g: Group): Place {
  const n = g.districts.length;
  return {
    kind: 'area',
    name: label,
    areaCode: g.area.code,
    latitude: g.districts.reduce((s, d) => s + d.latitude, 0) / n,
    longitude: g.districts.reduce((s, d) => s + d.longitude, 0) / n,
  };
}

const areaPlace = (a: Area): Place => ({
  kind: 'area',
  name: a.name,
  areaCode: a.code,
  latitude: a.latitude,
  longitude: a.longitude,
});

const townChoice = (label: string, g: Group): PlaceChoice => ({
  label: `${label}, ${g.area.name}`,
  query: `${label}, ${g.area.name}`,
});

/** A town or post town: one place when one area holds most of it, else a choice per area. */
function resolveNamed(data: PlaceData, named: Named, asAreas: boolean): PlaceResult {
  const groups = groupsOf(data, named);
  if (!groups.length) return { kind: 'outside', name: named.label };
  const total = groups.reduce((s, g) => s + g.weight, 0);
  const [top, ...rest] = groups as [Group, ...Group[]];
  const choice = (g: Group) =>
    asAreas ? { label: g.area.name, query: g.area.name } : townChoice(named.label, g);
  if (top.weight / total >= DOMINANT)
    return { kind: 'found', place: townPlace(named.label, top), others: rest.map(choice) };
  // The post town London covers 26 of the boroughs; the outer ones have their own (Ilford, Harrow):
  // "London" offers all 33.
  const areas = groups.every((g) => g.area.code.startsWith('E09'))
    ? [...data.areas.values()]
        .filter((a) => a.code.startsWith('E09'))
        .map((area) => ({ area, districts: [], weight: 0 }))
    : groups;
  const choices = (asAreas ? areas : groups).map(choice);
  if (asAreas) choices.sort((a, b) => a.label.localeCompare(b.label, 'en'));
  return { kind: 'choices', choices };
}

export function resolvePlace(data: PlaceData, text: string): PlaceResult {
  const raw = text.trim().replace(/\s+/g, ' ');
  if (!raw || raw.length > 100) return { kind: 'unknown' };
  const index = indexOf(data);

  const postcode = postcodeShape(raw);
  if (postcode) {
    const d = data.districts.get(postcode.outward);
    if (d && !d.areaCode) return { kind: 'outside', name: postcode.display };
    if (d) {
      const place: Place = { ...pointOf(d), kind: 'postcode', name: postcode.display, areaCode: d.areaCode };
      return { kind: 'found', place, others: [] };
    }
    if (postcode.full) return { kind: 'unknown' };
  }

  const q = normaliseName(raw);
  if (!q) return { kind: 'unknown' };
  const area = index.areas.get(q);
  if (area) {
    // An area's name, unless a town of that name far away is as likely ("Newport").
    const town = index.towns.get(q);
    const far = town
      ? groupsOf(data, town).filter(
          (g) =>
            g.area.code !== area.code &&
            km(pointOf(g.districts[0]!), area) > NAMESAKE_KM &&
            g.weight >= NAMESAKE_SHARE * (index.areaWeight.get(area.code) ?? 0),
        )
      : [];
    // The area is offered by its name and nation ("Newport, Wales"): its name alone would ask again.
    if (far.length)
      return {
        kind: 'choices',
        choices: [areaChoice(area), ...far.map((g) => townChoice(town!.label, g))],
      };
    return { kind: 'found', place: areaPlace(area), others: [] };
  }
  // A town, then a post town; a name known only outside England and Wales ("Newcastle", County
  // Down) still offers the English and Welsh names holding it ("Newcastle upon Tyne").
  let outside: PlaceResult | null = null;
  for (const [named, asAreas] of [
    [index.towns.get(q), false],
    [index.postTowns.get(q), true],
  ] as const) {
    if (!named) continue;
    const r = resolveNamed(data, named, asAreas);
    // A post town's choices are its areas ("London": the boroughs), nothing else.
    if (r.kind === 'choices')
      return asAreas ? r : { kind: 'choices', choices: withLonger(index, q, r.choices) };
    if (r.kind === 'found') {
      // "Newcastle" (under-Lyme) is also most of an area's name elsewhere: ask which.
      const areas = [...new Set(index.areas.values())].filter(
        (a) => a.code !== r.place.areaCode && ` ${normaliseName(a.name)} `.includes(` ${q} `),
      );
      if (!areas.length) return r;
      const here = data.areas.get(r.place.areaCode ?? '');
      const first = here
        ? [{ label: `${r.place.name}, ${here.name}`, query: `${r.place.name}, ${here.name}` }]
        : [];
      return { kind: 'choices', choices: withLonger(index, q, [...first, ...r.others]) };
    }
    if (r.kind !== 'outside') return r;
    outside ??= r;
  }
  if (outside) {
    const longer = withLonger(index, q, []);
    return longer.length ? { kind: 'choices', choices: longer } : outside;
  }

  const within = townInArea(data, index, raw);
  if (within) return within;
  return nearMatches(index, q);
}

const pointOf = (d: District) => ({ latitude: d.latitude, longitude: d.longitude });

const nationOf = (a: Area) => (a.code.startsWith('W') ? 'Wales' : 'England');
const areaChoice = (a: Area): PlaceChoice => ({
  label: `${a.name}, ${nationOf(a)}`,
  query: `${a.name}, ${nationOf(a)}`,
});

/**
 * "Newport, Isle of Wight": the town within the named area (area names may hold commas too);
 * "Newport, Wales": the area itself in its nation.
 */
function townInArea(data: PlaceData, index: Index, raw: string): PlaceResult | null {
  const parts = raw.split(',');
  for (let i = 1; i < parts.length; i++) {
    const key = normaliseName(parts.slice(0, i).join(','));
    const rest = normaliseName(parts.slice(i).join(','));
    const whole = index.areas.get(key);
    if (whole && rest === normaliseName(nationOf(whole)))
      return { kind: 'found', place: areaPlace(whole), others: [] };
    const area = index.areas.get(rest);
    if (!area) continue;
    for (const named of [index.towns.get(key), index.postTowns.get(key)]) {
      const g = named && groupsOf(data, named).find((x) => x.area.code === area.code);
      if (g && named) return { kind: 'found', place: townPlace(named.label, g), others: [] };
    }
  }
  return null;
}

/** Choices, after the names in England and Wales that hold her words whole ("Richmond upon Thames"). */
function withLonger(index: Index, q: string, choices: PlaceChoice[]): PlaceChoice[] {
  const longer = index.all
    .filter((n) => n.inScope && n.name !== q && ` ${n.name} `.includes(` ${q} `))
    .sort((a, b) => a.name.length - b.name.length || a.label.localeCompare(b.label))
    .map((n) => ({ label: n.label, query: n.label }));
  const seen = new Set(choices.map((c) => c.label));
  return [...choices, ...longer.filter((c) => !seen.has(c.label)).slice(0, MAX_CHOICES)];
}

/** Names like what she typed, best first, or unknown when none is alike enough. */
function nearMatches(index: Index, q: string): PlaceResult {
  const grams = trigrams(q);
  const words = q.split(' ');
  const scored: { label: string; score: number }[] = [];
  for (const n of index.all) {
    let score = similarity(grams, n.grams);
    // Typed words found whole in a longer name: "newcastle" in "Newcastle upon Tyne".
    if (q.length >= 4 && score < 0.6 && words.every((w) => ` ${n.name} `.includes(` ${w} `))) score = 0.6;
    if (score >= MIN_SIMILARITY) scored.push({ label: n.label, score });
  }
  if (!scored.length) return { kind: 'unknown' };
  scored.sort(
    (a, b) => b.score - a.score || a.label.length - b.label.length || a.label.localeCompare(b.label),
  );
  return {
    kind: 'choices',
    choices: scored.slice(0, MAX_CHOICES).map((s) => ({ label: s.label, query: s.label })),
  };
}
