/**
 * Opening times from HSDS schedules (RFC 5545 recurrence fields), in Europe/London time.
 *
 * Understood: WEEKLY (or no freq) with BYDAY (MO..SU); MONTHLY with an ordinal BYDAY (1MO = first
 * Monday, -1FR = last Friday) or BYMONTHDAY (2,15 or -1 = last day); valid_from/valid_to; opens_at and
 * closes_at (a closing time before the opening time runs past midnight). A schedule without both
 * times, or with only a description, says nothing about "open now" but is still shown.
 * The SQL condition (`openAtSql`) and the JavaScript one (`isOpenAt`) follow the same rules.
 */
import { type SQL, sql } from 'drizzle-orm';

export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;
export type Weekday = (typeof weekdays)[number];

export interface LondonMoment {
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM:SS */
  time: string;
  day: Weekday;
  /** Day of the month, 1..31. */
  dayOfMonth: number;
  daysInMonth: number;
}

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/London',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  weekday: 'short',
  hourCycle: 'h23',
});
const shortDays: Record<string, Weekday> = {
  Mon: 'MO',
  Tue: 'TU',
  Wed: 'WE',
  Thu: 'TH',
  Fri: 'FR',
  Sat: 'SA',
  Sun: 'SU',
};

/** The calendar date, time and weekday in London at an instant. */
export function londonMoment(at: Date): LondonMoment {
  const parts = Object.fromEntries(formatter.formatToParts(at).map((p) => [p.type, p.value]));
  const year = Number(parts.year);
  const month = Number(parts.month);
  const dayOfMonth = Number(parts.day);
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    time: `${parts.hour}:${parts.minute}:${parts.second}`,
    day: shortDays[parts.weekday as string]!,
    dayOfMonth,
    daysInMonth: new Date(Date.UTC(year, month, 0)).getUTCDate(),
  };
}

/** BYDAY values that mean "this day" for a MONTHLY rule: "2TU", and "-1TU" in the month's last week. */
function monthlyDayCodes(m: LondonMoment): string[] {
  const codes = [`${Math.ceil(m.dayOfMonth / 7)}${m.day}`];
  if (m.dayOfMonth + 7 > m.daysInMonth) codes.push(`-1${m.day}`);
  return codes;
}

function monthDays(m: LondonMoment): string[] {
  return m.dayOfMonth === m.daysInMonth ? [String(m.dayOfMonth), '-1'] : [String(m.dayOfMonth)];
}

export interface ScheduleLike {
  freq?: string | null;
  byday?: string | null;
  bymonthday?: string | null;
  opens_at?: string | null;
  closes_at?: string | null;
  valid_from?: string | null;
  valid_to?: string | null;
}

const list = (v: string | null | undefined) =>
  (v ?? '')
    .toUpperCase()
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);

const hms = (t: string) => (t.length === 5 ? `${t}:00` : t.slice(0, 8));

/** Whether a schedule's day rule covers the day of `m` (ignoring times). */
export function isDayCovered(s: ScheduleLike, m: LondonMoment): boolean {
  if (s.valid_from && s.valid_from > m.date) return false;
  if (s.valid_to && s.valid_to < m.date) return false;
  const freq = (s.freq ?? 'WEEKLY').toUpperCase();
  if (freq === 'WEEKLY') return list(s.byday).includes(m.day);
  if (freq === 'MONTHLY') {
    const codes = monthlyDayCodes(m);
    const days = monthDays(m);
    return list(s.byday).some((c) => codes.includes(c)) || list(s.bymonthday).some((d) => days.includes(d));
  }
  return false;
}

/** Whether a schedule says the service is open at the London moment `m`. */
export function isOpenAt(s: ScheduleLike, m: LondonMoment): boolean {
  if (!s.opens_at || !s.closes_at || !isDayCovered(s, m)) return false;
  const opens = hms(s.opens_at);
  const closes = hms(s.closes_at);
  return opens < closes ? opens <= m.time && m.time < closes : m.time >= opens || m.time < closes;
}

