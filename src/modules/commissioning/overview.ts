import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import {
  type ProtectedTable,
  protectTable,
  type Shown,
  SUPPRESS_BELOW,
} from '../../platform/reporting/suppression.ts';
import { audit, type CommissioningDeps } from './deps.ts';

/**
 * The commissioner's view: aggregate figures across the partnership for the last 12 months, every
 * count about women protected (platform/reporting/suppression.ts) before it leaves this file. Never
 * a record, never a woman's name: organisations and places only.
 */

export const outcomeColumns = ['accepted', 'declined', 'withdrawn', 'waiting'] as const;

export interface Labelled<T> {
  labels: string[];
  columns: string[];
  table: T;
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

export async function overview(deps: CommissioningDeps, actor: Actor, now = new Date()) {
  authorise(actor, 'commissioning:view');
  const since = new Date(now);
  since.setUTCFullYear(since.getUTCFullYear() - 1);
  const { flows, times } = await deps.casework.referralFlows(actor, since);
  const visits = await deps.casework.dropInAttendance(actor, since);
  const employment = await deps.employment.report(actor);

  // Who sent referrals to whom: sending organisations by receiving organisation ("" = off the platform).
  const senders = [...new Map(flows.map((f) => [f.fromId, f.fromName])).entries()];
  const receivers = [...new Map(flows.map((f) => [f.toId ?? '', f.toName ?? ''])).entries()];
  const flowCells = senders.map(([from]) =>
    receivers.map(([to]) =>
      sum(flows.filter((f) => f.fromId === from && (f.toId ?? '') === to).map((f) => f.sent)),
    ),
  );
  // What became of them, by receiving organisation (services off the platform as one row).
  const outcomeCells = receivers.map(([to]) =>
    outcomeColumns.map((c) => sum(flows.filter((f) => (f.toId ?? '') === to).map((f) => f[c]))),
  );
  // The two tables share totals (referrals each organisation received, and all of them): protected
  // together, so each hides every total the other hides.
  const { flowProtected, outcomeProtected } = protectTogether(flowCells, outcomeCells, receivers.length);
  const flowTable: Labelled<ProtectedTable> | null = flowProtected
    ? {
        labels: senders.map(([, name]) => name),
        columns: receivers.map(([, name]) => name),
        table: flowProtected,
      }
    : null;
  const outcomeTable: Labelled<ProtectedTable> | null = outcomeProtected
    ? { labels: receivers.map(([, name]) => name), columns: [...outcomeColumns], table: outcomeProtected }
    : null;
  const onPlatform = receivers.filter(([id]) => id !== '');
  // A median stands for one woman's referral when only a few were answered: shown from 5 answers
  // up. How many were answered is not shown: with the outcomes it would give hidden counts away.
  const answerTimes = onPlatform.map(([to, name]) => {
    const t = times.find((x) => x.toId === to);
    return {
      organisation: name,
      medianDays:
        t && t.answered >= SUPPRESS_BELOW && t.medianDays !== null
          ? Math.round(t.medianDays * 10) / 10
          : null,
    };
  });

  // Drop-in visits by place (with its organisation) and quarter.
  const places = [
    ...new Map(
      visits.map((v) => [`${v.organisationId}|${v.place}`, `${v.place} (${v.organisation})`]),
    ).entries(),
  ];
  const quarters = [...new Set(visits.map((v) => v.quarter))].sort();
  const visitTable: Labelled<ProtectedTable> | null = places.length
    ? {
        labels: places.map(([, label]) => label),
        columns: quarters,
        table: protectTable({
          cells: places.map(([key]) =>
            quarters.map((q) =>
              sum(
                visits
                  .filter((v) => `${v.organisationId}|${v.place}` === key && v.quarter === q)
                  .map((v) => v.visits),
              ),
            ),
          ),
        }),
      }
    : null;
  const sessions = sum(visits.map((v) => v.sessions));

  await audit(deps, deps.db, actor, 'commissioning.viewed', 'organisation', actor.organisationId);
  return {
    since,
    flowTable,
    outcomeTable,
    answerTimes,
    visitTable,
    sessions,
    employment: {
      funnel: employment.funnel.map((r) => ({ key: r.key, count: shownOf(r.count) })),
      byKind: employment.byKind.map((r) => ({ key: r.key, count: shownOf(r.count) })),
      daysToOffer: employment.daysToOffer,
    },
  };
}

/**
 * Referrals by sender and receiver, and by receiver and outcome: a receiver's total is a column
 * total of the first and a row total of the second, and both have the same grand total. Each is
 * protected with the totals the other hid, until neither hides more (the hidden set only grows).
 */
export function protectTogether(flowCells: number[][], outcomeCells: number[][], receivers: number) {
  if (flowCells.length === 0) return { flowProtected: null, outcomeProtected: null };
  const hidden = new Set<number>();
  let total = false;
  for (;;) {
    const shared = [...hidden];
    const flowProtected = protectTable({ cells: flowCells }, { columnTotals: shared, total });
    const outcomeProtected = protectTable({ cells: outcomeCells }, { rowTotals: shared, total });
    const before = hidden.size + (total ? 1 : 0);
    for (let k = 0; k < receivers; k++)
      if (flowProtected.columnTotals[k]?.value === null || outcomeProtected.rowTotals[k]?.value === null)
        hidden.add(k);
    total = flowProtected.total.value === null || outcomeProtected.total.value === null;
    if (hidden.size + (total ? 1 : 0) === before) return { flowProtected, outcomeProtected };
  }
}

/** Employment's own report already hides 1 to 4 (as null); the same shape as ours here. */
const shownOf = (n: number | null): Shown =>
  n === null ? { value: null, suppressed: 'small' } : { value: n };

export type Overview = Awaited<ReturnType<typeof overview>>;
