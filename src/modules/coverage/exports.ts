/**
 * Coverage exports: the matrix as CSV (one row per area) and XLSX (exceljs), the map as a standalone
 * SVG and as PNG (rendered from that SVG by resvg, a prebuilt binary shipped inside its npm package),
 * and a printable, tagged PDF summary (pdfkit) with the map and the attribution.
 */
import { Resvg } from '@resvg/resvg-js';
import ExcelJS from 'exceljs';
import { taggedPdf, unicodeFont } from '../../platform/pdf.ts';
import { toCsv } from '../directory/index.ts';
import type { Priority, Selection } from './model.ts';
import type { Overview } from './service.ts';
import { standaloneMapSvg } from './svg.ts';
import { classLabels, domainList, headlineText, type Translate, termName, whatPhrase } from './text.ts';

export interface ExportContext {
  t: Translate;
  lang: string;
  /** When the figures were computed (shown in the exports). */
  at: Date;
}

const dateText = (d: Date, lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, {
    dateStyle: 'long',
    timeZone: 'Europe/London',
  }).format(d);

export const attributionLines = (c: ExportContext) => [
  c.t('coverage.map.attribution'),
  c.t('coverage.map.directorySource', { date: dateText(c.at, c.lang) }),
];

/** Column names of the CSV: fixed, machine-friendly (need codes as the taxonomy spells them). */
export function csvColumns(s: Selection): string[] {
  return ['area_code', 'area_name', 'area_type', ...s.domains, 'needs_covered', 'needs_chosen', 'services'];
}

export function coverageCsv(o: Overview): string {
  const s = o.selection;
  return toCsv(
    csvColumns(s),
    o.rows.map((r) => ({
      area_code: r.code,
      area_name: r.name,
      area_type: r.type,
      ...r.counts,
      needs_covered: r.covered,
      needs_chosen: s.domains.length,
      services: r.services,
    })),
  );
}

export async function coverageXlsx(o: Overview, c: ExportContext): Promise<Buffer> {
  const { t, lang } = c;
  const s = o.selection;
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Wayfinder';
  wb.created = c.at;
  const sheet = wb.addWorksheet(t('coverage.sheet.coverage'), {
    views: [{ state: 'frozen', ySplit: 1, xSplit: 2 }],
  });
  sheet.columns = [
    { header: t('coverage.matrix.code'), key: 'code', width: 12 },
    { header: t('coverage.matrix.area'), key: 'name', width: 34 },
    { header: t('coverage.sheet.type'), key: 'type', width: 22 },
    ...s.domains.map((d) => ({ header: termName(d, t), key: `d:${d}`, width: 16 })),
    { header: t('coverage.matrix.covered'), key: 'covered', width: 14 },
    { header: t('coverage.matrix.services'), key: 'services', width: 12 },
    { header: t('coverage.sheet.allDomains'), key: 'all', width: 18 },
  ];
  for (const r of o.rows)
    sheet.addRow({
      code: r.code,
      name: r.name,
      type: t(`coverage.types.${r.type}`),
      ...Object.fromEntries(s.domains.map((d) => [`d:${d}`, r.counts[d] ?? 0])),
      covered: r.covered,
      services: r.services,
      all: r.covered === s.domains.length ? t('common.yes') : t('common.no'),
    });
  sheet.getRow(1).font = { bold: true };
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: sheet.columns.length } };

  const about = wb.addWorksheet(t('coverage.sheet.about'));
  about.getColumn(1).width = 120;
  const text = headlineText(o.headline, s, t, lang);
  const lines = [
    t('coverage.summary.title'),
    t('coverage.summary.generated', { date: dateText(c.at, lang) }),
    t('coverage.summary.counted', { what: whatPhrase(s, t, lang), domains: domainList(s, t, lang) }),
    '',
    text.all,
    text.some,
    ...text.perDomain,
    text.services,
    '',
    ...attributionLines(c),
  ];
  for (const l of lines) about.addRow([l]);
  about.getRow(1).font = { bold: true, size: 14 };
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The map as a self-contained SVG document. */
export function coverageMapSvg(o: Overview, c: ExportContext): string {
  const { t, lang } = c;
  const s = o.selection;
  const text = headlineText(o.headline, s, t, lang);
  return standaloneMapSvg({
    areas: o.rows,
    classes: o.classes,
    classLabels: classLabels(o.classes, s.domains.length, t),
    title: t('coverage.summary.title'),
    subtitle: [
      t('coverage.summary.counted', { what: whatPhrase(s, t, lang), domains: domainList(s, t, lang) }),
      text.all,
    ],
    legendTitle: t('coverage.map.legend'),
    insetLabel: t('coverage.map.inset'),
    attribution: attributionLines(c),
  });
}

