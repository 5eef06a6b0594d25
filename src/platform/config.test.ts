import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ConfigError, configTable, loadConfig } from './config.ts';

describe('configuration', () => {
  it('starts a demo with nothing set', () => {
    const c = loadConfig({});
    expect(c.PORT).toBe(3000);
    expect(c.DATA_DIR).toBe('./data');
    expect(c.SEED_DEMO).toBe(true);
    expect(c.COOKIE_SECURE).toBe(false);
  });

  it('refuses to start in production without real secrets, naming each one', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(ConfigError);
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(
      /SESSION_SECRET.*\n.*FIELD_ENCRYPTION_KEYS.*\n.*SMTP_URL/,
    );
  });

  it('turns on secure cookies and off the demo in production', () => {
    const c = loadConfig({
      NODE_ENV: 'production',
      SESSION_SECRET: 'x'.repeat(32),
      FIELD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
      SMTP_URL: 'smtp://mail.example.org',
    });
    expect(c.COOKIE_SECURE).toBe(true);
    expect(c.SEED_DEMO).toBe(false);
  });

  it('rejects a port that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
  });

  it('trusts no proxy unless told which: TRUST_PROXY takes addresses, CIDRs or named ranges', () => {
    expect(loadConfig({}).TRUST_PROXY).toBe(false);
    expect(loadConfig({ TRUST_PROXY: '127.0.0.1' }).TRUST_PROXY).toEqual(['127.0.0.1']);
    expect(loadConfig({ TRUST_PROXY: ' 10.0.0.0/8, ::1 ,loopback' }).TRUST_PROXY).toEqual([
      '10.0.0.0/8',
      '::1',
      'loopback',
    ]);
  });

  it('refuses a TRUST_PROXY that would let a client choose its own address', () => {
    for (const value of ['true', '1', '10.0.0.0/33', 'proxy.example.org', '127.0.0.1,'])
      expect(() => loadConfig({ TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY: give the proxies/);
  });

  it('is described in full by the README (npm run docs:config prints the table)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    expect(readme).toContain(configTable());
  });
});
