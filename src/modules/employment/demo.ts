import { and, eq } from 'drizzle-orm';
import { generateSecret } from 'otplib';
import type { AuditService } from '../../platform/audit/service.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { organisations, users } from '../../platform/auth/schema.ts';
import type { FieldCipher } from '../../platform/crypto/fields.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ParticipantsService } from '../participants/index.ts';
import { opportunities } from './schema.ts';
import type { EmploymentService } from './service.ts';

/** Three fictional employers (names marked "(demo)"), each with one person who signs in. */
const demoEmployers = [
  {
    name: 'Grand Northern Hotels (demo)',
    slug: 'grandnorthern',
    sector: 'hospitality',
    size: 'large',
    sites: ['LS1', 'BD1', 'M1'],
  },
  {
    name: 'Kindred Care Homes (demo)',
    slug: 'kindredcare',
    sector: 'care',
    size: 'medium',
    sites: ['LS6', 'BD7', 'HX1'],
  },
  {
    name: 'Fieldway Foods (demo)',
    slug: 'fieldway',
    sector: 'food production',
    size: 'large',
    sites: ['LS11', 'WF1', 'S1'],
  },
] as const;

type Hours = { day: 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun'; from: string; to: string }[];
const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri'] as const;
const every = (from: string, to: string, days: readonly Hours[number]['day'][] = weekdays): Hours =>
  days.map((day) => ({ day, from, to }));

/** Templates of opportunities, cycled across the employers and their sites (about 40 in all). */
const templates = [
  {
    kind: 'job',
    title: 'Room attendant (school hours)',
    skills: ['cleaning'],
    hours: every('09:30', '14:30'),
    pay: 1221,
  },
  {
    kind: 'job',
    title: 'Breakfast team member',
    skills: ['customer service', 'food hygiene'],
    hours: every('06:30', '11:00'),
    pay: 1221,
  },
  {
    kind: 'job',
    title: 'Care assistant (days)',
    skills: ['care', 'first aid'],
    hours: every('08:00', '16:00', ['mon', 'tue', 'wed']),
    pay: 1250,
    dbs: 'enhanced',
  },
  {
    kind: 'job',
    title: 'Kitchen porter',
    skills: ['cleaning', 'food hygiene'],
    hours: every('17:00', '22:00', ['thu', 'fri', 'sat']),
    pay: 1221,
  },
  {
    kind: 'placement',
    title: 'Reception work placement',
    skills: ['customer service', 'english'],
    hours: every('10:00', '14:00', ['tue', 'thu']),
    pay: null,
  },
  {
    kind: 'volunteering',
    title: 'Volunteer activities helper',
    skills: ['care', 'crafts'],
    hours: every('10:00', '13:00', ['wed']),
    pay: null,
  },
  {
    kind: 'course',
    title: 'Food hygiene level 2 course',
    skills: [],
    hours: every('09:30', '14:30', ['mon']),
    pay: null,
  },
  {
    kind: 'apprenticeship',
    title: 'Apprentice in operations',
    skills: ['maths', 'computers'],
    hours: every('09:00', '17:00'),
    pay: 700,
  },
  {
    kind: 'recruitment_day',
    title: 'Recruitment day: meet the team',
    skills: [],
    hours: every('10:00', '14:00', ['sat']),
    pay: null,
  },
  {
    kind: 'job',
    title: 'Production operative (school hours)',
    skills: ['packing', 'teamwork'],
    hours: every('09:15', '14:45'),
    pay: 1260,
  },
  {
    kind: 'job',
    title: 'Night care assistant',
    skills: ['care'],
    hours: every('20:00', '23:59', ['fri', 'sat', 'sun']),
    pay: 1350,
    dbs: 'enhanced',
  },
  {
    kind: 'job',
    title: 'Laundry assistant (term time)',
    skills: ['cleaning', 'sewing'],
    hours: every('09:30', '14:00', ['mon', 'wed', 'fri']),
    pay: 1221,
    termTime: true,
  },
  {
    kind: 'job',
    title: 'Accounts assistant',
    skills: ['bookkeeping', 'computers'],
    hours: every('09:30', '14:30', ['tue', 'wed', 'thu']),
    pay: 1400,
    english: 'B2',
  },
  {
    kind: 'job',
    title: 'Teaching assistant support worker',
    skills: ['childcare'],
    hours: every('09:00', '15:00'),
    pay: 1250,
    dbs: 'enhanced',
  },
] as const;

/** What the demo key workers record for the demo women, in the order they were registered. */
const profiles = [
  {
    skills: ['sewing', 'childcare', 'cleaning'],
    sectors: ['care', 'hospitality'],
    spoken: 'A2',
    written: 'A1',
    school: true,
    district: 'LS9',
    journey: 45,
    rtw: 'refugee_status',
    pay: 1100,
    aspirations: ['teaching assistant'],
  },
  {
    skills: ['bookkeeping', 'computers'],
    sectors: ['food production', 'hospitality'],
    spoken: 'B2',
    written: 'B1',
    school: false,
    district: 'BD3',
    journey: 60,
    rtw: 'settled',
    pay: 1221,
    aspirations: ['accounts'],
  },
  {
    skills: ['care', 'first aid'],
    sectors: ['care'],
    spoken: 'A1',
    written: 'A1',
    school: true,
    district: 'LS6',
    journey: 30,
    rtw: 'time_limited',
    pay: null,
    aspirations: ['nursing'],
  },
] as const;

/** The stages the demo walks put-forwards to, so every page and report shows something. */
const journeys = [
  ['interview'],
  ['interview', 'offer', 'accepted'],
  ['interview', 'offer', 'declined'],
  ['not_offered'],
  ['interview', 'offer'],
  [],
  ['withdrawn'],
  ['offer', 'declined'],
  ['interview', 'offer', 'accepted'],
] as const;

const actorOf = (u: { id: string; organisationId: string }, role: Actor['role']): Actor => ({
  userId: u.id,
  organisationId: u.organisationId,
  role,
});

/**
 * The demo's employment: three pledged employers (approved, listed), about 40 opportunities of every
 * kind across their sites, a work profile for each demo woman (with her consent to matching), and
 * women put forward at every stage. Runs once, on the demo seed's fresh partnership.
 */
export async function seedDemoEmployment(
  db: Db,
  services: {
    employment: EmploymentService;
    participants: ParticipantsService;
    cipher: FieldCipher;
    audit: AuditService;
  },
  opts: { passwordHash: string },
): Promise<void> {
  const svc = services.employment;
  await svc.ensureReferenceData();
  if ((await db.select({ id: opportunities.id }).from(opportunities).limit(1)).length) return;
  const [admin] = await db.select().from(users).where(eq(users.role, 'admin')).limit(1);
  const employerActors: Actor[] = [];
  for (const e of demoEmployers) {
    const [org] = await db.insert(organisations).values({ name: e.name, kind: 'employer' }).returning();
    const [user] = await db
      .insert(users)
      .values({
        organisationId: org!.id,
        email: `employer@${e.slug}.demo.wayfinder.invalid`,
        name: `Hiring manager (${e.slug})`,
        role: 'employer',
        passwordHash: opts.passwordHash,
        totpSecret: services.cipher.encrypt(generateSecret()),
        totpEnabledAt: new Date(),
      })
      .returning();
    const actor = actorOf(user!, 'employer');
    employerActors.push(actor);
    await svc.saveProfile(actor, {
      sector: e.sector,
      size: e.size,
      sites: [...e.sites],
      contactName: `Hiring manager (${e.slug})`,
      contactEmail: `jobs@${e.slug}.demo.wayfinder.invalid`,
      contactPhone: null,
    });
    const pledge = await svc.signPledge(actor, {
      level: e.slug === 'grandnorthern' ? 'leader' : 'employer',
      commitments: ['guaranteed_interview', 'school_hours', 'overseas_qualifications', 'fair_rtw_checks'],
      signedByName: `Hiring manager (${e.slug})`,
      publicOptIn: true,
    });
    if (admin) await svc.reviewPledge(actorOf(admin, 'admin'), pledge.id, { review: 'approved', note: null });
  }
  const day = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10);
  const posted: string[] = [];
  for (let i = 0; i < 40; i++) {
    const e = demoEmployers[i % 3]!;
    const tpl = templates[i % templates.length]!;
    const o = await svc.createOpportunity(employerActors[i % 3]!, {
      employerId: null,
      kind: tpl.kind,
      title: tpl.title,
      description: `${tpl.title} with ${e.name}. Training given; we welcome women new to work in the UK.`,
      sector: e.sector,
      remote: 'on_site',
      postcodeDistrict: e.sites[i % e.sites.length]!,
      hours: [...tpl.hours],
      termTimeOnly: 'termTime' in tpl,
      contract: tpl.pay === null ? 'unpaid' : 'part_time',
      hourlyPayPence: tpl.pay,
      places: 1 + (i % 4),
      closingDate: day(7 + (i % 30)),
      startDate: day(30 + (i % 30)),
      minSpokenEnglish: 'english' in tpl ? tpl.english : i % 5 === 0 ? 'B1' : null,
      minWrittenEnglish: null,
      minQualificationLevel: null,
      skills: [...tpl.skills],
      rightToWorkAllowed: ['refugee_status', 'settled', 'time_limited'],
      onImmigrationSalaryList: tpl.title.startsWith('Care'),
      dbsLevel: 'dbs' in tpl ? tpl.dbs : 'none',
      childcareSupport: i % 4 === 0,
      travelSupport: i % 3 === 0,
      ...(tpl.kind === 'recruitment_day' ? { capacity: 30, eventPlace: `${e.name}, ${e.sites[0]}` } : {}),
      shareScope: 'partnership',
    });
    posted.push(o.id);
  }
  await seedWomen(db, services, posted, employerActors);
}

