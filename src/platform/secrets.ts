import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';
import { newKeySpec } from './crypto/fields.ts';

export interface Secrets {
  sessionSecret: string;
  fieldKeys: string;
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
  const file = path.resolve(config.DATA_DIR, 'secrets.json');
  let stored: Partial<Secrets> = {};
  if (existsSync(file)) stored = JSON.parse(readFileSync(file, 'utf8')) as Partial<Secrets>;
  const secrets: Secrets = {
    sessionSecret: config.SESSION_SECRET ?? stored.sessionSecret ?? randomBytes(32).toString('base64url'),
    fieldKeys: config.FIELD_ENCRYPTION_KEYS ?? stored.fieldKeys ?? newKeySpec(),
  };
  if (secrets.sessionSecret !== stored.sessionSecret || secrets.fieldKeys !== stored.fieldKeys) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  }
  return secrets;
}
