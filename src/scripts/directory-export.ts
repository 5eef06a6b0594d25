// `npm run directory:export -- <out.json | out-dir> [--page] [--include-withheld]`
// Exports the whole directory: to a .json file as an array of HSDS 3.0 service_full objects (or with
// --page, one list page), otherwise to a directory as the HSDS tabular data package (datapackage.json
// and a CSV per table). Withheld (refuge) addresses are left out unless --include-withheld is given:
// use that only for a backup the partnership keeps, never for publishing.
import { writeDataPackage, writeJsonExport } from '../modules/directory/index.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const args = process.argv.slice(2);
  const out = args.find((a) => !a.startsWith('--'));
  if (!out) {
    process.stderr.write(
      'Usage: npm run directory:export -- <directory.json | package-dir> [--page] [--include-withheld]\n',
    );
    return 1;
  }
  const withheld = args.includes('--include-withheld') ? 'include' : 'redact';
  const database = await openConfiguredDatabase();
  try {
    const started = Date.now();
    if (out.toLowerCase().endsWith('.json')) {
      const { services } = await writeJsonExport(database.db, out, {
        withheld,
        shape: args.includes('--page') ? 'page' : 'array',
        onProgress: (n) => {
          if (process.stdout.isTTY) process.stdout.write(`\r\x1b[2K${n} services`);
        },
      });
      if (process.stdout.isTTY) process.stdout.write('\n');
      process.stdout.write(
        `Wrote ${services} services to ${out} in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    } else {
      const counts = await writeDataPackage(database.db, out, { withheld });
      const summary = Object.entries(counts)
        .filter(([, n]) => n)
        .map(([t, n]) => `${n} ${t}`)
        .join(', ');
      process.stdout.write(
        `Wrote the data package to ${out} (${summary}) in ${((Date.now() - started) / 1000).toFixed(1)} s.\n`,
      );
    }
    if (withheld === 'include')
      process.stdout.write('This export includes withheld (refuge) addresses: keep it private.\n');
    return 0;
  } finally {
    await database.close();
  }
});
