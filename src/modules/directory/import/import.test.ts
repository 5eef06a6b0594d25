import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../../../tests/support/database.ts';
import { createAuditService } from '../../../platform/audit/service.ts';
import type { Database } from '../../../platform/db/index.ts';
import { importDirectory } from './run.ts';

const REF = path.resolve(import.meta.dirname, '../../../../../shared/reference/open-referral');
const jsonExamples = ['hsds3-examples', 'oruk3-examples'].flatMap((dir) =>
  readdirSync(path.join(REF, dir))
    .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
    .map((f) => path.join(dir, f)),
);

let database: Database;
beforeAll(async () => {
  database = await freshDatabase();
});
afterAll(() => database.close());

describe('importing the Open Referral examples', () => {
  for (const file of [...jsonExamples, 'hsds3-examples/csv', 'oruk3-examples/csv']) {
    it(`imports ${file} with nothing rejected`, async () => {
      const deps = { db: database.db, audit: createAuditService(database.db) };
      const report = await importDirectory(deps, path.join(REF, file));
      expect(report.rejected).toEqual([]);
      console.log(file, report.records, report.byKind, report.warnings);
    });
  }
});
