import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise, can } from '../../platform/auth/authorise.ts';
import { requireUser } from '../../platform/auth/routes.ts';
import { type FormBody, fieldErrors, flash, formBody, orInvalid } from '../../platform/http/forms.ts';
import { pageNumber, queryValue, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import type { StatusFilter } from './caseload.ts';
import * as codes from './codes.ts';
import { channelConsent } from './contact-rules.ts';
import type { PersonFacts } from './duplicates.ts';
import {
  consentForm,
  contactForm,
  dateField,
  languagesForm,
  namesForm,
  quickContactPurposes,
  quickForm,
} from './forms.ts';
import { handOverRoutes } from './hand-over-routes.ts';
import { actorOf, formatNumber, longDate } from './http.ts';
import { type ParticipantsRouteDeps, recordRoutes } from './record-routes.ts';
import type { LikelyDuplicate } from './register.ts';
import { type ConsentMethod, type ConsentPurpose, consentMethods, consentPurposes } from './schema.ts';

declare module 'fastify' {
  interface Session {
    /** Step 1 of registration (purposes and how consent was given): codes only, no personal data. */
    participantConsent?: { purposes: ConsentPurpose[]; method: ConsentMethod };
  }
}

const DUPLICATE = 'participants.errors.likelyDuplicate';

export const participantsNavigation: NavItem[] = [
  { href: '/caseload', key: 'participants.nav.caseload', permission: 'participant:read' },
];

// Sharing with a named organisation is recorded per organisation, from her record, when a referral needs it.
const registrationPurposes = consentPurposes.filter((p) => p !== 'share_organisation');
const statusFilters = ['current', 'active', 'paused', 'moved_on', 'all'] as const satisfies StatusFilter[];
const caseloadQuery = z.object({
  status: queryValue.pipe(z.enum(statusFilters).optional()).catch(undefined),
  keyWorker: queryValue,
  page: pageNumber,
});

/** The details form of registration: names, safe contact and languages, each with its field errors. */
export function parseDetails(body: FormBody) {
  const errors: Record<string, string> = {};
  const names = namesForm.safeParse(body);
  const dob = dateField(body, 'dateOfBirth', { past: true });
  const contact = contactForm.safeParse(body);
  const languages = languagesForm.safeParse(body);
  for (const r of [names, contact, languages]) if (!r.success) Object.assign(errors, fieldErrors(r.error));
  if (dob.error) errors.dateOfBirth = dob.error;
  if (!names.success || !contact.success || !languages.success || dob.error) return { errors };
  return {
    data: {
      names: { ...names.data, dateOfBirth: dob.value },
      contact: contact.data,
      languages: languages.data,
    },
  };
}

export async function participantsRoutes(plugin: FastifyInstance, deps: ParticipantsRouteDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.participants;
  app.addHook('preHandler', requireUser);
  // Dates in her language, with a reused formatter (see longDate), for every page of the module.
  app.addHook('preHandler', async (req, reply) => {
    reply.locals = {
      ...reply.locals,
      fmtDate: (d: Date | string | null) => longDate(req.lang, d),
      fmtNumber: (n: number) => formatNumber(req.lang, n),
    };
  });

  app.get('/caseload', { schema: { querystring: caseloadQuery } }, async (req, reply) => {
    const { status = 'current', keyWorker, page } = req.query;
    const actor = actorOf(req);
    const [data, notices] = await Promise.all([
      svc.caseload(actor, { keyWorker, status, page }),
      svc.caseloadNotices(actor),
    ]);
    const manager = can(actor, 'caseload:view-organisation');
    const titleKey = !manager
      ? 'participants.caseload.title'
      : data.keyWorker
        ? 'participants.caseload.ofKeyWorker'
        : 'participants.caseload.organisationTitle';
    return reply.view('participants/views/caseload.njk', {
      data,
      notices,
      manager,
      titleKey,
      titleValues: { name: data.keyWorker?.name ?? req.t('participants.record.unassigned') },
      keyWorkerParam: manager && data.keyWorker ? (data.keyWorker.id ?? 'unassigned') : '',
    });
  });

  app.get(
    '/participants/search',
    { schema: { querystring: z.object({ q: queryValue }) } },
    async (req, reply) => {
      const q = req.query.q ?? '';
      const results = await svc.search(actorOf(req), q);
      return reply.view('participants/views/search.njk', { q, results, searched: q.trim().length > 0 });
    },
  );

  /**
   * Before a second record of the same woman is made: the likely matches among the records this
   * user may see, unless she has said this is a different person.
   */
  const duplicatesUnlessConfirmed = async (req: FastifyRequest, body: FormBody, person: PersonFacts) => {
    if (body.differentPerson === 'yes') return null;
    const found = await svc.likelyDuplicates(actorOf(req), person);
    return found.length ? found : null;
  };

  // Registration, consent first: step 1 records what she agrees to, step 2 her details.
  const consentPage = (reply: FastifyReply, values: FormBody, errors?: Record<string, string>) =>
    reply.code(errors ? 400 : 200).view('participants/views/register-consent.njk', {
      purposes: registrationPurposes,
      methods: consentMethods,
      values: { ...values, purposes: [values.purposes ?? []].flat() },
      errors,
    });

  app.get('/participants/register', async (req, reply) => {
    authorise(actorOf(req), 'participant:write');
    return consentPage(reply, { ...req.session.get('participantConsent') });
  });

  app.post('/participants/register', { schema: { body: formBody } }, async (req, reply) => {
    authorise(actorOf(req), 'participant:write');
    const body = req.body;
    const parsed = consentForm.safeParse(body);
    if (!parsed.success) return consentPage(reply, body, fieldErrors(parsed.error));
    if (!parsed.data.purposes.includes('support'))
      return consentPage(reply, body, { purposes: 'participants.errors.supportConsentMissing' });
    req.session.set('participantConsent', {
      purposes: parsed.data.purposes.filter((p) => p !== 'share_organisation'),
      method: parsed.data.method,
    });
    return reply.redirect('/participants/register/details');
  });

  const detailsPage = (
    reply: FastifyReply,
    values: FormBody,
    errors: Record<string, string> | undefined,
    consented: readonly ConsentPurpose[],
    duplicates: LikelyDuplicate[] = [],
  ) =>
    reply.code(errors ? 400 : 200).view('participants/views/register-details.njk', {
      codes,
      duplicates,
      channelConsent,
      consented,
      values: { ...values, contactMethods: [values.contactMethods ?? []].flat() },
      errors,
    });

  app.get('/participants/register/details', async (req, reply) => {
    authorise(actorOf(req), 'participant:write');
    const consent = req.session.get('participantConsent');
    if (!consent) return reply.redirect('/participants/register');
    return detailsPage(reply, {}, undefined, consent.purposes);
  });

  app.post('/participants/register/details', { schema: { body: formBody } }, async (req, reply) => {
    authorise(actorOf(req), 'participant:write');
    const consent = req.session.get('participantConsent');
    if (!consent) return reply.redirect('/participants/register');
    const body = req.body;
    const parsed = parseDetails(body);
    if (!parsed.data) return detailsPage(reply, body, parsed.errors, consent.purposes);
    const input = parsed.data;
    const duplicates = await duplicatesUnlessConfirmed(req, body, {
      ...input.names,
      phone: input.contact.phone,
    });
    if (duplicates)
      return detailsPage(reply, body, { differentPerson: DUPLICATE }, consent.purposes, duplicates);
    return orInvalid(
      async () => {
        const id = await svc.register(actorOf(req), { consent, ...input });
        req.session.set('participantConsent', undefined);
        flash(req, 'participants.register.done');
        return reply.redirect(`/participants/${id}`);
      },
      (errors) => detailsPage(reply, body, errors, consent.purposes),
    );
  });

  // Quick registration for a drop-in walk-in, completed later from her record.
  const quickPage = (
    reply: FastifyReply,
    values: FormBody,
    errors?: Record<string, string>,
    duplicates: LikelyDuplicate[] = [],
  ) =>
    reply.code(errors ? 400 : 200).view('participants/views/quick.njk', {
      codes,
      duplicates,
      methods: consentMethods,
      contactPurposes: quickContactPurposes,
      values: {
        ...values,
        contactMethods: [values.contactMethods ?? []].flat(),
        contactConsents: [values.contactConsents ?? []].flat(),
      },
      errors,
    });

  app.get('/participants/quick', async (req: FastifyRequest, reply) => {
    authorise(actorOf(req), 'participant:write');
    return quickPage(reply, {});
  });

  app.post('/participants/quick', { schema: { body: formBody } }, async (req, reply) => {
    authorise(actorOf(req), 'participant:write');
    const body = req.body;
    const parsed = quickForm.safeParse(body);
    if (!parsed.success) return quickPage(reply, body, fieldErrors(parsed.error));
    const duplicates = await duplicatesUnlessConfirmed(req, body, parsed.data);
    if (duplicates) return quickPage(reply, body, { differentPerson: DUPLICATE }, duplicates);
    const id = await svc.quickRegister(actorOf(req), parsed.data);
    flash(req, 'participants.quick.done');
    return reply.redirect(`/participants/${id}`);
  });

  await app.register(recordRoutes, deps);
  await app.register(handOverRoutes, { participants: svc });
}
