import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { actorOf, requireUser } from '../../platform/auth/routes.ts';
import { dateInputValues } from '../../platform/http/dates.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type FormBody, flash, formBody, orInvalid, parseForm } from '../../platform/http/forms.ts';
import type { ZodTypeProvider } from '../../platform/http/zod.ts';
import type { NavItem } from '../../platform/views/navigation.ts';
import {
  alumnaForm,
  applicationForm,
  closeForm,
  cohortForm,
  concernParams,
  decisionForm,
  enrolForm,
  eraseLeaderForm,
  herRepairForm,
  idParams,
  inviteForm,
  leaderForm,
  noteForm,
  programmeForm,
  recruitmentForm,
  repairRequestForm,
  reviewForm,
  sessionForm,
  slots,
  statusForm,
  surveyAnswers,
  tokenParams,
  weightsForm,
} from './forms.ts';
import { leaderRoutes } from './leader-routes.ts';
import { draftActions } from './matching-run.ts';
import {
  cohortStatuses,
  dbsLevels,
  dbsOutcomes,
  meetingModes,
  menteeSharedFields,
  programmeKinds,
  reviewKinds,
  surveyKinds,
  trainingModules,
} from './schema.ts';
import type { MentoringService } from './service.ts';

export const mentoringNavigation: NavItem[] = [
  { href: '/mentoring', key: 'mentoring.nav.programmes', permission: 'mentoring:manage' },
  { href: '/mentor', key: 'mentoring.nav.mentor', permission: 'mentoring:mentor' },
  { href: '/leader', key: 'mentoring.nav.leader', permission: 'mentoring:leader' },
];

export interface MentoringRoutesDeps {
  mentoring: MentoringService;
  /** Public forms are limited like signing in (RATE_LIMIT_SIGN_IN_PER_MINUTE). */
  publicFormsPerMinute: number;
}

const codes = {
  programmeKinds,
  reviewKinds,
  surveyKinds,
  meetingModes,
  dbsLevels,
  dbsOutcomes,
  trainingModules,
  cohortStatuses,
  menteeSharedFields,
  slots,
};
const V = 'mentoring/views';

export async function mentoringRoutes(plugin: FastifyInstance, deps: MentoringRoutesDeps) {
  await plugin.register(publicRoutes, deps);
  await plugin.register(staffRoutes, deps);
  await plugin.register(leaderRoutes, deps);
}

/** "Become a mentor": the public layout with "Exit this page", CSRF, rate limited, GOV.UK error summary. */
async function publicRoutes(plugin: FastifyInstance, deps: MentoringRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.mentoring;
  const page = async (reply: FastifyReply, values: FormBody, errors?: Record<string, string>) =>
    reply.code(errors ? 400 : 200).view(`${V}/become-a-mentor.njk`, {
      programmes: await svc.recruitingProgrammes(),
      values,
      errors,
      codes,
    });
  app.get('/mentoring/become-a-mentor', async (_req, reply) => page(reply, {}));
  app.post(
    '/mentoring/become-a-mentor',
    {
      config: { rateLimit: { max: deps.publicFormsPerMinute, timeWindow: '1 minute' } },
      schema: { body: formBody },
    },
    async (req, reply) => {
      const { data, errors } = parseForm(applicationForm, req.body);
      if (!data) return page(reply, req.body, errors);
      const { referee1, referee1Relationship, referee2, referee2Relationship, ...rest } = data;
      const references = [{ name: referee1, relationship: referee1Relationship }];
      if (referee2) references.push({ name: referee2, relationship: referee2Relationship ?? '' });
      return orInvalid(
        async () => {
          await svc.apply({ ...rest, references });
          return reply.view(`${V}/applied.njk`, {});
        },
        (e) => page(reply, req.body, e),
      );
    },
  );

  // End-of-programme surveys through a single-use link, on a phone, in her language (?lang= in the link).
  const surveyPage = async (
    reply: FastifyReply,
    token: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) => {
    // The page is in the language she opened it in (the link carries ?lang=); the link's own
    // language must not reach the view, where `lang` is the page's.
    const { survey, questions } = await svc.surveyFor(token);
    return reply
      .code(errors ? 400 : 200)
      .view(`${V}/survey.njk`, { survey, questions, token, values, errors });
  };
  app.get('/survey/:token', { schema: { params: tokenParams } }, async (req, reply) =>
    surveyPage(reply, req.params.token),
  );
  app.post(
    '/survey/:token',
    {
      config: { rateLimit: { max: deps.publicFormsPerMinute, timeWindow: '1 minute' } },
      schema: { params: tokenParams, body: formBody },
    },
    async (req, reply) => {
      const { questions } = await svc.surveyFor(req.params.token);
      const { data, errors } = parseForm(surveyAnswers(questions), req.body);
      if (!data) return surveyPage(reply, req.params.token, req.body, errors);
      await svc.answerSurvey(req.params.token, data as Record<string, number>);
      return reply.view(`${V}/survey-done.njk`, {});
    },
  );
}

