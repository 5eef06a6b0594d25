import { describe, expect, it } from 'vitest';
import { fields, tableNames } from './hsds.ts';
import { nestings } from './nesting.ts';

const field = (table: (typeof tableNames)[number], name: string) =>
  fields[table].find((f) => f.name === name);

describe('the HSDS nesting declaration', () => {
  it('names a foreign key that exists for every nesting', () => {
    for (const n of nestings) {
      const label = `${n.parent}.${n.key}`;
      const spec = n.many ? field(n.child, n.foreignKey) : field(n.parent, n.foreignKey);
      expect(spec?.kind, label).toBe('uuid');
      // A column without `fk` (taxonomy_term.taxonomy_id) stays in the JSON beside the nesting.
      expect([undefined, n.many ? n.parent : n.child], label).toContain(spec?.fk);
    }
  });

  it('declares a nesting for every foreign key the tables hold', () => {
    for (const table of tableNames)
      for (const spec of fields[table].filter((f) => f.fk)) {
        const covered = nestings.some((n) =>
          n.many
            ? n.child === table && n.parent === spec.fk && n.foreignKey === spec.name
            : n.parent === table && n.child === spec.fk && n.foreignKey === spec.name,
        );
        expect(covered, `${table}.${spec.name}`).toBe(true);
      }
  });

  it('uses each JSON key once per parent', () => {
    const keys = nestings.map((n) => `${n.parent}.${n.key}`);
    expect(new Set(keys).size).toBe(keys.length);
  });
});
