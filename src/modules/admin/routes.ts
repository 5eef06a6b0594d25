import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { authorise } from '../../platform/auth/authorise.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { roles } from '../../platform/auth/schema.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import {
  type FormBody as Body,
  fieldErrors,
  flash,
  formBody,
  one,
  orInvalid,
} from '../../platform/http/forms.ts';
import { idParams, queryValue, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import { auditRoutes } from './audit-routes.ts';
import { type AdminService, organisationKinds } from './service.ts';

/** The admin pages in the service navigation and on the home page. */
export const adminNavigation: NavItem[] = [
  { href: '/admin/organisations', key: 'admin.nav.organisations', permission: 'partnership:manage' },
  { href: '/admin/users', key: 'admin.nav.users', permission: 'users:manage' },
  { href: '/admin/audit', key: 'admin.nav.audit', permission: 'audit:view' },
];

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const o = 'admin.organisations.errors.';
const u = 'admin.users.errors.';

const organisationSchema = z.object({
  name: z.string(`${o}nameMissing`).trim().min(1, `${o}nameMissing`).max(200, `${o}nameTooLong`),
  kind: z.enum(organisationKinds, `${o}kindMissing`),
});
const roleSchema = z.object({ role: z.enum(roles, `${u}roleMissing`) });
const inviteSchema = roleSchema.extend({
  name: z.string(`${u}nameMissing`).trim().min(1, `${u}nameMissing`).max(200, `${u}nameTooLong`),
  email: z
    .string(`${u}emailMissing`)
    .trim()
    .min(1, `${u}emailMissing`)
    .max(320, `${u}emailInvalid`)
    .email(`${u}emailInvalid`),
  organisationId: z.preprocess(blank, z.uuid(`${u}organisationMissing`).optional()),
});

export async function adminRoutes(plugin: FastifyInstance, deps: { admin: AdminService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { admin } = deps;
  app.addHook('preHandler', requireUser);

  // Organisations of the partnership
  app.get('/admin/organisations', async (req, reply) =>
    reply.view('admin/views/organisations.njk', {
      organisations: await admin.listOrganisations(actorOf(req)),
    }),
  );

  const newOrganisation = 'admin/views/organisation-new.njk';
  app.get('/admin/organisations/new', async (req, reply) => {
    authorise(actorOf(req), 'partnership:manage');
    return reply.view(newOrganisation, { kinds: organisationKinds, values: {} });
  });

  app.post('/admin/organisations/new', { schema: { body: formBody } }, async (req, reply) => {
    const values = req.body;
    const invalid = (errors: Record<string, string>) =>
      reply.code(400).view(newOrganisation, { kinds: organisationKinds, values, errors });
    authorise(actorOf(req), 'partnership:manage');
    const parsed = organisationSchema.safeParse(values);
    if (!parsed.success) return invalid(fieldErrors(parsed.error));
    return orInvalid(async () => {
      await admin.addOrganisation(actorOf(req), parsed.data);
      flash(req, 'admin.organisations.addedFlash', { name: parsed.data.name });
      return reply.redirect('/admin/organisations');
    }, invalid);
  });

  // Users of the admin's own organisation
  app.get('/admin/users', async (req, reply) =>
    reply.view('admin/views/users.njk', { organisations: await admin.listUsers(actorOf(req)) }),
  );

  const invite = async (
    req: FastifyRequest,
    reply: FastifyReply,
    values: Body,
    errors?: Record<string, string>,
  ) =>
    reply.code(errors ? 400 : 200).view('admin/views/user-invite.njk', {
      organisations: await admin.invitableOrganisations(actorOf(req)),
      roles,
      // Her own organisation unless another was chosen (a link from the organisations page).
      values: { ...values, organisationId: values.organisationId || actorOf(req).organisationId },
      errors,
    });

  app.get(
    '/admin/users/invite',
    { schema: { querystring: z.object({ organisation: queryValue }) } },
    async (req, reply) => invite(req, reply, { organisationId: req.query.organisation }),
  );

  app.post('/admin/users/invite', { schema: { body: formBody } }, async (req, reply) => {
    const values = req.body;
    const parsed = inviteSchema.safeParse(values);
    if (!parsed.success) return invite(req, reply, values, fieldErrors(parsed.error));
    return orInvalid(
      async () => {
        const { userId, organisationId } = await admin.inviteUser(actorOf(req), parsed.data, req.t);
        flash(req, 'admin.users.invitedFlash', { name: parsed.data.name });
        const own = organisationId === actorOf(req).organisationId;
        return reply.redirect(own ? `/admin/users/${userId}` : '/admin/organisations');
      },
      (errors) => invite(req, reply, values, errors),
    );
  });

  const showUser = async (
    req: FastifyRequest,
    reply: FastifyReply,
    id: string,
    body: Body = {},
    errors?: Record<string, string>,
  ) => {
    const user = await admin.getUser(actorOf(req), id);
    return reply.code(errors ? 400 : 200).view('admin/views/user.njk', {
      user,
      roles,
      self: user.id === actorOf(req).userId,
      values: { role: one(body.role) || user.role },
      errors,
    });
  };
  app.get('/admin/users/:id', { schema: { params: idParams } }, (req, reply) =>
    showUser(req, reply, req.params.id),
  );

  /** A POST on one user: the service call, then back to their page with a message. */
  const userAction = (
    path: string,
    run: (req: FastifyRequest, id: string) => Promise<{ key: string; values: Record<string, string> }>,
  ) =>
    app.post(
      `/admin/users/:id/${path}`,
      { schema: { params: idParams, body: formBody } },
      async (req, reply) => {
        const { id } = req.params;
        return orInvalid(
          async () => {
            const done = await run(req, id);
            flash(req, done.key, done.values);
            return reply.redirect(`/admin/users/${id}`);
          },
          (errors) => showUser(req, reply, id, req.body, errors),
        );
      },
    );

  userAction('role', async (req, id) => {
    const parsed = roleSchema.safeParse(req.body);
    if (!parsed.success) {
      await admin.getUser(actorOf(req), id); // another organisation's user is a 404 before any 400
      throw new ValidationError(fieldErrors(parsed.error));
    }
    const user = await admin.changeRole(actorOf(req), id, parsed.data.role);
    return {
      key: 'admin.users.roleChangedFlash',
      values: { name: user.name, role: req.t(`roles.${parsed.data.role}`) },
    };
  });
  userAction('deactivate', async (req, id) => {
    const user = await admin.deactivateUser(actorOf(req), id);
    return { key: 'admin.users.deactivatedFlash', values: { name: user.name } };
  });
  userAction('reactivate', async (req, id) => {
    const user = await admin.reactivateUser(actorOf(req), id);
    return { key: 'admin.users.reactivatedFlash', values: { name: user.name } };
  });
  userAction('password-link', async (req, id) => {
    const { user, purpose } = await admin.sendPasswordLink(actorOf(req), id, req.t);
    const key = purpose === 'invite' ? 'admin.users.inviteSentFlash' : 'admin.users.resetSentFlash';
    return { key, values: { name: user.name } };
  });

  await app.register(auditRoutes, { admin });
}
