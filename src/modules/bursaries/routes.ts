import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { londonInstant } from '../../platform/time.ts';
import type { FieldErrors } from '../../platform/views/index.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import type { Need } from './access.ts';
import {
  applicationForm,
  bookForm,
  decisionForm,
  declareForm,
  idParams,
  interviewForm,
  inviteForm,
  lineForm,
  lineParams,
  scoreForm,
  startParams,
  submitForm,
} from './forms.ts';
import { fundRoutes } from './fund-routes.ts';
import { formatPounds } from './model.ts';
import { paymentRoutes } from './payment-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { costCategories, decisionKinds } from './schema.ts';
import type { BursariesService } from './service.ts';

export const bursariesNavigation: NavItem[] = [
  { href: '/bursaries', key: 'bursaries.nav.bursaries', permission: 'bursaries:view' },
];

/** What every bursaries route plugin is handed (payment-routes.ts and report-routes.ts too). */
export interface BursariesRoutesDeps {
  bursaries: BursariesService;
}

export const V = 'bursaries/views';
export const codes = { costCategories, decisionKinds };

/**
 * Every bursaries page. Each part is its own plugin registered here with one line, so another part
 * (payments, reports) adds itself the same way.
 */
export async function bursariesRoutes(plugin: FastifyInstance, deps: BursariesRoutesDeps) {
  await plugin.register(fundRoutes, deps);
  await plugin.register(applicationRoutes, deps);
  await plugin.register(paymentRoutes, deps);
  await plugin.register(reportRoutes, deps);
}

/** The cap's error with its amounts: "The total would be £5,200.00; this fund gives at most £5,000.00". */
function capError(errors: Record<string, string>, max: number, total: number, lang: string): FieldErrors {
  if (errors.amount !== 'bursaries.errors.overCap') return errors;
  return {
    ...errors,
    amount: {
      key: 'bursaries.errors.overCap',
      values: { total: formatPounds(total, lang), max: formatPounds(max, lang) },
    },
  };
}

