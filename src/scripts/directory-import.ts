// `npm run directory:import -- <file | data-package-dir | feed-url> [--batch N] [--no-details]
//   [--overwrite-maintained]`
// Imports ORUK 3.0 / HSDS 3.0 data into the directory for the whole partnership, showing progress,
// then a report of every rejected record and why. Exit 0 when everything was imported, 2 when some
// records were rejected. A record an organisation maintains through the staff pages is left alone
// (rejected, with the reason) unless --overwrite-maintained is given (decision 0007).

import { type ImportProgress, importDirectory } from '../modules/directory/index.ts';
import { createAuditService } from '../platform/audit/service.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

function bar(p: ImportProgress): string {
  const width = 30;
  const total = p.total && p.total >= p.done ? p.total : undefined;
  const filled = total ? Math.round((p.done / total) * width) : 0;
  const pages = p.totalPages ? ` · page ${p.pages ?? 0}/${p.totalPages}` : '';
  const counts = `${p.done}${total ? `/${total}` : ''} records · ${p.imported} imported · ${p.rejected} rejected`;
  return total
    ? `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts}${pages}`
    : `${counts}${pages}`;
}

await runTool(async () => {
  const args = process.argv.slice(2);
  const source = args.find((a) => !a.startsWith('--'));
  if (!source) {
    process.stderr.write(
      'Usage: npm run directory:import -- <file.json | data-package-dir | https://feed/api/services> [--overwrite-maintained]\n',
    );
    return 1;
  }
  const batchArg = args.indexOf('--batch');
  const batchSize = batchArg >= 0 ? Number(args[batchArg + 1]) : undefined;
  const database = await openConfiguredDatabase();
  const tty = process.stdout.isTTY;
  let lastLine = 0;
  try {
    const report = await importDirectory(
      { db: database.db, audit: createAuditService(database.db) },
      source,
      {
        batchSize,
        fetchDetails: !args.includes('--no-details'),
        ownership: { kind: 'partnership', overwriteMaintained: args.includes('--overwrite-maintained') },
        onProgress: (p) => {
          const now = Date.now();
          if (tty) process.stdout.write(`\r\x1b[2K${bar(p)}`);
          else if (p.phase === 'done' || now - lastLine > 5000) {
            process.stdout.write(`${bar(p)}\n`);
            lastLine = now;
          }
        },
      },
    );
    if (tty) process.stdout.write('\n');
    const kinds = Object.entries(report.byKind)
      .map(([k, n]) => `${n} ${k.replace(/_/g, ' ')}${n === 1 ? '' : 's'}`)
      .join(', ');
    process.stdout.write(
      `\nImported ${report.imported} of ${report.records} records${kinds ? ` (${kinds})` : ''} from ${report.source} in ${(report.durationMs / 1000).toFixed(1)} s.\n`,
    );
    for (const w of report.warnings) process.stdout.write(`Warning: ${w}\n`);
    if (report.warnedCount) {
      // Imported, but something in them was repaired or kept (quirks.ts): say what, record by record.
      process.stdout.write(`\n${report.warnedCount} imported with warnings:\n`);
      for (const r of report.warned.slice(0, 50)) {
        process.stdout.write(
          `- #${r.index} ${r.label}${r.id ? ` id ${r.id}` : ''}${r.name ? ` "${r.name}"` : ''}\n`,
        );
        for (const w of r.warnings) process.stdout.write(`    ${w.path}: ${w.message}\n`);
      }
      if (report.warnedCount > 50) process.stdout.write(`  … and ${report.warnedCount - 50} more\n`);
    }
    if (report.rejected.length) {
      process.stdout.write(`\n${report.rejected.length} rejected (nothing of them was written):\n`);
      for (const r of report.rejected) {
        process.stdout.write(
          `- #${r.index} ${r.label}${r.id ? ` id ${r.id}` : ''}${r.name ? ` "${r.name}"` : ''}\n`,
        );
        for (const p of r.problems) process.stdout.write(`    ${p.path}: ${p.message}\n`);
      }
      return 2;
    }
    return 0;
  } finally {
    await database.close();
  }
});
