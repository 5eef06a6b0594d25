import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { londonInstant } from '../../platform/time.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import { employerRoutes } from './employer-routes.ts';
import { idParams, moveForm, opportunityForm, windowsOf } from './forms.ts';
import { reportRoutes } from './report-routes.ts';
import {
  cefrLevels,
  contracts,
  days,
  dbsLevels,
  declineReasons,
  opportunityKinds,
  remoteModes,
  rightToWorkBases,
  shareScopes,
} from './schema.ts';
import type { EmploymentService } from './service.ts';
import { workRoutes } from './work-routes.ts';

export const employmentNavigation: NavItem[] = [
  { href: '/opportunities', key: 'employment.nav.opportunities', permission: 'opportunity:view' },
  { href: '/employers', key: 'employment.nav.employers', permission: 'employment:staff' },
  { href: '/employers/profile', key: 'employment.nav.profile', permission: 'employment:employer' },
  { href: '/reports/employment', key: 'employment.nav.report', permission: 'reports:aggregate' },
];

export const opportunityCodes = {
  kinds: opportunityKinds,
  remoteModes,
  contracts,
  cefrLevels,
  dbsLevels,
  rightToWorkBases,
  shareScopes,
  days,
};

/** Every signed-in employment page: employers, opportunities, her work page, put-forwards, report. */
export async function employmentRoutes(plugin: FastifyInstance, deps: { employment: EmploymentService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.employment;
  app.addHook('preHandler', requireUser);
  await app.register(employerRoutes, deps);
  await app.register(workRoutes, deps);
  await app.register(reportRoutes, deps);

  app.get('/opportunities/digest', async (req, reply) =>
    reply.view('employment/views/digest.njk', await svc.digestPage(actorOf(req))),
  );

  app.get('/opportunities', async (req, reply) =>
    reply.view('employment/views/opportunities.njk', { rows: await svc.listOpportunities(actorOf(req)) }),
  );

  const newPage = async (actor: Actor, values: FormBody, errors?: Record<string, string>) => ({
    values,
    errors,
    codes: opportunityCodes,
    // Staff post on an employer's behalf and name it; an employer posts for itself.
    employers: actor.role === 'employer' ? [] : await svc.employerOrganisations(),
    partners: await svc.partnerOrganisations(),
  });
  app.get('/opportunities/new', async (req, reply) => {
    const actor = actorOf(req);
    // The same permission the post checks, so the form is not offered to someone who cannot post.
    await svc.listOpportunities(actor);
    return reply.view(
      'employment/views/opportunity-form.njk',
      await newPage(actor, {
        rightToWorkAllowed: ['refugee_status', 'settled', 'time_limited'],
        shareScope: 'partnership',
      }),
    );
  });
  app.post('/opportunities/new', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(opportunityForm, req.body);
    const hours = windowsOf(req.body, 'hours');
    return orInvalid(
      async () => {
        const all = { ...errors, ...hours.errors };
        if (!data || Object.keys(all).length) throw new ValidationError(all);
        const { capacity, eventPlace, eventOn, eventTime, ...rest } = data;
        const eventStartsAt = eventOn ? londonInstant(eventOn, eventTime || '10:00') : null;
        const o = await svc.createOpportunity(actor, {
          ...rest,
          hours: hours.windows,
          ...(data.kind === 'recruitment_day' ? { capacity, eventPlace, eventStartsAt } : {}),
        });
        flash(req, 'employment.opportunities.posted');
        return reply.redirect(`/opportunities/${o.id}`, 303);
      },
      async (fields) => {
        await svc.listOpportunities(actor);
        return reply
          .code(400)
          .view('employment/views/opportunity-form.njk', await newPage(actor, req.body, fields));
      },
    );
  });

  app.get('/opportunities/:id', { schema: { params: idParams } }, async (req, reply) => {
    const actor = actorOf(req);
    const opportunity = await svc.getOpportunity(actor, req.params.id);
    const putForwards = await svc.putForwardsFor(actor, opportunity.id);
    // Staff of a caseload see the women of theirs who fit; an employer never searches women.
    const women =
      actor.role === 'manager' || actor.role === 'key_worker'
        ? await svc.womenWhoFit(actor, opportunity.id)
        : null;
    return reply.view('employment/views/opportunity.njk', { opportunity, putForwards, women });
  });

  app.get('/put-forwards/:id', { schema: { params: idParams } }, async (req, reply) =>
    reply.view('employment/views/put-forward.njk', {
      ...(await svc.getPutForward(actorOf(req), req.params.id)),
      declineReasons,
      values: {},
    }),
  );
  app.post(
    '/put-forwards/:id/stage',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { data, errors } = parseForm(moveForm, req.body);
      return orInvalid(
        async () => {
          if (!data) throw new ValidationError(errors);
          // Times are typed as UK clock times.
          const interviewAt = data.interviewOn
            ? londonInstant(data.interviewOn, data.interviewTime || '09:00')
            : null;
          await svc.movePutForward(actor, req.params.id, {
            to: data.to,
            reason: data.reason,
            interviewAt,
            interviewOutcome: data.interviewOutcome,
            offerOn: data.offerOn,
            offerTerms: data.offerTerms,
            startDate: data.startDate,
          });
          flash(req, `employment.putForward.moved.${data.to}`);
          return reply.redirect(`/put-forwards/${req.params.id}`, 303);
        },
        async (fields) =>
          reply.code(400).view('employment/views/put-forward.njk', {
            ...(await svc.getPutForward(actor, req.params.id)),
            declineReasons,
            values: req.body,
            errors: fields,
          }),
      );
    },
  );
}
