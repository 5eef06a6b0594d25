// `npm run restore -- FILE [--force]`: loads a backup into an empty database (--force replaces any data).
import { restoreDatabase } from '../platform/db/backup.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const args = process.argv.slice(2);
  const file = args.find((a) => !a.startsWith('--'));
  if (!file) {
    process.stderr.write('Usage: npm run restore -- FILE [--force]\n');
    return 2;
  }
  const database = await openConfiguredDatabase();
  try {
    const header = await restoreDatabase(database.pool, file, { force: args.includes('--force') });
    const rows = header.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(
      `Restored ${header.tables.length} tables (${rows} rows) from the backup made ${header.createdAt}\n`,
    );
  } finally {
    await database.close();
  }
  return 0;
});
