/**
 * Staff pages of the directory: an organisation's own services (list, create, edit, mark as
 * reviewed) and, for managers, what is due a review. Thin: every read and change goes through the
 * directory service functions, which authorise, scope to the actor's organisation and audit.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { authorise, can } from '../../platform/auth/authorise.ts';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { formBody } from '../../platform/http/forms.ts';
import { idParams, type ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import { browseFilters, browseOptions, browsePages, browseQuery, browseSearch } from './browse.ts';
import { formTerms, inputFrom, servicesQuery, valuesFromBody } from './forms.ts';
import type { DirectoryService, ServiceFull } from './service.ts';

export const directoryNavigation: NavItem[] = [
  { href: '/directory/services', key: 'directory.nav.services', permission: 'directory:edit' },
  { href: '/directory/stale', key: 'directory.nav.stale', permission: 'directory:review' },
];

export interface DirectoryRoutesDeps {
  directory: DirectoryService;
  /** DIRECTORY_REVIEW_MONTHS: a service not reviewed for this long "needs review". */
  reviewMonths: number;
}

/** Languages offered on the staff form and the public filter (ISO 639-1), beyond the ones a service already has. */
export const commonLanguages = [
  'ar',
  'bn',
  'en',
  'es',
  'fa',
  'fr',
  'gu',
  'ku',
  'pa',
  'pl',
  'ps',
  'pt',
  'ro',
  'so',
  'sq',
  'ti',
  'tr',
  'uk',
  'ur',
  'zh',
];
export const weekdays = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'] as const;

type Json = Record<string, unknown>;
const arr = (v: unknown): Json[] => (Array.isArray(v) ? (v as Json[]) : []);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);

function valuesFromService(s: ServiceFull) {
  const termIds = arr(s.attributes)
    .map((a) => str((a.taxonomy_term as Json | undefined)?.id))
    .filter((x): x is string => !!x);
  const pick = (terms: { id: string }[]) => terms.map((t) => t.id).filter((id) => termIds.includes(id));
  const location = arr(s.service_at_locations)
    .map((sal) => sal.location as Json | undefined)
    .find((l) => l);
  const address = location ? arr(location.addresses)[0] : undefined;
  const schedule = arr(s.schedules)[0];
  return {
    name: s.name,
    description: str(s.description) ?? '',
    email: str(s.email),
    url: str(s.url),
    phone: str(arr(s.phones)[0]?.number),
    needTerms: pick(formTerms.need),
    whoForTerms: pick(formTerms.whoFor),
    deliveryTerms: pick(formTerms.delivery),
    areaCodes: arr(s.service_areas)
      .map((a) => str(a.extent) ?? str(a.area_code))
      .filter((x): x is string => !!x),
    languages: arr(s.languages)
      .map((l) => str(l.code))
      .filter((x): x is string => !!x),
    free: arr(s.cost_options).some((c) => c.amount === 0 || /^free/i.test(str(c.option) ?? ''))
      ? 'yes'
      : 'no',
    locationName: location && str(location.name) !== s.name ? str(location.name) : undefined,
    address1: str(address?.address_1),
    town: str(address?.city),
    postcode: str(address?.postal_code),
    withheld: location?.x_withheld === true ? ['yes'] : [],
    openDays: (str(schedule?.byday) ?? '').split(',').filter(Boolean),
    opensAt: str(schedule?.opens_at)?.slice(0, 5),
    closesAt: str(schedule?.closes_at)?.slice(0, 5),
  };
}