/** The map as PNG, twice the SVG's size for print. */
export function svgToPng(svg: string, width = 1040): Buffer {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'width', value: width },
    background: '#ffffff',
    font: {
      loadSystemFonts: !unicodeFont,
      ...(unicodeFont ? { fontFiles: [unicodeFont] } : {}),
      defaultFontFamily: 'DejaVu Sans',
    },
  });
  return Buffer.from(resvg.render().asPng());
}

export function coveragePdf(
  o: Overview,
  ranked: Priority[] | null,
  measure: { label: string; source: string } | null,
  c: ExportContext,
) {
  const { t, lang } = c;
  const s = o.selection;
  const { doc, done } = taggedPdf({ title: t('coverage.summary.title'), lang: 'en-GB' });
  const section = doc.struct('Sect');
  doc.addStructure(section);
  const para = (text: string, size: number, tag: 'H1' | 'H2' | 'P') => {
    const el = doc.struct(tag, {}, () => {
      doc.fontSize(size).text(text);
    });
    section.add(el);
    el.end();
    doc.moveDown(tag === 'P' ? 0.3 : 0.5);
  };
  const text = headlineText(o.headline, s, t, lang);
  para(t('coverage.summary.title'), 18, 'H1');
  para(t('coverage.summary.generated', { date: dateText(c.at, lang) }), 10, 'P');
  para(
    t('coverage.summary.counted', { what: whatPhrase(s, t, lang), domains: domainList(s, t, lang) }),
    10,
    'P',
  );
  para(t('coverage.headline.heading'), 14, 'H2');
  for (const line of [text.all, text.some, text.services]) para(line, 11, 'P');
  para(t('coverage.headline.perDomainHeading'), 14, 'H2');
  for (const line of text.perDomain) para(line, 11, 'P');

  // The map, as an image with a text alternative.
  const png = svgToPng(coverageMapSvg(o, c), 1040);
  doc.addPage();
  const alt = t('coverage.summary.mapAlt', { all: o.headline.allDomains, none: o.headline.none });
  const figure = doc.struct('Figure', { alt }, () => {
    doc.image(png, { fit: [495, 700], align: 'center' });
  });
  section.add(figure);
  figure.end();

  if (ranked && measure) {
    doc.addPage();
    const top = ranked.filter((p) => p.need !== null).slice(0, 20);
    para(t('coverage.summary.prioritiesHeading', { count: top.length }), 14, 'H2');
    const nf = new Intl.NumberFormat(lang === 'en' ? 'en-GB' : lang);
    for (const p of top)
      para(
        t('coverage.summary.priorityLine', {
          rank: p.rank,
          name: p.row.name,
          services: p.row.services,
          need: nf.format(p.need!),
          measure: measure.label.toLowerCase(),
        }),
        10,
        'P',
      );
  }
  para(t('coverage.summary.sources'), 14, 'H2');
  for (const line of [...attributionLines(c), ...(measure ? [measure.source] : [])]) para(line, 10, 'P');
  section.end();
  doc.end();
  return done;
}
