import { isIP } from 'node:net';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** proxy-addr's names for ranges (as Fastify's trustProxy accepts them). */
const proxyRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, an address/prefix (CIDR), or a named range. */
function isProxyAddress(entry: string): boolean {
  if (proxyRanges.has(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length) return false;
  if (prefix === undefined) return true;
  return /^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128);
}

/**
 * Whose X-Forwarded-For to believe, for Fastify's trustProxy: none when unset (the connecting
 * address is the client), else only the listed proxies. Never every hop, and no hop count (Fastify
 * 5 no longer honours one): a client that reached the app directly could name its own address and
 * walk past the sign-in rate limit.
 */
const trustProxy = z
  .string()
  .optional()
  .transform((value, ctx): false | string[] => {
    const v = value?.trim();
    if (!v) return false;
    const entries = v.split(',').map((e) => e.trim());
    const bad = entries.filter((e) => !isProxyAddress(e));
    if (bad.length)
      ctx.addIssue({
        code: 'custom',
        message: `give the proxies' addresses or CIDRs, not ${bad.map((b) => `"${b}"`).join(', ')} (a hop count or "true" would let a client choose its own address)`,
      });
    return entries;
  });

/**
 * The one description of Wayfinder's configuration: every environment variable, its default and
 * its meaning. The README's configuration table is generated from the same descriptions.
 */
export const configSchema = z
  .object({
    NODE_ENV: z
      .enum(['development', 'test', 'production'])
      .default('development')
      .describe('development, test or production; production refuses to start without real secrets'),
    HOST: z.string().default('127.0.0.1').describe('Address the web server listens on'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000).describe('Port the web server listens on'),
    PUBLIC_BASE_URL: z
      .url()
      .optional()
      .describe('Public address of the app, used in emailed links (default http://localhost:PORT)'),
    DATA_DIR: z.string().default('./data').describe('Where the embedded PostgreSQL keeps its files'),
    DATABASE_URL: z
      .string()
      .optional()
      .describe('postgres:// URL of an existing PostgreSQL; when unset the embedded server is used'),
    SESSION_SECRET: z
      .string()
      .min(32)
      .optional()
      .describe('At least 32 characters; signs session cookies. Generated into DATA_DIR outside production'),
    FIELD_ENCRYPTION_KEYS: z
      .string()
      .optional()
      .describe(
        'Comma-separated id:base64 32-byte keys for special-category fields, newest first. Generated outside production',
      ),
    COOKIE_SECURE: bool
      .optional()
      .describe(
        'Mark cookies Secure and __Host- prefixed (default: on in production, which must sit behind HTTPS)',
      ),
    SESSION_IDLE_MINUTES: z.coerce
      .number()
      .int()
      .min(2)
      .max(24 * 60)
      .default(30)
      .describe('Minutes of inactivity before a staff session ends'),
    LOCKOUT_THRESHOLD: z.coerce
      .number()
      .int()
      .min(1)
      .default(5)
      .describe('Failed sign-in attempts in a row before an account is locked'),
    LOCKOUT_MINUTES: z.coerce
      .number()
      .int()
      .min(1)
      .default(15)
      .describe('How long a locked account stays locked'),
    RATE_LIMIT_SIGN_IN_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1)
      .default(20)
      .describe('Sign-in and public form posts allowed per minute from one address'),
    TRUST_PROXY: trustProxy.describe(
      'Comma-separated addresses or CIDRs of the reverse proxies whose X-Forwarded-For names the client (for the rate limits), e.g. `127.0.0.1` or `10.0.0.0/8`; also `loopback`, `linklocal`, `uniquelocal`. Unset: trust none, the connecting address is the client',
    ),
    SMTP_URL: z
      .string()
      .optional()
      .describe(
        'smtp:// or smtps:// URL for outgoing email; when unset, each email is written to DATA_DIR/outbox as an .eml file',
      ),
    MAIL_FROM: z
      .string()
      .default('Wayfinder <no-reply@wayfinder.invalid>')
      .describe('From address of outgoing email'),
    SMS_PROVIDER_URL: z
      .url()
      .optional()
      .describe(
        'Base URL of a GOV.UK Notify-style SMS API (POST /v2/notifications/sms); when it or SMS_API_KEY is unset, each text message is written to DATA_DIR/outbox',
      ),
    SMS_API_KEY: z.string().min(1).optional().describe('Bearer API key for SMS_PROVIDER_URL'),
    SEED_DEMO: bool
      .optional()
      .describe('Load the fictional demo partnership at start (default: on outside production)'),
    RETENTION_YEARS_AFTER_LAST_CONTACT: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(6)
      .describe(
        "Years after a woman's last contact (or last change to her record) before the daily retention job anonymises her record",
      ),
    DIRECTORY_REVIEW_MONTHS: z.coerce
      .number()
      .int()
      .min(1)
      .max(60)
      .default(6)
      .describe(
        'Months after its last review before a directory service is flagged "needs review" for its organisation',
      ),
    COVERAGE_PUBLIC: bool
      .default(true)
      .describe(
        'Open the map of services and gaps (/coverage and its exports) to everyone without signing in; false limits it to staff roles with coverage:view',
      ),
    POSTCODES_API_URL: z
      .url()
      .optional()
      .describe(
        'Base URL of a postcodes.io-compatible service, asked for postcodes not imported with `npm run geo:import-postcodes`; unset: imported postcodes only',
      ),
    API_RATE_LIMIT_PER_MINUTE: z.coerce
      .number()
      .int()
      .min(1)
      .default(1200)
      .describe('Requests a minute one address may make to the public Open Referral UK API (/api/oruk)'),
    GIVING360_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9-]{1,40}$/)
      .default('WAYFINDER')
      .describe(
        'The publisher prefix in 360Giving identifiers of bursary awards (`360G-<prefix>-...`), the one 360Giving issued to the publishing organisation',
      ),
    TEMPLATE_WATCH: bool
      .default(false)
      .describe(
        'Recompile every template on every request, so an edited template shows on reload (slow: for working on templates only)',
      ),
    LOG_LEVEL: z
      .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
      .default('info')
      .describe('pino log level'),
  })
  .transform((c) => ({
    ...c,
    SEED_DEMO: c.SEED_DEMO ?? c.NODE_ENV !== 'production',
    COOKIE_SECURE: c.COOKIE_SECURE ?? c.NODE_ENV === 'production',
    PUBLIC_BASE_URL: c.PUBLIC_BASE_URL ?? `http://localhost:${c.PORT}`,
  }))
  .superRefine((c, ctx) => {
    if (c.NODE_ENV !== 'production') return;
    for (const key of ['SESSION_SECRET', 'FIELD_ENCRYPTION_KEYS', 'SMTP_URL'] as const) {
      if (!c[key]) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required in production` });
    }
  });

export type Config = z.output<typeof configSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Configuration is not valid:\n${lines.join('\n')}`);
  }
  return parsed.data;
}

/** The README's configuration table: every variable, its default and its meaning. */
export function configTable(): string {
  const shape = configSchema.in.shape;
  const rows = Object.entries(shape).map(([name, schema]) => {
    const s = schema as z.ZodType & { def: { defaultValue?: unknown } };
    const def = 'defaultValue' in s.def ? String(s.def.defaultValue) : '';
    return `| \`${name}\` | ${def ? `\`${def}\`` : ''} | ${s.description ?? ''} |`;
  });
  return ['| Variable | Default | Meaning |', '| --- | --- | --- |', ...rows].join('\n');
}
