// `npm run db:migrate`: applies every committed migration to DATABASE_URL or the embedded server.
import { openConfiguredDatabase, runTool } from './database.ts';

await runTool(async () => {
  const database = await openConfiguredDatabase();
  try {
    const { rows } = await database.pool.query<{ n: number }>(
      'select count(*)::int as n from drizzle.__drizzle_migrations',
    );
    process.stdout.write(`Database is up to date: ${rows[0]?.n ?? 0} migrations applied\n`);
  } finally {
    await database.close();
  }
  return 0;
});
