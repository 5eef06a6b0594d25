import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise, can } from '../../platform/auth/authorise.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import { type FormBody, fieldErrors, flash, formBody, one, orInvalid } from '../../platform/http/forms.ts';
import { idParams, isUuid, uuid, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { SectionInput } from './changes.ts';
import * as codes from './codes.ts';
import { channelConsent, channelsToShow, consentedPurposes } from './contact-rules.ts';
import {
  aspirationsForm,
  circumstancesForm,
  consentChangeForm,
  contactForm,
  dateField,
  languagesForm,
  namesForm,
  qualificationForm,
  type SpecialInput,
  specialForm,
  workHistoryForm,
} from './forms.ts';
import { actorOf, codeItems } from './http.ts';
import { subjectAccessPdf, subjectAccessText } from './pdf.ts';
import type { ParticipantRecord } from './record.ts';
import { consentMethods, consentPurposes, type ParticipantStatus, participantStatuses } from './schema.ts';
import type { ParticipantsService } from './service.ts';

const sections = ['names', 'contact', 'languages', 'circumstances', 'aspirations', 'special'] as const;
type Section = (typeof sections)[number];
const yn = (v: boolean | undefined) => (v === undefined ? undefined : v ? 'yes' : 'no');

/** The edit form's starting values, from her record. */
function sectionValues(section: Section, r: ParticipantRecord): FormBody {
  switch (section) {
    case 'names':
      return {
        preferredName: r.preferredName,
        givenName: r.names?.givenName ?? '',
        familyName: r.names?.familyName ?? '',
        ...dateInputValues('dateOfBirth', r.dateOfBirth),
      };
    case 'contact':
      return {
        neverContactAtHome: yn(r.contact?.neverContactAtHome),
        contactMethods: r.contact?.contactMethods ?? [],
        safeTimes: r.contact?.safeTimes ?? '',
        phone: r.contact?.phone ?? '',
        email: r.contact?.email ?? '',
      };
    case 'languages':
      return {
        languages: r.languages?.languages.join(', ') ?? '',
        interpreterNeeded: yn(r.languages?.interpreterNeeded),
        interpreterLanguage: r.languages?.interpreterLanguage ?? '',
        englishLevel: r.languages?.englishLevel ?? '',
      };
    case 'circumstances': {
      const c = r.circumstances;
      return {
        homeAreaCode: c?.homeAreaCode ?? '',
        careCommitments: c?.careCommitments ?? '',
        availableDays: c?.availableDays ?? [],
        schoolHoursOnly: yn(c?.schoolHoursOnly),
        availabilityNotes: c?.availabilityNotes ?? '',
        travelLimitMinutes: c?.travelLimitMinutes?.toString() ?? '',
      };
    }
    case 'aspirations':
      return {
        skills: r.aspirations?.skills.join(', ') ?? '',
        aspirations: r.aspirations?.aspirations ?? '',
      };
    case 'special': {
      const s = r.special;
      return {
        immigrationStatus: s?.immigrationStatus ?? '',
        rightToWorkMethod: s?.rightToWork?.method ?? '',
        rightToWorkOutcome: s?.rightToWork?.outcome ?? '',
        ...dateInputValues('rightToWorkCheckedOn', s?.rightToWork?.checkedOn),
        ...dateInputValues('rightToWorkRecheckOn', s?.rightToWork?.recheckOn),
        ethnicity: s?.ethnicity ?? '',
        religion: s?.religion ?? '',
        sexuality: s?.sexuality ?? '',
        healthNotes: s?.healthNotes ?? '',
      };
    }
  }
}

type Parsed<T> = { data: T; errors?: undefined } | { data?: undefined; errors: Record<string, string> };

function parseSection(section: Exclude<Section, 'special'>, body: FormBody): Parsed<SectionInput> {
  const schema = {
    names: namesForm,
    contact: contactForm,
    languages: languagesForm,
    circumstances: circumstancesForm,
    aspirations: aspirationsForm,
  }[section];
  const parsed = schema.safeParse(body);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const dob = section === 'names' ? dateField(body, 'dateOfBirth', { past: true }) : undefined;
  if (dob?.error) errors.dateOfBirth = dob.error;
  if (!parsed.success || dob?.error) return { errors };
  const data = section === 'names' ? { ...parsed.data, dateOfBirth: dob?.value ?? null } : parsed.data;
  return { data: { section, data } as SectionInput };
}

function parseSpecial(body: FormBody): Parsed<SpecialInput> {
  const parsed = specialForm.safeParse(body);
  const errors = parsed.success ? {} : fieldErrors(parsed.error);
  const checked = dateField(body, 'rightToWorkCheckedOn', { past: true });
  const recheck = dateField(body, 'rightToWorkRecheckOn');
  if (checked.error) errors.rightToWorkCheckedOn = checked.error;
  if (recheck.error) errors.rightToWorkRecheckOn = recheck.error;
  if (!parsed.success || checked.error || recheck.error) return { errors };
  const d = parsed.data;
  // A right-to-work check is recorded whole: when, how and what it showed.
  const parts = [checked.value, d.rightToWorkMethod, d.rightToWorkOutcome];
  if (parts.some(Boolean) && !parts.every(Boolean)) {
    if (!checked.value) errors.rightToWorkCheckedOn = 'participants.errors.rightToWorkIncomplete';
    if (!d.rightToWorkMethod) errors.rightToWorkMethod = 'participants.errors.rightToWorkIncomplete';
    if (!d.rightToWorkOutcome) errors.rightToWorkOutcome = 'participants.errors.rightToWorkIncomplete';
    return { errors };
  }
  return { data: { ...d, rightToWorkCheckedOn: checked.value, rightToWorkRecheckOn: recheck.value } };
}

/**
 * What the module's pages are handed by the composition root: its service and, to name her home
 * area, the local authority areas (the directory's `localAreas`, passed in: participants imports
 * no other module).
 */
export interface ParticipantsRouteDeps {
  participants: ParticipantsService;
  localAreas?: () => Promise<readonly { code: string; name: string }[]>;
}

export async function recordRoutes(plugin: FastifyInstance, deps: ParticipantsRouteDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.participants;
  // Her home area is chosen from the local authority areas by name, never typed as an ONS code.
  const areas = async () => (deps.localAreas ? await deps.localAreas() : []);
  const areaItems = async (chosen: string | undefined) => ({
    areas: (await areas()).map((a) => ({ value: a.code, text: a.name, selected: a.code === chosen })),
  });
  const areaNameOf = async (code: string | null | undefined) =>
    code ? (await areas()).find((a) => a.code === code)?.name : undefined;
  const idOf = (req: { params: { id: string } }) => req.params.id;
  const sectionParams = z.object({ id: uuid, section: z.enum(sections) });
  const statusParams = z.object({ id: uuid, to: z.enum(participantStatuses) });
  const items = (req: FastifyRequest) => ({
    immigrationStatuses: codeItems(
      req.t,
      'immigrationStatuses',
      codes.immigrationStatuses,
      'participants.fields.notRecorded',
    ),
    rightToWorkMethods: codeItems(
      req.t,
      'rightToWorkMethods',
      codes.rightToWorkMethods,
      'participants.fields.notRecorded',
    ),
    rightToWorkOutcomes: codeItems(
      req.t,
      'rightToWorkOutcomes',
      codes.rightToWorkOutcomes,
      'participants.fields.notRecorded',
    ),
    enicLevels: codeItems(req.t, 'enicLevels', codes.enicLevels, 'participants.fields.notRecorded'),
    workKinds: codeItems(req.t, 'workKinds', codes.workKinds),
  });

  app.get('/participants/:id', { schema: { params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    // The organisations' names (for her consents, owner only) are read beside her record.
    const [record, allOrganisations] = await Promise.all([svc.view(actor, idOf(req)), svc.organisations()]);
    const organisations = record.access.level === 'owner' ? allOrganisations : [];
    return reply.view('participants/views/record.njk', {
      record,
      // The one contact rule, shown beside her safe contact (owner: the one who sees her consents).
      contactStates:
        record.contact && record.consents
          ? channelsToShow({
              consents: consentedPurposes(record.consents),
              contactMethods: record.contact.contactMethods,
            })
          : null,
      areaName: await areaNameOf(record.circumstances?.homeAreaCode),
      canErase: record.access.level === 'owner' && can(actor, 'participant:erase'),
      links: svc.recordLinks(record.access),
      organisationNames: Object.fromEntries(organisations.map((o) => [o.id, o.name])),
    });
  });

  // One page per section of her record: current values, validation, input kept on error.
  const editPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    o: {
      section: string;
      headingKey: string;
      action: string;
      participant: { id: string; preferredName: string };
      /** Where saving returns to (a referral waiting for this consent). */
      returnTo?: string;
    },
    values: FormBody,
    errors?: Record<string, string>,
    extraItems: Record<string, unknown> = {},
  ) =>
    reply.code(errors ? 400 : 200).view('participants/views/edit.njk', {
      ...o,
      codes,
      channelConsent,
      consented: extraItems.consented,
      items: { ...items(req), ...extraItems },
      values,
      errors,
    });
  const sectionOf = (req: { params: { section: Section } }): Section => req.params.section;
  const sectionPage = (section: Section, participant: { id: string; preferredName: string }) => ({
    section,
    headingKey: `participants.sections.${section}`,
    action: `/participants/${participant.id}/edit/${section}`,
    participant,
  });

  app.get('/participants/:id/edit/:section', { schema: { params: sectionParams } }, async (req, reply) => {
    const section = sectionOf(req);
    const record = await svc.view(actorOf(req), idOf(req));
    if (!record.access.canWrite) throw new NotFoundError();
    if (section === 'special' && !record.access.specialCategory) throw new ForbiddenError();
    // Her safe ways of contact are set beside what she agreed to (the one contact rule).
    const consented =
      section === 'contact' && record.consents ? [...consentedPurposes(record.consents)] : undefined;
    const extra =
      section === 'circumstances' ? await areaItems(record.circumstances?.homeAreaCode ?? '') : {};
    return editPage(req, reply, sectionPage(section, record), sectionValues(section, record), undefined, {
      consented,
      ...extra,
    });
  });

  app.post(
    '/participants/:id/edit/:section',
    { schema: { params: sectionParams, body: formBody } },
    async (req, reply) => {
      const section = sectionOf(req);
      const actor = actorOf(req);
      const header = await svc.header(actor, idOf(req), 'write');
      if (section === 'special') await svc.access(actor, header.id, 'special');
      const body = req.body;
      const page = sectionPage(section, header);
      const extra = section === 'circumstances' ? await areaItems(one(body.homeAreaCode)) : {};
      const invalid = (errors: Record<string, string>) =>
        editPage(
          req,
          reply,
          page,
          {
            ...body,
            contactMethods: [body.contactMethods ?? []].flat(),
            availableDays: [body.availableDays ?? []].flat(),
          },
          errors,
          extra,
        );
      const parsed = section === 'special' ? parseSpecial(body) : parseSection(section, body);
      if (parsed.errors) return invalid(parsed.errors);
      const area = section === 'circumstances' ? one(body.homeAreaCode).toUpperCase() : '';
      if (area && deps.localAreas && !(await areaNameOf(area)))
        return invalid({ homeAreaCode: 'participants.errors.areaChoose' });
      return orInvalid(async () => {
        if (section === 'special')
          await svc.updateSpecialCategory(actor, header.id, parsed.data as SpecialInput);
        else await svc.updateSection(actor, header.id, parsed.data as SectionInput);
        flash(req, 'participants.edit.saved');
        return reply.redirect(`/participants/${header.id}`);
      }, invalid);
    },
  );

  // Qualifications and work history: add, or remove a line.
  const lists = {
    qualifications: {
      form: qualificationForm,
      section: 'qualification',
      add: svc.addQualification,
      remove: svc.removeQualification,
    },
    'work-history': {
      form: workHistoryForm,
      section: 'workHistory',
      add: svc.addWorkHistory,
      remove: svc.removeWorkHistory,
    },
  } as const;
  for (const [path, list] of Object.entries(lists)) {
    const page = (participant: { id: string; preferredName: string }) => ({
      section: list.section,
      headingKey: `participants.sections.${list.section}Add`,
      action: `/participants/${participant.id}/${path}/new`,
      participant,
    });
    app.get(`/participants/:id/${path}/new`, { schema: { params: idParams } }, async (req, reply) => {
      const header = await svc.header(actorOf(req), idOf(req), 'write');
      return editPage(req, reply, page(header), {});
    });
    app.post(
      `/participants/:id/${path}/new`,
      { schema: { params: idParams, body: formBody } },
      async (req, reply) => {
        const header = await svc.header(actorOf(req), idOf(req), 'write');
        const body = req.body;
        const parsed = list.form.safeParse(body);
        const invalid = (errors: Record<string, string>) => editPage(req, reply, page(header), body, errors);
        if (!parsed.success) return invalid(fieldErrors(parsed.error));
        return orInvalid(async () => {
          // biome-ignore lint/suspicious/noExplicitAny: each list's form matches its own add function.
          await (list.add as any)(actorOf(req), header.id, parsed.data);
          flash(req, 'participants.edit.saved');
          return reply.redirect(`/participants/${header.id}`);
        }, invalid);
      },
    );
    app.post(
      `/participants/:id/${path}/:itemId/remove`,
      { schema: { params: z.object({ id: uuid, itemId: uuid }), body: formBody } },
      async (req, reply) => {
        const { itemId } = req.params;
        await list.remove(actorOf(req), idOf(req), itemId);
        flash(req, 'participants.edit.removed');
        return reply.redirect(`/participants/${idOf(req)}`);
      },
    );
  }

  // Status: pause, moved on, re-engage; history is kept.
  const statusOf = (req: { params: { to: ParticipantStatus } }): ParticipantStatus => req.params.to;
  const statusPage = (
    req: FastifyRequest,
    reply: FastifyReply,
    participant: { id: string; preferredName: string },
    to: ParticipantStatus,
    values: FormBody,
    errors?: Record<string, string>,
  ) =>
    editPage(
      req,
      reply,
      {
        section: 'status',
        headingKey: `participants.status.to.${to}`,
        action: `/participants/${participant.id}/status/${to}`,
        participant,
      },
      values,
      errors,
      { reasons: codeItems(req.t, 'reasons', codes.statusReasons[to]) },
    );
  app.get('/participants/:id/status/:to', { schema: { params: statusParams } }, async (req, reply) => {
    const header = await svc.header(actorOf(req), idOf(req), 'write');
    return statusPage(req, reply, header, statusOf(req), {});
  });
  app.post(
    '/participants/:id/status/:to',
    { schema: { params: statusParams, body: formBody } },
    async (req, reply) => {
      const to = statusOf(req);
      const header = await svc.header(actorOf(req), idOf(req), 'write');
      const body = req.body;
      return orInvalid(
        async () => {
          await svc.changeStatus(actorOf(req), header.id, { status: to, reason: String(body.reason ?? '') });
          flash(req, 'participants.status.changed');
          return reply.redirect(`/participants/${header.id}`);
        },
        (errors) => statusPage(req, reply, header, to, body, errors),
      );
    },
  );

  // Key worker: assignment and hand-over.
  const keyWorkerPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    participant: { id: string; preferredName: string },
    values: FormBody,
    errors?: Record<string, string>,
  ) => {
    const people = await svc.assignableUsers(actorOf(req));
    return editPage(
      req,
      reply,
      {
        section: 'keyWorker',
        headingKey: 'participants.keyWorker.title',
        action: `/participants/${participant.id}/key-worker`,
        participant,
      },
      values,
      errors,
      {
        keyWorkers: [
          ...people.map((p) => ({ value: p.id, text: `${p.name} (${req.t(`roles.${p.role}`)})` })),
          { divider: req.t('participants.keyWorker.or') },
          { value: 'none', text: req.t('participants.record.unassigned') },
        ],
      },
    );
  };
  app.get('/participants/:id/key-worker', { schema: { params: idParams } }, async (req, reply) => {
    const header = await svc.header(actorOf(req), idOf(req), 'write');
    return keyWorkerPage(req, reply, header, { keyWorker: header.keyWorkerUserId ?? 'none' });
  });
  app.post(
    '/participants/:id/key-worker',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      const header = await svc.header(actorOf(req), idOf(req), 'write');
      const body = req.body;
      const choice = String(body.keyWorker ?? '');
      if (choice !== 'none' && !isUuid(choice))
        return keyWorkerPage(req, reply, header, body, { keyWorker: 'participants.errors.keyWorkerMissing' });
      return orInvalid(
        async () => {
          await svc.assignKeyWorker(actorOf(req), header.id, choice === 'none' ? null : choice);
          flash(req, 'participants.keyWorker.changed');
          return reply.redirect(`/participants/${header.id}`);
        },
        (errors) => keyWorkerPage(req, reply, header, body, errors),
      );
    },
  );

  // Consent: give or withdraw one purpose (and, for sharing, one named organisation).
  // Another page that needs a consent (a referral) links here with what is missing and where to
  // return; only a page about her on this site is returned to.
  const consentQuery = z.object({
    purpose: z.enum(consentPurposes).optional().catch(undefined),
    organisationId: uuid.optional().catch(undefined),
    returnTo: z.string().optional().catch(undefined),
  });
  const returnPath = (id: string, to: string | undefined) =>
    to && new RegExp(`^/participants/${id}/[a-z-]+(/new)?(\\?serviceId=[0-9a-f-]{36})?$`).test(to)
      ? to
      : undefined;
  const consentPage = async (
    req: FastifyRequest,
    reply: FastifyReply,
    participant: { id: string; preferredName: string; organisationId: string },
    values: FormBody,
    errors?: Record<string, string>,
    returnTo?: string,
  ) => {
    const orgs = (await svc.organisations()).filter((o) => o.id !== participant.organisationId);
    return editPage(
      req,
      reply,
      {
        section: 'consent',
        headingKey: 'participants.consent.title',
        action: `/participants/${participant.id}/consent${returnTo ? `?returnTo=${encodeURIComponent(returnTo)}` : ''}`,
        participant,
        returnTo,
      },
      values,
      errors,
      {
        purposes: codeItems(req.t, 'purposes', consentPurposes),
        consentMethods: codeItems(req.t, 'consentMethods', consentMethods),
        organisations: [
          { value: '', text: req.t('participants.consent.noOrganisation') },
          ...orgs.map((o) => ({ value: o.id, text: o.name })),
        ],
      },
    );
  };
  app.get(
    '/participants/:id/consent',
    { schema: { params: idParams, querystring: consentQuery } },
    async (req, reply) => {
      const header = await svc.header(actorOf(req), idOf(req), 'write');
      const { purpose, organisationId } = req.query;
      // What is missing is chosen for the key worker; whether and how she agreed never is.
      const values = { purpose: purpose ?? (organisationId ? 'share_organisation' : ''), organisationId };
      return consentPage(req, reply, header, values, undefined, returnPath(header.id, req.query.returnTo));
    },
  );
  app.post(
    '/participants/:id/consent',
    { schema: { params: idParams, querystring: consentQuery, body: formBody } },
    async (req, reply) => {
      const header = await svc.header(actorOf(req), idOf(req), 'write');
      const body = req.body;
      const returnTo = returnPath(header.id, req.query.returnTo);
      const parsed = consentChangeForm.safeParse(body);
      if (!parsed.success) return consentPage(req, reply, header, body, fieldErrors(parsed.error), returnTo);
      return orInvalid(
        async () => {
          await svc.recordConsent(actorOf(req), header.id, parsed.data);
          flash(
            req,
            parsed.data.given
              ? 'participants.consent.recordedGiven'
              : 'participants.consent.recordedWithdrawn',
          );
          return returnTo ? reply.redirect(returnTo, 303) : reply.redirect(`/participants/${header.id}`);
        },
        (errors) => consentPage(req, reply, header, body, errors, returnTo),
      );
    },
  );

  // Her data rights: subject access export (JSON, PDF) and erasure.
  app.get('/participants/:id/export.json', { schema: { params: idParams } }, async (req, reply) => {
    const data = await svc.subjectAccessExport(actorOf(req), idOf(req), 'json');
    return reply
      .header('content-disposition', `attachment; filename="subject-access-${idOf(req)}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });
  app.get('/participants/:id/export.pdf', { schema: { params: idParams } }, async (req, reply) => {
    const data = await svc.subjectAccessExport(actorOf(req), idOf(req), 'pdf');
    const pdf = await subjectAccessPdf(data, await subjectAccessText(data.participant.languages));
    return reply
      .header('content-disposition', `attachment; filename="subject-access-${idOf(req)}.pdf"`)
      .type('application/pdf')
      .send(pdf);
  });

  app.get('/participants/:id/erase', { schema: { params: idParams } }, async (req, reply) => {
    authorise(actorOf(req), 'participant:erase');
    const participant = await svc.header(actorOf(req), idOf(req), 'write');
    return reply.view('participants/views/erase.njk', { participant });
  });
  app.post(
    '/participants/:id/erase',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      await svc.erase(actorOf(req), idOf(req));
      flash(req, 'participants.erase.done');
      return reply.redirect('/caseload');
    },
  );
}
