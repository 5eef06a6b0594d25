/**
 * One organisation's worth of real records for the route authorisation matrix
 * (tests/authorisation/matrix.test.ts): a user of every role and one record of every kind a route
 * can name. Records a route consumes (removed, erased, withdrawn, retried) are made fresh for
 * each request by the functions under `fresh`.
 */
import { scales } from '../../src/modules/casework/schema.ts';
import type { Actor } from '../../src/platform/auth/actor.ts';
import { type Role, roles } from '../../src/platform/auth/schema.ts';
import { createOrganisation, createUser, registerWalkIn, type TestApp, type TestUser } from './app.ts';
import { fundInput } from './bursaries.ts';
import { schoolHoursProfile } from './employment.ts';

export interface OrgFixtures {
  organisationId: string;
  users: Record<Role, TestUser>;
  /** Her record: registered and assigned to this organisation's key worker. */
  participant: string;
  service: string;
  /** Where that service is delivered (its service_at_location). */
  serviceAtLocation: string;
  contact: string;
  assessment: string;
  goal: string;
  /** A referral this organisation sent to a third one. */
  referral: string;
  /** Employment: an opportunity of this organisation's employer user, a pledge it signed, and her put forward to it. */
  opportunity: string;
  pledge: string;
  /** A commitment of the partnership's pledge list. */
  commitment: string;
  putForward: string;
  /** Commissioning: this organisation's 2025 practice self-assessment (by its manager) and one action on it. */
  selfAssessmentYear: string;
  selfAssessmentAction: string;
  dropIn: string;
  booking: string;
  importJob: string;
  /** A user to open on the admin pages (a mentor nobody signs in as). */
  user: string;
  /** Mentoring: a programme, its cohort, the signed-in mentor's record and their live pair with her. */
  mentoring: {
    programme: string;
    cohort: string;
    mentor: string;
    pair: string;
    draft(): Promise<string>;
    /** Another live pair of the same two, to end by re-pairing. */
    live(): Promise<string>;
    /** An end-survey link for her, not yet answered. */
    surveyLink(): Promise<void>;
    /** A new concern her mentor raised, not yet acknowledged. */
    concern(): Promise<string>;
    /** A partner's leader recorded on the cohort (reverse mentoring), survey not answered. */
    leader(): Promise<string>;
  };
  /** Bursaries: a fund (its manager on the panel) and her applications: a draft, one sent, one decided. */
  bursaries: {
    fund: string;
    draft: string;
    submitted: string;
    decided: string;
    /** A new cost line on the draft. */
    line(): Promise<string>;
    /** A new panel member of the fund (a key worker nobody signs in as). */
    member(): Promise<string>;
    /** The decided application's award (its decision), and a new payment scheduled on it. */
    award: string;
    payment(): Promise<string>;
  };
  fresh: {
    participant(): Promise<string>;
    qualification(): Promise<string>;
    workHistory(): Promise<string>;
    step(): Promise<string>;
    slot(): Promise<string>;
    booking(): Promise<string>;
    failedMessage(): Promise<{ booking: string; message: string }>;
  };
}

const actorOf = (u: TestUser): Actor => ({ userId: u.id, organisationId: u.organisationId, role: u.role });
let day = 0;

