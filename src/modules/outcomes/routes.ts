import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { type FormBody, flash, formBody, one, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import {
  cellText,
  filterLine,
  groupText,
  percentText,
  reportCsv,
  reportPdf,
  reportXlsx,
  type Translate,
} from './exports.ts';
import { breakdowns, idParams, outcomeForm, reportForm, tokenParams, wellbeingForm } from './forms.ts';
import { indicatorIds } from './indicators.ts';
import { cefr, contracts } from './schema.ts';
import type { OutcomesService } from './service.ts';
import { onsQuestions } from './wellbeing.ts';

export const outcomesNavigation: NavItem[] = [
  { href: '/reports', key: 'outcomes.nav.reports', permission: 'reports:aggregate' },
];

const V = 'outcomes/views';
const t$ = (req: FastifyRequest) => req.t as unknown as Translate;

interface OutcomesRoutesDeps {
  outcomes: OutcomesService;
  publicFormsPerMinute: number;
}

export async function outcomesRoutes(plugin: FastifyInstance, deps: OutcomesRoutesDeps) {
  await plugin.register(wellbeingPublicRoutes, deps);
  await plugin.register(staffRoutes, deps);
}

/**
 * The ONS wellbeing questions through her single-use link, on a phone: the public layout (with
 * "Exit this page"), CSRF, rate limited, in the language of her message (?lang= in the link).
 */
async function wellbeingPublicRoutes(plugin: FastifyInstance, deps: OutcomesRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.outcomes;
  const page = async (
    reply: FastifyReply,
    token: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) => {
    await svc.checkWellbeingLink(token);
    return reply
      .code(errors ? 400 : 200)
      .view(`${V}/wellbeing.njk`, { token, questions: onsQuestions, values, errors });
  };
  app.get('/wellbeing/:token', { schema: { params: tokenParams } }, (req, reply) =>
    page(reply, req.params.token),
  );
  app.post(
    '/wellbeing/:token',
    {
      config: { rateLimit: { max: deps.publicFormsPerMinute, timeWindow: '1 minute' } },
      schema: { params: tokenParams, body: formBody },
    },
    async (req, reply) => {
      const { data, errors } = parseForm(wellbeingForm, req.body);
      if (!data) return page(reply, req.params.token, req.body, errors);
      await svc.answerWellbeing(req.params.token, data);
      return reply.view(`${V}/wellbeing-done.njk`, {});
    },
  );
}

/** Her outcomes (`/participants/:id/outcomes`), the indicators' rules, and the aggregate reports. */
async function staffRoutes(plugin: FastifyInstance, deps: OutcomesRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.outcomes;
  app.addHook('preHandler', requireUser);

  const herPage = async (
    reply: FastifyReply,
    req: FastifyRequest,
    id: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply.code(errors ? 400 : 200).view(`${V}/her.njk`, {
      ...(await svc.herOutcomes(actorOf(req), id)),
      codes: { contracts, cefr },
      values,
      errors,
    });

  app.get('/participants/:id/outcomes', { schema: { params: idParams } }, (req, reply) =>
    herPage(reply, req, req.params.id),
  );
  app.post(
    '/participants/:id/outcomes',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { data, errors } = parseForm(outcomeForm, req.body);
      if (!data) return herPage(reply, req, req.params.id, req.body, errors);
      return orInvalid(
        async () => {
          await svc.recordForHer(actor, req.params.id, { ...data, occurredOn: data.occurredOn ?? '' });
          flash(req, 'outcomes.her.recorded');
          return reply.redirect(`/participants/${req.params.id}/outcomes`, 303);
        },
        (e) => herPage(reply, req, req.params.id, req.body, e),
      );
    },
  );

  // The ONS wellbeing questions: sent to her through her safe messages, or answered with her now.
  app.post(
    '/participants/:id/outcomes/wellbeing/send',
    { schema: { params: idParams } },
    async (req, reply) => {
      const sent = await svc.sendWellbeingLink(actorOf(req), req.params.id);
      flash(req, sent ? 'outcomes.wellbeing.sent' : 'outcomes.wellbeing.notSent');
      return reply.redirect(`/participants/${req.params.id}/outcomes`, 303);
    },
  );
  app.post(
    '/participants/:id/outcomes/wellbeing/with-her',
    { schema: { params: idParams } },
    async (req, reply) => {
      const token = await svc.wellbeingWithHer(actorOf(req), req.params.id);
      return reply.redirect(`/wellbeing/${token}`, 303);
    },
  );

  const definitionsPage = async (
    reply: FastifyReply,
    req: FastifyRequest,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply
      .code(errors ? 400 : 200)
      .view(`${V}/definitions.njk`, { ...(await svc.definitions(actorOf(req))), values, errors });
  app.get('/outcomes/definitions', (req, reply) => definitionsPage(reply, req));
  app.post('/outcomes/kinds', { schema: { body: formBody } }, async (req, reply) =>
    // The service refuses anyone but a manager before it looks at the label.
    orInvalid(
      async () => {
        await svc.addKind(actorOf(req), one(req.body.label));
        flash(req, 'outcomes.kinds.added');
        return reply.redirect('/outcomes/definitions', 303);
      },
      (e) => definitionsPage(reply, req, req.body, e),
    ),
  );

  /** The filter from the query string; a wrong value shows the form again with the default report. */
  const reportOf = async (req: FastifyRequest) => {
    const { data, errors } = parseForm(reportForm, req.query as FormBody);
    return { report: await svc.report(actorOf(req), data ?? {}), errors };
  };
  const query = { schema: { querystring: formBody } };

  app.get('/reports', query, async (req, reply) => {
    const { report, errors } = await reportOf(req);
    const t = t$(req);
    return reply.code(errors ? 400 : 200).view(`${V}/reports.njk`, {
      report,
      breakdowns,
      indicatorIds,
      errors,
      values: errors
        ? req.query
        : {
            ...dateInputValues('from', report.filter.from),
            ...dateInputValues('to', report.filter.to),
            programme: report.filter.programmeId ?? '',
            organisation: report.filter.organisationId ?? '',
            area: report.filter.area ?? '',
            breakdown: report.filter.breakdown,
            indicators: report.chosen,
          },
      filterLine: filterLine(report, t),
      exportQuery: new URLSearchParams(
        Object.entries(req.query).flatMap(([k, v]): [string, string][] =>
          Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v ?? '']],
        ),
      ).toString(),
      // Text for each cell, made here so the page and the files say exactly the same.
      text: {
        cell: (s: Parameters<typeof cellText>[0]) => cellText(s, t),
        percent: (l: Parameters<typeof percentText>[0]) => percentText(l, t),
        group: (g: string) => groupText(report, g, t),
      },
    });
  });
  app.get('/reports.csv', query, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="outcomes-report.csv"')
      .send(reportCsv((await reportOf(req)).report, t$(req))),
  );
  app.get('/reports.xlsx', query, async (req, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="outcomes-report.xlsx"')
      .send(await reportXlsx((await reportOf(req)).report, t$(req))),
  );
  app.get('/reports.pdf', query, async (req, reply) =>
    reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="outcomes-report.pdf"')
      .send(await reportPdf((await reportOf(req)).report, t$(req), req.lang)),
  );
}
