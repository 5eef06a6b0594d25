/**
 * Hours for matching: her availability against an opportunity's hours pattern, in minutes since
 * midnight so the comparisons are plain numbers. No database.
 *
 * School hours. A primary school day runs from about 08:45–09:00 to 15:00–15:20. A woman who takes
 * her children to school and collects them can work from after drop-off to before pick-up, with
 * time to travel either way: we take that as **09:15 to 14:45, Monday to Friday**
 * (`SCHOOL_HOURS`). An opportunity "fits school hours" when it has at least one window and every
 * window lies inside those times on a weekday; it is derived from the times, never typed.
 *
 * Her availability. `availability` lists the windows she can work. With `schoolHoursOnly` those
 * windows are cut to school hours (and weekends dropped); with no windows at all, school hours are
 * her availability. With neither (no windows, not school-hours only) nothing is recorded, so the
 * hours gate cannot say no (the match says it was not checked).
 *
 * A window whose end is not after its start runs past midnight (a night shift, 22:00–06:00): it is
 * split into the evening on its day and the morning of the next.
 */
export const days = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof days)[number];

export interface TimeWindow {
  day: Day;
  /** 'HH:MM', 24-hour. */
  from: string;
  to: string;
}

export const SCHOOL_HOURS = { from: 9 * 60 + 15, to: 14 * 60 + 45, days: 5 } as const;
const DAY_MINUTES = 24 * 60;

const dayIndex: Record<string, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

/** 'HH:MM' (or 'H:MM') -> minutes since midnight; NaN for anything else. Called a great deal: no regex. */
export function minutesOf(hhmm: string): number {
  const len = hhmm.length;
  if (len !== 5 && len !== 4) return Number.NaN;
  const colon = len - 3;
  if (hhmm.charCodeAt(colon) !== 58) return Number.NaN;
  const h1 = hhmm.charCodeAt(0) - 48;
  const h2 = colon === 2 ? hhmm.charCodeAt(1) - 48 : 0;
  const m1 = hhmm.charCodeAt(colon + 1) - 48;
  const m2 = hhmm.charCodeAt(colon + 2) - 48;
  // Each a digit: unsigned, so a character below '0' wraps to a large number.
  if (h1 >>> 0 > 9 || h2 >>> 0 > 9 || m1 >>> 0 > 5 || m2 >>> 0 > 9) return Number.NaN;
  const minutes = (colon === 2 ? h1 * 10 + h2 : h1) * 60 + m1 * 10 + m2;
  return minutes <= DAY_MINUTES ? minutes : Number.NaN;
}

/** Minutes since midnight -> 'HH:MM'. */
export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * An opportunity's windows as numbers, flattened (day, from, to, day, from, to, ...), midnight
 * crossings split. Reused between calls (`load` overwrites it) so ranking allocates nothing per item.
 */
export class Spans {
  v = new Int32Array(3 * 16);
  n = 0;
  load(hours: readonly TimeWindow[]): this {
    this.n = 0;
    for (let i = 0; i < hours.length; i++) {
      const w = hours[i]!;
      const d = dayIndex[w.day];
      const a = minutesOf(w.from);
      const b = minutesOf(w.to);
      // A time that cannot be read is left out (the service validates times as they are entered).
      if (d === undefined || Number.isNaN(a) || Number.isNaN(b)) continue;
      if (b > a) this.push(d, a, b);
      else {
        this.push(d, a, DAY_MINUTES);
        if (b > 0) this.push((d + 1) % 7, 0, b);
      }
    }
    return this;
  }
  private push(d: number, a: number, b: number) {
    if (this.n + 3 > this.v.length) {
      const grown = new Int32Array(this.v.length * 2);
      grown.set(this.v);
      this.v = grown;
    }
    this.v[this.n++] = d;
    this.v[this.n++] = a;
    this.v[this.n++] = b;
  }
}

/**
 * Her availability per day as sorted, disjoint intervals: day d's k-th interval is
 * [at[(d × cap + k) × 2], at[(d × cap + k) × 2 + 1]), and it has count[d] of them. Typed arrays,
 * reused between calls like Spans. `unconstrained` when nothing is recorded.
 */
export class Availability {
  cap = 4;
  at = new Int32Array(7 * this.cap * 2);
  readonly count = new Int32Array(7);
  unconstrained = false;
  school = false;
  private readonly spans = new Spans();

  load(windows: readonly TimeWindow[], schoolHoursOnly: boolean): this {
    this.count.fill(0);
    this.school = schoolHoursOnly;
    this.unconstrained = !schoolHoursOnly && windows.length === 0;
    if (this.unconstrained) return this;
    if (schoolHoursOnly && windows.length === 0) {
      for (let d = 0; d < SCHOOL_HOURS.days; d++) this.insert(d, SCHOOL_HOURS.from, SCHOOL_HOURS.to);
      return this;
    }
    const { v, n } = this.spans.load(windows);
    for (let i = 0; i < n; i += 3) {
      const d = v[i]!;
      let a = v[i + 1]!;
      let b = v[i + 2]!;
      if (schoolHoursOnly) {
        if (d >= SCHOOL_HOURS.days) continue;
        a = Math.max(a, SCHOOL_HOURS.from);
        b = Math.min(b, SCHOOL_HOURS.to);
        if (b <= a) continue;
      }
      this.insert(d, a, b);
    }
    return this;
  }

