import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, flash, formBody, one, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import {
  type BrowseQuery,
  browseFilters,
  browseOptions,
  browsePages,
  browseSearch,
  type DirectoryService,
} from '../directory/index.ts';
import { ConsentRequiredError } from '../participants/index.ts';
import { careRoutes } from './care-routes.ts';
import { dropInRoutes } from './dropin-routes.ts';
import {
  contactForm,
  idParams,
  inboxQuery,
  moveForm,
  referralForm,
  referralQuery,
  ridParams,
} from './forms.ts';
import { hoursToAnswer, referralSections } from './referrals.ts';
import { contactKinds } from './schema.ts';
import type { CaseworkService } from './service.ts';

declare module 'fastify' {
  interface Session {
    /**
     * A referral waiting for her consent to share: kept in the server-side session (never a URL or
     * cookie) while her key worker records the consent, and removed once the referral is sent.
     */
    referralDraft?: { participantId: string; serviceId: string; sections: string[]; note: string };
  }
}

export const caseworkNavigation: NavItem[] = [
  { href: '/referrals/inbox', key: 'casework.nav.inbox', permission: 'referral:answer' },
  { href: '/drop-ins', key: 'casework.nav.dropIns', permission: 'participant:read' },
];

const contactValues = (c: {
  kind: string;
  happenedAt: Date;
  notes: string | null;
  restricted: boolean;
  nextContactOn: string | null;
}): FormBody => ({
  kind: c.kind,
  ...dateInputValues('happenedOn', c.happenedAt.toISOString().slice(0, 10)),
  notes: c.notes ?? '',
  restricted: c.restricted ? 'yes' : '',
  ...dateInputValues('nextContactOn', c.nextContactOn),
});

export interface CaseworkRoutesDeps {
  casework: CaseworkService;
  /** The directory's search and its areas, for choosing the service a referral goes to. */
  directory: Pick<DirectoryService, 'search' | 'localAreas'>;
}

