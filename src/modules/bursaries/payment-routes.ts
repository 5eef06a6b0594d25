import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { pageQuery } from './forms.ts';
import {
  awardParams,
  extendForm,
  fundMoneyParams,
  moveForm,
  outcomeForm,
  paymentForm,
  paymentParams,
} from './money-forms.ts';
import type { BursariesRoutesDeps } from './routes.ts';
import { payees } from './schema.ts';

const V = 'bursaries/views/money';

/**
 * An award's page (its lines, payments, reminders, extension and outcome) and a fund's money page
 * (the ledger and its awards). Registered by the module's routes plugin with one line.
 */
export async function paymentRoutes(plugin: FastifyInstance, deps: BursariesRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const money = deps.bursaries.money;
  app.addHook('preHandler', requireUser);

  app.get(
    '/bursaries/funds/:fundId/money',
    { schema: { params: fundMoneyParams, querystring: pageQuery } },
    async (req, reply) =>
      reply.view(
        `${V}/fund-money.njk`,
        await money.fundMoney(actorOf(req), req.params.fundId, req.query.page ?? 1),
      ),
  );

  const awardPage = async (
    reply: FastifyReply,
    actor: Actor,
    id: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply.code(errors ? 400 : 200).view(`${V}/award.njk`, {
      ...(await money.award(actor, id)),
      isManager: actor.role === 'manager',
      payees,
      values,
      errors,
    });
  app.get('/bursaries/awards/:id', { schema: { params: awardParams } }, async (req, reply) =>
    awardPage(reply, actorOf(req), req.params.id),
  );

  /** Parse a form, call, flash and come back to the award; or the award page with its errors. */
  const handle = async <S extends Parameters<typeof parseForm>[0]>(
    req: { body: FormBody } & Parameters<typeof flash>[0],
    reply: FastifyReply,
    id: string,
    schema: S,
    run: (actor: Actor, data: NonNullable<ReturnType<typeof parseForm<S>>['data']>) => Promise<unknown>,
    done: string,
    anchor: string,
    managersOnly: boolean,
  ) => {
    const actor = actorOf(req);
    // Payments and extensions are the managers': refused before the form is read.
    if (managersOnly) authorise(actor, 'bursaries:manage');
    const { data, errors } = parseForm(schema, req.body);
    if (!data) return awardPage(reply, actor, id, req.body, errors);
    return orInvalid(
      async () => {
        await run(actor, data);
        flash(req, done);
        return reply.redirect(`/bursaries/awards/${id}${anchor}`, 303);
      },
      (e) => awardPage(reply, actor, id, req.body, e),
    );
  };
  const post = <S extends Parameters<typeof parseForm>[0]>(
    url: string,
    schema: S,
    run: (
      actor: Actor,
      id: string,
      data: NonNullable<ReturnType<typeof parseForm<S>>['data']>,
    ) => Promise<unknown>,
    done: string,
    anchor: string,
    managersOnly = true,
  ) =>
    app.post(url, { schema: { params: awardParams, body: formBody } }, async (req, reply) =>
      handle(
        req,
        reply,
        req.params.id,
        schema,
        (actor, d) => run(actor, req.params.id, d),
        done,
        anchor,
        managersOnly,
      ),
    );

  post(
    '/bursaries/awards/:id/payments',
    paymentForm,
    (actor, id, d) =>
      money.schedulePayment(actor, id, {
        costLineId: d.costLineId,
        payee: d.payee,
        amountPence: d.amount,
        reference: d.reference,
        scheduledOn: d.scheduledOn,
      }),
    'bursaries.money.payment.scheduled',
    '#payments',
  );
  app.post(
    '/bursaries/awards/:id/payments/:paymentId',
    { schema: { params: paymentParams, body: formBody } },
    async (req, reply) =>
      handle(
        req,
        reply,
        req.params.id,
        moveForm,
        (actor, d) =>
          money.movePayment(actor, req.params.paymentId, {
            to: d.to,
            receiptRef: d.receiptRef,
            decisionId: req.params.id,
          }),
        'bursaries.money.payment.moved',
        '#payments',
        true,
      ),
  );
  post(
    '/bursaries/awards/:id/extend',
    extendForm,
    (actor, id, d) => money.extendStart(actor, id, d.to, d.reason),
    'bursaries.money.extension.done',
    '#start',
  );
  post(
    '/bursaries/awards/:id/outcome',
    outcomeForm,
    (actor, id, d) => money.recordOutcome(actor, id, d.outcome, d.on),
    'bursaries.money.outcome.done',
    '#start',
    false,
  );
}