/** Seeds one organisation; `partner` receives its referral (a third organisation, unrelated to the test). */
export async function seedOrganisation(t: TestApp, name: string, partner: string): Promise<OrgFixtures> {
  const organisationId = await createOrganisation(t, name);
  const users = {} as Record<Role, TestUser>;
  for (const role of roles) users[role] = await createUser(t, organisationId, role);
  // Opened, deactivated and reactivated on the admin pages: not one of the users signed in above.
  const managed = await createUser(t, organisationId, 'mentor');
  const kw = users.key_worker;
  const actor = actorOf(kw);
  const { participants: p, casework: c, appointments: a, directory, directoryImports } = t.services;

  const participant = await registerWalkIn(t, kw, `${name} Matrix Woman`);
  await p.assignKeyWorker(actor, participant, kw.id);
  const contact = await c.addContact(actor, participant, {
    kind: 'phone',
    happenedOn: '2026-01-05',
    nextContactOn: null,
    notes: 'Matrix note',
    restricted: false,
  } as never);
  const template = await c.templateForNew(actor, participant);
  const assessment = await c.addAssessment(actor, participant, template.id, {
    needs: {},
    strengths: null,
    scores: Object.fromEntries(scales.map((s) => [s, 5])),
  } as never);
  const goal = await c.addGoal(actor, participant, { goal: 'Matrix goal', domains: ['english'] } as never);
  await p.recordConsent(actor, participant, {
    purpose: 'share_organisation',
    organisationId: partner,
    given: true,
    method: 'verbal',
  });
  const partnerService = await directory.createService(
    { userId: kw.id, organisationId: partner, role: 'manager' },
    { name: `${name} partner service`, description: 'Help' },
  );
  const referral = (
    await c.createReferral(actor, participant, {
      serviceId: partnerService.id,
      sections: ['names'],
      note: null,
      agreed: false,
    } as never)
  ).id;
  const { opportunity, pledge, putForward } = await seedEmployment(t, users, participant);
  const commitment = (await t.services.employment.commitments())[0]!.id;
  const service = (
    await directory.createService(actor, {
      name: `${name} service`,
      description: 'Help',
      address1: '1 Matrix Street',
      town: 'Leeds',
      postcode: 'LS2 7ZZ',
    })
  ).id;
  const serviceAtLocation = (
    await t.database.pool.query('select id from directory_service_at_location where service_id = $1', [
      service,
    ])
  ).rows[0]?.id as string;
  const dropIn = await c.createSession(actor, {
    place: `${name} hall`,
    startsAt: new Date('2026-02-01T10:00:00Z'),
    endsAt: new Date('2099-02-01T12:00:00Z'),
    capacity: 1000,
  } as never);

  const slot = async () => {
    // A new hour for each slot, so none overlaps the staff member's others.
    day++;
    return a.createSlot(actor, {
      mode: 'phone',
      place: null,
      startsAt: new Date(Date.UTC(2099, 0, 1, 0) + day * 3_600_000),
      endsAt: new Date(Date.UTC(2099, 0, 1, 0) + day * 3_600_000 + 1_800_000),
      staffUserId: kw.id,
    } as never);
  };
  const freshBooking = async () => a.book(actor, participant, await slot(), { notify: false });
  const booking = await freshBooking();
  const manager = actorOf(users.manager);
  const importJob = (
    await directoryImports.startUpload(manager, { fileName: 'empty.json', content: Buffer.from('[]') })
  ).id;
  await directoryImports.idle();
  const mentoring = await seedMentoring(t, manager, actor, users, participant);
  const bursaries = await seedBursaries(t, organisationId, manager, actor, participant);

  await t.services.commissioning.startYear(manager, 2025);
  const selfAssessmentAction = await t.services.commissioning.addAction(manager, 2025, {
    point: null,
    action: 'Matrix action',
    owner: 'Matrix team',
    dueOn: '2026-01-31',
  });
  return {
    organisationId,
    users,
    participant,
    service,
    serviceAtLocation,
    contact,
    assessment,
    goal,
    referral,
    opportunity,
    pledge,
    commitment,
    putForward,
    selfAssessmentYear: '2025',
    selfAssessmentAction,
    dropIn,
    booking,
    importJob,
    user: managed.id,
    mentoring,
    bursaries,
    fresh: {
      participant: async () => {
        const id = await registerWalkIn(t, kw, `${name} Fresh Woman`);
        await p.assignKeyWorker(actor, id, kw.id);
        return id;
      },
      qualification: () =>
        p.addQualification(actor, participant, {
          title: 'Matrix certificate',
          subject: null,
          overseas: false,
          country: null,
          yearAwarded: null,
          enicLevel: null,
        }),
      workHistory: () =>
        p.addWorkHistory(actor, participant, {
          role: 'Matrix role',
          employer: null,
          country: null,
          kind: 'paid',
          fromYear: null,
          toYear: null,
        } as never),
      step: async () => {
        await c.addStep(actor, goal, { step: 'Matrix step', owner: 'her', dueOn: null } as never);
        const { rows } = await t.database.pool.query(
          'select id from casework_plan_steps where goal_id = $1 order by created_at desc limit 1',
          [goal],
        );
        return rows[0].id as string;
      },
      slot,
      booking: freshBooking,
      failedMessage: async () => {
        const b = await freshBooking();
        const { rows } = await t.database.pool.query(
          "insert into casework_appointment_messages (booking_id, kind, channel, status, reason) values ($1, 'confirmation', 'sms', 'failed', 'provider_error') returning id",
          [b],
        );
        return { booking: b, message: rows[0].id as string };
      },
    },
  };
}

