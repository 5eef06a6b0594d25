import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { problem } from '../../platform/http/errors.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { fundReportCsv, fundReportXlsx, SUPPRESS_BELOW } from './fund-report.ts';
import { grantsXlsx } from './giving360.ts';
import { fundMoneyParams } from './money-forms.ts';
import type { BursariesRoutesDeps } from './routes.ts';

const V = 'bursaries/views/money';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * A fund's report (page with chart and table, CSV, XLSX) for its managers and its funder, and its
 * awards as 360Giving grants to individuals (JSON package and spreadsheet). Registered by the
 * module's routes plugin with one line.
 */
export async function reportRoutes(plugin: FastifyInstance, deps: BursariesRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const money = deps.bursaries.money;
  app.addHook('preHandler', requireUser);
  const withFund = { schema: { params: fundMoneyParams } };

  app.get('/bursaries/funds/:fundId/report', withFund, async (req, reply) =>
    reply.view(`${V}/report.njk`, {
      report: await money.fundReport(actorOf(req), req.params.fundId),
      suppressBelow: SUPPRESS_BELOW,
    }),
  );
  app.get('/bursaries/funds/:fundId/report.csv', withFund, async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="bursary-fund-report.csv"')
      .send(fundReportCsv(await money.fundReport(actorOf(req), req.params.fundId))),
  );
  app.get('/bursaries/funds/:fundId/report.xlsx', withFund, async (req, reply) =>
    reply
      .type(XLSX)
      .header('content-disposition', 'attachment; filename="bursary-fund-report.xlsx"')
      .send(
        await fundReportXlsx(
          await money.fundReport(actorOf(req), req.params.fundId),
          req.t('bursaries.money.report.title'),
        ),
      ),
  );

  // 360Giving's data is read by funders in English; the neutral grant texts are not translated.
  const meta = (fundName: string) => ({
    publisherName: 'Wayfinder',
    title: `${fundName}: bursaries (360Giving)`,
    grantTitle: 'Bursary for a vocational course',
    grantDescription:
      'A bursary towards vocational course fees, books and resources, and access costs (childcare and travel).',
    recipientLabel: 'Individual recipient',
  });
  // No awards, no file: the standard needs at least one grant, so say so as problem+json (the
  // money page does not offer the link until the first award).
  const noGrants = (req: FastifyRequest, reply: FastifyReply) =>
    reply
      .code(404)
      .type('application/problem+json')
      .send(
        problem(
          404,
          req.t('bursaries.money.giving360.noneTitle'),
          req.t('bursaries.money.giving360.noneDetail'),
        ),
      );
  app.get('/bursaries/:fundId/360giving.json', withFund, async (req, reply) => {
    const pkg = await money.giving360(actorOf(req), req.params.fundId, meta);
    if (!pkg) return noGrants(req, reply);
    return reply
      .type('application/json; charset=utf-8')
      .header('content-disposition', 'attachment; filename="360giving.json"')
      .send(JSON.stringify(pkg, null, 2));
  });
  app.get('/bursaries/:fundId/360giving.xlsx', withFund, async (req, reply) => {
    const pkg = await money.giving360(actorOf(req), req.params.fundId, meta);
    if (!pkg) return noGrants(req, reply);
    return reply
      .type(XLSX)
      .header('content-disposition', 'attachment; filename="360giving.xlsx"')
      .send(await grantsXlsx(pkg.grants));
  });
}
