import ExcelJS from 'exceljs';
import { toCsv } from '../directory/index.ts';
import { areas } from './model.ts';
import type { Partnership } from './self-assessment.ts';

/**
 * The partnership's self-assessments for a tender: one row per organisation and point (its rating
 * and evidence), in the reader's language; the XLSX adds the side-by-side summary and the action plans.
 */
type T = (key: string, values?: Record<string, unknown>) => string;

function pointRows(p: Partnership, t: T) {
  return p.flatMap((o) =>
    areas.flatMap((a) =>
      a.points.map((pt) => {
        const code = `${a.code}.${pt}`;
        const r = o.ratings[code];
        return {
          organisation: o.organisation,
          year: o.year,
          area: t(`commissioning.areas.${a.code}.title`),
          point: t(`commissioning.points.${code}`),
          rating: r ? t(`commissioning.ratings.${r.rating}`) : '',
          evidence: r?.evidence ?? '',
        };
      }),
    ),
  );
}

/** Text a spreadsheet would run as a formula (=, +, -, @ first) is written as text in a CSV. */
const asText = (v: unknown) => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

const heads = (t: T) =>
  ['organisation', 'year', 'area', 'point', 'rating', 'evidence'].map((h) => t(`commissioning.export.${h}`));

export function partnershipCsv(p: Partnership, t: T): string {
  const rows = pointRows(p, t);
  const h = heads(t);
  return toCsv(
    h,
    rows.map((r) => Object.fromEntries(Object.values(r).map((v, i) => [h[i] as string, asText(v)]))),
  );
}

export async function partnershipXlsx(p: Partnership, t: T): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  const summary = wb.addWorksheet(t('commissioning.export.summarySheet').slice(0, 31));
  summary.addRow([
    t('commissioning.export.organisation'),
    t('commissioning.export.year'),
    ...areas.map((a) => t(`commissioning.areas.${a.code}.title`)),
  ]);
  for (const o of p)
    summary.addRow([
      o.organisation,
      o.year,
      ...o.results.map((r) => t('commissioning.partnership.inPlace', { n: r.inPlace, of: r.points })),
    ]);
  const points = wb.addWorksheet(t('commissioning.export.pointsSheet').slice(0, 31));
  points.addRow(heads(t));
  for (const r of pointRows(p, t)) points.addRow(Object.values(r));
  const plan = wb.addWorksheet(t('commissioning.export.actionsSheet').slice(0, 31));
  plan.addRow(
    ['organisation', 'point', 'action', 'owner', 'dueOn', 'done'].map((h) => t(`commissioning.export.${h}`)),
  );
  for (const o of p)
    for (const a of o.actions)
      plan.addRow([
        o.organisation,
        a.point ? t(`commissioning.points.${a.point}`) : '',
        a.action,
        a.owner,
        a.dueOn,
        a.doneAt ? t('commissioning.export.yes') : t('commissioning.export.no'),
      ]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
