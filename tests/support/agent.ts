import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser stand-in for `app.inject`: keeps cookies between requests and takes each form's CSRF
 * token from the page that shows the form, as a browser would.
 */
export class Agent {
  readonly cookies = new Map<string, string>();
  private readonly appOf: () => FastifyInstance;
  /** The app, or a way to reach it once it is built (an agent made before a file's beforeAll). */
  constructor(app: FastifyInstance | (() => FastifyInstance)) {
    this.appOf = typeof app === 'function' ? app : () => app;
  }
  get app(): FastifyInstance {
    return this.appOf();
  }

  private remember(res: LightMyRequestResponse) {
    for (const c of res.cookies as { name: string; value: string; maxAge?: number; expires?: Date }[]) {
      const expired = c.maxAge === 0 || (c.expires && c.expires.getTime() < Date.now()) || c.value === '';
      if (expired) this.cookies.delete(c.name);
      else this.cookies.set(c.name, c.value);
    }
    return res;
  }

  private get cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  async get(url: string, headers: Record<string, string> = {}) {
    return this.remember(
      await this.app.inject({ method: 'GET', url, headers: { cookie: this.cookieHeader, ...headers } }),
    );
  }

  async post(url: string, form: Record<string, string | string[]>, headers: Record<string, string> = {}) {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form))
      for (const item of Array.isArray(v) ? v : [v]) body.append(k, item);
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        payload: body.toString(),
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          cookie: this.cookieHeader,
          ...headers,
        },
      }),
    );
  }

  /** GETs the page showing the form, then posts the form with that page's CSRF token. */
  async submit(pageUrl: string, form: Record<string, string | string[]>, action?: string) {
    const page = await this.get(pageUrl);
    const token = csrfTokenIn(page.body);
    if (!token) throw new Error(`No CSRF token on ${pageUrl} (status ${page.statusCode})`);
    return this.post(action ?? formActionIn(page.body) ?? pageUrl, { ...form, _csrf: token });
  }
}

export function csrfTokenIn(html: string): string | undefined {
  return /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
}

/**
 * The page's own content, inside <main>: without the header (whose sign-out form every signed-in
 * page has) and the timeout warning. Tests asking "does this page offer a form" look here.
 */
export function mainOf(html: string): string {
  const start = html.indexOf('<main');
  const end = html.indexOf('</main>');
  return start >= 0 && end > start ? html.slice(start, end) : html;
}

/** The action of the page's own form: the first inside <main>. */
function formActionIn(html: string): string | undefined {
  return /<form[^>]*method="post"[^>]*action="([^"]+)"/.exec(mainOf(html))?.[1]?.replace(/&amp;/g, '&');
}
