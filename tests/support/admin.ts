// Helpers for tests that sign in through the pages and follow emailed links (admin and auth tests).
import { generate } from 'otplib';
import { Agent, csrfTokenIn } from './agent.ts';
import { TEST_PASSWORD, type TestApp, type TestUser } from './app.ts';

/**
 * Signs in through the real pages and also returns a valid CSRF token, taken from the sign-in form
 * as a browser would have it: lets a test post to pages that show the user no form (403 checks).
 */
export async function signInWithCsrf(t: TestApp, user: TestUser): Promise<{ agent: Agent; csrf: string }> {
  const agent = new Agent(t.app);
  const csrf = csrfTokenIn((await agent.get('/sign-in')).body);
  if (!csrf) throw new Error('no CSRF token on /sign-in');
  await agent.submit('/sign-in', { email: user.email, password: TEST_PASSWORD });
  const done = await agent.submit('/sign-in/code', { code: await generate({ secret: user.totpSecret }) });
  if (done.headers.location !== '/') throw new Error(`sign-in failed: ${done.statusCode}`);
  return { agent, csrf };
}

/** The one-time link in an email, as a path the test app can be asked for. */
export function setPasswordPath(text: string, baseUrl: string): string {
  const match = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}(/set-password/[\\w-]+)`).exec(
    text,
  );
  if (!match?.[1]) throw new Error('no set-password link in the email');
  return match[1];
}
