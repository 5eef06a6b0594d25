import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { newKeySpec } from './crypto/fields.ts';

export interface Secrets {
  sessionSecret: string;
  fieldKeys: string;
}

/** Everything generated into DATA_DIR/secrets.json; each part is added without losing the others. */
interface Stored extends Partial<Secrets> {
  /** The embedded PostgreSQL's password (db/embedded.ts), one per data directory. */
  databasePassword?: string;
}

function secretsFile(dataDir: string): string {
  return path.resolve(dataDir, 'secrets.json');
}

function readStored(dataDir: string): Stored {
  const file = secretsFile(dataDir);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Stored) : {};
}

/** Merges into the file, readable by its owner only; written whole and renamed, so never half-read. */
function store(dataDir: string, values: Stored): void {
  const file = secretsFile(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const next = `${file}.${process.pid}.tmp`;
  writeFileSync(next, JSON.stringify({ ...readStored(dataDir), ...values }, null, 2), { mode: 0o600 });
  renameSync(next, file);
}

/**
 * Production gets its secrets from the environment (config refuses to start without them). A demo
 * or development machine generates them once into DATA_DIR so sessions and encrypted fields
 * survive a restart; the file is readable by its owner only.
 */
export function resolveSecrets(config: Config): Secrets {
  if (config.SESSION_SECRET && config.FIELD_ENCRYPTION_KEYS) {
    return { sessionSecret: config.SESSION_SECRET, fieldKeys: config.FIELD_ENCRYPTION_KEYS };
  }
  const stored = readStored(config.DATA_DIR);
  const secrets: Secrets = {
    sessionSecret: config.SESSION_SECRET ?? stored.sessionSecret ?? randomBytes(32).toString('base64url'),
    fieldKeys: config.FIELD_ENCRYPTION_KEYS ?? stored.fieldKeys ?? newKeySpec(),
  };
  if (secrets.sessionSecret !== stored.sessionSecret || secrets.fieldKeys !== stored.fieldKeys) {
    store(config.DATA_DIR, secrets);
  }
  return secrets;
}

/**
 * The embedded server's password for this data directory: read from DATA_DIR/secrets.json, or
 * (with `create`) generated and stored there before the server is ever given it, so a crash
 * between the two can never lose it. In production too: it guards only this machine's own server.
 */
export function embeddedDatabasePassword(dataDir: string, opts: { create: boolean }): string | undefined {
  const stored = readStored(dataDir).databasePassword;
  if (stored || !opts.create) return stored;
  const password = randomBytes(32).toString('base64url');
  store(dataDir, { databasePassword: password });
  return password;
}