/**
 * A programme and cohort, the mentor user's approved record (linked by email), her enrolment with
 * her mentoring consent, and their published pair; `draft()` adds a draft pair to pin or exclude.
 */
async function seedMentoring(
  t: TestApp,
  manager: Actor,
  kw: Actor,
  users: Record<Role, TestUser>,
  participant: string,
) {
  const mentorUser = users.mentor;
  const m = t.services.mentoring;
  const programme = await m.createProgramme(manager, {
    name: 'Matrix programme',
    kind: 'one_to_one',
    lengthMonths: 4,
    meetingExpectations: null,
    surveys: [],
  });
  const cohort = await m.createCohort(manager, programme, {
    name: 'Matrix cohort',
    startsOn: '2026-01-01',
    endsOn: '2026-05-01',
    capacity: 10,
  });
  const mentor = await m.apply(
    {
      programmeId: programme,
      name: 'Matrix Mentor',
      email: mentorUser.email,
      employer: null,
      sectors: ['finance'],
      skills: ['cv'],
      languages: ['english'],
      availability: ['mon-am'],
      mode: 'online',
      place: null,
      capacity: 3,
      motivation: null,
      references: [{ name: 'Ref', relationship: 'Manager' }],
    },
    manager,
  );
  await m.recordRecruitment(manager, mentor, {
    referencesReceived: true,
    screenedOn: '2025-12-01',
    screeningNotes: null,
    dbsLevel: 'enhanced',
    dbsOutcome: 'clear',
    dbsCertificateNumber: '001122334455',
    dbsIssuedOn: '2025-11-01',
    trainingDone: ['induction', 'safeguarding'],
  });
  await m.approve(manager, mentor, 'approved');
  const mentee = await m.enrol(
    kw,
    participant,
    {
      cohortId: cohort,
      sharedFields: ['chosen_name'],
      chosenName: 'Matrix',
      languages: ['english'],
      availability: ['mon-am'],
      goals: null,
      aspirations: ['finance'],
      goalSkills: ['cv'],
      interpreterAvailable: false,
      mode: 'online',
    },
    'verbal',
  );
  await m.runMatching(manager, cohort);
  await m.publish(manager, cohort);
  const pool = t.database.pool;
  const pair = (
    await pool.query("select id from mentoring_pairs where cohort_id = $1 and status = 'published'", [cohort])
  ).rows[0]?.id as string;
  const draft = async () =>
    (
      await pool.query(
        `insert into mentoring_pairs (organisation_id, cohort_id, mentee_id, mentor_id)
         values ($1, $2, $3, $4) returning id`,
        [manager.organisationId, cohort, mentee, mentor],
      )
    ).rows[0].id as string;
  const concern = async () =>
    (
      await pool.query(
        `insert into mentoring_concerns (organisation_id, pair_id, participant_id, concern)
         values ($1, $2, $3, 'Matrix concern') returning id`,
        [manager.organisationId, pair, participant],
      )
    ).rows[0].id as string;
  const live = async () =>
    (
      await pool.query(
        `insert into mentoring_pairs (organisation_id, cohort_id, mentee_id, mentor_id, status, published_at)
         values ($1, $2, $3, $4, 'published', now()) returning id`,
        [manager.organisationId, cohort, mentee, mentor],
      )
    ).rows[0].id as string;
  const surveyLink = async () => {
    await pool.query(
      `insert into mentoring_survey_links (organisation_id, pair_id, respondent, survey, token_hash, expires_at)
       values ($1, $2, 'mentee', 'mentee_end', md5(random()::text), now() + interval '1 day')`,
      [manager.organisationId, pair],
    );
  };
  const leader = async () =>
    (
      await pool.query(
        `insert into mentoring_leaders (organisation_id, cohort_id, name, email, employer)
         values ($1, $2, 'Matrix Leader', 'leader@example.invalid', 'Matrix plc') returning id`,
        [manager.organisationId, cohort],
      )
    ).rows[0].id as string;
  // The signed-in leader's own record (reverse mentoring), paired with her as their alumna mentor.
  await pool.query(
    `insert into mentoring_leaders (organisation_id, cohort_id, name, email, employer, user_id, alumna_mentee_id)
     values ($1, $2, 'Matrix Signed-in Leader', $3, 'Matrix plc', $4, $5)`,
    [manager.organisationId, cohort, users.leader.email, users.leader.id, mentee],
  );
  return { programme, cohort, mentor, pair, draft, live, concern, surveyLink, leader };
}

