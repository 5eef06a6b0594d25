import { describe, expect, it } from 'vitest';
import {
  architectureViolations,
  type ImportEdge,
  importViolations,
  sourceImports,
  templateViolations,
} from './support/architecture.ts';

const edge = (from: string, to: string): ImportEdge => ({ from, specifier: to, to });

describe('module front doors (docs/ARCHITECTURE.md)', () => {
  it('every import in src/ and every shared template goes through a front door', async () => {
    expect(await architectureViolations()).toEqual([]);
  });

  it('reads the imports of every kind (sanity: the scan sees the app and its doors)', () => {
    const fromApp = sourceImports().filter((e) => e.from === 'src/app.ts');
    expect(fromApp.map((e) => e.to)).toContain('src/modules/directory/index.ts');
  });

  it('refuses a side door into another module, naming the file, the import and the door', () => {
    const [message, ...rest] = importViolations([
      {
        from: 'src/modules/casework/routes.ts',
        specifier: '../directory/search.ts',
        to: 'src/modules/directory/search.ts',
      },
    ]);
    expect(rest).toEqual([]);
    expect(message).toContain('src/modules/casework/routes.ts');
    expect(message).toContain("'../directory/search.ts'");
    expect(message).toContain('src/modules/directory/index.ts');
  });

  it('lets a module in by its door, and a module reach its own sub-folders', () => {
    expect(
      importViolations([
        edge('src/modules/casework/routes.ts', 'src/modules/directory/index.ts'),
        edge('src/modules/casework/appointments/service.ts', 'src/modules/casework/deps.ts'),
        edge('src/modules/casework/index.ts', 'src/modules/casework/appointments/routes.ts'),
      ]),
    ).toEqual([]);
  });

  it("refuses a module file going through its own door (a cycle), appointments being casework's", () => {
    expect(
      importViolations([
        edge('src/modules/casework/appointments/service.ts', 'src/modules/casework/index.ts'),
      ]),
    ).toHaveLength(1);
  });

  it('refuses the platform importing any module, even by its door', () => {
    expect(
      importViolations([
        edge('src/platform/http/web.ts', 'src/modules/participants/index.ts'),
        edge('src/platform/views/index.ts', 'src/modules/home/routes.ts'),
        edge('src/platform/db/backup.ts', 'src/app.ts'),
      ]),
    ).toHaveLength(3);
  });

  it('refuses src/ code importing tests/ or bench/; a test under src/ may import tests/support only', () => {
    expect(
      importViolations([
        edge('src/modules/directory/service.ts', 'tests/support/app.ts'),
        edge('src/platform/db/index.ts', 'bench/generate.ts'),
        edge('src/modules/casework/contacts.test.ts', 'tests/e2e/journeys.ts'),
        edge('src/modules/casework/contacts.test.ts', 'bench/generate.ts'),
      ]),
    ).toHaveLength(4);
    expect(importViolations([edge('src/modules/casework/contacts.test.ts', 'tests/support/app.ts')])).toEqual(
      [],
    );
  });

  it('lets tests and bench import module internals: they are not modules', () => {
    expect(
      importViolations([
        edge('src/platform/http/headers.test.ts', 'src/modules/casework/schema.ts'),
        edge('tests/authorisation/matrix.test.ts', 'src/modules/directory/demo.ts'),
        edge('bench/coverage.bench.ts', 'src/modules/directory/coverage/query.ts'),
      ]),
    ).toEqual([]);
  });

  it('refuses app.ts importing more than one file of a module, or anything but its door', () => {
    const found = importViolations([
      edge('src/app.ts', 'src/modules/directory/index.ts'),
      edge('src/app.ts', 'src/modules/directory/geo/geocoder.ts'),
    ]);
    expect(found).toHaveLength(2);
    expect(found.join('\n')).toContain('imports 2 files of the directory module');
  });

  it("refuses a template of another module unless that module's door shares it", () => {
    const shared = { participants: ['participants/views/_safe-contact.njk'], casework: [] };
    expect(
      templateViolations(
        [
          { from: 'src/modules/casework/views/_her.njk', template: 'participants/views/_safe-contact.njk' },
          { from: 'src/modules/casework/views/plan.njk', template: 'casework/views/_plan.njk' },
          { from: 'src/modules/casework/views/plan.njk', template: 'govuk/components/button/macro.njk' },
        ],
        shared,
      ),
    ).toEqual([]);
    const [message] = templateViolations(
      [{ from: 'src/modules/casework/views/x.njk', template: 'participants/views/record.njk' }],
      shared,
    );
    expect(message).toContain('src/modules/participants/index.ts');
  });
});
