import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { fundForm, fundMemberParams, fundParams, pageQuery, panelForm } from './forms.ts';
import type { FundInput } from './funds.ts';
import { poundsValue } from './model.ts';
import type { BursariesRoutesDeps } from './routes.ts';
import {
  costCategories,
  DEFAULT_MAX_AWARD_PENCE,
  DEFAULT_START_WINDOW_MONTHS,
  scoreCriteria,
} from './schema.ts';

const V = 'bursaries/views';
const fundCodes = { costCategories, scoreCriteria };

const toInput = (d: ReturnType<typeof fundForm.parse>): FundInput => {
  const { budget, maxAward, ...rest } = d;
  return { ...rest, budgetPence: budget, maxAwardPence: maxAward };
};

/** /bursaries (funds, her applications, the panel's work) and each fund's pages. */
export async function fundRoutes(plugin: FastifyInstance, deps: BursariesRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.bursaries;
  app.addHook('preHandler', requireUser);

  app.get('/bursaries', async (req, reply) => {
    const actor = actorOf(req);
    const funds = await svc.funds(actor);
    const mine = await svc.myApplications(actor);
    return reply.view(`${V}/overview.njk`, { funds, ...mine, isManager: actor.role === 'manager' });
  });

  const formPage = async (
    reply: FastifyReply,
    actor: Actor,
    action: string,
    values: FormBody,
    errors?: Record<string, string>,
  ) =>
    reply.code(errors ? 400 : 200).view(`${V}/fund-form.njk`, {
      ...(await svc.fundFormChoices(actor)),
      action,
      values,
      errors,
      codes: fundCodes,
    });
  app.get('/bursaries/funds/new', async (req, reply) =>
    formPage(reply, actorOf(req), '/bursaries/funds/new', {
      maxAward: poundsValue(DEFAULT_MAX_AWARD_PENCE),
      startWindowMonths: String(DEFAULT_START_WINDOW_MONTHS),
      menteesMayApply: 'yes',
      alumnaeMayApply: 'yes',
      eligibleCategories: [...costCategories],
      criteria: ['aspiration_fit', 'course_quality', 'need', 'readiness'],
    }),
  );
  app.post('/bursaries/funds/new', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(fundForm, req.body);
    if (!data) return formPage(reply, actor, '/bursaries/funds/new', req.body, errors);
    return orInvalid(
      async () => {
        const id = await svc.createFund(actor, toInput(data));
        flash(req, 'bursaries.fund.created');
        return reply.redirect(`/bursaries/funds/${id}`, 303);
      },
      (e) => formPage(reply, actor, '/bursaries/funds/new', req.body, e),
    );
  });

  const fundView = async (
    reply: FastifyReply,
    actor: Actor,
    fundId: string,
    page = 1,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply.code(errors ? 400 : 200).view(`${V}/fund.njk`, {
      ...(await svc.fundPage(actor, fundId, page)),
      isManager: actor.role === 'manager',
      values,
      errors,
    });
  app.get(
    '/bursaries/funds/:fundId',
    { schema: { params: fundParams, querystring: pageQuery } },
    async (req, reply) => fundView(reply, actorOf(req), req.params.fundId, req.query.page ?? 1),
  );

  app.get('/bursaries/funds/:fundId/edit', { schema: { params: fundParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const f = await svc.fundForEdit(actor, req.params.fundId);
    return formPage(reply, actor, `/bursaries/funds/${f.id}/edit`, {
      name: f.name,
      funderOrganisationId: f.funderOrganisationId ?? '',
      funderName: f.funderName ?? '',
      budget: poundsValue(f.budgetPence),
      maxAward: poundsValue(f.maxAwardPence),
      eligibleCategories: f.eligibleCategories,
      eligibleProgrammeIds: f.eligibleProgrammeIds,
      menteesMayApply: f.menteesMayApply ? 'yes' : '',
      alumnaeMayApply: f.alumnaeMayApply ? 'yes' : '',
      othersMayApply: f.othersMayApply ? 'yes' : '',
      criteria: f.criteria,
      startWindowMonths: String(f.startWindowMonths),
      ...dateInputValues('opensOn', f.opensOn),
      ...dateInputValues('closesOn', f.closesOn),
    });
  });
  app.post(
    '/bursaries/funds/:fundId/edit',
    { schema: { params: fundParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const action = `/bursaries/funds/${req.params.fundId}/edit`;
      await svc.fundForEdit(actor, req.params.fundId);
      const { data, errors } = parseForm(fundForm, req.body);
      if (!data) return formPage(reply, actor, action, req.body, errors);
      return orInvalid(
        async () => {
          await svc.updateFund(actor, req.params.fundId, toInput(data));
          flash(req, 'bursaries.fund.changed');
          return reply.redirect(`/bursaries/funds/${req.params.fundId}`, 303);
        },
        (e) => formPage(reply, actor, action, req.body, e),
      );
    },
  );

  app.post(
    '/bursaries/funds/:fundId/panel',
    { schema: { params: fundParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      await svc.fundForEdit(actor, req.params.fundId);
      const { data, errors } = parseForm(panelForm, req.body);
      if (!data) return fundView(reply, actor, req.params.fundId, 1, req.body, errors);
      return orInvalid(
        async () => {
          await svc.addPanelMember(actor, req.params.fundId, data.userId);
          flash(req, 'bursaries.panel.added');
          return reply.redirect(`/bursaries/funds/${req.params.fundId}#panel`, 303);
        },
        (e) => fundView(reply, actor, req.params.fundId, 1, req.body, e),
      );
    },
  );
  app.post(
    '/bursaries/funds/:fundId/panel/:memberId/remove',
    { schema: { params: fundMemberParams } },
    async (req, reply) => {
      await svc.removePanelMember(actorOf(req), req.params.fundId, req.params.memberId);
      flash(req, 'bursaries.panel.removed');
      return reply.redirect(`/bursaries/funds/${req.params.fundId}#panel`, 303);
    },
  );
}
