import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.ts';
import { templateEnvironment } from './web.ts';

// Compiling a page's templates costs far more than rendering them: with every template recompiled
// on each request, `npm start` served /find-support ten times slower than production (issue 10).
function compiledOnce(env: ReturnType<typeof templateEnvironment>): boolean {
  const first = env.getTemplate('home/views/home.njk');
  return env.getTemplate('home/views/home.njk') === first;
}

describe('template cache', () => {
  it('compiles each template once in development, test and production', () => {
    const secrets = {
      SESSION_SECRET: 'x'.repeat(32),
      FIELD_ENCRYPTION_KEYS: `k1:${Buffer.alloc(32).toString('base64')}`,
      SMTP_URL: 'smtp://mail.example.org',
    };
    for (const NODE_ENV of ['development', 'test', 'production'] as const)
      expect(compiledOnce(templateEnvironment(loadConfig({ NODE_ENV, ...secrets }))), NODE_ENV).toBe(true);
    expect(loadConfig({}).TEMPLATE_WATCH).toBe(false);
  });

  it('recompiles on every render when TEMPLATE_WATCH=true, so an edited template shows on reload', () => {
    const config = loadConfig({ NODE_ENV: 'development', TEMPLATE_WATCH: 'true' });
    expect(config.TEMPLATE_WATCH).toBe(true);
    expect(compiledOnce(templateEnvironment(config))).toBe(false);
    expect(() => loadConfig({ TEMPLATE_WATCH: 'yes please' })).toThrow(/TEMPLATE_WATCH/);
  });
});
