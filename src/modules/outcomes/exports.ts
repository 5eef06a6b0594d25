import ExcelJS from 'exceljs';
import { taggedPdf } from '../../platform/pdf.ts';
import type { Shown } from '../../platform/reporting/suppression.ts';
import { toCsv } from '../directory/index.ts';
import type { PublishedLine } from './figures.ts';
import type { OutcomesReport } from './report.ts';

export type Translate = (key: string, values?: Record<string, unknown>) => string;

/** A protected count as text: the number, "fewer than 5", or "hidden" (never the count itself). */
export const cellText = (s: Shown | null, t: Translate) =>
  s === null ? '' : s.value !== null ? String(s.value) : t(`outcomes.report.${s.suppressed}`);

export const percentText = (l: PublishedLine, t: Translate) =>
  l.percent !== null
    ? `${l.percent}%`
    : l.atLeast?.percent !== undefined && l.atLeast.percent !== null
      ? t('outcomes.report.atLeastPercent', { percent: l.atLeast.percent })
      : t('outcomes.report.notShown');

/** The name of a group: an organisation, programme or area by name; codes through the locale. */
export function groupText(r: OutcomesReport, grp: string, t: Translate) {
  if (grp === 'all') return t('outcomes.report.all');
  if (grp === 'total') return t('outcomes.report.total');
  if (grp === 'unknown' || grp === 'none') return t(`outcomes.report.${grp}`);
  return r.names[grp] ?? grp;
}

const columns = [
  'indicator',
  'rule',
  'source',
  'group',
  'numerator',
  'not',
  'n',
  'percent',
  'no_follow_up',
  'invited',
  'response_rate',
] as const;

/** Every published line of the report, as flat rows with the rule beside each (CSV, XLSX). */
export function reportRows(r: OutcomesReport, t: Translate) {
  const rows: Record<(typeof columns)[number], string>[] = [];
  for (const s of r.sections) {
    const title = t(`outcomes.indicators.${s.def.id}.title`);
    const rule = t(`outcomes.indicators.${s.def.id}.rule`);
    const lines = s.figure.lines.length > 1 ? [...s.figure.lines, s.figure.total] : s.figure.lines;
    for (const l of lines)
      rows.push({
        indicator: title,
        rule,
        source: t(`outcomes.sources.${s.def.source}`),
        group: groupText(r, l.grp, t),
        numerator:
          l.yes.value === null && l.atLeast
            ? t('outcomes.report.atLeast', { count: l.atLeast.count })
            : cellText(l.yes, t),
        not: cellText(l.no, t),
        n: cellText(l.base, t),
        percent: percentText(l, t),
        no_follow_up: cellText(l.pending, t),
        invited: cellText(l.invited, t),
        response_rate: l.responseRate === null ? '' : `${l.responseRate}%`,
      });
    for (const d of s.declines?.lines ?? [])
      rows.push({
        indicator: t('outcomes.report.declinesTitle'),
        rule: t('outcomes.report.declinesRule'),
        source: t('outcomes.sources.records'),
        group: t(`outcomes.declineReasons.${d.grp}`),
        numerator: cellText(d.n, t),
        not: '',
        n: '',
        percent: '',
        no_follow_up: '',
        invited: '',
        response_rate: '',
      });
  }
  return rows;
}

export const filterLine = (r: OutcomesReport, t: Translate) =>
  t('outcomes.report.filterLine', {
    from: r.filter.from,
    to: r.filter.to,
    organisation: r.filter.organisationId
      ? (r.names[r.filter.organisationId] ?? '')
      : t('outcomes.report.partnership'),
    programme: r.filter.programmeId
      ? (r.names[r.filter.programmeId] ?? '')
      : t('outcomes.report.allProgrammes'),
    area: r.filter.area ? (r.names[r.filter.area] ?? r.filter.area) : t('outcomes.report.allAreas'),
  });

