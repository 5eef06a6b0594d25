// The audit viewer names every action in plain English: each action the code records is on the
// viewer's list (its filter) and has an English label.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../../locales/en/admin.json' with { type: 'json' };
import { auditActions } from './audit-actions.ts';

const src = path.resolve(import.meta.dirname, '../..');
const files = (dir: string): string[] =>
  readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return files(p);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [p] : [];
  });

/** Action names in `audit(deps, tx, actor, 'x.y', ...)`, `audit(deps, tx, actor, id, 'x.y')` and `action: 'x'`. */
function recordedActions(): Set<string> {
  const found = new Set<string>();
  const patterns = [
    /\baudit\(\s*deps,\s*[\w.]+,\s*actor,\s*(?:id,\s*)?'([a-z][\w.-]*)'/g,
    /\baction(?::|\s*=)\s*(?:[^'`\n]*\?\s*)?'([a-z][a-z-]*(?:\.[a-z-]+)*)'/g,
    /\?\s*'([a-z]+-[a-z-]+)'\s*:\s*'([a-z]+-[a-z-]+)'/g,
  ];
  for (const f of files(src)) {
    const text = readFileSync(f, 'utf8');
    for (const p of patterns)
      for (const m of text.matchAll(p)) for (const a of m.slice(1)) if (a) found.add(a);
  }
  return found;
}

const labelOf = (action: string): unknown =>
  action.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)?.[k], en.admin.audit.actions);

describe('audit actions', () => {
  it('lists every action the code records', () => {
    const recorded = [...recordedActions()];
    expect(recorded.length).toBeGreaterThan(40);
    expect(recorded.filter((a) => !(auditActions as readonly string[]).includes(a))).toEqual([]);
  });

  it('has a plain English label for every listed action', () => {
    expect(auditActions.filter((a) => typeof labelOf(a) !== 'string')).toEqual([]);
  });
});
