import type { FastifyInstance } from 'fastify';
import { can } from '../../platform/auth/authorise.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { SUPPRESS_BELOW } from '../../platform/reporting/suppression.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import { partnershipCsv, partnershipXlsx } from './exports.ts';
import { actionForm, actionParams, areaForm, areaParams, doneForm, startForm, yearParams } from './forms.ts';
import { areas, pointCodes, ratings } from './model.ts';
import { outcomeColumns } from './overview.ts';
import type { CommissioningService } from './service.ts';

export const commissioningNavigation: NavItem[] = [
  { href: '/self-assessment', key: 'commissioning.nav.selfAssessment', permission: 'self-assessment:manage' },
  {
    href: '/self-assessment/partnership',
    key: 'commissioning.nav.partnership',
    permission: 'self-assessment:compare',
  },
  { href: '/commissioning', key: 'commissioning.nav.overview', permission: 'commissioning:view' },
];

/** The self-assessment pages (providers' managers), the side-by-side and its exports, the commissioner's view. */
export async function commissioningRoutes(
  plugin: FastifyInstance,
  deps: { commissioning: CommissioningService },
) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.commissioning;
  app.addHook('preHandler', requireUser);
  const thisYear = () => new Date().getUTCFullYear();

  app.get('/self-assessment', async (req, reply) => {
    const actor = actorOf(req);
    // A commissioner compares; only a provider's managers assess their own organisation.
    if (!can(actor, 'self-assessment:manage') && can(actor, 'self-assessment:compare'))
      return reply.redirect('/self-assessment/partnership', 303);
    return reply.view('commissioning/views/history.njk', {
      rows: await svc.history(actor),
      areas,
      values: { year: String(thisYear()) },
    });
  });

  app.post('/self-assessment', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(startForm, req.body);
    if (!data)
      return reply.code(400).view('commissioning/views/history.njk', {
        rows: await svc.history(actor),
        areas,
        values: req.body,
        errors,
      });
    await svc.startYear(actor, data.year);
    return reply.redirect(`/self-assessment/${data.year}`, 303);
  });

  const yearView = async (
    req: Parameters<typeof actorOf>[0],
    year: number,
    extra: Record<string, unknown> = {},
  ) => ({
    ...(await svc.yearPage(actorOf(req), year)),
    year,
    areas,
    pointCodes,
    values: {},
    ...extra,
  });

  app.get('/self-assessment/:year', { schema: { params: yearParams } }, async (req, reply) =>
    reply.view('commissioning/views/year.njk', await yearView(req, req.params.year)),
  );

  app.get('/self-assessment/:year/:area', { schema: { params: areaParams } }, async (req, reply) => {
    const page = await svc.yearPage(actorOf(req), req.params.year);
    const values: Record<string, string> = {};
    for (const [point, r] of Object.entries(page.ratings)) {
      values[`${point.replace('.', '-')}-rating`] = r.rating;
      values[`${point.replace('.', '-')}-evidence`] = r.evidence;
    }
    return reply.view('commissioning/views/area.njk', {
      year: req.params.year,
      area: areas.find((a) => a.code === req.params.area),
      ratings,
      values,
    });
  });

  app.post(
    '/self-assessment/:year/:area',
    { schema: { params: areaParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { year, area } = req.params;
      const { values, errors } = areaForm(area, req.body);
      if (Object.keys(errors).length) {
        await svc.yearPage(actor, year);
        return reply.code(400).view('commissioning/views/area.njk', {
          year,
          area: areas.find((a) => a.code === area),
          ratings,
          values: req.body,
          errors,
        });
      }
      await svc.saveArea(actor, year, area, values);
      flash(req, 'commissioning.year.saved');
      return reply.redirect(`/self-assessment/${year}`, 303);
    },
  );

  app.post(
    '/self-assessment/:year/complete',
    { schema: { params: yearParams, body: formBody } },
    async (req, reply) => {
      const { year } = req.params;
      return orInvalid(
        async () => {
          await svc.complete(actorOf(req), year);
          flash(req, 'commissioning.year.completed');
          return reply.redirect(`/self-assessment/${year}`, 303);
        },
        async (errors) =>
          reply.code(400).view('commissioning/views/year.njk', await yearView(req, year, { errors })),
      );
    },
  );

  app.post(
    '/self-assessment/:year/actions',
    { schema: { params: yearParams, body: formBody } },
    async (req, reply) => {
      const { year } = req.params;
      const { data, errors } = parseForm(actionForm, req.body);
      return orInvalid(
        async () => {
          if (!data) throw new ValidationError(errors);
          // Required by the form's rule; the type cannot say so.
          if (!data.dueOn) throw new ValidationError({ dueOn: 'commissioning.errors.dueOn' });
          await svc.addAction(actorOf(req), year, { ...data, dueOn: data.dueOn });
          flash(req, 'commissioning.actions.added');
          return reply.redirect(`/self-assessment/${year}#actions`, 303);
        },
        async (fields) =>
          reply
            .code(400)
            .view(
              'commissioning/views/year.njk',
              await yearView(req, year, { values: req.body, errors: fields }),
            ),
      );
    },
  );

  app.post(
    '/self-assessment/actions/:id',
    { schema: { params: actionParams, body: formBody } },
    async (req, reply) => {
      const { data } = parseForm(doneForm, req.body);
      const year = await svc.setActionDone(actorOf(req), req.params.id, data?.done === 'yes');
      flash(req, 'commissioning.actions.updated');
      return reply.redirect(year ? `/self-assessment/${year}#actions` : '/self-assessment', 303);
    },
  );

  app.get('/self-assessment/partnership', async (req, reply) =>
    reply.view('commissioning/views/partnership.njk', { rows: await svc.partnership(actorOf(req)), areas }),
  );
  app.get('/self-assessment/partnership.csv', async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="self-assessments.csv"')
      .send(partnershipCsv(await svc.partnership(actorOf(req), 'exported'), req.t)),
  );
  app.get('/self-assessment/partnership.xlsx', async (req, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="self-assessments.xlsx"')
      .send(await partnershipXlsx(await svc.partnership(actorOf(req), 'exported'), req.t)),
  );

  app.get('/commissioning', async (req, reply) =>
    reply.view('commissioning/views/overview.njk', {
      o: await svc.overview(actorOf(req)),
      outcomeColumns,
      suppressBelow: SUPPRESS_BELOW,
    }),
  );
}
