import type { FastifyInstance, FastifyReply } from 'fastify';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { leaderSessionForm, surveyAnswers } from './forms.ts';
import type { MentoringRoutesDeps } from './routes.ts';

const V = 'mentoring/views';

/**
 * A reverse-mentoring leader's own pages (phone first): their pairing with their alumna mentor and
 * a session log on one page, and their end survey. No id in any path: a leader reaches only their
 * own pairing (leader-self.ts), every other page refuses them (tests/authorisation/expectations.ts).
 */
export async function leaderRoutes(plugin: FastifyInstance, deps: MentoringRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.mentoring;
  app.addHook('preHandler', requireUser);
  const form = { schema: { body: formBody } };

  const home = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    values: FormBody,
    errors?: Record<string, string>,
  ) =>
    reply
      .code(errors ? 400 : 200)
      .view(`${V}/leader-home.njk`, { ...(await svc.myPairing(actor)), values, errors });
  app.get('/leader', async (req, reply) =>
    home(reply, actorOf(req), dateInputValues('heldOn', new Date().toISOString().slice(0, 10))),
  );
  // Their own subject access: everything held about them, as JSON (audited).
  app.get('/leader/export.json', async (req, reply) =>
    reply
      .header('content-disposition', 'attachment; filename="my-reverse-mentoring.json"')
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(await svc.myLeaderExport(actorOf(req)), null, 2)),
  );
  app.post('/leader/sessions', form, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(leaderSessionForm, req.body);
    if (!data) return home(reply, actor, req.body, errors);
    return orInvalid(
      async () => {
        await svc.logLeaderSession(actor, data);
        flash(req, 'mentoring.leader.logged');
        return reply.redirect('/leader', 303);
      },
      (e) => home(reply, actor, req.body, e),
    );
  });

  const surveyPage = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) => {
    const survey = await svc.leaderSurvey(actor);
    return reply
      .code(errors ? 400 : 200)
      .view(`${V}/leader-survey.njk`, { ...(survey ?? { survey: null, questions: [] }), values, errors });
  };
  app.get('/leader/survey', async (req, reply) => surveyPage(reply, actorOf(req)));
  app.post('/leader/survey', form, async (req, reply) => {
    const actor = actorOf(req);
    const survey = await svc.leaderSurvey(actor);
    if (!survey) return reply.redirect('/leader', 303);
    const { data, errors } = parseForm(surveyAnswers(survey.questions), req.body);
    if (!data) return surveyPage(reply, actor, req.body, errors);
    await svc.answerLeaderSurvey(actor, data as Record<string, number>);
    flash(req, 'mentoring.leader.surveyDone');
    return reply.redirect('/leader', 303);
  });
}
