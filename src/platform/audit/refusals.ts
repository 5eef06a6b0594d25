/**
 * Refused access goes on the audit trail (issue 9, item 11): who (the signed-in user and her
 * organisation), what (method, route pattern, status, the permission and a reason code) and when
 * (the event's time). Never the URL itself, its query or its body: they can hold names.
 *
 * A refusal is a ForbiddenError (403) or a NotFoundError that `authorise`/`requireOwn` marked as
 * another organisation's record (the user still sees a plain 404). A signed-out visitor sent to the
 * sign-in page is not refused anything yet and is not recorded: the sign-in that follows is audited
 * and rate-limited already, and recording every such redirect would let anyone write to the trail.
 *
 * Rate limit, so a scan cannot flood the trail: each actor writes at most `perMinute` refusal
 * events in a fixed one-minute window; the rest are only counted, and one `access.refused-more`
 * event carries that count when the window closes (at her next refusal after it, at the minute's
 * sweep, or when the app stops). Signed-out refusals (rare: most routes redirect instead) share one
 * key, `anonymous`: an address is personal data and many addresses would each get their own
 * allowance. So the trail grows by at most (users + 1) x (perMinute + 1) events a minute.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ForbiddenError, NotFoundError, type Refusal } from '../http/errors.ts';
import type { AuditService } from './service.ts';

export const REFUSALS_PER_MINUTE = 10;
const WINDOW_MS = 60_000;
/** Beyond this many keys in one window, new actors share one allowance (bounded memory). */
const MAX_KEYS = 10_000;

interface Who {
  userId: string;
  organisationId: string;
}
interface Window {
  who: Who | null;
  startedAt: number;
  written: number;
  suppressed: number;
}
export interface Suppressed {
  who: Who | null;
  startedAt: number;
  suppressed: number;
}

/** Fixed one-minute windows per key; pure, so it is tested on its own clock. */
export class RefusalLimiter {
  private windows = new Map<string, Window>();
  constructor(private readonly perMinute = REFUSALS_PER_MINUTE) {}

  /** Whether this refusal is written, and any count of a closed window to write first. */
  admit(key: string, who: Who | null, now: number): { write: boolean; closed?: Suppressed } {
    if (!this.windows.has(key) && this.windows.size >= MAX_KEYS) key = '*';
    let w = this.windows.get(key);
    let closed: Suppressed | undefined;
    if (w && now - w.startedAt >= WINDOW_MS) {
      if (w.suppressed) closed = { who: w.who, startedAt: w.startedAt, suppressed: w.suppressed };
      w = undefined;
    }
    if (!w) {
      w = { who: key === '*' ? null : who, startedAt: now, written: 0, suppressed: 0 };
      this.windows.set(key, w);
    }
    if (w.written < this.perMinute) {
      w.written++;
      return { write: true, closed };
    }
    w.suppressed++;
    return { write: false, closed };
  }

  /** Ends the windows older than a minute (all of them with `all`) and returns their counts to write. */
  sweep(now: number, all = false): Suppressed[] {
    const out: Suppressed[] = [];
    for (const [key, w] of this.windows) {
      if (!all && now - w.startedAt < WINDOW_MS) continue;
      this.windows.delete(key);
      if (w.suppressed) out.push({ who: w.who, startedAt: w.startedAt, suppressed: w.suppressed });
    }
    return out;
  }
}

/** The refusal an error stands for, or undefined when it is not one (a plain 404, a 400, a 500). */
export function refusalOf(err: unknown): Refusal | undefined {
  if (err instanceof ForbiddenError) return err.refusal ?? { reason: 'record' };
  if (err instanceof NotFoundError) return err.refusal;
  return undefined;
}

/**
 * Registers the hook on the root instance (before the modules, so it sees every route's errors).
 * `onError` runs before the error handler, which still answers 403 or 404 as before.
 */
export function registerRefusalAudit(
  app: FastifyInstance,
  audit: AuditService,
  opts: { perMinute?: number } = {},
): RefusalLimiter {
  const limiter = new RefusalLimiter(opts.perMinute);
  const writeSuppressed = async (s: Suppressed) =>
    audit.record({
      actor: s.who,
      action: 'access.refused-more',
      outcome: 'denied',
      details: { count: s.suppressed, windowStart: new Date(s.startedAt).toISOString() },
    });
  // A failed audit write must not turn a refusal into a 500; it is logged without personal data.
  const safely = (req: FastifyRequest | FastifyInstance, work: Promise<void>) =>
    work.catch((err: Error & { code?: string }) =>
      req.log.error({ err: { message: err.message, code: err.code } }, 'refusal audit failed'),
    );

  app.addHook('onError', async (req, _reply, err) => {
    const refusal = refusalOf(err);
    if (!refusal) return;
    const who = req.user ? { userId: req.user.userId, organisationId: req.user.organisationId } : null;
    const { write, closed } = limiter.admit(who?.userId ?? 'anonymous', who, Date.now());
    if (closed) await safely(req, writeSuppressed(closed));
    if (!write) return;
    await safely(
      req,
      audit.record({
        actor: who,
        action: 'access.refused',
        outcome: 'denied',
        details: {
          method: req.method,
          // The pattern ('/participants/:id'), never the URL: no ids of her, no query words.
          route: req.routeOptions.url ?? null,
          status: (err as { status?: number }).status ?? 403,
          reason: refusal.reason,
          ...(refusal.permission ? { permission: refusal.permission } : {}),
          ...(req.user ? { role: req.user.role } : {}),
        },
      }),
    );
  });

  const flush = async (all: boolean) => {
    for (const s of limiter.sweep(Date.now(), all)) await safely(app, writeSuppressed(s));
  };
  const sweep = setInterval(() => void flush(false), WINDOW_MS);
  sweep.unref();
  app.addHook('onClose', async () => {
    clearInterval(sweep);
    await flush(true);
  });
  return limiter;
}
