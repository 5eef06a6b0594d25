// The app in a process of its own, on the bench's database, for the ndjson feed's memory check
// (directory-speed.ts): nothing has run in it but starting, so its memory while it streams the feed
// is the feed's, not what earlier benchmarks left behind. Started by the bench with `fork`; says its
// port, then answers "memory" with its own peak memory since the last "start".

import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/platform/config.ts';
import { newKeySpec } from '../src/platform/crypto/fields.ts';
import { openDatabase } from '../src/platform/db/index.ts';

const databaseUrl = process.env.BENCH_DATABASE_URL!;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-bench-feed-'));
const config = loadConfig({
  NODE_ENV: 'production',
  HOST: '127.0.0.1',
  PORT: '0',
  DATA_DIR: dataDir,
  DATABASE_URL: databaseUrl,
  SESSION_SECRET: 'bench-only-session-secret-not-for-any-real-use',
  FIELD_ENCRYPTION_KEYS: newKeySpec('bench'),
  SMTP_URL: 'smtp://127.0.0.1:1',
  COOKIE_SECURE: 'false',
  LOG_LEVEL: 'silent',
});
const database = await openDatabase({ databaseUrl, dataDir, quiet: true });
const secrets = { sessionSecret: config.SESSION_SECRET!, fieldKeys: config.FIELD_ENCRYPTION_KEYS! };
const { app } = await buildApp({ config, database, secrets });
await app.listen({ host: '127.0.0.1', port: 0 });

type Memory = NodeJS.MemoryUsage;
let before: Memory = process.memoryUsage();
let peak: Memory = { ...before };
setInterval(() => {
  const m = process.memoryUsage();
  for (const k of Object.keys(peak) as (keyof Memory)[]) peak[k] = Math.max(peak[k], m[k]);
}, 50).unref();
process.on('message', async (m: string) => {
  if (m === 'start') {
    before = process.memoryUsage();
    peak = { ...before };
    process.send?.({ started: true });
  } else if (m === 'memory') process.send?.({ before, peak, after: process.memoryUsage() });
  else if (m === 'stop') {
    await app.close();
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  }
});
process.send?.({ port: (app.server.address() as AddressInfo).port });
