import { inflateSync } from 'node:zlib';

/**
 * Reads the text back out of a PDF written by pdfkit (one embedded font with a ToUnicode map, or
 * the built-in fonts), so tests can check what a generated PDF says. Not a general PDF parser.
 */
export function pdfText(pdf: Buffer): string {
  const raw = pdf.toString('latin1');
  const streams: string[] = [];
  for (const m of raw.matchAll(/stream\r?\n([\s\S]*?)\r?\nendstream/g)) {
    const bytes = Buffer.from(m[1]!, 'latin1');
    try {
      streams.push(inflateSync(bytes).toString('latin1'));
    } catch {
      streams.push(m[1]!);
    }
  }
  const map = new Map<number, string>();
  const hexChars = (h: string) => {
    let s = '';
    for (let i = 0; i + 4 <= h.length; i += 4)
      s += String.fromCharCode(Number.parseInt(h.slice(i, i + 4), 16));
    return s;
  };
  for (const s of streams.filter((x) => x.includes('begincmap'))) {
    for (const r of s.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
      const start = Number.parseInt(r[1]!, 16);
      let i = 0;
      for (const u of r[3]!.matchAll(/<([0-9a-f\s]+)>/gi))
        map.set(start + i++, hexChars(u[1]!.replace(/\s/g, '')));
    }
    for (const c of s.matchAll(/^<([0-9a-f]+)>\s*<([0-9a-f]+)>$/gim))
      map.set(Number.parseInt(c[1]!, 16), hexChars(c[2]!));
  }
  const decode = (hex: string) => {
    if (!map.size) return Buffer.from(hex, 'hex').toString('latin1');
    let s = '';
    for (let i = 0; i + 4 <= hex.length; i += 4) s += map.get(Number.parseInt(hex.slice(i, i + 4), 16)) ?? '';
    return s;
  };
  const lines: string[] = [];
  for (const s of streams.filter((x) => /T[jJ]/.test(x) && !x.includes('begincmap'))) {
    for (const op of s.matchAll(/\[([^\]]*)\]\s*TJ|<([0-9a-f]*)>\s*Tj/gi)) {
      const parts = op[1] !== undefined ? [...op[1].matchAll(/<([0-9a-f]*)>/gi)].map((p) => p[1]!) : [op[2]!];
      lines.push(parts.map(decode).join(''));
    }
  }
  return lines.join('\n');
}
