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
  const colon = hhmm.length - 3;
  if (colon < 1 || colon > 2 || hhmm.charCodeAt(colon) !== 58) return Number.NaN;
  const h = colon === 1 ? digit(hhmm, 0) : digit(hhmm, 0) * 10 + digit(hhmm, 1);
  const m = digit(hhmm, colon + 1) * 10 + digit(hhmm, colon + 2);
  return m < 60 && h * 60 + m <= DAY_MINUTES ? h * 60 + m : Number.NaN;
}
function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - 48;
  return c >= 0 && c <= 9 ? c : Number.NaN;
}

/** Minutes since midnight -> 'HH:MM'. */
export const hhmm = (minutes: number) =>
  `${String(Math.floor(minutes / 60) % 24).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;

/**
 * An opportunity's windows as numbers, flattened (day, from, to, day, from, to, ...), midnight
 * crossings split. Reused between calls (`load` empties it) so ranking allocates nothing per item.
 */
export class Spans {
  readonly v: number[] = [];
  load(hours: readonly TimeWindow[]): this {
    const v = this.v;
    v.length = 0;
    for (const w of hours) {
      const d = dayIndex[w.day];
      const a = minutesOf(w.from);
      const b = minutesOf(w.to);
      if (d === undefined || Number.isNaN(a) || Number.isNaN(b)) continue; // bad data never matches anything
      if (b > a) v.push(d, a, b);
      else {
        v.push(d, a, DAY_MINUTES);
        if (b > 0) v.push((d + 1) % 7, 0, b);
      }
    }
    return this;
  }
}

/**
 * Her availability per day as sorted, merged intervals (from, to, from, to, ...). Reused between
 * calls like Spans. `unconstrained` when nothing is recorded.
 */
export class Availability {
  readonly perDay: number[][] = days.map(() => []);
  unconstrained = false;
  school = false;
  private readonly spans = new Spans();

  load(windows: readonly TimeWindow[], schoolHoursOnly: boolean): this {
    for (const d of this.perDay) d.length = 0;
    this.school = schoolHoursOnly;
    this.unconstrained = !schoolHoursOnly && windows.length === 0;
    if (this.unconstrained) return this;
    const v = this.spans.load(windows).v;
    if (schoolHoursOnly && windows.length === 0) {
      for (let d = 0; d < SCHOOL_HOURS.days; d++) this.perDay[d]!.push(SCHOOL_HOURS.from, SCHOOL_HOURS.to);
      return this;
    }
    for (let i = 0; i < v.length; i += 3) {
      const d = v[i]!;
      let a = v[i + 1]!;
      let b = v[i + 2]!;
      if (schoolHoursOnly) {
        if (d >= SCHOOL_HOURS.days) continue;
        a = Math.max(a, SCHOOL_HOURS.from);
        b = Math.min(b, SCHOOL_HOURS.to);
        if (b <= a) continue;
      }
      insertMerged(this.perDay[d]!, a, b);
    }
    return this;
  }
}

/** Inserts [a, b) into a sorted list of disjoint intervals, merging what touches. */
function insertMerged(list: number[], a: number, b: number) {
  let i = 0;
  while (i < list.length && list[i + 1]! < a) i += 2;
  let j = i;
  while (j < list.length && list[j]! <= b) {
    a = Math.min(a, list[j]!);
    b = Math.max(b, list[j + 1]!);
    j += 2;
  }
  list.splice(i, j - i, a, b);
}

/** Minutes of [a, b) on day d outside her availability. */
function outside(av: Availability, d: number, a: number, b: number): number {
  let covered = 0;
  const list = av.perDay[d]!;
  for (let i = 0; i < list.length; i += 2) {
    const s = Math.max(a, list[i]!);
    const e = Math.min(b, list[i + 1]!);
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
  const v = spans.v;
  let worst = 0;
  for (let i = 0; i < v.length; i += 3) {
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
  const v = spans.v;
  let best = -1;
  let worst = 0;
  for (let i = 0; i < v.length; i += 3) {
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
  const list = av.perDay[d]!;
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

const school = new Availability().load([], true);
const scratch = new Spans();

/** True when the pattern has a window and every window lies within 09:15–14:45 on a weekday. */
export function fitsSchoolHours(hours: readonly TimeWindow[]): boolean {
  const spans = scratch.load(hours);
  return spans.v.length > 0 && spans.v.length === hours.length * 3 && worstOutside(school, spans) === 0;
}
