import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import QRCode from 'qrcode';
import type { Config } from '../config.ts';
import { ForbiddenError } from '../http/errors.ts';
import { fieldErrors, formBody } from '../http/forms.ts';
import type { ZodTypeProvider } from '../http/zod.ts';
import { type NavItem, serviceNavigation } from '../views/navigation.ts';
import type { Accounts, SessionUser } from './accounts.ts';
import { codeForm, nextQuery, passwordForm, signInForm, tokenParams } from './forms.ts';
import type { LockNotices } from './lock-notice.ts';
import { safeNext } from './next.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in staff member, loaded fresh from the database on every request. */
    user: SessionUser | null;
  }
  interface Session {
    enrolSecret?: string;
    recoveryCodes?: string[];
  }
}

/**
 * Loads the signed-in user on every request, for every module (registered on the root instance,
 * so not encapsulated in a plugin). A deactivated user's session ends at their next request.
 * Also gives each page its one-time flash message and the user's service navigation, built from
 * every module's items (collected in app.ts) and filtered by what the user's role allows.
 */
export function registerAuthentication(app: FastifyInstance, accounts: Accounts, navigation: NavItem[] = []) {
  app.decorateRequest('user', null);
  app.addHook('preHandler', async (req, reply) => {
    const flash = req.method === 'GET' ? req.session.get('flash') : undefined;
    if (flash) {
      req.session.set('flash', undefined);
      reply.locals = { ...reply.locals, flash: { type: flash.type, text: req.t(flash.key, flash.values) } };
    }
    const id = req.session.get('userId');
    if (!id) return;
    const user = await accounts.sessionUser(id);
    if (user) {
      req.user = user;
      reply.locals = {
        ...reply.locals,
        signedIn: true,
        currentUser: user,
        navigation: serviceNavigation(navigation, user, req.url, req.t),
      };
    } else {
      await req.session.destroy();
    }
  });
}

/** The signed-in user of a route behind `requireUser` (refused if, by mistake, there is none). */
export function actorOf(req: FastifyRequest): SessionUser {
  if (!req.user) throw new ForbiddenError();
  return req.user;
}

/** Sends anyone not signed in to the sign-in page (HTML) or a 401 (API). */
export function requireUser(req: FastifyRequest, reply: FastifyReply, done: () => void) {
  if (req.user) return done();
  reply.redirect(`/sign-in?next=${encodeURIComponent(req.url)}`);
}

