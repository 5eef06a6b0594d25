import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import formats from 'ajv-formats';

const DIR = path.resolve(import.meta.dirname, '../../reference/360giving');
/** The files name draft 2020-12 by its http:// address, which ajv knows as https://: drop it (ajv is 2020-12). */
const read = (f: string) => {
  const { $schema: _draft, ...schema } = JSON.parse(readFileSync(path.join(DIR, f), 'utf8'));
  return schema;
};

/**
 * A validator for a 360Giving package (the shipped 1.4 schemas, offline). The package schema points
 * at the grant schema by its 1.4.2 address while the shipped grant schema calls itself 1.4.3, so
 * the grant schema is registered under the address the package uses. `strict: false` because the
 * standard adds its own keywords (codelist, rollUp, openCodelist).
 */
export function giving360Validator() {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its plugin is the module itself, or its `default` under some loaders.
  const addFormats = ((formats as unknown as { default?: unknown }).default ?? formats) as (
    a: Ajv2020,
  ) => Ajv2020;
  addFormats(ajv);
  const grant = read('360-giving-schema.json');
  const { $id: _id, ...rest } = grant;
  ajv.addSchema(
    rest,
    'https://raw.githubusercontent.com/ThreeSixtyGiving/standard/1.4.2/schema/360-giving-schema.json',
  );
  return ajv.compile(read('360-giving-package-schema.json'));
}

/** The codes a codelist CSV allows (its first column). */
export function codelist(name: string): Set<string> {
  const lines = readFileSync(path.join(DIR, 'codelists', name), 'utf8')
    .trim()
    .split('\n')
    .slice(1);
  return new Set(lines.map((l) => l.split(',')[0]!.replaceAll('"', '')));
}
