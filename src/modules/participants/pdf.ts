import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';
import type { SubjectAccessExport } from './rights.ts';

/**
 * A Unicode font when the machine has one (names in Arabic, Somali, Tigrinya... must print);
 * otherwise PDF's built-in Helvetica, which only covers Western European letters.
 */
const unicodeFonts = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
];
const fontFile = unicodeFonts.find((f) => existsSync(f));

type Translate = (key: string, values?: Record<string, unknown>) => string;

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

function show(v: unknown): string {
  if (v === null || v === undefined || v === '') return '—';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.length ? v.map(show).join(', ') : '—';
  if (isPlainObject(v)) return JSON.stringify(v);
  return String(v);
}

/**
 * Her subject access export as an accessible (tagged, en-GB) PDF: every section of the JSON export,
 * as headings and "label: value" paragraphs, so nothing held about her is left out.
 */
export function subjectAccessPdf(data: SubjectAccessExport, t: Translate): Promise<Buffer> {
  const name = data.participant.preferredName;
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    tagged: true,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: t('participants.export.pdfTitle', { name }), Author: 'Wayfinder' },
  } as PDFKit.PDFDocumentOptions);
  if (fontFile) doc.font(fontFile);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const section = doc.struct('Sect');
  doc.addStructure(section);
  const para = (text: string, size: number, tag: 'H1' | 'H2' | 'H3' | 'P') => {
    const el = doc.struct(tag, {}, () => {
      doc.fontSize(size).text(text);
    });
    section.add(el);
    el.end();
  };
  para(t('participants.export.pdfTitle', { name }), 18, 'H1');
  para(t('participants.export.pdfIntro', { date: data.exportedAt.slice(0, 10) }), 10, 'P');

  const writeObject = (obj: Record<string, unknown>) => {
    for (const [k, v] of Object.entries(obj)) {
      if (isPlainObject(v)) {
        para(k, 11, 'H3');
        writeObject(v);
      } else para(`${k}: ${show(v)}`, 10, 'P');
    }
  };
  for (const [key, value] of Object.entries(data)) {
    if (key === 'exportedAt') continue;
    para(key, 14, 'H2');
    if (Array.isArray(value)) {
      if (!value.length) para('—', 10, 'P');
      value.forEach((item, i) => {
        para(`${key} ${i + 1}`, 11, 'H3');
        if (isPlainObject(item)) writeObject(item);
        else para(show(item), 10, 'P');
      });
    } else if (isPlainObject(value)) writeObject(value);
    else para(show(value), 10, 'P');
  }
  section.end();
  doc.end();
  return done;
}
