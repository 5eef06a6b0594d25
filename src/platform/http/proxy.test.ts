import { afterEach, describe, expect, it } from 'vitest';
import { Agent, csrfTokenIn } from '../../../tests/support/agent.ts';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';

/**
 * The sign-in rate limit counts per client address. Behind a reverse proxy that address comes from
 * X-Forwarded-For, which anyone can write: only TRUST_PROXY
 * (the proxies' addresses) says whose word to take. app.inject connects from 127.0.0.1.
 */

const LIMIT = 3;
let t: TestApp | undefined;
afterEach(async () => {
  await t?.close();
  t = undefined;
});

/** A production app (as deployed) with a low sign-in limit and the given TRUST_PROXY. */
async function productionApp(trustProxy?: string): Promise<TestApp> {
  return createTestApp({
    env: {
      NODE_ENV: 'production',
      SESSION_SECRET: 'a-test-session-secret-that-is-long-enough-1234',
      FIELD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
      SMTP_URL: 'smtp://127.0.0.1:9',
      COOKIE_SECURE: 'false',
      RATE_LIMIT_SIGN_IN_PER_MINUTE: String(LIMIT),
      ...(trustProxy === undefined ? {} : { TRUST_PROXY: trustProxy }),
    },
  });
}

/** Wrong-password sign-ins, one per forwarded address given; the status codes. */
async function signInsFrom(app: TestApp, forwardedFor: string[]): Promise<number[]> {
  const agent = new Agent(app.app);
  const token = csrfTokenIn((await agent.get('/sign-in')).body)!;
  const codes: number[] = [];
  for (const address of forwardedFor) {
    const res = await agent.post(
      '/sign-in',
      { email: 'nobody@example.org', password: 'wrong', _csrf: token },
      { 'x-forwarded-for': address },
    );
    codes.push(res.statusCode);
  }
  return codes;
}

const spoofed = Array.from({ length: LIMIT + 2 }, (_, i) => `203.0.113.${i + 1}`);

describe('TRUST_PROXY', () => {
  it('unset: a forged X-Forwarded-For does not get past the sign-in limit', async () => {
    t = await productionApp();
    const codes = await signInsFrom(t, spoofed);
    expect(codes.slice(0, LIMIT)).toEqual(Array(LIMIT).fill(401));
    expect(codes.slice(LIMIT)).toEqual([429, 429]);
  });

  it("the proxy's address (127.0.0.1): the address it forwards is the client, each with its own allowance", async () => {
    t = await productionApp('127.0.0.1');
    expect(await signInsFrom(t, spoofed)).toEqual(Array(LIMIT + 2).fill(401));
    // One client behind the proxy is still limited, whatever it writes in front of the proxy's entry.
    const same = Array.from({ length: LIMIT + 1 }, (_, i) => `198.51.100.${i}, 192.0.2.7`);
    expect((await signInsFrom(t, same)).at(-1)).toBe(429);
  });

  it('a named range (loopback) works the same', async () => {
    t = await productionApp('loopback');
    expect(await signInsFrom(t, spoofed)).toEqual(Array(LIMIT + 2).fill(401));
  });

  it('another address: forwarded headers from an untrusted peer are ignored', async () => {
    t = await productionApp('10.0.0.0/8');
    expect((await signInsFrom(t, spoofed)).slice(LIMIT)).toEqual([429, 429]);
  });
});
