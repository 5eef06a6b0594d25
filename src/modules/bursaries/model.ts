/**
 * The bursaries rules as plain functions of plain data (no database), tested table-style in
 * model.test.ts: money in pence, who is eligible and who is guaranteed an interview, the cap, the
 * start-by date, score averages, and whether a decision may be made.
 */
import type { CostCategory, DecisionKind, EligibilityBasis, ScoreCriterion } from './schema.ts';

/** "1,234.50", "£5,000", "40" -> pence; null when it is not an amount of money (at most £10m). */
export function parsePounds(input: string): number | null {
  const s = input.trim().replace(/^£/, '').replace(/,/g, '').trim();
  if (!/^\d{1,8}(\.\d{1,2})?$/.test(s)) return null;
  const [whole, frac = ''] = s.split('.');
  const pence = Number(whole) * 100 + Number(frac.padEnd(2, '0'));
  return pence <= 1_000_000_000 ? pence : null;
}

/** Pence as a plain "5000.00" (for a form field's value). */
export const poundsValue = (pence: number) => (pence / 100).toFixed(2);

/** Pence as "£5,000.00", in a language's number format. */
export const formatPounds = (pence: number, lang = 'en') =>
  new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang, { style: 'currency', currency: 'GBP' }).format(
    pence / 100,
  );

export interface FundRules {
  maxAwardPence: number;
  eligibleCategories: readonly CostCategory[];
  menteesMayApply: boolean;
  alumnaeMayApply: boolean;
  othersMayApply: boolean;
  opensOn: string;
  closesOn: string | null;
}

/**
 * Who she is to this fund, from her mentoring standing in its eligible programmes: a current
 * mentee or an alumna (where the fund names them) is eligible and guaranteed an interview; anyone
 * else is eligible only if the fund is open to others, and has no guarantee.
 */
export function eligibility(
  fund: Pick<FundRules, 'menteesMayApply' | 'alumnaeMayApply' | 'othersMayApply'>,
  standing: 'mentee' | 'alumna' | null,
): { basis: EligibilityBasis; eligible: boolean; guaranteedInterview: boolean } {
  const basis: EligibilityBasis =
    standing === 'mentee' && fund.menteesMayApply
      ? 'mentee'
      : standing === 'alumna' && fund.alumnaeMayApply
        ? 'alumna'
        : 'other';
  return {
    basis,
    eligible: basis !== 'other' || fund.othersMayApply,
    guaranteedInterview: basis !== 'other',
  };
}

/** Whether the fund takes applications on `today` (ISO dates compare as text). */
export const isOpen = (fund: Pick<FundRules, 'opensOn' | 'closesOn'>, today: string) =>
  fund.opensOn <= today && (!fund.closesOn || today <= fund.closesOn);

/**
 * A new cost line against the lines already asked for: the error key beside the field, or null.
 * The total may never pass the fund's maximum per award.
 */
export function lineProblem(
  fund: Pick<FundRules, 'maxAwardPence' | 'eligibleCategories'>,
  existing: readonly { amountPence: number }[],
  line: { category: CostCategory; amountPence: number },
): { field: 'category' | 'amount'; key: string; total?: number } | null {
  if (!fund.eligibleCategories.includes(line.category))
    return { field: 'category', key: 'bursaries.errors.categoryNotFunded' };
  if (line.amountPence <= 0) return { field: 'amount', key: 'bursaries.errors.amount' };
  const total = existing.reduce((s, l) => s + l.amountPence, 0) + line.amountPence;
  if (total > fund.maxAwardPence) return { field: 'amount', key: 'bursaries.errors.overCap', total };
  return null;
}

export const totalPence = (lines: readonly { amountPence: number }[]) =>
  lines.reduce((s, l) => s + l.amountPence, 0);

/** ISO date + whole months; a day past the new month's end falls on its last day (31 Jan + 1 = 28/29 Feb). */
export function addMonths(iso: string, months: number): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  const index = y * 12 + (m - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const day = Math.min(d, last);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export interface ScoreRow {
  userId: string;
  criterion: ScoreCriterion;
  score: number | null;
}

/**
 * Averages by criterion and overall; "not applicable" (null) is left out of both, so a criterion
 * no one scored has no average (null) rather than 0.
 */
export function averages(rows: readonly ScoreRow[]) {
  const by = new Map<ScoreCriterion, number[]>();
  for (const r of rows) {
    if (r.score === null) continue;
    const list = by.get(r.criterion) ?? [];
    list.push(r.score);
    by.set(r.criterion, list);
  }
  const mean = (xs: number[]) =>
    xs.length ? Math.round((xs.reduce((a, b) => a + b, 0) / xs.length) * 10) / 10 : null;
  const byCriterion = Object.fromEntries([...by].map(([c, xs]) => [c, mean(xs)])) as Partial<
    Record<ScoreCriterion, number | null>
  >;
  return {
    byCriterion,
    overall: mean([...by.values()].flat()),
    scorers: new Set(rows.map((r) => r.userId)).size,
  };
}

export interface DecisionInput {
  kind: DecisionKind;
  reason: string | null;
  conditions: string | null;
  /** Awarded pence by cost line id (a part award); ignored for full, conditions and decline. */
  awarded: Record<string, number>;
}

/**
 * Whether this decision may be made, as errors by field (empty: it may), and each line's award.
 * A guaranteed interview must have been held before a decline: the refusal names the reason.
 */
export function checkDecision(
  o: {
    guaranteedInterview: boolean;
    interviewHeld: boolean;
    maxAwardPence: number;
    lines: readonly { id: string; amountPence: number }[];
  },
  d: DecisionInput,
): { errors: Record<string, string>; awards: Map<string, number>; total: number } {
  const errors: Record<string, string> = {};
  const awards = new Map<string, number>();
  if (d.kind === 'decline') {
    if (o.guaranteedInterview && !o.interviewHeld) errors.kind = 'bursaries.errors.interviewFirst';
    if (!d.reason) errors.reason = 'bursaries.errors.reason';
    for (const l of o.lines) awards.set(l.id, 0);
    return { errors, awards, total: 0 };
  }
  for (const l of o.lines) {
    const asked = l.amountPence;
    const given = d.kind === 'part' ? (d.awarded[l.id] ?? 0) : asked;
    if (!Number.isInteger(given) || given < 0 || given > asked)
      errors[`line-${l.id}`] = 'bursaries.errors.lineAward';
    awards.set(l.id, given);
  }
  const total = [...awards.values()].reduce((a, b) => a + b, 0);
  const asked = totalPence(o.lines);
  if (d.kind === 'part' && !Object.keys(errors).length && (total === 0 || total >= asked))
    errors.kind = 'bursaries.errors.partAward';
  if (d.kind === 'conditions' && !d.conditions) errors.conditions = 'bursaries.errors.conditions';
  if (total > o.maxAwardPence) errors.kind = 'bursaries.errors.overCapAward';
  return { errors, awards, total };
}

/**
 * The page numbers a GOV.UK pagination shows for page `current` of `total`: the first, the last,
 * the current one and its neighbours, with null for an ellipsis where numbers are left out (the
 * design system's pattern), so a list of 400 pages stays a short row of links.
 */
export function pageNumbers(current: number, total: number): (number | null)[] {
  const shown = [...new Set([1, current - 1, current, current + 1, total])]
    .filter((n) => n >= 1 && n <= total)
    .sort((a, b) => a - b);
  const out: (number | null)[] = [];
  for (const n of shown) {
    const last = out[out.length - 1];
    if (typeof last === 'number' && n - last > 1) out.push(null);
    out.push(n);
  }
  return out;
}
