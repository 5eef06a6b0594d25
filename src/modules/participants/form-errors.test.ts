// Issue 12 point 4: a form shows every error at once, in page order, each once, and each says
// what to do about its own field.
import { describe, expect, it } from 'vitest';
import { setPasswordPath } from '../../../tests/support/admin.ts';
import { Agent } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, smtp, users, as } = useScenario({
  smtp: {},
  users: { kw: 'key_worker', admin: 'admin' },
});

/** The error summary's messages, in the order shown. */
function summary(html: string): string[] {
  const box = /<div class="govuk-error-summary"[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  return [...box.matchAll(/<a href="#[^"]*">([^<]*)<\/a>/g)].map((m) => m[1]!.trim());
}

describe('form errors', () => {
  it('register step 1 shows the missing support consent and the missing method together', async () => {
    const a = await as(users.kw);
    const res = await a.submit('/participants/register', {});
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)).toEqual([
      'She must agree to support before we can keep a record',
      'Select how she gave her answer',
    ]);
  });

  it('the consent form names what each missing answer is, once each', async () => {
    const a = await as(users.kw);
    const id = await registerWalkIn(t, users.kw, 'Amal Consent');
    const res = await a.submit(`/participants/${id}/consent`, {});
    expect(res.statusCode).toBe(400);
    const messages = summary(res.body);
    expect(messages.length).toBeGreaterThan(1);
    expect(new Set(messages).size).toBe(messages.length);
    expect(messages).not.toContain('Select an option');
  });

  it('an empty password asks for a password, not for 12 characters', async () => {
    const admin = await as(users.admin);
    const url = `/admin/users/${users.kw.id}`;
    expect((await admin.submit(url, {}, `${url}/password-link`)).statusCode).toBe(302);
    const link = setPasswordPath(smtp.lastTo(users.kw.email)!.text, t.config.PUBLIC_BASE_URL);
    const res = await new Agent(t.app).submit(link, { password: '', confirm: '' });
    expect(res.statusCode).toBe(400);
    expect(summary(res.body)).toEqual(['Enter a password']);
  });
});