export async function caseworkRoutes(plugin: FastifyInstance, deps: CaseworkRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.casework;
  app.addHook('preHandler', requireUser);
  careRoutes(app, svc);
  dropInRoutes(app, svc);
  const withId = { schema: { params: idParams } };
  const withRid = { schema: { params: ridParams } };
  const formWithId = { schema: { params: idParams, body: formBody } };
  const formWithRid = { schema: { params: ridParams, body: formBody } };

  // Contacts timeline
  app.get('/participants/:id/contacts', withId, async (req, reply) =>
    reply.view('casework/views/contacts.njk', await svc.contactsOf(actorOf(req), req.params.id)),
  );

  const contactPage = (
    header: Awaited<ReturnType<CaseworkService['ownerHeader']>>,
    values: FormBody,
    errors?: Record<string, string>,
  ) => ({ header, kinds: contactKinds, values, errors, action: `/participants/${header.id}/contacts/new` });
  app.get('/participants/:id/contacts/new', withId, async (req, reply) => {
    const header = await svc.ownerHeader(actorOf(req), req.params.id, 'write');
    const today = dateInputValues('happenedOn', new Date().toISOString().slice(0, 10));
    return reply.view('casework/views/contact-form.njk', contactPage(header, today));
  });

  app.post('/participants/:id/contacts/new', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(contactForm, req.body);
    if (!data) {
      const header = await svc.ownerHeader(actor, req.params.id, 'write');
      return reply.code(400).view('casework/views/contact-form.njk', contactPage(header, req.body, errors));
    }
    await svc.addContact(actor, req.params.id, data);
    flash(req, 'casework.contact.added');
    return reply.redirect(`/participants/${req.params.id}/contacts`, 303);
  });

  const editPage = (
    c: { id: string },
    header: unknown,
    values: FormBody,
    errors?: Record<string, string>,
  ) => ({ header, kinds: contactKinds, values, errors, editing: true, action: `/contacts/${c.id}/edit` });
  app.get('/contacts/:rid/edit', withRid, async (req, reply) => {
    const { contact, header } = await svc.getContact(actorOf(req), req.params.rid);
    return reply.view('casework/views/contact-form.njk', editPage(contact, header, contactValues(contact)));
  });

  app.post('/contacts/:rid/edit', formWithRid, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(contactForm, req.body);
    if (!data) {
      const { contact, header } = await svc.getContact(actor, req.params.rid);
      return reply
        .code(400)
        .view('casework/views/contact-form.njk', editPage(contact, header, req.body, errors));
    }
    const participantId = await svc.editContact(actor, req.params.rid, data);
    flash(req, 'casework.contact.edited');
    return reply.redirect(`/participants/${participantId}/contacts`, 303);
  });

  app.get('/contacts/:rid/history', withRid, async (req, reply) =>
    reply.view('casework/views/contact-history.njk', await svc.contactHistory(actorOf(req), req.params.rid)),
  );

  // Her referrals
  app.get('/participants/:id/referrals', withId, async (req, reply) => {
    const { header, rows } = await svc.referralsOf(actorOf(req), req.params.id);
    return reply.view('casework/views/referrals.njk', {
      header,
      rows: rows.map((r) => ({ ...r, hours: hoursToAnswer(r) })),
    });
  });

  const newReferralPage = async (
    actor: Actor,
    id: string,
    query: BrowseQuery & { serviceId?: string },
    posted: FormBody,
    errors: Record<string, string> = {},
    draft?: FastifyRequest['session']['referralDraft'],
  ): Promise<Record<string, unknown>> => {
    const serviceId = one(posted.serviceId) || query.serviceId || '';
    const { header, chosen } = await svc.referralPage(actor, id, serviceId);
    // The form is shown with her key worker's draft, if she left it to record a consent.
    const kept = draft?.participantId === id && draft.serviceId === serviceId;
    const values = kept ? { sections: draft.sections, note: draft.note } : posted;
    // The directory's staff search, her home area first (until another area, or all, is chosen).
    const areas = await deps.directory.localAreas();
    const filters = browseFilters(query, areas, header.homeAreaCode);
    const results = chosen ? null : await deps.directory.search(browseSearch(filters));
    const base = `/participants/${id}/referrals/new`;
    return {
      header,
      filters,
      results,
      pages: results ? browsePages(base, filters, results) : null,
      ...browseOptions(areas),
      chosen,
      values,
      errors,
      sections: referralSections,
    };
  };

  app.get(
    '/participants/:id/referrals/new',
    { schema: { params: idParams, querystring: referralQuery } },
    async (req, reply) => {
      const draft = req.session.get('referralDraft');
      return reply.view(
        'casework/views/referral-new.njk',
        await newReferralPage(actorOf(req), req.params.id, req.query, {}, {}, draft),
      );
    },
  );

  /** Keeps what she wrote and sends her key worker to record the missing consent, then back here. */
  const toConsent = (
    session: FastifyRequest['session'],
    reply: FastifyReply,
    id: string,
    body: FormBody,
    organisationId: string,
  ) => {
    const serviceId = one(body.serviceId);
    const sections = [body.sections ?? []].flat();
    session.set('referralDraft', { participantId: id, serviceId, sections, note: one(body.note) });
    const back = `/participants/${id}/referrals/new?serviceId=${serviceId}`;
    return reply.redirect(
      `/participants/${id}/consent?purpose=share_organisation&organisationId=${organisationId}&returnTo=${encodeURIComponent(back)}`,
      303,
    );
  };

  app.post(
    '/participants/:id/referrals/new',
    { schema: { params: idParams, querystring: referralQuery, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { data, errors } = parseForm(referralForm, req.body);
      const missing = await svc.missingShareConsent(actor, req.params.id, one(req.body.serviceId));
      if (missing) return toConsent(req.session, reply, req.params.id, req.body, missing);
      return orInvalid(
        async () => {
          if (!data) throw new ValidationError(errors);
          try {
            const r = await svc.createReferral(actor, req.params.id, data);
            req.session.set('referralDraft', undefined);
            flash(req, 'casework.referral.sentFlash');
            return reply.redirect(`/referrals/${r.id}`, 303);
          } catch (err) {
            // Withdrawn between the check and the send: still her note is kept, never a 403.
            if (err instanceof ConsentRequiredError) {
              const again = await svc.missingShareConsent(actor, req.params.id, data.serviceId);
              if (again) return toConsent(req.session, reply, req.params.id, req.body, again);
            }
            throw err;
          }
        },
        async (fields) =>
          reply
            .code(400)
            .view(
              'casework/views/referral-new.njk',
              await newReferralPage(actor, req.params.id, req.query, req.body, fields),
            ),
      );
    },
  );

  // Inbox of the receiving organisation
  app.get('/referrals/inbox', { schema: { querystring: inboxQuery } }, async (req, reply) => {
    const filter = req.query.show === 'all' ? 'all' : 'waiting';
    const rows = await svc.referralInbox(actorOf(req), filter);
    return reply.view('casework/views/inbox.njk', { rows, filter });
  });

  app.get('/referrals/:rid', withRid, async (req, reply) => {
    const data = await svc.getReferral(actorOf(req), req.params.rid);
    return reply.view('casework/views/referral.njk', {
      ...data,
      hours: hoursToAnswer(data.referral),
      values: {},
    });
  });

  app.post('/referrals/:rid/status', formWithRid, async (req, reply) => {
    const { rid } = req.params;
    const { data, errors } = parseForm(moveForm, req.body);
    const invalid = async (fields: Record<string, string>) => {
      const referral = await svc.getReferral(actorOf(req), rid);
      return reply.code(400).view('casework/views/referral.njk', {
        ...referral,
        hours: hoursToAnswer(referral.referral),
        values: req.body,
        errors: fields,
      });
    };
    if (!data) return invalid(errors);
    return orInvalid(async () => {
      await svc.moveReferral(actorOf(req), rid, data.to, data.reason);
      flash(req, `casework.referral.moved.${data.to}`);
      return reply.redirect(`/referrals/${rid}`, 303);
    }, invalid);
  });

  // A printable summary to go with a referral (for a service not on the platform, or to keep)
  app.get('/referrals/:rid/summary', withRid, async (req, reply) => {
    const actor = actorOf(req);
    const data = await svc.referralSummary(actor, req.params.rid);
    return reply.view('casework/views/referral-summary.njk', {
      ...data,
      shared: new Set(data.referral.sections),
    });
  });
}
