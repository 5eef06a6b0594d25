import path from 'node:path';
import compress from '@fastify/compress';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import session from '@fastify/session';
import fastifyStatic from '@fastify/static';
import view from '@fastify/view';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { TFunction } from 'i18next';
import type { PgSessionStore } from '../auth/session-store.ts';
import type { Config } from '../config.ts';
import type { I18n } from '../i18n/index.ts';
import { errorForLog } from '../logging.ts';
import { createNunjucks, finishingPages, publicDir } from '../views/index.ts';
import { problem } from './errors.ts';
import { registerInputGuard } from './input.ts';
import { zodValidatorCompiler } from './zod.ts';

declare module 'fastify' {
  interface Session {
    userId?: string;
    /** Password checked, second factor not yet: the user id waiting for its code. */
    pendingUserId?: string;
    flash?: { type: 'success' | 'info'; key: string; values?: Record<string, string> };
    /** When "Stay signed in" was last pressed: a change, so the new expiry is stored at once. */
    keptAliveAt?: number;
  }
  interface FastifyReply {
    /** Template data shared by every page of this request (merged by @fastify/view). */
    locals: Record<string, unknown>;
  }
  interface FastifyRequest {
    lang: string;
    t: TFunction;
  }
  interface FastifyContextConfig {
    /** Set false on routes that take no cookie-authenticated form posts (the public JSON API). */
    csrf?: boolean;
  }
}

export const LANG_COOKIE = 'lang';
const NEUTRAL_EXIT_URL = 'https://www.bbc.co.uk/weather';

export interface WebDeps {
  config: Config;
  i18n: I18n;
  sessionSecret: string;
  sessionStore: PgSessionStore;
}

const isApi = (req: FastifyRequest) => req.url.startsWith('/api/');

/**
 * Powerful browser features no page of ours uses: off for every response, and for any frame. Only
 * names Chromium recognises (it logs an error on every page for one it does not, e.g. bluetooth).
 */
const PERMISSIONS_POLICY = [
  'camera',
  'microphone',
  'geolocation',
  'payment',
  'usb',
  'serial',
  'hid',
  'midi',
  'display-capture',
]
  .map((feature) => `${feature}=()`)
  .join(', ');

/**
 * Cache-Control for every response, decided in one place (an onSend hook, after the session and
 * cookie hooks have run). Nothing dynamic is stored by default: a page may show a woman's record,
 * a staff member's name, a one-time password link or, on the public pages, what someone searched
 * for ("domestic abuse" near her postcode) on a computer she may share with the person she fears.
 * Static assets keep the long immutable cache @fastify/static gives them: they are the same for
 * everyone. A route may propose a public cache (the open data API does); it is kept only for a
 * 200 to someone with no session that sets no cookie. A shared cache that stored a response with
 * Set-Cookie would hand that cookie (the CSRF secret, a session) to the next person behind it.
 */
function cachePolicy(req: FastifyRequest, reply: FastifyReply): string {
  const proposed = reply.getHeader('cache-control');
  if (req.routeOptions.url === '/assets/*' && proposed && reply.statusCode < 400) return String(proposed);
  const signedIn = Boolean(req.session?.get('userId') ?? req.session?.get('pendingUserId'));
  const anonymousPublic = !signedIn && reply.statusCode === 200 && !reply.hasHeader('set-cookie');
  return proposed && anonymousPublic ? String(proposed) : 'no-store';
}

/**
 * The pages' Nunjucks environment. Templates are compiled once and kept, in development too
 * (recompiling on every request made `npm start` ten times slower); TEMPLATE_WATCH=true recompiles
 * them on every request for someone editing templates.
 */
export function templateEnvironment(config: Pick<Config, 'TEMPLATE_WATCH'>) {
  return finishingPages(createNunjucks(config.TEMPLATE_WATCH));
}

