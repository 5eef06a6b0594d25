// Issue 12 point 4: every date is typed as day, month and year (the GOV.UK date input, read by
// dates.ts), never through a browser's native picker, which renders mm/dd/yyyy in some browsers and
// reverses in right-to-left pages.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const src = path.resolve(import.meta.dirname, '../..');

function templates(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? templates(p) : e.name.endsWith('.njk') ? [p] : [];
  });
}

describe('date fields', () => {
  it('no template asks for a date through a native type="date" input', () => {
    const offenders = templates(src)
      .filter((f) => /type\s*[:=]\s*["']date["']|["']date["']\s*\)\s*}}/.test(readFileSync(f, 'utf8')))
      .map((f) => path.relative(src, f));
    expect(offenders).toEqual([]);
  });
});
