// `npm run backup [-- FILE]`: one consistent snapshot of all of the app's data in one gzip file.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../platform/config.ts';
import { backupDatabase } from '../platform/db/backup.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.resolve(
    process.argv[2] ?? path.join(loadConfig().DATA_DIR, 'backups', `wayfinder-${stamp}.backup.gz`),
  );
  mkdirSync(path.dirname(file), { recursive: true });
  const database = await openConfiguredDatabase();
  try {
    const header = await backupDatabase(database.pool, file);
    const rows = header.tables.reduce((n, t) => n + t.rows, 0);
    process.stdout.write(`Backed up ${header.tables.length} tables (${rows} rows) to ${file}\n`);
  } finally {
    await database.close();
  }
  return 0;
});
