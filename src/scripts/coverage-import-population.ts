// `npm run coverage:import-population -- FILE.csv [--id born-outside-uk] [--label "..."] [--source "..."]
// [--column value]`: loads population figures per area for the coverage module's "where to act
// first" (docs/coverage.md), replacing that measure's figures. Without options it loads the file as the
// default measure (residents born outside the UK), taking the value from the `value` column.
import { readFileSync } from 'node:fs';
import { DEFAULT_MEASURE, importPopulation, parsePopulationCsv } from '../modules/coverage/index.ts';
import { createDirectoryReads } from '../modules/directory/index.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

function option(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
}

await runTool(async () => {
  const args = process.argv.slice(2);
  const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
  if (!file) {
    process.stderr.write(
      'Usage: npm run coverage:import-population -- FILE.csv [--id ID] [--label LABEL] [--source SOURCE] [--column COLUMN]\n' +
        'The CSV has a header row with code, name and value columns (see docs/coverage.md).\n',
    );
    return 2;
  }
  const parsed = parsePopulationCsv(readFileSync(file, 'utf8'), { column: option(args, 'column') });
  const database = await openConfiguredDatabase();
  try {
    const result = await importPopulation(
      { db: database.db, directory: createDirectoryReads({ db: database.db }) },
      {
        id: option(args, 'id') ?? DEFAULT_MEASURE,
        label: option(args, 'label') ?? 'Residents born outside the UK (Census 2021)',
        source:
          option(args, 'source') ??
          'Source: Office for National Statistics, Census 2021, licensed under the Open Government Licence v.3.0.',
      },
      parsed,
    );
    process.stdout.write(`Loaded figures for ${result.loaded} areas from ${file}\n`);
    for (const r of result.rejected)
      process.stdout.write(`  rejected${r.line ? ` line ${r.line}` : ''}: ${r.reason}\n`);
    return 0;
  } finally {
    await database.close();
  }
});
