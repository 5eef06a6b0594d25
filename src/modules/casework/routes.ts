import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { SessionUser } from '../../platform/auth/accounts.ts';
import { requireUser } from '../../platform/auth/routes.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import { searchServices } from '../directory/search.ts';
import { hoursToAnswer, type ReferralSection, referralSections } from './referrals.ts';
import { referralStatuses } from './schema.ts';
import type { CaseworkService } from './service.ts';

export const caseworkNavigation: NavItem[] = [
  { href: '/referrals/inbox', key: 'casework.nav.inbox', permission: 'referral:answer' },
];

type Body = Record<string, string | string[] | undefined>;
const actorOf = (req: FastifyRequest) => req.user as SessionUser;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const params = (req: FastifyRequest) => req.params as { id: string; rid: string };

const moveSchema = z.object({
  to: z.enum(referralStatuses, { error: 'casework.errors.status' }),
  reason: z
    .string()
    .optional()
    .transform((v) => v?.trim() || null)
    .pipe(z.string().max(500, 'casework.errors.tooLong').nullable()),
});

export async function caseworkRoutes(app: FastifyInstance, deps: { casework: CaseworkService; db: DbOrTx }) {
  const svc = deps.casework;
  app.addHook('preHandler', requireUser);

  // Her referrals
  app.get('/participants/:id/referrals', async (req, reply) => {
    const { id } = params(req);
    const actor = actorOf(req);
    const header = await svc.header(actor, id);
    const rows = await svc.referralsOf(actor, id);
    return reply.view('casework/views/referrals.njk', {
      header,
      rows: rows.map((r) => ({ ...r, hours: hoursToAnswer(r) })),
    });
  });

  const newReferralPage = async (
    req: FastifyRequest,
    values: Body,
    errors: Record<string, string> = {},
  ): Promise<Record<string, unknown>> => {
    const { id } = params(req);
    const actor = actorOf(req);
    const header = await svc.header(actor, id, 'write');
    if (header.access.level !== 'owner') throw new NotFoundError();
    const q = (req.query ?? {}) as Record<string, string | undefined>;
    const serviceId = one(values.serviceId) || q.serviceId || '';
    const text = (q.q ?? '').trim().slice(0, 200);
    const results = text
      ? (await searchServices(deps.db, { text, perPage: 20 })).items.filter((s) => s.id !== serviceId)
      : [];
    const chosen = serviceId ? await svc.referralTarget(actor, id, serviceId) : null;
    return { header, q: text, results, chosen, values, errors, sections: referralSections };
  };

  app.get('/participants/:id/referrals/new', async (req, reply) =>
    reply.view('casework/views/referral-new.njk', await newReferralPage(req, {})),
  );

  app.post('/participants/:id/referrals/new', async (req, reply) => {
    const { id } = params(req);
    const body = bodyOf(req);
    const note = one(body.note);
    const sections = many(body.sections).filter((s): s is ReferralSection =>
      (referralSections as readonly string[]).includes(s),
    );
    const errors: Record<string, string> = {};
    if (note.length > 2000) errors.note = 'casework.errors.tooLong';
    if (!sections.length) errors.sections = 'casework.errors.sections';
    try {
      if (Object.keys(errors).length) throw new ValidationError(errors);
      const r = await svc.createReferral(actorOf(req), id, {
        serviceId: one(body.serviceId),
        sections,
        note: note || null,
        agreed: one(body.agreed) === 'yes',
      });
      req.session.set('flash', { type: 'success', key: 'casework.referral.sentFlash' });
      return reply.redirect(`/referrals/${r.id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply
        .code(400)
        .view(
          'casework/views/referral-new.njk',
          await newReferralPage(req, body, { ...errors, ...err.fields }),
        );
    }
  });

  // Inbox of the receiving organisation
  app.get('/referrals/inbox', async (req, reply) => {
    const q = (req.query ?? {}) as Record<string, string | undefined>;
    const filter = q.show === 'all' ? 'all' : 'waiting';
    const rows = await svc.referralInbox(actorOf(req), filter);
    return reply.view('casework/views/inbox.njk', { rows, filter });
  });

  app.get('/referrals/:rid', async (req, reply) => {
    const data = await svc.getReferral(actorOf(req), params(req).rid!);
    return reply.view('casework/views/referral.njk', {
      ...data,
      hours: hoursToAnswer(data.referral),
      values: {},
    });
  });

  app.post('/referrals/:rid/status', async (req, reply) => {
    const { rid } = params(req);
    const parsed = moveSchema.safeParse(bodyOf(req));
    if (!parsed.success) {
      const data = await svc.getReferral(actorOf(req), rid!);
      return reply.code(400).view('casework/views/referral.njk', {
        ...data,
        hours: hoursToAnswer(data.referral),
        values: bodyOf(req),
        errors: { reason: 'casework.errors.tooLong' },
      });
    }
    await svc.moveReferral(actorOf(req), rid!, parsed.data.to, parsed.data.reason);
    req.session.set('flash', { type: 'success', key: `casework.referral.moved.${parsed.data.to}` });
    return reply.redirect(`/referrals/${rid}`, 303);
  });

  // A printable summary to go with a referral (for a service not on the platform, or to keep)
  app.get('/referrals/:rid/summary', async (req, reply) => {
    const actor = actorOf(req);
    const data = await svc.getReferral(actor, params(req).rid!);
    if (data.side !== 'referrer') throw new NotFoundError();
    const record = await svc.record(actor, data.referral.participantId);
    return reply.view('casework/views/referral-summary.njk', {
      ...data,
      record,
      shared: new Set(data.referral.sections),
    });
  });
}
