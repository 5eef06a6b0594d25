// `npm run geo:import-postcodes -- ONSPD.csv`: loads the ONS Postcode Directory into `postcodes`, so
// that place search finds postcodes offline. Safe to run again (postcodes are updated in place).
import { createReadStream, existsSync } from 'node:fs';
import path from 'node:path';
import { importPostcodes } from '../modules/directory/index.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const arg = process.argv[2];
  if (!arg) {
    process.stderr.write('Usage: npm run geo:import-postcodes -- path/to/ONSPD.csv\n');
    return 2;
  }
  const file = path.resolve(arg);
  if (!existsSync(file)) {
    process.stderr.write(`No such file: ${file}\n`);
    return 2;
  }
  const database = await openConfiguredDatabase();
  try {
    const tty = process.stdout.isTTY;
    const report = await importPostcodes(database.db, createReadStream(file), {
      onProgress: (n) => {
        if (tty) process.stdout.write(`\rImported ${n.toLocaleString('en-GB')} postcodes`);
      },
    });
    if (tty) process.stdout.write('\n');
    process.stdout.write(
      `Imported ${report.imported.toLocaleString('en-GB')} postcodes from ${file}; skipped ${report.skipped.toLocaleString('en-GB')}\n`,
    );
    for (const p of report.problems) process.stdout.write(`  line ${p.line}: ${p.reason}\n`);
  } finally {
    await database.close();
  }
  return 0;
});
