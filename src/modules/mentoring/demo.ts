import { and, eq, like } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ParticipantsService } from '../participants/index.ts';
import { seedDemoAlumnae, seedDemoLeaders } from './demo-reverse.ts';
import { mentoringProgrammes, mentoringSurveyAnswers } from './schema.ts';
import type { MentoringService } from './service.ts';

/** Fictional mentors; the first is the demo mentor account's own record (same email). */
const mentors = [
  {
    name: 'Mona Mentor',
    sectors: ['education'],
    skills: ['interviews', 'cv'],
    languages: ['english', 'arabic'],
  },
  {
    name: 'Priya Example (demo)',
    sectors: ['finance'],
    skills: ['bookkeeping', 'excel'],
    languages: ['english', 'farsi'],
  },
  {
    name: 'Grace Sample (demo)',
    sectors: ['health', 'care'],
    skills: ['nursing', 'interviews'],
    languages: ['english'],
  },
];
const women: Record<
  string,
  { aspirations: string[]; goalSkills: string[]; languages: string[]; goals: string }
> = {
  'Amani (demo)': {
    aspirations: ['education'],
    goalSkills: ['interviews'],
    languages: ['arabic', 'swahili'],
    goals: 'Become a teaching assistant',
  },
  'Lina (demo)': {
    aspirations: ['finance'],
    goalSkills: ['bookkeeping', 'excel'],
    languages: ['farsi', 'dari'],
    goals: 'Work in an accounts office',
  },
  'Rahel (demo)': {
    aspirations: ['health'],
    goalSkills: ['nursing'],
    languages: ['tigrinya'],
    goals: 'Work in care while my degree is recognised',
  },
};
const availability = ['mon-am', 'wed-pm', 'thu-eve'];

/**
 * The demo's mentoring: in the first demo organisation, a four-month programme with a running
 * cohort, three approved mentors (the demo mentor account among them) matched to the demo women,
 * and sessions logged. Through the service, so consent, audit and matching are real. Runs once.
 */
export async function seedDemoMentoring(db: Db, svc: MentoringService, participants: ParticipantsService) {
  const staff = await db
    .select({ id: users.id, organisationId: users.organisationId, role: users.role, email: users.email })
    .from(users)
    .where(like(users.email, '%@harbour.demo.wayfinder.invalid'));
  const as = (role: string): Actor | null => {
    const u = staff.find((s) => s.role === role);
    return u ? { userId: u.id, organisationId: u.organisationId, role: u.role } : null;
  };
  const manager = as('manager');
  const kw = as('key_worker');
  const mentorUser = staff.find((s) => s.role === 'mentor');
  if (!manager || !kw || !mentorUser) return 0;
  const seeded = await db
    .select({ id: mentoringProgrammes.id })
    .from(mentoringProgrammes)
    .where(and(eq(mentoringProgrammes.organisationId, manager.organisationId)))
    .limit(1);
  if (seeded.length) return 0;

  const programmeId = await svc.createProgramme(manager, {
    name: 'Routes to work (demo)',
    kind: 'one_to_one',
    lengthMonths: 4,
    meetingExpectations: 'Every two weeks for about an hour, online or in person',
    surveys: ['mentee_end', 'mentor_end'],
  });
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const cohortId = await svc.createCohort(manager, programmeId, {
    name: 'Autumn cohort (demo)',
    startsOn: iso(new Date(today.getTime() - 30 * 86_400_000)),
    endsOn: iso(new Date(today.getTime() + 90 * 86_400_000)),
    capacity: 20,
  });
  for (const [i, m] of mentors.entries()) {
    const id = await svc.apply(
      {
        programmeId,
        name: m.name,
        email: i === 0 ? mentorUser.email : `mentor${i}@example.invalid`,
        employer: 'Example Ltd (demo)',
        sectors: m.sectors,
        skills: m.skills,
        languages: m.languages,
        availability,
        mode: 'online',
        place: null,
        capacity: 2,
        motivation: null,
        references: [{ name: 'A Referee (demo)', relationship: 'Manager' }],
      },
      manager,
    );
    await svc.recordRecruitment(manager, id, {
      referencesReceived: true,
      screenedOn: iso(new Date(today.getTime() - 60 * 86_400_000)),
      screeningNotes: null,
      dbsLevel: 'enhanced',
      dbsOutcome: 'clear',
      dbsCertificateNumber: `00100200300${i}`,
      dbsIssuedOn: iso(new Date(today.getTime() - 90 * 86_400_000)),
      trainingDone: ['induction', 'safeguarding', 'trauma_informed'],
    });
    await svc.approve(manager, id, 'approved');
  }
  for (const w of await participants.search(kw, '(demo)')) {
    const her = women[w.preferredName];
    if (!her) continue;
    await svc.enrol(
      kw,
      w.id,
      {
        cohortId,
        sharedFields: ['chosen_name', 'languages', 'availability', 'goals'],
        chosenName: w.preferredName.replace(' (demo)', ''),
        languages: her.languages,
        availability,
        goals: her.goals,
        aspirations: her.aspirations,
        goalSkills: her.goalSkills,
        interpreterAvailable: true,
        mode: 'online',
      },
      'verbal',
    );
  }
  await svc.runMatching(manager, cohortId);
  await svc.publish(manager, cohortId);
  const mentorActor: Actor = {
    userId: mentorUser.id,
    organisationId: mentorUser.organisationId,
    role: 'mentor',
  };
  const mine = await svc.myMentees(mentorActor);
  for (const p of mine.pairs)
    await svc.logSession(mentorActor, p.id, {
      heldOn: iso(new Date(today.getTime() - 14 * 86_400_000)),
      mode: 'online',
      minutes: 60,
      covered: 'Getting to know each other; what she wants from the four months',
      goalProgress: 'Wrote down three first steps',
      nextMeetingOn: iso(new Date(today.getTime() + 7 * 86_400_000)),
      worrying: null,
    });
  await seedClosedCohort(db, svc, participants, manager, programmeId);
  await seedDemoLeaders(
    db,
    svc,
    manager,
    staff.find((s) => s.role === 'leader'),
  );
  return mine.pairs.length;
}

/**
 * An earlier, closed cohort: its alumnae (who now mentor leaders, demo-reverse.ts) and its
 * end-survey answers (outcome data kept without names), so the programme view has results to show
 * above the suppression threshold.
 */
async function seedClosedCohort(
  db: Db,
  svc: MentoringService,
  participants: ParticipantsService,
  manager: Actor,
  programmeId: string,
) {
  const cohortId = await svc.createCohort(manager, programmeId, {
    name: 'Spring cohort (demo)',
    startsOn: '2026-01-12',
    endsOn: '2026-05-12',
    capacity: 15,
  });
  await seedDemoAlumnae(db, svc, participants, manager, cohortId);
  await svc.setCohortStatus(manager, cohortId, 'closed');
  const answers = [
    ...Array.from({ length: 12 }, (_, i) => ({
      survey: 'mentee_end' as const,
      answers: { skills: i === 0 ? 3 : 5, confidence: i < 2 ? 3 : 4, networks: i < 3 ? 2 : 4 },
    })),
    ...Array.from({ length: 7 }, (_, i) => ({
      survey: 'mentor_end' as const,
      answers: { openMinded: i < 2 ? 3 : 5, coaching: 4 },
    })),
  ];
  await db
    .insert(mentoringSurveyAnswers)
    .values(answers.map((a) => ({ ...a, organisationId: manager.organisationId, cohortId })));
}
