import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/routes.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { reportCsv, reportXlsx, SUPPRESS_BELOW } from './report.ts';
import type { EmploymentService } from './service.ts';

/** The aggregate employment report (managers, commissioners, admins): page, CSV and XLSX. */
export async function reportRoutes(plugin: FastifyInstance, deps: { employment: EmploymentService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.employment;
  app.get('/reports/employment', async (req, reply) =>
    reply.view('employment/views/report.njk', {
      report: await svc.report(actorOf(req)),
      suppressBelow: SUPPRESS_BELOW,
    }),
  );
  app.get('/reports/employment.csv', async (req, reply) =>
    reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', 'attachment; filename="employment-report.csv"')
      .send(reportCsv(await svc.report(actorOf(req)))),
  );
  app.get('/reports/employment.xlsx', async (req, reply) =>
    reply
      .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
      .header('content-disposition', 'attachment; filename="employment-report.xlsx"')
      .send(await reportXlsx(await svc.report(actorOf(req)), req.t('employment.report.title'))),
  );
}
