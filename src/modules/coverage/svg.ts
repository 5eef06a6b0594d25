/**
 * The choropleth as SVG text: inline in the page (each area a link with an accessible name, London's
 * areas as links in the inset) or standalone for the SVG and PNG exports (no links; legend, title
 * and the ONS/OS attribution drawn in). Colours are `fill` attributes (allowed by the strict CSP,
 * unlike style attributes); focus and hover styles live in assets/scss/_coverage.scss.
 */
import { isLondon, type MapGeometry, mapGeometry } from './geo.ts';
import { classOf, type MapClass } from './model.ts';

export const escapeXml = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export interface MapArea {
  code: string;
  name: string;
  covered: number;
}

export interface InlineMapOptions {
  areas: readonly MapArea[];
  classes: readonly MapClass[];
  /** The link of an area's profile. */
  href: (code: string) => string;
  /** The accessible name of an area's link, e.g. "Hartlepool: 3 of 5 domains". */
  label: (area: MapArea) => string;
  title: string;
  insetLabel: string;
}

const BORDER = '#505a5f';

function fills(areas: readonly MapArea[], classes: readonly MapClass[]) {
  return new Map(
    areas.map((a) => [a.code, classes[Math.max(0, classOf(classes, a.covered))]?.colour ?? '#ffffff']),
  );
}

function insetFrame(g: MapGeometry, insetLabel: string): string {
  const { x, y, width, height } = g.inset;
  return (
    `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="#ffffff" stroke="#0b0c0c"/>` +
    `<text x="${x + 6}" y="${y + height - 6}" font-size="11" fill="#0b0c0c">${escapeXml(insetLabel)}</text>`
  );
}

/** The map for the page: keyboard-reachable links, one per area. */
export function inlineMapSvg(o: InlineMapOptions): string {
  const g = mapGeometry();
  const fill = fills(o.areas, o.classes);
  const byCode = new Map(o.areas.map((a) => [a.code, a]));
  const link = (code: string, d: string) => {
    const area = byCode.get(code);
    if (!area) return `<path d="${d}" fill="#ffffff" stroke="${BORDER}" stroke-width=".4"/>`;
    const label = escapeXml(o.label(area));
    return `<a href="${escapeXml(o.href(code))}" aria-label="${label}"><title>${label}</title><path d="${d}" fill="${fill.get(code)}" stroke="${BORDER}" stroke-width=".4"/></a>`;
  };
  const main = g.shapes.filter((s) => !isLondon(s.code));
  const londonBackdrop = g.shapes
    .filter((s) => isLondon(s.code))
    .map(
      (s) =>
        `<path d="${s.d}" fill="${fill.get(s.code) ?? '#ffffff'}" stroke="${BORDER}" stroke-width=".2"/>`,
    )
    .join('');
  return (
    `<svg class="app-coverage-map" viewBox="0 0 ${g.width} ${g.height}" width="${g.width}" height="${g.height}" role="group" aria-labelledby="coverage-map-title" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="coverage-map-title">${escapeXml(o.title)}</title>` +
    `<g aria-hidden="true">${londonBackdrop}</g>` +
    `<g>${main.map((s) => link(s.code, s.d)).join('')}</g>` +
    `<g aria-hidden="true">${insetFrame(g, o.insetLabel)}</g>` +
    `<g>${g.inset.shapes.map((s) => link(s.code, s.d)).join('')}</g>` +
    `</svg>`
  );
}

export interface StandaloneMapOptions {
  areas: readonly MapArea[];
  classes: readonly MapClass[];
  /** One label per class, e.g. "None", "1 domain", "All 5 domains". */
  classLabels: readonly string[];
  title: string;
  /** Lines under the title: what was counted. */
  subtitle: readonly string[];
  legendTitle: string;
  insetLabel: string;
  attribution: readonly string[];
}

const FONT = 'DejaVu Sans, Noto Sans, Liberation Sans, Arial, sans-serif';

/** Wraps text to lines of at most `max` characters, at spaces. */
export function wrap(text: string, max: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > max) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

/** A self-contained SVG document: title, map, legend and attribution (for download and PNG). */
export function standaloneMapSvg(o: StandaloneMapOptions): string {
  const g = mapGeometry();
  const fill = fills(o.areas, o.classes);
  const width = g.width;
  const top = 16;
  const titleLines = wrap(o.title, 56);
  const subtitleLines = o.subtitle.flatMap((s) => wrap(s, 76));
  const headerHeight = top + titleLines.length * 20 + subtitleLines.length * 14 + 8;
  const legendTop = headerHeight + g.height + 10;
  const legendRows = Math.ceil(o.classes.length / 3);
  const attributionLines = o.attribution.flatMap((a) => wrap(a, 84));
  const height = legendTop + 18 + legendRows * 20 + 10 + attributionLines.length * 13 + 10;
  const text = (x: number, y: number, size: number, s: string, weight = 'normal') =>
    `<text x="${x}" y="${y}" font-size="${size}" font-weight="${weight}" fill="#0b0c0c">${escapeXml(s)}</text>`;
  let out = `<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" font-family="${FONT}" role="img" aria-labelledby="title">`;
  out += `<title id="title">${escapeXml(o.title)}</title>`;
  out += `<rect width="${width}" height="${height}" fill="#ffffff"/>`;
  let y = top;
  for (const l of titleLines) {
    y += 16;
    out += text(8, y, 15, l, 'bold');
  }
  y += 4;
  for (const l of subtitleLines) {
    y += 14;
    out += text(8, y, 11, l);
  }
  out += `<g transform="translate(0 ${headerHeight})">`;
  out += g.shapes
    .map(
      (s) =>
        `<path d="${s.d}" fill="${fill.get(s.code) ?? '#ffffff'}" stroke="${BORDER}" stroke-width=".4"/>`,
    )
    .join('');
  out += insetFrame(g, o.insetLabel);
  out += g.inset.shapes
    .map(
      (s) =>
        `<path d="${s.d}" fill="${fill.get(s.code) ?? '#ffffff'}" stroke="${BORDER}" stroke-width=".5"/>`,
    )
    .join('');
  out += '</g>';
  out += text(8, legendTop + 12, 12, o.legendTitle, 'bold');
  o.classes.forEach((c, i) => {
    const col = i % 3;
    const row = Math.floor(i / 3);
    const x = 8 + col * 170;
    const ly = legendTop + 20 + row * 20;
    out += `<rect x="${x}" y="${ly}" width="16" height="14" fill="${c.colour}" stroke="#0b0c0c" stroke-width=".5"/>`;
    out += text(x + 22, ly + 11, 11, o.classLabels[i] ?? '');
  });
  let ay = legendTop + 18 + legendRows * 20 + 12;
  for (const l of attributionLines) {
    out += text(8, ay, 10, l);
    ay += 13;
  }
  return `${out}</svg>\n`;
}