async function applicationRoutes(plugin: FastifyInstance, deps: BursariesRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.bursaries;
  app.addHook('preHandler', requireUser);
  const withId = { schema: { params: idParams } };
  const formWithId = { schema: { params: idParams, body: formBody } };

  // Her bursaries on her record
  app.get('/participants/:id/bursaries', withId, async (req, reply) =>
    reply.view(`${V}/her.njk`, await svc.herBursaries(actorOf(req), req.params.id)),
  );

  // Starting her application: the fund's form, with her, in her language where we have it
  const startPage = async (
    reply: FastifyReply,
    actor: Actor,
    fundId: string,
    participantId: string,
    values: FormBody,
    errors?: Record<string, string>,
  ) =>
    reply.code(errors ? 400 : 200).view(`${V}/apply.njk`, {
      ...(await svc.startForm(actor, fundId, participantId)),
      action: `/bursaries/funds/${fundId}/apply/${participantId}`,
      values,
      errors,
    });
  app.get(
    '/bursaries/funds/:fundId/apply/:participantId',
    { schema: { params: startParams } },
    async (req, reply) => startPage(reply, actorOf(req), req.params.fundId, req.params.participantId, {}),
  );
  app.post(
    '/bursaries/funds/:fundId/apply/:participantId',
    { schema: { params: startParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { fundId, participantId } = req.params;
      const { data, errors } = parseForm(applicationForm, req.body);
      if (!data) return startPage(reply, actor, fundId, participantId, req.body, errors);
      return orInvalid(
        async () => {
          const id = await svc.startApplication(actor, fundId, participantId, data);
          flash(req, 'bursaries.application.started');
          return reply.redirect(`/bursaries/applications/${id}#lines`, 303);
        },
        (e) => startPage(reply, actor, fundId, participantId, req.body, e),
      );
    },
  );

  // One application: every form of its life on one page
  const appPage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    lang: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) => {
    const page = await svc.application(actor, id);
    const posted = typeof values.amount === 'string' ? values.amount : '';
    const attempted = page.totalPence + (Number.parseFloat(posted.replace(/[£,]/g, '')) * 100 || 0);
    return reply.code(errors ? 400 : 200).view(`${V}/application.njk`, {
      ...page,
      values,
      errors: errors ? capError(errors, page.fund.maxAwardPence, Math.round(attempted), lang) : undefined,
      codes,
      remainingPence: Math.max(0, page.fund.maxAwardPence - page.totalPence),
    });
  };
  app.get('/bursaries/applications/:id', withId, async (req, reply) =>
    appPage(reply, actorOf(req), req.params.id, req.lang),
  );

  /** A form on the application page: parse, call, flash and come back; or the page with its errors. */
  const post = <T>(
    url: string,
    need: Need,
    schema: { safeParse: unknown } & Parameters<typeof parseForm>[0],
    run: (actor: Actor, id: string, data: T) => Promise<unknown>,
    done: string,
    anchor = '',
  ) =>
    app.post(url, formWithId, async (req, reply) => {
      const actor = actorOf(req);
      await svc.requireRelation(actor, req.params.id, need);
      const { data, errors } = parseForm(schema, req.body);
      if (!data) return appPage(reply, actor, req.params.id, req.lang, req.body, errors);
      return orInvalid(
        async () => {
          const result = await run(actor, req.params.id, data as T);
          // A message her rules did not let go out by any channel: staff must tell her another way.
          const queued = Array.isArray(result) ? (result as { status: string }[]) : null;
          flash(
            req,
            queued && !queued.some((q) => q.status === 'pending') ? 'bursaries.messages.notSent' : done,
          );
          return reply.redirect(`/bursaries/applications/${req.params.id}${anchor}`, 303);
        },
        (e) => appPage(reply, actor, req.params.id, req.lang, req.body, e),
      );
    });

  post<{
    category: (typeof costCategories)[number];
    description: string | null;
    amount: number;
    evidence: string | null;
  }>(
    '/bursaries/applications/:id/lines',
    'maker',
    lineForm,
    (actor, id, d) =>
      svc.addLine(actor, id, {
        category: d.category,
        description: d.description,
        amountPence: d.amount,
        evidence: d.evidence,
      }),
    'bursaries.application.lineAdded',
    '#lines',
  );
  app.post(
    '/bursaries/applications/:id/lines/:lineId/remove',
    { schema: { params: lineParams } },
    async (req, reply) => {
      await svc.removeLine(actorOf(req), req.params.id, req.params.lineId);
      flash(req, 'bursaries.application.lineRemoved');
      return reply.redirect(`/bursaries/applications/${req.params.id}#lines`, 303);
    },
  );
  post<{ consentNow: 'verbal' | 'written' | null }>(
    '/bursaries/applications/:id/submit',
    'maker',
    submitForm,
    (actor, id, d) => svc.submit(actor, id, d.consentNow),
    'bursaries.application.submitted',
  );
  app.post('/bursaries/applications/:id/withdraw', withId, async (req, reply) => {
    await svc.withdraw(actorOf(req), req.params.id);
    flash(req, 'bursaries.application.withdrawn');
    return reply.redirect(`/bursaries/applications/${req.params.id}`, 303);
  });
  post<{ on: string; time: string; place: string }>(
    '/bursaries/applications/:id/interview/invite',
    'interviewer',
    inviteForm,
    async (actor, id, d) => {
      const at = londonInstant(d.on, d.time.padStart(5, '0'));
      if (!at) throw new ValidationError({ time: 'bursaries.errors.time' });
      return svc.inviteToInterview(actor, id, at, d.place);
    },
    'bursaries.interview.invited',
    '#interview',
  );
  post<{ slotId: string }>(
    '/bursaries/applications/:id/interview/book',
    'interviewer',
    bookForm,
    (actor, id, d) => svc.bookInterview(actor, id, d.slotId),
    'bursaries.interview.booked',
    '#interview',
  );
  post<{ heldOn: string; interviewers: string; notes: string | null }>(
    '/bursaries/applications/:id/interview/held',
    'interviewer',
    interviewForm,
    (actor, id, d) => svc.recordInterview(actor, id, d),
    'bursaries.interview.recorded',
    '#interview',
  );
  post<{ conflicted: boolean; note: string | null }>(
    '/bursaries/applications/:id/declare',
    'panel',
    declareForm,
    (actor, id, d) => svc.declare(actor, id, d),
    'bursaries.panel.declared',
    '#panel',
  );
  post<Parameters<BursariesService['score']>[2]>(
    '/bursaries/applications/:id/scores',
    'panel',
    scoreForm,
    (actor, id, d) => svc.score(actor, id, d),
    'bursaries.panel.scored',
    '#panel',
  );
  post<Parameters<BursariesService['decide']>[2]>(
    '/bursaries/applications/:id/decision',
    'panel',
    decisionForm,
    (actor, id, d) => svc.decide(actor, id, d),
    'bursaries.decision.made',
    '#decision',
  );
  app.get('/bursaries/applications/:id/letter.pdf', withId, async (req, reply) => {
    const body = await svc.letterPdf(actorOf(req), req.params.id);
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="bursary-letter.pdf"')
      .send(body);
  });

  // Editing a draft's own fields
  const editPage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    values?: FormBody,
    errors?: Record<string, string>,
  ) => {
    const page = await svc.application(actor, id);
    if (!page.maker || !page.app.participantId) return reply.callNotFound();
    const form = await svc.startForm(actor, page.fund.id, page.app.participantId);
    return reply.code(errors ? 400 : 200).view(`${V}/apply.njk`, {
      ...form,
      editing: page.app,
      action: `/bursaries/applications/${id}/edit`,
      values: values ?? {
        course: page.app.course,
        provider: page.app.provider,
        aspiration: page.app.aspiration ?? '',
        planGoalIds: page.app.planGoalIds,
        menteeId: page.app.menteeId ?? '',
        lang: page.app.lang,
        ...dateInputValues('plannedStartOn', page.app.plannedStartOn),
      },
      errors,
    });
  };
  app.get('/bursaries/applications/:id/edit', withId, async (req, reply) =>
    editPage(reply, actorOf(req), req.params.id),
  );
  app.post('/bursaries/applications/:id/edit', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    await svc.requireRelation(actor, req.params.id, 'maker');
    const { data, errors } = parseForm(applicationForm, req.body);
    if (!data) return editPage(reply, actor, req.params.id, req.body, errors);
    return orInvalid(
      async () => {
        await svc.updateApplication(actor, req.params.id, data);
        flash(req, 'bursaries.application.changed');
        return reply.redirect(`/bursaries/applications/${req.params.id}`, 303);
      },
      (e) => editPage(reply, actor, req.params.id, req.body, e),
    );
  });
}
