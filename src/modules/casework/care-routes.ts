import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/routes.ts';
import { type FormBody, flash, formBody, one, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import type { FieldErrors } from '../../platform/views/index.ts';
import { type AssessmentInput, needDomains, needLevels, progressSvg } from './assessment.ts';
import { goalForm, idParams, progressForm, reviewForm, ridParams, stepForm } from './forms.ts';
import { goalStatuses, type Scale, scales, stepOwners } from './schema.ts';
import type { CaseworkService } from './service.ts';

const today = () => new Date().toISOString().slice(0, 10);

/** The assessment form's fields depend on the template's domains, so it is parsed here, not in zod. */
function parseAssessment(body: FormBody, domains: string[]): { data?: AssessmentInput; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const needs: AssessmentInput['needs'] = {};
  for (const d of domains) {
    // No answer is assumed: a skipped question must not be saved as "no need" (safety above all).
    const level = one(body[`need-${d}`]);
    const note = one(body[`note-${d}`]);
    if (!(needLevels as readonly string[]).includes(level))
      errors[`need-${d}`] = { key: 'casework.errors.needMissing', values: { domain: d } };
    if (note.length > 2000) errors[`note-${d}`] = 'casework.errors.tooLong';
    needs[d] = { level: level as AssessmentInput['needs'][string]['level'], note: note || null };
  }
  const scores = {} as Record<Scale, number>;
  for (const s of scales) {
    const v = one(body[`scale-${s}`]);
    const n = Number(v);
    if (!/^\d{1,2}$/.test(v) || n < 1 || n > 10)
      errors[`scale-${s}`] = { key: 'casework.errors.scaleFor', values: { scale: s } };
    else scores[s] = n;
  }
  const strengths = one(body.strengths);
  if (strengths.length > 5000) errors.strengths = 'casework.errors.tooLong';
  if (Object.keys(errors).length) return { errors };
  return { errors, data: { needs, strengths: strengths || null, scores } };
}

/** Assessment, distance travelled and her plan: registered inside the casework routes plugin. */
export function careRoutes(app: FastifyInstance, svc: CaseworkService) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const withId = { schema: { params: idParams } };
  const withRid = { schema: { params: ridParams } };
  const formWithId = { schema: { params: idParams, body: formBody } };
  const formWithRid = { schema: { params: ridParams, body: formBody } };

  r.get('/participants/:id/assessments', withId, async (req, reply) => {
    const data = await svc.assessmentsOf(actorOf(req), req.params.id);
    const fmt = new Intl.DateTimeFormat('en-GB', {
      day: 'numeric',
      month: 'short',
      year: '2-digit',
      timeZone: 'Europe/London',
    });
    const chart = data.progress.dates.length
      ? progressSvg(data.progress, {
          title: req.t('casework.assessment.chartTitle'),
          scale: (s) => req.t(`casework.scales.${s}`),
          date: (d) => fmt.format(d),
        })
      : null;
    return reply.view('casework/views/assessments.njk', { ...data, chart });
  });

  const assessmentForm = async (
    actor: ReturnType<typeof actorOf>,
    id: string,
    values: FormBody,
    errors: Record<string, string> = {},
  ) => {
    const { header, ...template } = await svc.templateForNew(actor, id);
    return { header, template, values, errors, levels: needLevels, scales };
  };
  r.get('/participants/:id/assessments/new', withId, async (req, reply) =>
    reply.view('casework/views/assessment-form.njk', await assessmentForm(actorOf(req), req.params.id, {})),
  );
  r.post('/participants/:id/assessments/new', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const form = await assessmentForm(actor, req.params.id, req.body);
    const { data, errors } = parseAssessment(req.body, form.template.definition.domains);
    if (!data) return reply.code(400).view('casework/views/assessment-form.njk', { ...form, errors });
    return orInvalid(
      async () => {
        const aid = await svc.addAssessment(actor, form.header.id, one(req.body.templateId), data);
        flash(req, 'casework.assessment.saved');
        return reply.redirect(`/assessments/${aid}`, 303);
      },
      (fields) => reply.code(400).view('casework/views/assessment-form.njk', { ...form, errors: fields }),
    );
  });

  r.get('/assessments/:rid', withRid, async (req, reply) => {
    const data = await svc.getAssessment(actorOf(req), req.params.rid);
    return reply.view('casework/views/assessment.njk', { ...data, scales });
  });

  // Her plan
  const planPage = async (
    actor: ReturnType<typeof actorOf>,
    id: string,
    print: boolean,
    extra: Record<string, unknown> = {},
  ) => {
    const plan = await svc.planOf(actor, id, print);
    return { ...plan, owners: stepOwners, domains: needDomains, values: {}, ...extra };
  };
  r.get('/participants/:id/plan', withId, async (req, reply) =>
    reply.view('casework/views/plan.njk', await planPage(actorOf(req), req.params.id, false)),
  );
  r.get('/participants/:id/plan/print', withId, async (req, reply) =>
    reply.view('casework/views/plan-print.njk', {
      ...(await svc.planToPrint(actorOf(req), req.params.id)),
      owners: stepOwners,
      domains: needDomains,
    }),
  );

  r.get('/participants/:id/plan/goals/new', withId, async (req, reply) => {
    const header = await svc.ownerHeader(actorOf(req), req.params.id, 'write');
    return reply.view('casework/views/goal-form.njk', { header, domains: needDomains, values: {} });
  });
  r.post('/participants/:id/plan/goals/new', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(goalForm, req.body);
    if (!data) {
      const header = await svc.ownerHeader(actor, req.params.id, 'write');
      return reply
        .code(400)
        .view('casework/views/goal-form.njk', { header, domains: needDomains, values: req.body, errors });
    }
    await svc.addGoal(actor, req.params.id, data);
    flash(req, 'casework.plan.goalAdded');
    return reply.redirect(`/participants/${req.params.id}/plan`, 303);
  });

  r.get('/plan/goals/:rid/steps/new', withRid, async (req, reply) => {
    const { goal, header } = await svc.getGoal(actorOf(req), req.params.rid);
    return reply.view('casework/views/step-form.njk', { header, goal, owners: stepOwners, values: {} });
  });
  r.post('/plan/goals/:rid/steps/new', formWithRid, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(stepForm, req.body);
    if (!data) {
      const { goal, header } = await svc.getGoal(actor, req.params.rid);
      return reply.code(400).view('casework/views/step-form.njk', {
        header,
        goal,
        owners: stepOwners,
        values: req.body,
        errors,
      });
    }
    const pid = await svc.addStep(actor, req.params.rid, data);
    flash(req, 'casework.plan.stepAdded');
    return reply.redirect(`/participants/${pid}/plan`, 303);
  });
  // Where she is with a goal and which of its steps are done, agreed with her.
  const progressPage = async (
    actor: ReturnType<typeof actorOf>,
    goalId: string,
    values: Record<string, unknown>,
    errors: Record<string, string> = {},
  ) => {
    const { header, ...goal } = await svc.goalWithSteps(actor, goalId);
    return { header, goal, statuses: goalStatuses, values, errors };
  };
  r.get('/plan/goals/:rid/progress', withRid, async (req, reply) => {
    const form = await progressPage(actorOf(req), req.params.rid, {});
    const values = {
      status: form.goal.status,
      done: form.goal.steps.filter((s) => s.doneAt).map((s) => s.id),
    };
    return reply.view('casework/views/goal-progress.njk', { ...form, values });
  });
  r.post('/plan/goals/:rid/progress', formWithRid, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(progressForm, req.body);
    const form = await progressPage(actor, req.params.rid, {
      status: one(req.body.status),
      done: data?.done ?? [],
    });
    if (!data) return reply.code(400).view('casework/views/goal-progress.njk', { ...form, errors });
    const stepIds = new Set(form.goal.steps.map((s) => s.id));
    const pid = await svc.updateGoalProgress(actor, form.goal.id, {
      status: data.status,
      doneStepIds: data.done.filter((id) => stepIds.has(id)),
    });
    flash(req, 'casework.planProgress.saved');
    return reply.redirect(`/participants/${pid}/plan`, 303);
  });
  r.post('/plan/steps/:rid/done', withRid, async (req, reply) => {
    const pid = await svc.completeStep(actorOf(req), req.params.rid);
    return reply.redirect(`/participants/${pid}/plan`, 303);
  });

  r.post('/participants/:id/plan/review', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data } = parseForm(reviewForm, req.body);
    if (!data)
      return reply.code(400).view(
        'casework/views/plan.njk',
        await planPage(actor, req.params.id, false, {
          values: req.body,
          errors: { nextReviewOn: 'casework.errors.nextReview' },
        }),
      );
    await svc.reviewPlan(actor, req.params.id, { reviewedOn: today(), nextReviewOn: data.nextReviewOn });
    flash(req, 'casework.plan.reviewedFlash');
    return reply.redirect(`/participants/${req.params.id}/plan`, 303);
  });
}
