import { existsSync } from 'node:fs';
import PDFDocument from 'pdfkit';

/**
 * A Unicode font when the machine has one (names in Arabic, Somali, Tigrinya... must print);
 * otherwise PDF's built-in Helvetica, which only covers Western European letters.
 */
export const unicodeFont = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf',
  '/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
].find((f) => existsSync(f));

/**
 * An accessible A4 document: tagged, in `lang`, showing `title` as its title, in the Unicode font.
 * `done` resolves with the bytes once the caller has ended the document.
 */
export function taggedPdf(o: { title: string; lang: string; pdfVersion?: '1.7' }): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
} {
  const doc = new PDFDocument({
    size: 'A4',
    margin: 50,
    ...(o.pdfVersion ? { pdfVersion: o.pdfVersion } : {}),
    tagged: true,
    lang: o.lang,
    displayTitle: true,
    info: { Title: o.title, Author: 'Wayfinder' },
  } as PDFKit.PDFDocumentOptions);
  if (unicodeFont) doc.font(unicodeFont);
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return { doc, done };
}