/** Cookies, sessions, CSRF, headers, static assets, views, languages and error pages. */
export async function registerWeb(app: FastifyInstance, deps: WebDeps): Promise<void> {
  const { config, i18n } = deps;
  const secure = config.COOKIE_SECURE;

  await app.register(helmet, {
    enableCSPNonces: true,
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        upgradeInsecureRequests: secure ? [] : null,
      },
    },
    crossOriginEmbedderPolicy: false,
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: config.NODE_ENV === 'production',
  });
  // Pages and API responses; static assets are served already compressed (.br/.gz) and skipped.
  // Forms' CSRF tokens are salted per response, which takes the sting out of BREACH.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });
  await app.register(cookie, { secret: deps.sessionSecret });
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  await app.register(session, {
    secret: deps.sessionSecret,
    cookieName: secure ? '__Host-wayfinder' : 'wayfinder',
    store: deps.sessionStore,
    saveUninitialized: false,
    rolling: true,
    // 'auto' marks the cookie Secure whenever the request came over HTTPS.
    cookie: {
      secure: secure ? true : 'auto',
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      maxAge: config.SESSION_IDLE_MINUTES * 60_000,
    },
  });
  // The CSRF secret sits in its own cookie so that public pages with a form need no session row.
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieKey: secure ? '__Host-csrf' : 'csrf',
    cookieOpts: { path: '/', sameSite: 'strict', httpOnly: true, secure, signed: true },
  });
  await app.register(rateLimit, { global: false });
  await app.register(fastifyStatic, {
    root: path.join(publicDir, 'assets'),
    prefix: '/assets/',
    preCompressed: true,
    immutable: true,
    maxAge: '365d',
    allowedPath: (p) => !/\.(njk|scss)$/.test(p),
  });
  // @fastify/view configures nunjucks' global environment; hand it ours (loaders, filters) instead.
  const env = templateEnvironment(config);
  await app.register(view, {
    engine: { nunjucks: { configure: () => env } },
    templates: [],
    production: config.NODE_ENV === 'production',
  });

  app.decorateRequest('lang', 'en');
  app.decorateRequest('t', null as unknown as TFunction);

  app.addHook('onRequest', async (req, reply) => {
    // Before validation: read ?lang= from the URL itself.
    const url = new URL(req.url, 'http://x');
    const asked = url.searchParams.get('lang') ?? undefined;
    let lang: string;
    if (i18n.isSupported(asked)) {
      lang = asked;
      reply.setCookie(LANG_COOKIE, lang, {
        path: '/',
        sameSite: 'lax',
        secure,
        httpOnly: true,
        maxAge: 365 * 86400,
      });
    } else if (i18n.isSupported(req.cookies[LANG_COOKIE])) {
      lang = req.cookies[LANG_COOKIE] as string;
    } else {
      lang = i18n.negotiate(req.headers['accept-language']);
    }
    req.lang = lang;
    req.t = i18n.t(lang);
    reply.locals = {
      lang,
      dir: i18n.dir(lang),
      t: i18n.pageT(lang),
      languages: i18n.languages,
      languageUrl: (code: string) => {
        url.searchParams.set('lang', code);
        return `${url.pathname}?${url.searchParams.toString()}`;
      },
      cspNonce: reply.cspNonce.script,
      csrfToken: () => reply.generateCsrf(),
      exitUrl: NEUTRAL_EXIT_URL,
      idleSeconds: config.SESSION_IDLE_MINUTES * 60,
    };
  });

  registerInputGuard(app);
  // Every state-changing request carries its CSRF token, unless a route says it takes none.
  app.addHook('preHandler', (req, reply, done) => {
    if (['GET', 'HEAD', 'OPTIONS'].includes(req.method) || req.routeOptions.config.csrf === false)
      return done();
    app.csrfProtection(req, reply, done);
  });

  app.addHook('onSend', async (req, reply, payload) => {
    reply.header('permissions-policy', PERMISSIONS_POLICY);
    reply.header('cache-control', cachePolicy(req, reply));
    return payload;
  });

  // Route schemas are zod (zod.ts), set here on the root so every module's routes inherit it.
  app.setValidatorCompiler(zodValidatorCompiler);
  app.setNotFoundHandler((req, reply) => sendError(req, reply, 404));
  app.setErrorHandler((err: FastifyError, req, reply) => {
    // Service errors (NotFoundError, ForbiddenError, ValidationError) carry `status`, Fastify's `statusCode`.
    const status = err.statusCode ?? (err as { status?: number }).status ?? 500;
    if (status >= 500) req.log.error({ err: errorForLog(err) }, 'request failed');
    if (err.code?.startsWith('FST_CSRF')) return sendError(req, reply, 403, 'csrf');
    return sendError(req, reply, status);
  });
}

const kinds: Record<number, string> = {
  400: 'badRequest',
  403: 'forbidden',
  404: 'notFound',
  413: 'badRequest',
  415: 'badRequest',
  429: 'tooMany',
};

export function sendError(req: FastifyRequest, reply: FastifyReply, status: number, kind?: string) {
  const k = kind ?? kinds[status] ?? 'server';
  const t = req.t ?? ((s: string) => s);
  if (isApi(req) || !reply.locals) {
    return reply
      .code(status)
      .type('application/problem+json')
      .send(problem(status, t(`errors.${k}.title`)));
  }
  return reply.code(status).view('error.njk', { kind: k });
}
