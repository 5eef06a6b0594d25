import {
  protectCount,
  protectTable,
  type Shown,
  SUPPRESS_BELOW,
  sharePercent,
} from '../../platform/reporting/suppression.ts';

/** One group's exact counts, as an indicator's query returns them (never published as they are). */
export interface GroupCounts {
  grp: string;
  base: number;
  yes: number;
  pending: number;
  invited: number | null;
}

/** One published line: every count protected, the share only when it gives nothing away. */
export interface PublishedLine {
  grp: string;
  yes: Shown;
  no: Shown;
  base: Shown;
  /** Whole-number percentage, null when not shown (base under 10, or a count in it hidden). */
  percent: number | null;
  /**
   * When only the "not" count is small (1 to 4): the numerator is at least base - 4, and the share
   * at least this percentage (the same information "fewer than 5" already gives).
   */
  atLeast: { count: number; percent: number | null } | null;
  pending: Shown;
  invited: Shown | null;
  /** Response rate (surveys), whole percent, when the invited base is 10 or more and both shown. */
  responseRate: number | null;
}

export interface PublishedFigure {
  lines: PublishedLine[];
  total: PublishedLine;
}

const shown = (s: Shown): s is { value: number } => s.value !== null;

function line(
  grp: string,
  yes: Shown,
  no: Shown,
  base: Shown,
  pending: Shown,
  invited: Shown | null,
): PublishedLine {
  const percent = shown(yes) && shown(no) && shown(base) ? sharePercent(yes.value, base.value) : null;
  const atLeast =
    no.suppressed === 'small' && shown(base) && base.value >= 2 * SUPPRESS_BELOW
      ? {
          count: base.value - (SUPPRESS_BELOW - 1),
          percent: Math.floor((100 * (base.value - (SUPPRESS_BELOW - 1))) / base.value),
        }
      : null;
  const responseRate =
    invited && shown(invited) && shown(base) && invited.value >= base.value && invited.value > 0
      ? sharePercent(base.value, invited.value)
      : null;
  return { grp, yes, no, base, percent, atLeast, pending, invited, responseRate };
}

/**
 * Publishes an indicator's groups as a table of "yes" and "not" counts with their totals: counts
 * from 1 to 4 are hidden and more are hidden until none can be worked out from the rest
 * (platform/reporting/suppression.ts); the no-follow-up and invited counts are protected as their
 * own columns with their totals.
 */
export function publish(groups: readonly GroupCounts[]): PublishedFigure {
  const rows = groups.length ? groups : [{ grp: 'all', base: 0, yes: 0, pending: 0, invited: null }];
  const t = protectTable({ cells: rows.map((g) => [g.yes, g.base - g.yes]) });
  const column = (values: number[]) => {
    if (values.length === 1) return { cells: [protectCount(values[0]!)], total: protectCount(values[0]!) };
    const p = protectTable({ cells: values.map((v) => [v]) });
    return { cells: p.cells.map((c) => c[0]!), total: p.total };
  };
  const pending = column(rows.map((g) => g.pending));
  // Invited = answered + not answered, and answered is shown: the invited count is shown only
  // where the not-answered count is, or it would give a hidden one away.
  const invitedOf = (n: number | null, p: Shown): Shown =>
    shown(p) ? { value: n ?? 0 } : { value: null, suppressed: 'secondary' };
  const hasInvited = rows.some((g) => g.invited !== null);
  const invited = hasInvited
    ? {
        cells: rows.map((g, i) => invitedOf(g.invited, pending.cells[i]!)),
        total: invitedOf(
          rows.reduce((a, g) => a + (g.invited ?? 0), 0),
          pending.total,
        ),
      }
    : null;
  const lines = rows.map((g, i) =>
    line(
      g.grp,
      t.cells[i]![0]!,
      t.cells[i]![1]!,
      t.rowTotals[i]!,
      pending.cells[i]!,
      invited ? invited.cells[i]! : null,
    ),
  );
  const total = line(
    'total',
    t.columnTotals[0]!,
    t.columnTotals[1]!,
    t.total,
    pending.total,
    invited?.total ?? null,
  );
  return { lines, total };
}

/** Declines by reason: one column of counts with its total, protected the same way. */
export function publishCounts(rows: readonly { grp: string; n: number }[]) {
  if (!rows.length) return { lines: [], total: protectCount(0) };
  const p = protectTable({ cells: rows.map((r) => [r.n]) });
  return { lines: rows.map((r, i) => ({ grp: r.grp, n: p.cells[i]![0]! })), total: p.total };
}
