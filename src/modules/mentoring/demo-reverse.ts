import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ParticipantsService } from '../participants/index.ts';
import { mentoringLeaders, mentoringPairs } from './schema.ts';
import type { MentoringService } from './service.ts';

/** Fictional women who completed the spring cohort and agreed to mentor leaders. */
const alumnae = [
  {
    preferredName: 'Hana (demo)',
    givenName: 'Hana',
    familyName: 'Example',
    languages: ['arabic', 'english'],
    aspirations: ['education'],
    goals: 'Start a teaching assistant course',
  },
  {
    preferredName: 'Sara (demo)',
    givenName: 'Sara',
    familyName: 'Sample',
    languages: ['farsi', 'english'],
    aspirations: ['finance'],
    goals: 'Find bookkeeping work',
  },
];

/**
 * The spring cohort's alumnae: two fictional women, enrolled by the manager with their mentoring
 * consent, matched, published and closed as completed with their agreement to join the alumni and
 * mentor leaders (so they form the reverse pool). Through the service, so consent and audit are real.
 */
export async function seedDemoAlumnae(
  db: Db,
  svc: MentoringService,
  participants: ParticipantsService,
  manager: Actor,
  cohortId: string,
) {
  for (const a of alumnae) {
    const id = await participants.register(manager, {
      consent: { purposes: ['support', 'anonymised_reporting'], method: 'verbal' },
      names: {
        preferredName: a.preferredName,
        givenName: a.givenName,
        familyName: a.familyName,
        dateOfBirth: null,
      },
      contact: {
        contactMethods: ['in_person'],
        safeTimes: null,
        neverContactAtHome: false,
        phone: null,
        email: null,
      },
      languages: {
        languages: a.languages,
        interpreterNeeded: false,
        interpreterLanguage: null,
        englishLevel: 'b1',
      },
    } satisfies Parameters<ParticipantsService['register']>[1]);
    await svc.enrol(
      manager,
      id,
      {
        cohortId,
        sharedFields: ['chosen_name', 'languages'],
        chosenName: a.preferredName.replace(' (demo)', ''),
        languages: a.languages,
        availability: ['mon-am', 'wed-pm', 'thu-eve'],
        goals: a.goals,
        aspirations: a.aspirations,
        goalSkills: [],
        interpreterAvailable: false,
        mode: 'online',
      },
      'verbal',
    );
  }
  await svc.runMatching(manager, cohortId);
  await svc.publish(manager, cohortId);
  const live = await db
    .select({ id: mentoringPairs.id })
    .from(mentoringPairs)
    .where(and(eq(mentoringPairs.cohortId, cohortId), eq(mentoringPairs.status, 'published')));
  for (const pair of live)
    await svc.closePair(manager, pair.id, {
      reason: 'completed',
      note: null,
      endedBadly: false,
      alumna: true,
      reverseMentor: true,
    });
}

/**
 * A running reverse-mentoring cohort: fictional leaders of a partner, each paired with an alumna of
 * the spring cohort; the first is the demo leader account's own record (same email, linked to it)
 * with a session logged, so signing in as the demo leader shows a pairing.
 */
export async function seedDemoLeaders(
  db: Db,
  svc: MentoringService,
  manager: Actor,
  leaderUser: { id: string; email: string; organisationId: string } | undefined,
) {
  const programmeId = await svc.createProgramme(manager, {
    name: 'Leaders learning from alumnae (demo)',
    kind: 'reverse',
    lengthMonths: 4,
    meetingExpectations: 'Once a month for an hour, online',
    surveys: ['leader_end'],
  });
  const today = new Date();
  const iso = (d: Date) => d.toISOString().slice(0, 10);
  const cohortId = await svc.createCohort(manager, programmeId, {
    name: 'Partner leaders (demo)',
    startsOn: iso(new Date(today.getTime() - 30 * 86_400_000)),
    endsOn: iso(new Date(today.getTime() + 90 * 86_400_000)),
    capacity: 7,
  });
  await svc.setCohortStatus(manager, cohortId, 'running');
  const pool = [...((await svc.matchingPage(manager, cohortId)).reversePool ?? [])].sort((a, b) =>
    a.chosenName.localeCompare(b.chosenName),
  );
  const leaders = [
    {
      name: 'Lena Leader',
      email: leaderUser?.email ?? 'leader@example.invalid',
      employer: 'Example Bank plc (demo)',
    },
    { name: 'Leo Example (demo)', email: 'leo.leader@example.invalid', employer: 'Example Bank plc (demo)' },
  ];
  for (const [i, l] of leaders.entries()) {
    const id = await svc.addLeader(manager, cohortId, l);
    const alumna = pool[i % Math.max(pool.length, 1)];
    if (alumna) await svc.pairLeader(manager, id, alumna.id);
    if (i === 0 && leaderUser)
      await db
        .update(mentoringLeaders)
        .set({ userId: leaderUser.id })
        .where(
          and(eq(mentoringLeaders.id, id), eq(mentoringLeaders.organisationId, leaderUser.organisationId)),
        );
  }
  if (!leaderUser || !pool.length) return;
  await svc.logLeaderSession(
    { userId: leaderUser.id, organisationId: leaderUser.organisationId, role: 'leader' },
    {
      heldOn: iso(new Date(today.getTime() - 10 * 86_400_000)),
      mode: 'online',
      minutes: 60,
      covered: 'What it is like to look for work in a new country; how our hiring reads to newcomers',
      nextMeetingOn: iso(new Date(today.getTime() + 20 * 86_400_000)),
    },
  );
}