/** Her work profile (with matching consent), an opportunity of the organisation's employer, a pledge, and her put forward. */
async function seedEmployment(t: TestApp, users: Record<Role, TestUser>, participant: string) {
  const e = t.services.employment;
  const employer = actorOf(users.employer);
  const kw = actorOf(users.key_worker);
  const opportunity = (
    await e.createOpportunity(employer, {
      employerId: null,
      kind: 'job',
      title: 'Matrix job',
      description: 'Matrix work',
      sector: 'hospitality',
      postcodeDistrict: 'LS1',
      hours: [{ day: 'mon', from: '09:30', to: '14:30' }],
      contract: 'part_time',
      // Seen by its employer and the organisation that posted it only.
      shareScope: 'named',
    })
  ).id;
  const pledge = (
    await e.signPledge(employer, {
      level: 'committed',
      commitments: ['guaranteed_interview'],
      signedByName: 'Matrix Employer',
      publicOptIn: false,
    })
  ).id;
  await t.services.participants.recordConsent(kw, participant, {
    purpose: 'matching',
    organisationId: null,
    given: true,
    method: 'verbal',
  });
  await e.saveWorkProfile(kw, participant, schoolHoursProfile());
  const putForward = (
    await e.putForward(kw, participant, opportunity, {
      fields: ['name'],
      consentMethod: 'verbal',
      consented: true,
    })
  ).id;
  return { opportunity, pledge, putForward };
}

/** A fund with the manager on its panel, and her applications made by her key worker at three stages. */
async function seedBursaries(
  t: TestApp,
  organisationId: string,
  manager: Actor,
  kw: Actor,
  participant: string,
) {
  const b = t.services.bursaries;
  const fund = await b.createFund(
    manager,
    fundInput({ name: 'Matrix fund', funderName: 'Matrix Foundation' }),
  );
  await b.addPanelMember(manager, fund, manager.userId);
  const start = async () => {
    const id = await b.startApplication(kw, fund, participant, {
      course: 'Matrix course',
      provider: 'Matrix college',
      plannedStartOn: null,
      aspiration: null,
      planGoalIds: [],
      menteeId: null,
      lang: 'en',
    });
    await b.addLine(kw, id, {
      category: 'course_fees',
      description: null,
      amountPence: 10_000,
      evidence: null,
    });
    return id;
  };
  const draft = await start();
  const submitted = await start();
  await b.submit(kw, submitted, 'verbal');
  const decided = await start();
  await b.submit(kw, decided, null);
  await b.declare(manager, decided, { conflicted: false, note: null });
  await b.decide(manager, decided, { kind: 'full', reason: null, conditions: null, awarded: {} });
  const award = (
    await t.database.pool.query('select id from bursary_decisions where application_id = $1', [decided])
  ).rows[0].id as string;
  const feesLine = (
    await t.database.pool.query('select id from bursary_cost_lines where application_id = $1 limit 1', [
      decided,
    ])
  ).rows[0].id as string;
  return {
    fund,
    draft,
    submitted,
    decided,
    award,
    payment: async () =>
      (
        await b.money.schedulePayment(manager, award, {
          costLineId: feesLine,
          payee: 'provider',
          amountPence: 1,
          reference: 'MATRIX-1',
          scheduledOn: '2026-12-01',
        })
      ).id,
    line: async () => {
      await b
        .addLine(kw, draft, { category: 'travel', description: null, amountPence: 100, evidence: null })
        .catch(() => {});
      const { rows } = await t.database.pool.query(
        'select id from bursary_cost_lines where application_id = $1 order by created_at desc limit 1',
        [draft],
      );
      return rows[0].id as string;
    },
    member: async () => {
      const u = await createUser(t, organisationId, 'key_worker');
      await b.addPanelMember(manager, fund, u.id);
      const { rows } = await t.database.pool.query(
        'select id from bursary_panel_members where fund_id = $1 and user_id = $2',
        [fund, u.id],
      );
      return rows[0].id as string;
    },
  };
}
