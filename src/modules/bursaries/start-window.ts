/**
 * "A year to start" as plain dates (issue 15, point 6): the start-by date is the award date plus the
 * fund's window in calendar months; her mentor or key worker is reminded at 3, 6 and 9 months while
 * the course has not started; an extension moves the deadline with a reason; an award not started
 * by its deadline lapses and its unpaid money goes back to the fund. No database here: the lapse and
 * reminder jobs (start-jobs.ts) feed these functions rows and act on the answer.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD) with no time zone: an award is a decision on a day.
 */

/** Months after the award at which her mentor or key worker is reminded. */
export const REMINDER_MONTHS = [3, 6, 9] as const;

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function parts(iso: string): [number, number, number] {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`not an ISO date: ${iso}`);
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/**
 * Calendar months later; a day the later month lacks becomes its last day (31 January + 1 month is
 * 28 or 29 February), so the window is never longer than the months it names.
 */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = parts(iso);
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${pad(year, 4)}-${pad(month)}-${pad(Math.min(d, last))}`;
}

/** Whole days from a to b (b − a). */
export function daysBetween(a: string, b: string): number {
  const [ya, ma, da] = parts(a);
  const [yb, mb, db] = parts(b);
  return Math.round((Date.UTC(yb, mb - 1, db) - Date.UTC(ya, ma - 1, da)) / 86_400_000);
}

export const startBy = (awardedOn: string, windowMonths: number): string =>
  addMonths(awardedOn, windowMonths);

/** What the jobs need to know about one award. */
export interface AwardClock {
  awardedOn: string;
  startBy: string;
  /** A later deadline agreed with a reason; it replaces startBy. */
  extendedTo: string | null;
  startedOn: string | null;
  lapsedOn: string | null;
  /** Reminder months already sent. */
  remindersSent: readonly number[];
}

export const deadlineOf = (a: Pick<AwardClock, 'startBy' | 'extendedTo'>): string =>
  a.extendedTo ?? a.startBy;

/** Still waiting for her course to start: neither started nor lapsed. */
const waiting = (a: AwardClock): boolean => a.startedOn === null && a.lapsedOn === null;

/**
 * The reminder months due on `today` and not yet sent, oldest first. A reminder falls due on its
 * month's anniversary of the award, and only before the deadline (after it the award lapses
 * instead). When the job was not run for a while, several may be due together; the job sends one
 * message (naming the latest) and records them all, so nobody gets three emails in a morning.
 */
export function remindersDue(a: AwardClock, today: string): number[] {
  if (!waiting(a)) return [];
  const deadline = deadlineOf(a);
  return REMINDER_MONTHS.filter((m) => {
    const due = addMonths(a.awardedOn, m);
    return due <= today && due < deadline && !a.remindersSent.includes(m);
  });
}

/**
 * Lapsed on `today`: not started and the deadline has passed. She may start ON the start-by date
 * ("start by 15 March" includes the 15th), so the award lapses on the day after it.
 */
export function shouldLapse(a: AwardClock, today: string): boolean {
  return waiting(a) && today > deadlineOf(a);
}

/** Started within the window: on or before the deadline in force when she started. */
export const startedWithinWindow = (a: AwardClock): boolean =>
  a.startedOn !== null && a.startedOn <= deadlineOf(a);

export type ExtensionRefusal = 'started' | 'lapsed' | 'notLater' | 'reasonMissing';

/**
 * Whether an extension to `to` may be agreed: only while she is still waiting, only to a later
 * date than the deadline in force, and only with a reason (the funder will ask why).
 */
export function extensionRefusal(a: AwardClock, to: string, reason: string): ExtensionRefusal | null {
  if (a.startedOn !== null) return 'started';
  if (a.lapsedOn !== null) return 'lapsed';
  if (reason.trim() === '') return 'reasonMissing';
  if (to <= deadlineOf(a)) return 'notLater';
  return null;
}

/**
 * The money a lapse gives back: what was awarded and not paid. A payment still scheduled is not
 * paid, so its money returns too (the job marks such payments failed with the lapse).
 */
export function unpaidOnLapse(awardedPence: number, paidPence: number): number {
  return Math.max(0, awardedPence - paidPence);
}