export function reportCsv(r: OutcomesReport, t: Translate) {
  const header = Object.fromEntries(columns.map((c) => [c, t(`outcomes.report.columns.${c}`)]));
  return toCsv(columns, [header, ...reportRows(r, t)]);
}

export async function reportXlsx(r: OutcomesReport, t: Translate): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  const ws = wb.addWorksheet(t('outcomes.report.title').slice(0, 31));
  ws.addRow([filterLine(r, t)]);
  ws.addRow(columns.map((c) => t(`outcomes.report.columns.${c}`)));
  for (const row of reportRows(r, t)) ws.addRow(columns.map((c) => row[c]));
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/**
 * The report as a tagged, accessible PDF: headings, each indicator's rule and n printed, and each
 * figure as a real table (TH/TD), so a screen reader reads what the page shows.
 */
export function reportPdf(r: OutcomesReport, t: Translate, lang: string) {
  const { doc, done } = taggedPdf({
    title: t('outcomes.report.title'),
    lang: lang === 'ar' ? 'ar' : 'en-GB',
  });
  const section = doc.struct('Sect');
  doc.addStructure(section);
  const para = (text: string, size: number, tag: 'H1' | 'H2' | 'P') => {
    const el = doc.struct(tag, {}, () => {
      doc.fontSize(size).text(text, { width: 495 });
    });
    section.add(el);
    el.end();
    doc.moveDown(tag === 'P' ? 0.3 : 0.5);
  };
  const widths = [150, 70, 70, 55, 65, 85];
  const table = (head: string[], body: string[][]) => {
    const tbl = doc.struct('Table');
    section.add(tbl);
    for (const [i, cells] of [head, ...body].entries()) {
      if (doc.y > 760) doc.addPage();
      const y = doc.y;
      let x = 50;
      let bottom = y;
      const tr = doc.struct('TR');
      tbl.add(tr);
      for (const [j, text] of cells.entries()) {
        const w = widths[j] ?? 60;
        const cell = doc.struct(i === 0 ? 'TH' : 'TD', {}, () => {
          doc.fontSize(9).text(text, x, y, { width: w - 6 });
        });
        tr.add(cell);
        cell.end();
        bottom = Math.max(bottom, doc.y);
        x += w;
      }
      tr.end();
      doc.x = 50;
      doc.y = bottom + 4;
    }
    tbl.end();
    doc.moveDown(0.5);
  };
  para(t('outcomes.report.title'), 18, 'H1');
  para(filterLine(r, t), 10, 'P');
  para(t('outcomes.report.suppressionNote'), 10, 'P');
  for (const s of r.sections) {
    if (doc.y > 650) doc.addPage();
    para(t(`outcomes.indicators.${s.def.id}.title`), 13, 'H2');
    para(`${t('outcomes.report.rule')}: ${t(`outcomes.indicators.${s.def.id}.rule`)}`, 9, 'P');
    para(`${t('outcomes.report.source')}: ${t(`outcomes.sources.${s.def.source}`)}`, 9, 'P');
    const lines = s.figure.lines.length > 1 ? [...s.figure.lines, s.figure.total] : s.figure.lines;
    table(
      ['group', 'numerator', 'n', 'percent', 'no_follow_up', 'response_rate'].map((c) =>
        t(`outcomes.report.columns.${c}`),
      ),
      lines.map((l) => [
        groupText(r, l.grp, t),
        l.yes.value === null && l.atLeast
          ? t('outcomes.report.atLeast', { count: l.atLeast.count })
          : cellText(l.yes, t),
        cellText(l.base, t),
        percentText(l, t),
        cellText(l.pending, t),
        l.responseRate === null ? '' : `${l.responseRate}%`,
      ]),
    );
    if (s.declines?.lines.length)
      table(
        [t('outcomes.report.declineReason'), t('outcomes.report.columns.numerator')],
        s.declines.lines.map((d) => [t(`outcomes.declineReasons.${d.grp}`), cellText(d.n, t)]),
      );
  }
  section.end();
  doc.end();
  return done;
}