async function staffRoutes(plugin: FastifyInstance, deps: MentoringRoutesDeps) {
  const app = plugin.withTypeProvider<ZodTypeProvider>();
  const svc = deps.mentoring;
  app.addHook('preHandler', requireUser);
  const withId = { schema: { params: idParams } };
  const formWithId = { schema: { params: idParams, body: formBody } };
  const form = { schema: { body: formBody } };

  app.get('/mentoring', async (req, reply) => {
    const actor = actorOf(req);
    return reply.view(`${V}/overview.njk`, {
      ...(await svc.overview(actor)),
      concerns: await svc.openConcerns(actor),
    });
  });

  // Alumnae: the list, invitations through her safe messages
  const alumniPage = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply
      .code(errors ? 400 : 200)
      .view(`${V}/alumni.njk`, { alumnae: await svc.alumni(actor), values, errors });
  app.get('/mentoring/alumni', async (req, reply) => alumniPage(reply, actorOf(req)));
  app.post('/mentoring/alumni/invite', form, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(inviteForm, req.body);
    if (!data) return alumniPage(reply, actor, req.body, errors);
    return orInvalid(
      async () => {
        const { invited, notSent } = await svc.inviteAlumnae(actor, data);
        flash(req, notSent ? 'mentoring.alumni.invitedSome' : 'mentoring.alumni.invited', {
          count: String(invited),
          notSent: String(notSent),
        });
        return reply.redirect('/mentoring/alumni', 303);
      },
      (e) => alumniPage(reply, actor, req.body, e),
    );
  });

  // Reverse mentoring: the partner's leaders, and their end survey by a single-use link
  app.post('/mentoring/cohorts/:id/leaders', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(leaderForm, req.body);
    if (!data) return matching(reply, actor, req.params.id, errors, req.body);
    return orInvalid(
      async () => {
        await svc.addLeader(actor, req.params.id, data);
        flash(req, 'mentoring.leaders.added');
        return reply.redirect(`/mentoring/cohorts/${req.params.id}#leaders`, 303);
      },
      (e) => matching(reply, actor, req.params.id, e, req.body),
    );
  });
  app.post('/mentoring/leaders/:id/survey', withId, async (req, reply) => {
    const { cohortId, sent } = await svc.sendLeaderSurvey(actorOf(req), req.params.id);
    flash(req, sent ? 'mentoring.leaders.surveySent' : 'mentoring.leaders.alreadyAnswered');
    return reply.redirect(`/mentoring/cohorts/${cohortId}#leaders`, 303);
  });
  // A leader's subject access: everything held about them, as JSON (audited).
  app.get('/mentoring/leaders/:id/export.json', withId, async (req, reply) => {
    const data = await svc.leaderExport(actorOf(req), req.params.id);
    return reply
      .header('content-disposition', `attachment; filename="leader-${req.params.id}.json"`)
      .type('application/json; charset=utf-8')
      .send(JSON.stringify(data, null, 2));
  });
  // A leader's own sign-in, their alumna mentor, and erasing their name and email
  const onLeader = async (
    req: FastifyRequest,
    reply: FastifyReply,
    leaderId: string,
    action: () => Promise<string | { cohortId: string; done: string }>,
    done: string,
  ) => {
    const actor = actorOf(req);
    return orInvalid(
      async () => {
        const result = await action();
        // An action may say which message fits what happened (pairing: whether she was told).
        const { cohortId, done: said } = typeof result === 'string' ? { cohortId: result, done } : result;
        flash(req, said);
        return reply.redirect(`/mentoring/cohorts/${cohortId}#leaders`, 303);
      },
      async (e) => matching(reply, actor, await svc.leaderCohortId(actor, leaderId), e),
    );
  };
  app.post('/mentoring/leaders/:id/invite', withId, async (req, reply) =>
    onLeader(
      req,
      reply,
      req.params.id,
      () => svc.inviteLeader(actorOf(req), req.params.id),
      'mentoring.leaders.invited',
    ),
  );
  app.post('/mentoring/leaders/:id/alumna', formWithId, async (req, reply) => {
    const { data } = parseForm(alumnaForm, req.body);
    return onLeader(
      req,
      reply,
      req.params.id,
      async () => {
        const { cohortId, told } = await svc.pairLeader(actorOf(req), req.params.id, data?.alumna ?? '');
        return { cohortId, done: told ? 'mentoring.leaders.paired' : 'mentoring.leaders.pairedNotTold' };
      },
      'mentoring.leaders.paired',
    );
  });
  app.post('/mentoring/leaders/:id/erase', formWithId, async (req, reply) => {
    // Erasure cannot be undone: refused unless the manager ticked that they mean it.
    const { data } = parseForm(eraseLeaderForm, req.body);
    return onLeader(
      req,
      reply,
      req.params.id,
      async () => {
        if (!data) throw new ValidationError({ [`erase-${req.params.id}`]: 'mentoring.errors.confirmErase' });
        return svc.eraseLeader(actorOf(req), req.params.id);
      },
      'mentoring.leaders.erased',
    );
  });

  // Programmes and cohorts
  const programmePage = (reply: FastifyReply, values: FormBody, errors?: Record<string, string>) =>
    reply.code(errors ? 400 : 200).view(`${V}/programme-form.njk`, { values, errors, codes });
  app.get('/mentoring/programmes/new', async (req, reply) => {
    await svc.overview(actorOf(req));
    return programmePage(reply, { lengthMonths: '4', kind: 'one_to_one' });
  });
  app.post('/mentoring/programmes/new', form, async (req, reply) => {
    const actor = actorOf(req);
    await svc.overview(actor);
    const { data, errors } = parseForm(programmeForm, req.body);
    if (!data) return programmePage(reply, req.body, errors);
    await svc.createProgramme(actor, data);
    flash(req, 'mentoring.programme.created');
    return reply.redirect('/mentoring', 303);
  });

  const cohortPage = (reply: FastifyReply, id: string, values: FormBody, errors?: Record<string, string>) =>
    reply.code(errors ? 400 : 200).view(`${V}/cohort-form.njk`, { programmeId: id, values, errors });
  app.get('/mentoring/programmes/:id/cohorts/new', withId, async (req, reply) => {
    await svc.programme(actorOf(req), req.params.id);
    return cohortPage(reply, req.params.id, {});
  });
  app.post('/mentoring/programmes/:id/cohorts/new', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    await svc.programme(actor, req.params.id);
    const { data, errors } = parseForm(cohortForm, req.body);
    if (!data) return cohortPage(reply, req.params.id, req.body, errors);
    const id = await svc.createCohort(actor, req.params.id, data);
    flash(req, 'mentoring.cohort.created');
    return reply.redirect(`/mentoring/cohorts/${id}`, 303);
  });

  // A cohort: its funnel, status, weights, and matching (drafts with every rule's part)
  const matching = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    id: string,
    errors?: Record<string, string>,
    values?: FormBody,
  ) => {
    const page = await svc.matchingPage(actor, id);
    const report = await svc.cohortReport(actor, id);
    return reply.code(errors ? 400 : 200).view(`${V}/cohort.njk`, {
      ...page,
      report,
      values: values ?? Object.fromEntries(Object.entries(page.weights).map(([k, v]) => [k, String(v)])),
      errors,
      codes,
    });
  };
  app.get('/mentoring/cohorts/:id', withId, async (req, reply) =>
    matching(reply, actorOf(req), req.params.id),
  );

  // A live pair: sessions, midpoint and end reviews, closure (which sends the end surveys)
  const pairView = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    id: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply
      .code(errors ? 400 : 200)
      .view(`${V}/pair.njk`, { ...(await svc.pairPage(actor, id)), values, errors, codes });
  app.get('/mentoring/pairs/:id', withId, async (req, reply) => pairView(reply, actorOf(req), req.params.id));
  app.post('/mentoring/pairs/:id/reviews', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(reviewForm, req.body);
    if (!data) return pairView(reply, actor, req.params.id, req.body, errors);
    return orInvalid(
      async () => {
        await svc.addReview(actor, req.params.id, data);
        flash(req, 'mentoring.pair.reviewed');
        return reply.redirect(`/mentoring/pairs/${req.params.id}`, 303);
      },
      (e) => pairView(reply, actor, req.params.id, req.body, e),
    );
  });
  app.post('/mentoring/pairs/:id/repair', withId, async (req, reply) => {
    const actor = actorOf(req);
    return orInvalid(
      async () => {
        const { cohortId, proposed } = await svc.repair(actor, req.params.id);
        flash(req, proposed ? 'mentoring.pair.repaired' : 'mentoring.pair.repairedNone');
        return reply.redirect(`/mentoring/cohorts/${cohortId}#matching`, 303);
      },
      (e) => pairView(reply, actor, req.params.id, {}, e),
    );
  });
  app.post('/mentoring/pairs/:id/close', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(closeForm, req.body);
    if (!data) return pairView(reply, actor, req.params.id, req.body, errors);
    return orInvalid(
      async () => {
        await svc.closePair(actor, req.params.id, data);
        flash(req, 'mentoring.pair.closed');
        return reply.redirect(`/mentoring/pairs/${req.params.id}`, 303);
      },
      (e) => pairView(reply, actor, req.params.id, req.body, e),
    );
  });
  app.post('/mentoring/cohorts/:id/status', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(statusForm, req.body);
    if (!data) return matching(reply, actor, req.params.id, errors);
    await svc.setCohortStatus(actor, req.params.id, data.status);
    flash(req, 'mentoring.cohort.statusChanged');
    return reply.redirect(`/mentoring/cohorts/${req.params.id}`, 303);
  });
  app.post('/mentoring/cohorts/:id/weights', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(weightsForm, req.body);
    if (!data) return matching(reply, actor, req.params.id, errors, req.body);
    await svc.setWeights(actor, req.params.id, data);
    flash(req, 'mentoring.matching.weightsSaved');
    return reply.redirect(`/mentoring/cohorts/${req.params.id}#matching`, 303);
  });
  app.post('/mentoring/cohorts/:id/match', withId, async (req, reply) => {
    await svc.runMatching(actorOf(req), req.params.id);
    flash(req, 'mentoring.matching.ran');
    return reply.redirect(`/mentoring/cohorts/${req.params.id}#matching`, 303);
  });
  app.post('/mentoring/cohorts/:id/publish', withId, async (req, reply) => {
    const { published } = await svc.publish(actorOf(req), req.params.id);
    flash(req, 'mentoring.matching.published', { count: String(published) });
    return reply.redirect(`/mentoring/cohorts/${req.params.id}`, 303);
  });
  for (const action of draftActions)
    app.post(`/mentoring/pairs/:id/${action}`, withId, async (req, reply) => {
      const cohortId = await svc.changeDraft(actorOf(req), req.params.id, action);
      flash(req, `mentoring.matching.done.${action}`);
      return reply.redirect(`/mentoring/cohorts/${cohortId}#matching`, 303);
    });

  // Mentors: staff entry, recruitment, approval, supervision
  const staffEntry = async (reply: FastifyReply, values: FormBody, errors?: Record<string, string>) =>
    reply.code(errors ? 400 : 200).view(`${V}/mentor-new.njk`, {
      programmes: await svc.recruitingProgrammes(),
      values,
      errors,
      codes,
    });
  app.get('/mentoring/mentors/new', async (req, reply) => {
    await svc.overview(actorOf(req));
    return staffEntry(reply, {});
  });
  app.post('/mentoring/mentors/new', form, async (req, reply) => {
    const actor = actorOf(req);
    await svc.overview(actor);
    const { data, errors } = parseForm(applicationForm, req.body);
    if (!data) return staffEntry(reply, req.body, errors);
    const { referee1, referee1Relationship, referee2, referee2Relationship, ...rest } = data;
    const references = [{ name: referee1, relationship: referee1Relationship }];
    if (referee2) references.push({ name: referee2, relationship: referee2Relationship ?? '' });
    return orInvalid(
      async () => {
        const id = await svc.apply({ ...rest, references }, actor);
        flash(req, 'mentoring.mentor.added');
        return reply.redirect(`/mentoring/mentors/${id}`, 303);
      },
      (e) => staffEntry(reply, req.body, e),
    );
  });

  const mentorView = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    id: string,
    values?: FormBody,
    errors?: Record<string, string>,
  ) => {
    const page = await svc.mentorPage(actor, id);
    const m = page.mentor;
    return reply.code(errors ? 400 : 200).view(`${V}/mentor.njk`, {
      ...page,
      values: values ?? {
        referencesReceived: (m.references ?? []).some((r) => r.received) ? 'yes' : '',
        ...dateInputValues('screenedOn', m.screenedOn),
        screeningNotes: m.screeningNotes ?? '',
        dbsLevel: m.dbsLevel ?? '',
        dbsOutcome: m.dbsOutcome ?? '',
        dbsCertificateNumber: m.dbsCertificateNumber ?? '',
        ...dateInputValues('dbsIssuedOn', m.dbsIssuedOn),
        trainingDone: m.trainingDone,
      },
      errors,
      codes,
    });
  };
  app.get('/mentoring/mentors/:id', withId, async (req, reply) =>
    mentorView(reply, actorOf(req), req.params.id),
  );
  app.post('/mentoring/mentors/:id/recruitment', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(recruitmentForm, req.body);
    if (!data) return mentorView(reply, actor, req.params.id, req.body, errors);
    await svc.recordRecruitment(actor, req.params.id, data);
    flash(req, 'mentoring.mentor.recruitmentSaved');
    return reply.redirect(`/mentoring/mentors/${req.params.id}`, 303);
  });
  app.post('/mentoring/mentors/:id/decision', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(decisionForm, req.body);
    if (!data) return mentorView(reply, actor, req.params.id, undefined, errors);
    return orInvalid(
      async () => {
        const { linked } = await svc.approve(actor, req.params.id, data.decision);
        flash(
          req,
          data.decision === 'declined'
            ? 'mentoring.mentor.declined'
            : linked
              ? 'mentoring.mentor.approvedLinked'
              : 'mentoring.mentor.approvedInvite',
        );
        return reply.redirect(`/mentoring/mentors/${req.params.id}`, 303);
      },
      (e) => mentorView(reply, actor, req.params.id, undefined, e),
    );
  });
  app.post('/mentoring/mentors/:id/notes', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(noteForm, req.body);
    if (!data) return mentorView(reply, actor, req.params.id, undefined, errors);
    await svc.addSupervisionNote(actor, req.params.id, data.note);
    flash(req, 'mentoring.mentor.noteAdded');
    return reply.redirect(`/mentoring/mentors/${req.params.id}#supervision`, 303);
  });

  // Her mentoring, on her record: enrolment with her consent, her mentor, sessions and concerns
  const herPage = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    id: string,
    values?: FormBody,
    errors?: Record<string, string>,
  ) => {
    const page = await svc.herMentoring(actor, id);
    return reply.code(errors ? 400 : 200).view(`${V}/her.njk`, {
      ...page,
      values: values ?? {
        chosenName: page.header.preferredName,
        sharedFields: ['chosen_name'],
        mode: 'either',
      },
      errors,
      codes,
    });
  };
  app.get('/participants/:id/mentoring', withId, async (req, reply) =>
    herPage(reply, actorOf(req), req.params.id),
  );
  app.post('/participants/:id/mentoring', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(enrolForm, req.body);
    if (!data) return herPage(reply, actor, req.params.id, req.body, errors);
    const { consentNow, ...input } = data;
    return orInvalid(
      async () => {
        await svc.enrol(actor, req.params.id, input, consentNow);
        flash(req, 'mentoring.her.enrolled');
        return reply.redirect(`/participants/${req.params.id}/mentoring`, 303);
      },
      (e) => herPage(reply, actor, req.params.id, req.body, e),
    );
  });

  app.post(
    '/participants/:id/mentoring/concerns/:cid/acknowledge',
    { schema: { params: concernParams } },
    async (req, reply) => {
      await svc.acknowledgeConcern(actorOf(req), req.params.id, req.params.cid);
      flash(req, 'mentoring.her.acknowledged');
      return reply.redirect(`/participants/${req.params.id}/mentoring`, 303);
    },
  );

  app.post('/participants/:id/mentoring/repair-request', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(herRepairForm, req.body);
    if (!data) return herPage(reply, actor, req.params.id, req.body, errors);
    return orInvalid(
      async () => {
        await svc.askRepairForHer(actor, req.params.id, data.pairId, data.reason);
        flash(req, 'mentoring.her.repairAsked');
        return reply.redirect(`/participants/${req.params.id}/mentoring`, 303);
      },
      (e) => herPage(reply, actor, req.params.id, req.body, e),
    );
  });
  app.post('/participants/:id/mentoring/survey', withId, async (req, reply) => {
    const token = await svc.surveyWithHer(actorOf(req), req.params.id);
    return reply.redirect(`/survey/${token}`, 303);
  });

  // A mentor's own pages (phone first)
  app.get('/mentor', async (req, reply) =>
    reply.view(`${V}/mentor-home.njk`, await svc.myMentees(actorOf(req))),
  );
  const pairPage = async (
    reply: FastifyReply,
    actor: ReturnType<typeof actorOf>,
    id: string,
    values: FormBody = {},
    errors?: Record<string, string>,
  ) =>
    reply
      .code(errors ? 400 : 200)
      .view(`${V}/mentor-pair.njk`, { ...(await svc.pairForMentor(actor, id)), values, errors });
  app.get('/mentor/pairs/:id', withId, async (req, reply) =>
    pairPage(
      reply,
      actorOf(req),
      req.params.id,
      dateInputValues('heldOn', new Date().toISOString().slice(0, 10)),
    ),
  );
  app.post('/mentor/pairs/:id/sessions', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(sessionForm, req.body);
    if (!data) return pairPage(reply, actor, req.params.id, req.body, errors);
    const { concern } = await svc.logSession(actor, req.params.id, data);
    flash(req, concern ? 'mentoring.mentor.loggedWithConcern' : 'mentoring.mentor.logged');
    return reply.redirect('/mentor', 303);
  });
  app.post('/mentor/pairs/:id/repair-request', formWithId, async (req, reply) => {
    const actor = actorOf(req);
    const { data, errors } = parseForm(repairRequestForm, req.body);
    if (!data) return pairPage(reply, actor, req.params.id, req.body, errors);
    return orInvalid(
      async () => {
        await svc.askRepair(actor, req.params.id, data.reason);
        flash(req, 'mentoring.mine.repairAsked');
        return reply.redirect(`/mentor/pairs/${req.params.id}`, 303);
      },
      (e) => pairPage(reply, actor, req.params.id, req.body, e),
    );
  });
}
