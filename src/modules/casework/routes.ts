import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import type { DirectoryService } from '../directory/index.ts';
import { careRoutes } from './care-routes.ts';
import type { ContactInput } from './contacts.ts';
import { dropInRoutes } from './dropin-routes.ts';
import { hoursToAnswer, type ReferralSection, referralSections } from './referrals.ts';
import { contactKinds, referralStatuses } from './schema.ts';
import type { CaseworkService } from './service.ts';

export const caseworkNavigation: NavItem[] = [
  { href: '/referrals/inbox', key: 'casework.nav.inbox', permission: 'referral:answer' },
  { href: '/drop-ins', key: 'casework.nav.dropIns', permission: 'participant:read' },
];

type Body = Record<string, string | string[] | undefined>;
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

/** A GOV.UK date input (<name>-day, -month, -year) as YYYY-MM-DD; an error key when wrong or missing. */
function dateParts(body: Body, name: string, required: boolean): { value: string | null; error?: string } {
  const [d, m, y] = ['day', 'month', 'year'].map((k) => one(body[`${name}-${k}`]));
  if (!d && !m && !y) return required ? { value: null, error: 'casework.errors.date' } : { value: null };
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (!/^\d{4}$/.test(y!) || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d))
    return { value: null, error: 'casework.errors.date' };
  return { value: date.toISOString().slice(0, 10) };
}

function parseContact(body: Body): { data?: ContactInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const kind = one(body.kind);
  if (!(contactKinds as readonly string[]).includes(kind)) errors.kind = 'casework.errors.kind';
  const happened = dateParts(body, 'happenedOn', true);
  if (happened.error) errors.happenedOn = happened.error;
  else if (happened.value! > new Date().toISOString().slice(0, 10))
    errors.happenedOn = 'casework.errors.future';
  const next = dateParts(body, 'nextContactOn', false);
  if (next.error) errors.nextContactOn = next.error;
  const notes = one(body.notes);
  if (notes.length > 10_000) errors.notes = 'casework.errors.tooLong';
  if (Object.keys(errors).length) return { errors };
  return {
    errors,
    data: {
      kind: kind as ContactInput['kind'],
      happenedOn: happened.value!,
      notes: notes || null,
      restricted: one(body.restricted) === 'yes',
      nextContactOn: next.value,
    },
  };
}

const contactValues = (c: {
  kind: string;
  happenedAt: Date;
  notes: string | null;
  restricted: boolean;
  nextContactOn: string | null;
}): Body => {
  const [y, m, d] = c.happenedAt.toISOString().slice(0, 10).split('-');
  const [ny, nm, nd] = (c.nextContactOn ?? '').split('-');
  return {
    kind: c.kind,
    'happenedOn-day': String(Number(d)),
    'happenedOn-month': String(Number(m)),
    'happenedOn-year': y,
    notes: c.notes ?? '',
    restricted: c.restricted ? 'yes' : '',
    ...(c.nextContactOn
      ? {
          'nextContactOn-day': String(Number(nd)),
          'nextContactOn-month': String(Number(nm)),
          'nextContactOn-year': ny,
        }
      : {}),
  };
};

export interface CaseworkRoutesDeps {
  casework: CaseworkService;
  /** The directory's search, for choosing the service a referral goes to. */
  directory: Pick<DirectoryService, 'search'>;
}

export async function caseworkRoutes(app: FastifyInstance, deps: CaseworkRoutesDeps) {
  const svc = deps.casework;
  app.addHook('preHandler', requireUser);
  careRoutes(app, svc);
  dropInRoutes(app, svc);

  // Contacts timeline
  app.get('/participants/:id/contacts', async (req, reply) => {
    const { id } = params(req);
    const actor = actorOf(req);
    const header = await svc.header(actor, id);
    if (header.access.level !== 'owner') throw new NotFoundError();
    const rows = await svc.contactsOf(actor, id);
    return reply.view('casework/views/contacts.njk', { header, rows });
  });

  app.get('/participants/:id/contacts/new', async (req, reply) => {
    const header = await svc.header(actorOf(req), params(req).id, 'write');
    if (header.access.level !== 'owner') throw new NotFoundError();
    const today = new Date().toISOString().slice(0, 10).split('-');
    return reply.view('casework/views/contact-form.njk', {
      header,
      kinds: contactKinds,
      values: {
        'happenedOn-day': String(Number(today[2])),
        'happenedOn-month': String(Number(today[1])),
        'happenedOn-year': today[0],
      },
      action: `/participants/${header.id}/contacts/new`,
    });
  });

  app.post('/participants/:id/contacts/new', async (req, reply) => {
    const actor = actorOf(req);
    const header = await svc.header(actor, params(req).id, 'write');
    if (header.access.level !== 'owner') throw new NotFoundError();
    const body = bodyOf(req);
    const { data, errors } = parseContact(body);
    if (!data)
      return reply.code(400).view('casework/views/contact-form.njk', {
        header,
        kinds: contactKinds,
        values: body,
        errors,
        action: `/participants/${header.id}/contacts/new`,
      });
    await svc.addContact(actor, header.id, data);
    req.session.set('flash', { type: 'success', key: 'casework.contact.added' });
    return reply.redirect(`/participants/${header.id}/contacts`, 303);
  });

  app.get('/contacts/:rid/edit', async (req, reply) => {
    const actor = actorOf(req);
    const c = await svc.getContact(actor, params(req).rid);
    const header = await svc.header(actor, c.participantId, 'write');
    return reply.view('casework/views/contact-form.njk', {
      header,
      kinds: contactKinds,
      values: contactValues(c),
      editing: true,
      action: `/contacts/${c.id}/edit`,
    });
  });

  app.post('/contacts/:rid/edit', async (req, reply) => {
    const actor = actorOf(req);
    const c = await svc.getContact(actor, params(req).rid);
    const body = bodyOf(req);
    const { data, errors } = parseContact(body);
    if (!data) {
      const header = await svc.header(actor, c.participantId, 'write');
      return reply.code(400).view('casework/views/contact-form.njk', {
        header,
        kinds: contactKinds,
        values: body,
        errors,
        editing: true,
        action: `/contacts/${c.id}/edit`,
      });
    }
    await svc.editContact(actor, c.id, data);
    req.session.set('flash', { type: 'success', key: 'casework.contact.edited' });
    return reply.redirect(`/participants/${c.participantId}/contacts`, 303);
  });

  app.get('/contacts/:rid/history', async (req, reply) => {
    const actor = actorOf(req);
    const data = await svc.contactHistory(actor, params(req).rid);
    const header = await svc.header(actor, data.contact.participantId);
    return reply.view('casework/views/contact-history.njk', { header, ...data });
  });

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
      ? (await deps.directory.search({ text, perPage: 20 })).items.filter((s) => s.id !== serviceId)
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
