/**
 * RFC 4180 CSV, as the HSDS tabular data package uses it: comma-separated, fields quoted with double
 * quotes when they contain a comma, quote, CR or LF; a header row; UTF-8 (a leading BOM is ignored).
 */

/** Parses CSV text into rows of fields. Accepts CRLF or LF line ends; a trailing newline adds no row. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
  let fieldStarted = false;
  while (i < n) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
        i++;
        continue;
      }
      field += c;
      i++;
      continue;
    }
    if (c === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
      i++;
      continue;
    }
    if (c === ',') {
      row.push(field);
      field = '';
      fieldStarted = false;
      i++;
      continue;
    }
    if (c === '\r' || c === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      fieldStarted = false;
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
      continue;
    }
    field += c;
    fieldStarted = true;
    i++;
  }
  if (quoted) throw new Error('CSV ends inside a quoted field');
  if (fieldStarted || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows.filter((r) => !(r.length === 1 && r[0] === ''));
}

/** Parses CSV with a header row into objects keyed by column name. Empty cells become absent keys. */
export function parseCsvObjects(text: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text);
  if (!header) return [];
  const names = header.map((h) => h.trim());
  return rows.map((r, line) => {
    if (r.length > names.length)
      throw new Error(`row ${line + 2} has ${r.length} fields, the header has ${names.length}`);
    const o: Record<string, string> = {};
    names.forEach((name, j) => {
      const v = r[j];
      if (v !== undefined && v !== '') o[name] = v;
    });
    return o;
  });
}

function quote(value: unknown): string {
  if (value === null || value === undefined) return '';
  const s = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Writes rows (objects) as CSV with the given columns in order; CRLF line ends as RFC 4180 says. */
export function toCsv(columns: readonly string[], rows: Iterable<Record<string, unknown>>): string {
  const out = [columns.map(quote).join(',')];
  for (const r of rows) out.push(columns.map((c) => quote(r[c])).join(','));
  return `${out.join('\r\n')}\r\n`;
}
