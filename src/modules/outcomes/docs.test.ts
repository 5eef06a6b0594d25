import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indicators } from './indicators.ts';

const doc = readFileSync(new URL('../../../docs/OUTCOMES.md', import.meta.url), 'utf8');
const en = JSON.parse(readFileSync(new URL('../../../locales/en/outcomes.json', import.meta.url), 'utf8'))
  .outcomes.indicators as Record<string, { title: string; rule: string }>;

describe('docs/OUTCOMES.md', () => {
  it.each(indicators.map((d) => d.id))('gives the rule of %s as the reports print it', (id) => {
    expect(en[id]?.rule).toBeTruthy();
    expect(doc).toContain(`\`${id}\``);
    expect(doc).toContain(en[id]!.rule);
  });
});