/** SQL: the schedule row aliased `sc` says open at the London moment `m` (same rules as isOpenAt). */
export function openAtSql(m: LondonMoment): SQL {
  return sql`(
    (sc.valid_from is null or sc.valid_from <= ${m.date}::date)
    and (sc.valid_to is null or sc.valid_to >= ${m.date}::date)
    and sc.opens_at is not null and sc.closes_at is not null
    and case when sc.opens_at < sc.closes_at
      then sc.opens_at <= ${m.time}::time and ${m.time}::time < sc.closes_at
      else ${m.time}::time >= sc.opens_at or ${m.time}::time < sc.closes_at end
    and case upper(coalesce(sc.freq, 'WEEKLY'))
      when 'WEEKLY' then string_to_array(upper(replace(coalesce(sc.byday, ''), ' ', '')), ',') && ${sql.param([m.day])}::text[]
      when 'MONTHLY' then
        string_to_array(upper(replace(coalesce(sc.byday, ''), ' ', '')), ',') && ${sql.param(monthlyDayCodes(m))}::text[]
        or string_to_array(replace(coalesce(sc.bymonthday, ''), ' ', ''), ',') && ${sql.param(monthDays(m))}::text[]
      else false end
  )`;
}

/** SQL: the schedule row `sc` runs on `day` (any weekly or monthly rule naming it) and within the times. */
export function scheduleFilterSql(f: { day?: Weekday; startTime?: string; endTime?: string }): SQL {
  const parts: SQL[] = [sql`true`];
  if (f.day) parts.push(sql`sc.byday ~* ${`(^|,)\\s*-?[0-9]*${f.day}\\s*(,|$)`}`);
  if (f.startTime) parts.push(sql`sc.opens_at >= ${hms(f.startTime)}::time`);
  if (f.endTime) parts.push(sql`sc.closes_at <= ${hms(f.endTime)}::time`);
  return sql`(${sql.join(parts, sql` and `)})`;
}

export interface OpeningTime {
  /** Days it runs: MO..SU for a weekly rule; for a monthly rule the days named in `ordinals`. */
  days: Weekday[];
  /** MONTHLY rules: which week of the month, e.g. [1, 3] or [-1] (last); empty for weekly. */
  ordinals: number[];
  /** MONTHLY by day of month, e.g. [1, 15]; empty otherwise. */
  monthDays: number[];
  frequency: 'WEEKLY' | 'MONTHLY' | null;
  /** HH:MM, or null when the schedule gives none. */
  opens: string | null;
  closes: string | null;
  /** The provider's own words, as given (not translated). */
  description: string | null;
  validFrom: string | null;
  validTo: string | null;
}

/** A schedule as a structured opening time, for a page to phrase in its language. */
export function openingTime(s: ScheduleLike & { description?: string | null }): OpeningTime {
  const freq = s.freq ? s.freq.toUpperCase() : null;
  const byday = list(s.byday);
  const days: Weekday[] = [];
  const ordinals: number[] = [];
  for (const code of byday) {
    const m = /^(-?\d+)?(MO|TU|WE|TH|FR|SA|SU)$/.exec(code);
    if (!m) continue;
    const day = m[2] as Weekday;
    if (!days.includes(day)) days.push(day);
    if (m[1] && !ordinals.includes(Number(m[1]))) ordinals.push(Number(m[1]));
  }
  days.sort((a, b) => weekdays.indexOf(a) - weekdays.indexOf(b));
  return {
    days,
    ordinals: freq === 'MONTHLY' ? ordinals : [],
    monthDays:
      freq === 'MONTHLY'
        ? list(s.bymonthday)
            .map(Number)
            .filter((n) => Number.isInteger(n))
        : [],
    frequency: freq === 'WEEKLY' || freq === 'MONTHLY' ? freq : null,
    opens: s.opens_at ? s.opens_at.slice(0, 5) : null,
    closes: s.closes_at ? s.closes_at.slice(0, 5) : null,
    description: s.description ?? null,
    validFrom: s.valid_from ?? null,
    validTo: s.valid_to ?? null,
  };
}
