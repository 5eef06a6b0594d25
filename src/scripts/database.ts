import { loadConfig } from '../platform/config.ts';
import { type OpenedDatabase, openDatabase } from '../platform/db/index.ts';
import { describeError } from '../platform/logging.ts';

/**
 * The database a command-line tool works on: DATABASE_URL, or the embedded server under DATA_DIR
 * (the running app's when it is up, left running; otherwise started for the tool and stopped after).
 * Migrations are applied either way.
 */
export function openConfiguredDatabase(): Promise<OpenedDatabase> {
  const config = loadConfig();
  return openDatabase({
    databaseUrl: config.DATABASE_URL,
    dataDir: config.DATA_DIR,
    quiet: true,
    attach: true,
  });
}

/** Runs a command-line tool: its exit code, or 1 with the error's message (a failed query: its shape and SQLSTATE, no values). */
export async function runTool(main: () => Promise<number>): Promise<never> {
  let code: number;
  try {
    code = await main();
  } catch (err) {
    process.stderr.write(`${describeError(err)}\n`);
    code = 1;
  }
  process.exit(code);
}