export async function directoryRoutes(plugin: FastifyInstance, deps: DirectoryRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const { directory } = deps;
  const staleAfterDays = Math.round((deps.reviewMonths * 365.25) / 12);
  const formData = async (req: FastifyRequest) => {
    const allAreas = await directory.localAreas();
    const languageNames = new Intl.DisplayNames([req.lang], { type: 'language' });
    return {
      terms: formTerms,
      areas: allAreas,
      languageOptions: commonLanguages.map((code) => ({ code, name: languageNames.of(code) ?? code })),
      weekdays,
    };
  };

  app.addHook('preHandler', requireUser);

  // Every organisation's services, for staff: words, area, need and "uses Wayfinder" (browse.ts).
  app.get('/directory', { schema: { querystring: browseQuery } }, async (req, reply) => {
    authorise(actorOf(req), 'directory:browse');
    const areas = await directory.localAreas();
    const filters = browseFilters(req.query, areas);
    const results = await directory.search(browseSearch(filters));
    return reply.view('directory/views/browse.njk', {
      filters,
      results,
      pages: browsePages('/directory', filters, results),
      ...browseOptions(areas),
    });
  });

  app.get('/directory/services', { schema: { querystring: servicesQuery } }, async (req, reply) => {
    const actor = actorOf(req);
    const { page } = req.query;
    const services = await directory.listOwnServices(actor, { page, perPage: 50, staleAfterDays });
    return reply.view('directory/views/services.njk', {
      services,
      reviewMonths: deps.reviewMonths,
      canReview: can(actor, 'directory:review'),
    });
  });

  app.get('/directory/stale', async (req, reply) => {
    const services = await directory.listStaleServices(actorOf(req), { staleAfterDays });
    return reply.view('directory/views/stale.njk', { services, reviewMonths: deps.reviewMonths });
  });

  const formView = 'directory/views/service-form.njk';
  const renderForm = async (
    req: FastifyRequest,
    reply: FastifyReply,
    extra: { values: Json; errors?: Record<string, string>; service?: Json; status?: number },
  ) =>
    reply.code(extra.status ?? 200).view(formView, {
      ...(await formData(req)),
      canReview: can(actorOf(req), 'directory:review'),
      values: extra.values,
      errors: extra.errors,
      service: extra.service,
    });

  app.get('/directory/services/new', async (req, reply) => {
    // The service checks the permission on save; the empty form is refused the same way.
    authorise(actorOf(req), 'directory:edit');
    return renderForm(req, reply, { values: { free: 'no' } });
  });

  app.post('/directory/services/new', { schema: { body: formBody } }, async (req, reply) => {
    const body = req.body;
    try {
      const { id } = await directory.createService(actorOf(req), inputFrom(body));
      req.session.set('flash', { type: 'success', key: 'directory.staff.created' });
      return reply.redirect(`/directory/services/${id}`, 303);
    } catch (err) {
      if (!(err instanceof ValidationError)) throw err;
      return renderForm(req, reply, { values: valuesFromBody(body), errors: fieldErrors(err), status: 400 });
    }
  });

  app.get('/directory/services/:id', { schema: { params: idParams } }, async (req, reply) => {
    const found = await directory.getServiceForEdit(actorOf(req), req.params.id);
    return renderForm(req, reply, {
      values: valuesFromService(found.service),
      service: summary(found, staleAfterDays),
    });
  });

  app.post(
    '/directory/services/:id',
    { schema: { params: idParams, body: formBody } },
    async (req, reply) => {
      const { id } = req.params;
      const body = req.body;
      try {
        await directory.updateService(actorOf(req), id, inputFrom(body));
        req.session.set('flash', { type: 'success', key: 'directory.staff.saved' });
        return reply.redirect(`/directory/services/${id}`, 303);
      } catch (err) {
        if (!(err instanceof ValidationError)) throw err;
        // The stored record (also checks she may see it) for the page's heading and review panel.
        const found = await directory.getServiceForEdit(actorOf(req), id);
        return renderForm(req, reply, {
          values: valuesFromBody(body),
          errors: fieldErrors(err),
          service: summary(found, staleAfterDays),
          status: 400,
        });
      }
    },
  );

  const reviewSchema = { schema: { params: idParams, body: formBody } };
  app.post('/directory/services/:id/review', reviewSchema, async (req, reply) => {
    const { id } = req.params;
    await directory.markReviewed(actorOf(req), id);
    req.session.set('flash', { type: 'success', key: 'directory.staff.reviewed' });
    const back = req.body.back === 'stale' ? '/directory/stale' : `/directory/services/${id}`;
    return reply.redirect(back, 303);
  });
}

/** Field errors keyed by form field: the service names its input's fields; the form groups terms. */
function fieldErrors(err: ValidationError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, key] of Object.entries(err.fields)) {
    const name = field === 'termIds' ? 'needTerms' : field;
    const code = key.replace('directory.errors.', '');
    // A message that names the field when there is one ("Enter the postcode"), else the general one.
    out[name] ??= specificErrors.has(`${name}.${code}`) ? `directory.staff.errors.${name}.${code}` : key;
  }
  return out;
}
const specificErrors = new Set([
  'name.required',
  'description.required',
  'address1.required',
  'town.required',
  'postcode.required',
  'postcode.postcode',
  'email.email',
  'url.url',
  'phone.phone',
  'opensAt.time',
  'closesAt.time',
  'areaCodes.area',
]);

function summary(found: { service: ServiceFull; lastReviewedAt: Date | null }, staleAfterDays: number): Json {
  const reviewed = found.lastReviewedAt;
  return {
    id: found.service.id,
    name: found.service.name,
    lastReviewedAt: reviewed,
    stale: !reviewed || Date.now() - reviewed.getTime() > staleAfterDays * 86_400_000,
  };
}
