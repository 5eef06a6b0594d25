/** The Open Referral reference examples (reference/open-referral, copied from ../shared), for tests and benchmarks. */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';

// A copy of ../shared/reference/open-referral (CC BY-SA 4.0, see its ORIGIN.md), so tests need nothing outside the repo.
export const REF = path.resolve(import.meta.dirname, '../../../../reference/open-referral');

/** Every HSDS 3.0 and ORUK 3.0 example file (not the OpenAPI documents) and the two CSV data packages. */
export const exampleSources: string[] = existsSync(REF)
  ? [
      ...['hsds3-examples', 'oruk3-examples'].flatMap((dir) =>
        readdirSync(path.join(REF, dir))
          .filter((f) => f.endsWith('.json') && !f.startsWith('_'))
          .map((f) => path.join(dir, f)),
      ),
      'hsds3-examples/csv',
      'oruk3-examples/csv',
    ]
  : [];
