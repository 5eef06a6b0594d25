import { expect } from 'vitest';

/**
 * The response has this status and its page shows every text given: one assertion per text, the
 * same as writing `expect(res.body).toContain(text)` for each. For the common "refused form keeps
 * what she typed" and "page shows these facts" checks.
 */
export function expectPage(res: { statusCode: number; body: string }, status: number, ...texts: string[]) {
  expect(res.statusCode).toBe(status);
  for (const text of texts) expect(res.body).toContain(text);
}
