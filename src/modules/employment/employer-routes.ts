import type { FastifyInstance } from 'fastify';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { today } from './deps.ts';
import { commitmentForm, idParams, pledgeForm, profileForm, reviewForm } from './forms.ts';
import { employerSizes, pledgeLevels } from './schema.ts';
import type { EmploymentService } from './service.ts';

/** Public pages: the pledged employers (opt-in only) and the employers' guide, with "Exit this page". */
export async function employmentPublicRoutes(
  plugin: FastifyInstance,
  deps: { employment: EmploymentService },
) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  app.get('/employers/pledged', async (_req, reply) =>
    reply.view('employment/views/pledged.njk', { employers: await deps.employment.pledgedEmployers() }),
  );
  app.get('/employers/guide', async (_req, reply) => reply.view('employment/views/guide.njk'));
}

/** Employers' own pages (profile, pledge), the staff list of employers, and the partnership's review. */
export async function employerRoutes(plugin: FastifyInstance, deps: { employment: EmploymentService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.employment;
  app.addHook('preHandler', requireUser);

  app.get('/employers', async (req, reply) =>
    reply.view('employment/views/employers.njk', {
      employers: await svc.employerList(actorOf(req)),
      mayReview: actorOf(req).role === 'admin',
      today: today(),
    }),
  );

  const profilePage = (values: FormBody, errors?: Record<string, string>) => ({
    values,
    errors,
    sizes: employerSizes,
  });
  app.get('/employers/profile', async (req, reply) => {
    const { profile } = await svc.ownProfile(actorOf(req));
    const values: FormBody = profile
      ? {
          sector: profile.sector,
          size: profile.size,
          sites: profile.sites.join(', '),
          contactName: profile.contactName,
          contactEmail: profile.contactEmail,
          contactPhone: profile.contactPhone ?? '',
        }
      : {};
    return reply.view('employment/views/profile.njk', profilePage(values));
  });
  app.post('/employers/profile', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(profileForm, req.body);
    return orInvalid(
      async () => {
        if (!data) throw new ValidationError(errors);
        await svc.saveProfile(actor, { ...data, sites: data.sites.map((s) => s.toUpperCase()) });
        flash(req, 'employment.profile.saved');
        return reply.redirect('/employers/pledge', 303);
      },
      async (fields) => {
        await svc.ownProfile(actor);
        return reply.code(400).view('employment/views/profile.njk', profilePage(req.body, fields));
      },
    );
  });

  const pledgePage = async (actor: Actor, values: FormBody, errors?: Record<string, string>) => ({
    ...(await svc.ownProfile(actor)),
    values,
    errors,
    levels: pledgeLevels,
    commitments: await svc.commitments(),
    today: today(),
  });
  app.get('/employers/pledge', async (req, reply) =>
    reply.view('employment/views/pledge.njk', await pledgePage(actorOf(req), {})),
  );
  app.post('/employers/pledge', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(pledgeForm, req.body);
    return orInvalid(
      async () => {
        if (!data) throw new ValidationError(errors);
        await svc.signPledge(actor, data);
        flash(req, 'employment.pledge.signed');
        return reply.redirect('/employers/pledge', 303);
      },
      async (fields) =>
        reply.code(400).view('employment/views/pledge.njk', await pledgePage(actor, req.body, fields)),
    );
  });

  // The partnership's list of commitments employers may choose.
  const commitmentsPage = async (actor: Actor, values: FormBody, errors?: Record<string, string>) => ({
    rows: await svc.allCommitments(actor),
    values,
    errors,
  });
  app.get('/employers/commitments', async (req, reply) =>
    reply.view('employment/views/commitments.njk', await commitmentsPage(actorOf(req), {})),
  );
  app.post('/employers/commitments', { schema: { body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data } = parseForm(commitmentForm, req.body);
    return orInvalid(
      async () => {
        await svc.addCommitment(actor, data?.label ?? null);
        flash(req, 'employment.commitments.added');
        return reply.redirect('/employers/commitments', 303);
      },
      async (fields) =>
        reply
          .code(400)
          .view('employment/views/commitments.njk', await commitmentsPage(actor, req.body, fields)),
    );
  });
  app.post(
    '/employers/commitments/:id/toggle',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      await svc.toggleCommitment(actorOf(req), req.params.id);
      flash(req, 'employment.commitments.changed');
      return reply.redirect('/employers/commitments', 303);
    },
  );

  app.post(
    '/employers/pledges/:id/review',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { data } = parseForm(reviewForm, req.body);
      // Authorised before the answer is checked: a refused role hears 403, not "choose approve or return".
      await svc.reviewPledge(actor, req.params.id, data ?? null);
      flash(req, `employment.pledge.reviewed.${data?.review}`);
      return reply.redirect('/employers', 303);
    },
  );
}
