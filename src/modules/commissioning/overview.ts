import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import {
  type ProtectedTable,
  protectCount,
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
  const flowTable: Labelled<ProtectedTable> | null = senders.length
    ? {
        labels: senders.map(([, name]) => name),
        columns: receivers.map(([, name]) => name),
        table: protectTable({ cells: flowCells }),
      }
    : null;

  // What became of them, by receiving organisation (off the platform left out: no answer is recorded).
  const onPlatform = receivers.filter(([id]) => id !== '');
  const outcomeTable: Labelled<ProtectedTable> | null = onPlatform.length
    ? {
        labels: onPlatform.map(([, name]) => name),
        columns: [...outcomeColumns],
        table: protectTable({
          cells: onPlatform.map(([to]) =>
            outcomeColumns.map((c) => sum(flows.filter((f) => f.toId === to).map((f) => f[c]))),
          ),
        }),
      }
    : null;
  // A median stands for one woman's referral when only a few were answered: shown from 5 answers up.
  const answerTimes = onPlatform.map(([to, name]) => {
    const t = times.find((x) => x.toId === to);
    return {
      organisation: name,
      answered: protectCount(t?.answered ?? 0),
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

/** Employment's own report already hides 1 to 4 (as null); the same shape as ours here. */
const shownOf = (n: number | null): Shown =>
  n === null ? { value: null, suppressed: 'small' } : { value: n };

export type Overview = Awaited<ReturnType<typeof overview>>;
