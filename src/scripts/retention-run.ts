// `npm run retention:run`: anonymises, now, every participant record past the retention rule
// (RETENTION_YEARS_AFTER_LAST_CONTACT), and the other modules' people past theirs (reverse-mentoring
// leaders a year after their cohort ended), as the app's daily job does. Each one is audited.
import { buildServices } from '../app.ts';
import { loadConfig } from '../platform/config.ts';
import { resolveSecrets } from '../platform/secrets.ts';
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const config = loadConfig();
  const database = await openConfiguredDatabase();
  try {
    const services = buildServices({ config, database, secrets: resolveSecrets(config) });
    const n = await services.participants.runRetention();
    process.stdout.write(
      `${n} records anonymised (older than ${config.RETENTION_YEARS_AFTER_LAST_CONTACT} years after last contact)\n`,
    );
    return 0;
  } finally {
    await database.close();
  }
});
