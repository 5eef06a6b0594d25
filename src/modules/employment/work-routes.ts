import type { FastifyInstance } from 'fastify';
import { actorOf } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import { idParams, pfParams, putForwardForm, windowsOf, workForm, workQuery } from './forms.ts';
import type { WorkProfile } from './profiles.ts';
import { cefrLevels, days, journeyModes, rightToWorkBases, shareableFields } from './schema.ts';
import type { EmploymentService } from './service.ts';

const codes = { cefrLevels, days, journeyModes, rightToWorkBases, shareableFields };

/** The form's values from her saved profile (lists as comma-separated text, pence as pounds). */
function valuesOf(p: WorkProfile | null): FormBody {
  if (!p) return {};
  const v: FormBody = {
    skills: p.skills.join(', '),
    sectors: p.sectors.join(', '),
    qualificationLevel: p.qualificationLevel?.toString() ?? '',
    spokenEnglish: p.spokenEnglish ?? '',
    writtenEnglish: p.writtenEnglish ?? '',
    schoolHoursOnly: p.schoolHoursOnly ? 'yes' : '',
    termTimeOnly: p.termTimeOnly ? 'yes' : '',
    postcodeDistrict: p.postcodeDistrict ?? '',
    maxJourneyMinutes: p.maxJourneyMinutes?.toString() ?? '',
    modes: p.modes,
    payNeededPence: p.payNeededPence === null ? '' : (p.payNeededPence / 100).toFixed(2),
    aspirations: p.aspirations.join(', '),
    careNotes: p.careNotes ?? '',
    rtwBasis: p.rightToWork?.basis ?? '',
    ...dateInputValues('rtwExpires', p.rightToWork?.expires),
    ...dateInputValues('rtwReviewOn', p.rightToWork?.reviewOn),
  };
  for (const w of p.availability) {
    v[`availability-${w.day}-from`] = w.from;
    v[`availability-${w.day}-to`] = w.to;
  }
  return v;
}

/** Her work profile and matches (`/participants/:id/work`), and putting her forward. */
export async function workRoutes(plugin: FastifyInstance, deps: { employment: EmploymentService }) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.employment;

  app.get(
    '/participants/:id/work',
    { schema: { params: idParams, querystring: workQuery } },
    async (req, reply) => {
      const page = await svc.workPage(actorOf(req), req.params.id, {
        fitsPage: req.query.fits,
        nearPage: req.query.near,
      });
      return reply.view('employment/views/work.njk', { ...page, codes, values: valuesOf(page.profile) });
    },
  );

  app.post('/participants/:id/work', { schema: { params: idParams, body: formBody } }, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(workForm, req.body);
    const availability = windowsOf(req.body, 'availability');
    return orInvalid(
      async () => {
        const all = { ...errors, ...availability.errors };
        if (!data || Object.keys(all).length) throw new ValidationError(all);
        const { rtwBasis, rtwExpires, rtwReviewOn, ...rest } = data;
        await svc.saveWorkProfile(actor, req.params.id, {
          ...rest,
          availability: availability.windows,
          rightToWork: rtwBasis ? { basis: rtwBasis, expires: rtwExpires, reviewOn: rtwReviewOn } : null,
        });
        flash(req, 'employment.work.saved');
        return reply.redirect(`/participants/${req.params.id}/work`, 303);
      },
      async (fields) => {
        const page = await svc.workPage(actor, req.params.id);
        return reply
          .code(400)
          .view('employment/views/work.njk', { ...page, codes, values: req.body, errors: fields });
      },
    );
  });

  // Her CV (no contact details: she adds what she chooses to the editable copy).
  app.get('/participants/:id/work/cv.pdf', { schema: { params: idParams } }, async (req, reply) => {
    const { body } = await svc.cv(actorOf(req), req.params.id, 'pdf');
    return reply
      .type('application/pdf')
      .header('content-disposition', 'attachment; filename="cv.pdf"')
      .send(body);
  });
  app.get('/participants/:id/work/cv.rtf', { schema: { params: idParams } }, async (req, reply) => {
    const { body } = await svc.cv(actorOf(req), req.params.id, 'rtf');
    return reply
      .type('application/rtf')
      .header('content-disposition', 'attachment; filename="cv.rtf"')
      .send(body);
  });

  app.get('/participants/:id/work/:oid/put-forward', { schema: { params: pfParams } }, async (req, reply) =>
    reply.view('employment/views/put-forward-new.njk', {
      ...(await svc.putForwardPage(actorOf(req), req.params.id, req.params.oid)),
      codes,
      values: { consentMethod: 'verbal' },
    }),
  );

  app.post(
    '/participants/:id/work/:oid/put-forward',
    { schema: { params: pfParams, body: formBody } },
    async (req, reply) => {
      const actor = actorOf(req);
      const { id, oid } = req.params;
      const { data, errors } = parseForm(putForwardForm, req.body);
      return orInvalid(
        async () => {
          if (!data) throw new ValidationError(errors);
          const pf = await svc.putForward(actor, id, oid, data);
          flash(req, 'employment.putForward.created');
          return reply.redirect(`/put-forwards/${pf.id}`, 303);
        },
        async (fields) =>
          reply.code(400).view('employment/views/put-forward-new.njk', {
            ...(await svc.putForwardPage(actor, id, oid)),
            codes,
            values: req.body,
            errors: fields,
          }),
      );
    },
  );
}
