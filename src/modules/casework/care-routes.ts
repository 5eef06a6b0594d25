import type { FastifyInstance, FastifyRequest } from 'fastify';
import { actorOf } from '../../platform/auth/routes.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { type AssessmentInput, needDomains, needLevels, progressSvg } from './assessment.ts';
import { goalStatuses, type Scale, scales, stepOwners } from './schema.ts';
import type { CaseworkService } from './service.ts';

type Body = Record<string, string | string[] | undefined>;
const bodyOf = (req: FastifyRequest) => (req.body ?? {}) as Body;
const one = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v)?.trim() ?? '';
const many = (v: string | string[] | undefined) => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const params = (req: FastifyRequest) => req.params as { id: string; rid: string };
const today = () => new Date().toISOString().slice(0, 10);

function dateOf(body: Body, name: string, required: boolean): { value: string | null; error?: string } {
  const [d, m, y] = ['day', 'month', 'year'].map((k) => one(body[`${name}-${k}`]));
  if (!d && !m && !y) return required ? { value: null, error: 'casework.errors.date' } : { value: null };
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (!/^\d{4}$/.test(y!) || Number.isNaN(date.getTime()) || date.getUTCDate() !== Number(d))
    return { value: null, error: 'casework.errors.date' };
  return { value: date.toISOString().slice(0, 10) };
}

function parseAssessment(
  body: Body,
  domains: string[],
): { data?: AssessmentInput; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const needs: AssessmentInput['needs'] = {};
  for (const d of domains) {
    const level = one(body[`need-${d}`]) || 'none';
    const note = one(body[`note-${d}`]);
    if (!(needLevels as readonly string[]).includes(level)) errors[`need-${d}`] = 'casework.errors.choose';
    if (note.length > 2000) errors[`note-${d}`] = 'casework.errors.tooLong';
    needs[d] = { level: level as AssessmentInput['needs'][string]['level'], note: note || null };
  }
  const scores = {} as Record<Scale, number>;
  for (const s of scales) {
    const v = one(body[`scale-${s}`]);
    const n = Number(v);
    if (!/^\d{1,2}$/.test(v) || n < 1 || n > 10) errors[`scale-${s}`] = 'casework.errors.scale';
    else scores[s] = n;
  }
  const strengths = one(body.strengths);
  if (strengths.length > 5000) errors.strengths = 'casework.errors.tooLong';
  if (Object.keys(errors).length) return { errors };
  return { errors, data: { needs, strengths: strengths || null, scores } };
}