export async function authRoutes(
  plugin: FastifyInstance,
  deps: { accounts: Accounts; config: Config; lockNotices: LockNotices },
) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { accounts, config } = deps;
  /** Tells the holder of an account that just locked, without making this answer wait for it. */
  const notifyLocked = (req: FastifyRequest, userId: string | undefined) => {
    if (!userId) return;
    deps.lockNotices.send(userId, req.t).catch((err: { code?: string }) => {
      req.log.warn({ code: err?.code }, 'lock notice not sent');
    });
  };
  const nextOf = (value: unknown) => safeNext(value, config.PUBLIC_BASE_URL);
  const limited = { rateLimit: { max: config.RATE_LIMIT_SIGN_IN_PER_MINUTE, timeWindow: '1 minute' } };

  app.get('/sign-in', { schema: { querystring: nextQuery } }, async (req, reply) => {
    if (req.user) return reply.redirect('/');
    return reply.view('auth/views/sign-in.njk', {
      next: nextOf(req.query.next),
      timedOut: req.query.timeout !== undefined,
    });
  });

  app.post('/sign-in', { config: limited, schema: { body: formBody } }, async (req, reply) => {
    const body = req.body;
    const next = nextOf(body.next);
    const parsed = signInForm.safeParse(body);
    if (!parsed.success)
      return reply.code(400).view('auth/views/sign-in.njk', {
        errors: fieldErrors(parsed.error),
        values: { email: body.email },
        next,
      });
    const result = await accounts.checkPassword(parsed.data.email, parsed.data.password);
    if (result.kind !== 'ok') {
      // One answer for an unknown address, a wrong password and a locked account.
      notifyLocked(req, result.lockedNow);
      return reply.code(401).view('auth/views/sign-in.njk', {
        errors: { email: 'signIn.errors.invalid' },
        values: { email: parsed.data.email },
        next,
      });
    }
    await req.session.regenerate();
    req.session.set('pendingUserId', result.userId);
    return reply.redirect(
      `${result.needsEnrolment ? '/sign-in/enrol' : '/sign-in/code'}?next=${encodeURIComponent(next)}`,
    );
  });

  app.get('/sign-in/code', { schema: { querystring: nextQuery } }, async (req, reply) => {
    if (!req.session.get('pendingUserId')) return reply.redirect('/sign-in');
    return reply.view('auth/views/code.njk', { next: nextOf(req.query.next) });
  });

  app.post('/sign-in/code', { config: limited, schema: { body: formBody } }, async (req, reply) => {
    const pending = req.session.get('pendingUserId');
    if (!pending) return reply.redirect('/sign-in');
    const body = req.body;
    const next = nextOf(body.next);
    const parsed = codeForm.safeParse(body);
    if (!parsed.success)
      return reply.code(400).view('auth/views/code.njk', { errors: fieldErrors(parsed.error), next });
    const checked = await accounts.checkSecondFactor(pending, parsed.data.code);
    if (!checked.ok) {
      notifyLocked(req, checked.lockedNow);
      return reply
        .code(401)
        .view('auth/views/code.njk', { errors: { code: 'signIn.errors.codeWrong' }, next });
    }
    await req.session.regenerate();
    req.session.set('userId', pending);
    return reply.redirect(next);
  });

  app.get('/sign-in/enrol', { schema: { querystring: nextQuery } }, async (req, reply) => {
    const pending = req.session.get('pendingUserId');
    if (!pending) return reply.redirect('/sign-in');
    const user = await accounts.sessionUser(pending);
    if (!user) return reply.redirect('/sign-in');
    let secret = req.session.get('enrolSecret');
    let uri: string;
    if (!secret) {
      ({ secret, uri } = accounts.newTotpSecret(user.email));
      req.session.set('enrolSecret', secret);
    } else {
      uri = `otpauth://totp/Wayfinder:${encodeURIComponent(user.email)}?secret=${secret}&issuer=Wayfinder`;
    }
    const qr = await QRCode.toDataURL(uri, { margin: 1, width: 200 });
    return reply.view('auth/views/enrol.njk', {
      qr,
      secret,
      next: nextOf(req.query.next),
    });
  });

  app.post('/sign-in/enrol', { config: limited, schema: { body: formBody } }, async (req, reply) => {
    const pending = req.session.get('pendingUserId');
    const secret = req.session.get('enrolSecret');
    if (!pending || !secret) return reply.redirect('/sign-in');
    const body = req.body;
    const parsed = codeForm.safeParse(body);
    const codes = parsed.success ? await accounts.completeEnrolment(pending, secret, parsed.data.code) : null;
    if (!codes) {
      const qr = await QRCode.toDataURL(`otpauth://totp/Wayfinder?secret=${secret}&issuer=Wayfinder`, {
        margin: 1,
        width: 200,
      });
      const errors = parsed.success ? { code: 'signIn.errors.codeWrong' } : fieldErrors(parsed.error);
      return reply.code(400).view('auth/views/enrol.njk', { errors, qr, secret, next: nextOf(body.next) });
    }
    await req.session.regenerate();
    req.session.set('userId', pending);
    req.session.set('recoveryCodes', codes);
    return reply.redirect(`/sign-in/recovery-codes?next=${encodeURIComponent(nextOf(body.next))}`);
  });

  // Shown once, straight after enrolment; the codes are then gone from the session.
  app.get('/sign-in/recovery-codes', { schema: { querystring: nextQuery } }, async (req, reply) => {
    const codes = req.session.get('recoveryCodes');
    if (!req.user || !codes) return reply.redirect('/');
    req.session.set('recoveryCodes', undefined);
    return reply.view('auth/views/recovery-codes.njk', {
      codes,
      next: nextOf(req.query.next),
    });
  });

  // Signing out changes state, so it is a form post with its CSRF token (in the header of every
  // signed-in page, and in the timeout warning, whose script posts it with timeout=1 at the end).
  app.post('/sign-out', { schema: { body: formBody } }, async (req, reply) => {
    const timedOut = req.body.timeout === '1';
    await req.session.destroy();
    return reply.redirect(timedOut ? '/sign-in?timeout=1' : '/sign-in?signedOut=1');
  });
  // A link or a typed address only shows the button: a GET never ends a session.
  app.get('/sign-out', async (req, reply) => {
    if (!req.user) return reply.redirect('/sign-in');
    return reply.view('auth/views/sign-out.njk');
  });

  // Lets the timeout warning's "stay signed in" button extend the session (stored at once: the
  // session store otherwise moves a session's expiry on at most every few seconds).
  app.post('/session/keep-alive', { preHandler: requireUser }, async (req, reply) => {
    req.session.set('keptAliveAt', Date.now());
    return reply.code(204).send();
  });

  app.get('/set-password/:token', { schema: { params: tokenParams } }, async (req, reply) => {
    const { token } = req.params;
    const found = await accounts.tokenUser(token);
    if (!found) return reply.code(404).view('auth/views/link-expired.njk');
    return reply.view('auth/views/set-password.njk', { token, email: found.email });
  });

  app.post(
    '/set-password/:token',
    { config: limited, schema: { params: tokenParams, body: formBody } },
    async (req, reply) => {
      const { token } = req.params;
      const found = await accounts.tokenUser(token);
      if (!found) return reply.code(404).view('auth/views/link-expired.njk');
      const parsed = passwordForm.safeParse(req.body);
      if (!parsed.success)
        return reply.code(400).view('auth/views/set-password.njk', {
          token,
          email: found.email,
          errors: fieldErrors(parsed.error),
        });
      const userId = await accounts.setPasswordWithToken(token, parsed.data.password);
      if (!userId) return reply.code(404).view('auth/views/link-expired.njk');
      await req.session.regenerate();
      req.session.set('flash', { type: 'success', key: 'setPassword.done' });
      return reply.redirect('/sign-in?passwordSet=1');
    },
  );
}