  /** Adds [a, b) to day d, merging the intervals it touches. */
  private insert(d: number, a: number, b: number) {
    if (this.count[d] === this.cap) this.grow();
    const n = this.count[d]!;
    const v = this.at;
    const base = d * this.cap * 2;
    let i = 0;
    while (i < n && v[base + 2 * i + 1]! < a) i++;
    let j = i;
    while (j < n && v[base + 2 * j]! <= b) {
      a = Math.min(a, v[base + 2 * j]!);
      b = Math.max(b, v[base + 2 * j + 1]!);
      j++;
    }
    // Intervals i..j-1 become the one [a, b): move the rest along to make (or close up) the room.
    if (j - i !== 1) v.copyWithin(base + 2 * (i + 1), base + 2 * j, base + 2 * n);
    v[base + 2 * i] = a;
    v[base + 2 * i + 1] = b;
    this.count[d] = n - (j - i) + 1;
  }

  private grow() {
    const cap = this.cap * 2;
    const at = new Int32Array(7 * cap * 2);
    for (let d = 0; d < 7; d++)
      at.set(this.at.subarray(d * this.cap * 2, (d + 1) * this.cap * 2), d * cap * 2);
    this.cap = cap;
    this.at = at;
  }
}

/** Minutes of [a, b) on day d outside her availability. */
function outside(av: Availability, d: number, a: number, b: number): number {
  let covered = 0;
  const v = av.at;
  const base = d * av.cap * 2;
  const end = base + av.count[d]! * 2;
  for (let i = base; i < end; i += 2) {
    const s = v[i]! > a ? v[i]! : a;
    const e = v[i + 1]! < b ? v[i + 1]! : b;
    if (e > s) covered += e - s;
  }
  return b - a - covered;
}

/**
 * The most minutes any one window of the opportunity falls outside her availability: 0 when it
 * fits. The near-miss margin is applied to this (each day's overrun, not the week's total: a job
 * of 09:00–15:00 every weekday is "30 minutes outside school hours", not 150).
 */
export function worstOutside(av: Availability, spans: Spans): number {
  if (av.unconstrained) return 0;
  const { v, n } = spans;
  let worst = 0;
  for (let i = 0; i < n; i += 3) {
    const o = outside(av, v[i]!, v[i + 1]!, v[i + 2]!);
    if (o > worst) worst = o;
  }
  return worst;
}

export interface HoursClash {
  /** day: she is not available that day at all; starts/ends: the window begins/ends outside it; gap: a gap in the middle. */
  kind: 'day' | 'starts' | 'ends' | 'gap';
  day: Day;
  /** The time that is outside ('HH:MM'): the start, the end, or the window for a gap. */
  time: string;
  from: string;
  to: string;
  minutesOutside: number;
}

/** The window that falls furthest outside her availability, and how: for the reason she is shown. */
export function worstClash(av: Availability, spans: Spans): HoursClash | null {
  if (av.unconstrained) return null;
  const { v, n } = spans;
  let best = -1;
  let worst = 0;
  for (let i = 0; i < n; i += 3) {
    const o = outside(av, v[i]!, v[i + 1]!, v[i + 2]!);
    if (o > worst) {
      worst = o;
      best = i;
    }
  }
  if (best < 0) return null;
  const d = v[best]!;
  const a = v[best + 1]!;
  const b = v[best + 2]!;
  const list = Array.from(av.at.subarray(d * av.cap * 2, (d * av.cap + av.count[d]!) * 2));
  const covers = (t: number, atEnd: boolean) => {
    for (let i = 0; i < list.length; i += 2)
      if (atEnd ? list[i]! < t && t <= list[i + 1]! : list[i]! <= t && t < list[i + 1]!) return true;
    return false;
  };
  const kind = !list.length ? 'day' : !covers(a, false) ? 'starts' : !covers(b, true) ? 'ends' : 'gap';
  return {
    kind,
    day: days[d]!,
    time: hhmm(kind === 'ends' ? b : a),
    from: hhmm(a),
    to: hhmm(b),
    minutesOutside: worst,
  };
}

/** School hours, and nothing recorded: shared, never reloaded. */
export const SCHOOL_AVAILABILITY = new Availability().load([], true);
export const ANY_TIME = new Availability().load([], false);
const scratch = new Spans();

/** True when the pattern has a window and every window lies within 09:15–14:45 on a weekday. */
export function fitsSchoolHours(hours: readonly TimeWindow[]): boolean {
  const spans = scratch.load(hours);
  return spans.n > 0 && spans.n === hours.length * 3 && worstOutside(SCHOOL_AVAILABILITY, spans) === 0;
}