async function seedWomen(
  db: Db,
  services: { employment: EmploymentService; participants: ParticipantsService },
  posted: string[],
  employerActors: Actor[],
) {
  const svc = services.employment;
  const keyWorkers = await db
    .select()
    .from(users)
    .where(and(eq(users.role, 'key_worker'), eq(users.active, true)));
  let n = 0;
  for (const kw of keyWorkers.filter((u) => u.email.endsWith('.demo.wayfinder.invalid'))) {
    const actor = actorOf(kw, 'key_worker');
    const { rows } = await services.participants.caseload(actor, {});
    for (const [i, woman] of rows.slice(0, profiles.length).entries()) {
      const p = profiles[i]!;
      await services.participants.recordConsent(actor, woman.id, {
        purpose: 'matching',
        organisationId: null,
        given: true,
        method: 'verbal',
      });
      await svc.saveWorkProfile(actor, woman.id, {
        skills: [...p.skills],
        sectors: [...p.sectors],
        qualificationLevel: i === 2 ? 6 : null,
        spokenEnglish: p.spoken,
        writtenEnglish: p.written,
        availability: p.school ? every('09:15', '14:45') : every('08:00', '18:00'),
        schoolHoursOnly: p.school,
        termTimeOnly: false,
        postcodeDistrict: p.district,
        maxJourneyMinutes: p.journey,
        modes: ['bus', 'walk'],
        payNeededPence: p.pay,
        aspirations: [...p.aspirations],
        careNotes: p.school ? 'Children at primary school' : null,
        rightToWork: {
          basis: p.rtw,
          expires: p.rtw === 'time_limited' ? '2028-06-30' : null,
          reviewOn: null,
        },
      });
      const journey = journeys[n % journeys.length]!;
      const opportunityId = posted[(n * 3) % posted.length]!;
      n++;
      const pf = await svc
        .putForward(actor, woman.id, opportunityId, {
          fields: ['name', 'skills', 'english', 'availability'],
          consentMethod: 'verbal',
          consented: true,
        })
        .catch(() => null);
      if (!pf) continue;
      const employer = employerActors.find((e) => e.organisationId === pf.employerOrganisationId)!;
      for (const to of journey) {
        const byEmployer = to === 'interview' || to === 'offer' || to === 'not_offered';
        await svc.movePutForward(byEmployer ? employer : actor, pf.id, {
          to,
          reason: to === 'declined' ? 'school_hours' : to === 'not_offered' ? 'other' : null,
          interviewAt: to === 'interview' ? new Date(Date.now() + 3 * 86_400_000) : null,
          interviewOutcome: null,
          offerOn: to === 'offer' ? new Date().toISOString().slice(0, 10) : null,
          offerTerms: to === 'offer' ? '16 hours a week, school hours' : null,
          startDate:
            to === 'accepted' ? new Date(Date.now() + 21 * 86_400_000).toISOString().slice(0, 10) : null,
        });
      }
    }
  }
}
