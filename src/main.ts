import { ne } from 'drizzle-orm';
import { buildApp } from './app.ts';
import { seedDemoDirectoryIfEmpty } from './modules/directory/index.ts';
import { organisations } from './platform/auth/schema.ts';
import { loadConfig } from './platform/config.ts';
import { DatabaseSetupError } from './platform/db/extensions.ts';
import { openDatabase } from './platform/db/index.ts';
import { resolveSecrets } from './platform/secrets.ts';
import { DEMO_PASSWORD, demoAccounts, seedDemo } from './seed/demo.ts';

const config = loadConfig();
const secrets = resolveSecrets(config);
const database = await openDatabase({ databaseUrl: config.DATABASE_URL, dataDir: config.DATA_DIR }).catch(
  (err: unknown) => {
    // A database its administrator must prepare: the instruction, not a stack.
    if (!(err instanceof DatabaseSetupError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  },
);
const { app, services } = await buildApp({ config, database, secrets });

if (config.SEED_DEMO) {
  await seedDemo(database.db, services);
  // 320 fictional services over all 175 areas, only into an empty directory; the demo partnership's
  // organisations each maintain a dozen of them (some overdue a review). Employers run no support
  // services: they are in the partnership for work (the employment module).
  const owners = await database.db
    .select({ id: organisations.id })
    .from(organisations)
    .where(ne(organisations.kind, 'employer'))
    .orderBy(organisations.createdAt);
  const seeded = await seedDemoDirectoryIfEmpty(database.db, services.audit, {
    owners: owners.map((o) => o.id),
  });
  if (seeded) process.stdout.write(`Demo directory: ${seeded} fictional services added.\n`);
  const accounts = await demoAccounts(database.db, services);
  if (accounts.length) {
    const lines = accounts.map(
      (a) => `  ${a.role.padEnd(13)} ${a.email.padEnd(48)} TOTP secret ${a.totpSecret}`,
    );
    process.stdout.write(
      `\nDemo partnership (fictional). Password for every account: ${DEMO_PASSWORD}\n` +
        'Add a TOTP secret to any authenticator app (or run `npm run totp -- SECRET`) for the 6-digit code.\n' +
        `${lines.join('\n')}\n\n`,
    );
  }
}

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  process.stdout.write(`${signal} received: stopping Wayfinder and its database\n`);
  const force = setTimeout(() => process.exit(1), 15_000);
  force.unref();
  await app.close();
  await database.close();
  process.exit(0);
}
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));

await app.listen({ host: config.HOST, port: config.PORT });
process.stdout.write(`Wayfinder is running at http://localhost:${config.PORT}\n`);