/** Assessment, distance travelled and her plan: registered inside the casework routes plugin. */
export function careRoutes(app: FastifyInstance, svc: CaseworkService) {
  const ownerHeader = async (req: FastifyRequest, need: 'read' | 'write') => {
    const header = await svc.header(actorOf(req), params(req).id, need);
    if (header.access.level !== 'owner') throw new NotFoundError();
    return header;
  };

  app.get('/participants/:id/assessments', async (req, reply) => {
    const header = await ownerHeader(req, 'read');
    const data = await svc.assessmentsOf(actorOf(req), header.id);
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
    return reply.view('casework/views/assessments.njk', { header, ...data, chart });
  });

  const assessmentForm = async (req: FastifyRequest, values: Body, errors: Record<string, string> = {}) => {
    const header = await ownerHeader(req, 'write');
    const template = await svc.templateForNew(actorOf(req), header.id);
    return { header, template, values, errors, levels: needLevels, scales };
  };
  app.get('/participants/:id/assessments/new', async (req, reply) =>
    reply.view('casework/views/assessment-form.njk', await assessmentForm(req, {})),
  );
  app.post('/participants/:id/assessments/new', async (req, reply) => {
    const body = bodyOf(req);
    const form = await assessmentForm(req, body);
    const { data, errors } = parseAssessment(body, form.template.definition.domains);
    try {
      if (!data) throw new ValidationError(errors);
      const aid = await svc.addAssessment(actorOf(req), form.header.id, one(body.templateId), data);
      req.session.set('flash', { type: 'success', key: 'casework.assessment.saved' });
      return reply.redirect(`/assessments/${aid}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return reply.code(400).view('casework/views/assessment-form.njk', { ...form, errors: err.fields });
    }
  });

  app.get('/assessments/:rid', async (req, reply) => {
    const data = await svc.getAssessment(actorOf(req), params(req).rid);
    const header = await svc.header(actorOf(req), data.assessment.participantId);
    return reply.view('casework/views/assessment.njk', { header, ...data, scales });
  });

  // Her plan
  const planPage = async (req: FastifyRequest, print: boolean, extra: Record<string, unknown> = {}) => {
    const header = await ownerHeader(req, 'read');
    const plan = await svc.planOf(actorOf(req), header.id, print);
    return { header, ...plan, owners: stepOwners, domains: needDomains, values: {}, ...extra };
  };
  app.get('/participants/:id/plan', async (req, reply) =>
    reply.view('casework/views/plan.njk', await planPage(req, false)),
  );
  app.get('/participants/:id/plan/print', async (req, reply) =>
    reply.view('casework/views/plan-print.njk', await planPage(req, true)),
  );

  app.get('/participants/:id/plan/goals/new', async (req, reply) => {
    const header = await ownerHeader(req, 'write');
    return reply.view('casework/views/goal-form.njk', { header, domains: needDomains, values: {} });
  });
  app.post('/participants/:id/plan/goals/new', async (req, reply) => {
    const header = await ownerHeader(req, 'write');
    const body = bodyOf(req);
    const goal = one(body.goal);
    const domains = many(body.domains).filter((d) => (needDomains as readonly string[]).includes(d));
    const errors: Record<string, string> = {};
    if (!goal) errors.goal = 'casework.errors.goal';
    else if (goal.length > 1000) errors.goal = 'casework.errors.tooLong';
    if (Object.keys(errors).length)
      return reply
        .code(400)
        .view('casework/views/goal-form.njk', { header, domains: needDomains, values: body, errors });
    await svc.addGoal(actorOf(req), header.id, { goal, domains });
    req.session.set('flash', { type: 'success', key: 'casework.plan.goalAdded' });
    return reply.redirect(`/participants/${header.id}/plan`, 303);
  });

  app.get('/plan/goals/:rid/steps/new', async (req, reply) => {
    const goal = await svc.getGoal(actorOf(req), params(req).rid);
    const header = await svc.header(actorOf(req), goal.participantId, 'write');
    return reply.view('casework/views/step-form.njk', { header, goal, owners: stepOwners, values: {} });
  });
  app.post('/plan/goals/:rid/steps/new', async (req, reply) => {
    const goal = await svc.getGoal(actorOf(req), params(req).rid);
    const body = bodyOf(req);
    const step = one(body.step);
    const owner = one(body.owner);
    const due = dateOf(body, 'dueOn', false);
    const errors: Record<string, string> = {};
    if (!step) errors.step = 'casework.errors.step';
    else if (step.length > 1000) errors.step = 'casework.errors.tooLong';
    if (!(stepOwners as readonly string[]).includes(owner)) errors.owner = 'casework.errors.owner';
    if (due.error) errors.dueOn = due.error;
    if (Object.keys(errors).length) {
      const header = await svc.header(actorOf(req), goal.participantId, 'write');
      return reply
        .code(400)
        .view('casework/views/step-form.njk', { header, goal, owners: stepOwners, values: body, errors });
    }
    const pid = await svc.addStep(actorOf(req), goal.id, {
      step,
      owner: owner as (typeof stepOwners)[number],
      dueOn: due.value,
    });
    req.session.set('flash', { type: 'success', key: 'casework.plan.stepAdded' });
    return reply.redirect(`/participants/${pid}/plan`, 303);
  });
  // Where she is with a goal and which of its steps are done, agreed with her.
  const progressForm = async (req: FastifyRequest, values: Body, errors: Record<string, string> = {}) => {
    const goal = await svc.goalWithSteps(actorOf(req), params(req).rid);
    const header = await svc.header(actorOf(req), goal.participantId, 'write');
    return { header, goal, statuses: goalStatuses, values, errors };
  };
  app.get('/plan/goals/:rid/progress', async (req, reply) => {
    const form = await progressForm(req, {});
    const values = {
      status: form.goal.status,
      done: form.goal.steps.filter((s) => s.doneAt).map((s) => s.id),
    };
    return reply.view('casework/views/goal-progress.njk', { ...form, values });
  });
  app.post('/plan/goals/:rid/progress', async (req, reply) => {
    const body = bodyOf(req);
    const status = one(body.status);
    const form = await progressForm(req, { status, done: many(body.done) });
    if (!(goalStatuses as readonly string[]).includes(status))
      return reply
        .code(400)
        .view('casework/views/goal-progress.njk', { ...form, errors: { status: 'casework.errors.choose' } });
    const stepIds = new Set(form.goal.steps.map((s) => s.id));
    const pid = await svc.updateGoalProgress(actorOf(req), form.goal.id, {
      status: status as (typeof goalStatuses)[number],
      doneStepIds: many(body.done).filter((id) => stepIds.has(id)),
    });
    req.session.set('flash', { type: 'success', key: 'casework.planProgress.saved' });
    return reply.redirect(`/participants/${pid}/plan`, 303);
  });
  app.post('/plan/steps/:rid/done', async (req, reply) => {
    const pid = await svc.completeStep(actorOf(req), params(req).rid);
    return reply.redirect(`/participants/${pid}/plan`, 303);
  });

  app.post('/participants/:id/plan/review', async (req, reply) => {
    const header = await ownerHeader(req, 'write');
    const body = bodyOf(req);
    const next = dateOf(body, 'nextReviewOn', false);
    if (next.error || (next.value && next.value < today()))
      return reply.code(400).view(
        'casework/views/plan.njk',
        await planPage(req, false, {
          values: body,
          errors: { nextReviewOn: 'casework.errors.nextReview' },
        }),
      );
    await svc.reviewPlan(actorOf(req), header.id, { reviewedOn: today(), nextReviewOn: next.value });
    req.session.set('flash', { type: 'success', key: 'casework.plan.reviewedFlash' });
    return reply.redirect(`/participants/${header.id}/plan`, 303);
  });
}
