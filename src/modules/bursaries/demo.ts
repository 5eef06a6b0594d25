import { eq, like } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/index.ts';
import type { MentoringService } from '../mentoring/index.ts';
import type { ParticipantsService } from '../participants/index.ts';
import { ukToday } from './deps.ts';
import { seedDemoMoney } from './money-demo.ts';
import { bursaryFunds } from './schema.ts';
import type { BursariesService } from './service.ts';

/** What the demo made, so that a later part (payments, the near-deadline award) can build on it. */
export interface DemoBursaries {
  fundId: string;
  manager: Actor;
  keyWorker: Actor;
  applications: { draft: string; submitted: string; interviewed: string; awarded: string; declined: string };
}

/**
 * The demo's bursaries, in the first demo organisation: a fictional fund ("up to £5,000, a year to
 * start") open to the demo mentoring programme's mentees and alumnae and to others, its panel, and
 * an application at every stage from the demo women (mentees, so each is guaranteed an interview):
 * a draft, submitted, interviewed, awarded in part, and declined after her interview.
 * Everything goes through the service, so consent, audit and the rules are real. Runs once;
 * returns null when there is nothing to do.
 */
export async function seedDemoBursaries(
  db: Db,
  svc: BursariesService,
  participants: ParticipantsService,
  mentoring: Pick<MentoringService, 'programmeNames'>,
): Promise<DemoBursaries | null> {
  const staff = await db
    .select({ id: users.id, organisationId: users.organisationId, role: users.role })
    .from(users)
    .where(like(users.email, '%@harbour.demo.wayfinder.invalid'));
  const as = (role: 'manager' | 'key_worker'): Actor | null => {
    const u = staff.find((s) => s.role === role);
    return u ? { userId: u.id, organisationId: u.organisationId, role } : null;
  };
  const manager = as('manager');
  const kw = as('key_worker');
  if (!manager || !kw) return null;
  const seeded = await db
    .select({ id: bursaryFunds.id })
    .from(bursaryFunds)
    .where(eq(bursaryFunds.organisationId, manager.organisationId))
    .limit(1);
  if (seeded.length) return null;

  const programmes = await mentoring.programmeNames(manager.organisationId);
  const today = ukToday();
  const fundId = await svc.createFund(manager, {
    name: 'Routes to learning bursary (demo)',
    funderOrganisationId: null,
    funderName: 'Example Foundation (demo)',
    budgetPence: 5_500_000,
    maxAwardPence: 500_000,
    eligibleCategories: ['course_fees', 'books_resources', 'equipment', 'childcare', 'travel', 'exam_fees'],
    eligibleProgrammeIds: programmes.map((p) => p.id),
    menteesMayApply: true,
    alumnaeMayApply: true,
    othersMayApply: true,
    criteria: ['aspiration_fit', 'course_quality', 'need', 'readiness'],
    startWindowMonths: 12,
    opensOn: `${today.slice(0, 4)}-01-01`,
    closesOn: null,
  });
  await svc.addPanelMember(manager, fundId, manager.userId);

  const women = new Map((await participants.search(kw, '(demo)')).map((w) => [w.preferredName, w.id]));
  const her = (name: string) => women.get(name) ?? null;

  const start = async (name: string, course: string, provider: string, lines: [string, number][]) => {
    const pid = her(name);
    if (!pid) return null;
    const id = await svc.startApplication(manager, fundId, pid, {
      course,
      provider,
      plannedStartOn: null,
      aspiration: 'The course is the first step to the work she wants (demo)',
      planGoalIds: [],
      menteeId: null,
      lang: name.startsWith('Amani') ? 'ar' : 'en',
    });
    for (const [category, pence] of lines)
      await svc.addLine(manager, id, {
        category: category as 'course_fees',
        description: null,
        amountPence: pence,
        evidence: 'Quote from the provider (demo)',
      });
    return id;
  };
  const draft = await start('Amani (demo)', 'Level 3 Teaching Assistant (demo)', 'City College (demo)', [
    ['course_fees', 120_000],
    ['books_resources', 8_000],
  ]);
  const submitted = await start('Lina (demo)', 'AAT Level 2 Bookkeeping (demo)', 'Example Training (demo)', [
    ['course_fees', 95_000],
    ['exam_fees', 18_000],
    ['travel', 12_000],
  ]);
  const interviewed = await start(
    'Rahel (demo)',
    'Care Certificate and Level 3 Health (demo)',
    'Northside College (demo)',
    [
      ['course_fees', 150_000],
      ['childcare', 90_000],
      ['travel', 20_000],
    ],
  );
  const awarded = await start(
    'Amani (demo)',
    'Level 2 Food Hygiene and Catering (demo)',
    'Harbour Kitchen School (demo)',
    [
      ['course_fees', 60_000],
      ['equipment', 25_000],
      ['childcare', 40_000],
    ],
  );
  const declined = await start('Lina (demo)', 'Private coaching diploma (demo)', 'Online Academy (demo)', [
    ['course_fees', 300_000],
  ]);
  if (!draft || !submitted || !interviewed || !awarded || !declined) return null;
  for (const id of [submitted, interviewed, awarded, declined]) await svc.submit(manager, id, 'verbal');
  for (const id of [interviewed, awarded, declined]) {
    await svc.declare(manager, id, { conflicted: false, note: null });
    await svc.score(manager, id, { aspiration_fit: 4, course_quality: 3, need: 5, readiness: null });
  }
  // Each is a mentee of the demo programme, so guaranteed an interview: the decline comes after hers.
  for (const id of [interviewed, declined])
    await svc.recordInterview(manager, id, {
      heldOn: today,
      interviewers: 'Panel chair and an adviser (demo)',
      notes: 'Clear plan; childcare is what stands in her way (demo)',
    });
  const page = await svc.application(manager, awarded);
  const cut = page.lines.find((l) => l.category === 'equipment');
  await svc.decide(manager, awarded, {
    kind: 'part',
    reason: null,
    conditions: null,
    awarded: Object.fromEntries(page.lines.map((l) => [l.id, l.id === cut?.id ? 10_000 : l.amountPence])),
  });
  await svc.decide(manager, declined, {
    kind: 'decline',
    reason: 'The course is not accredited; we would fund an accredited one (demo)',
    conditions: null,
    awarded: {},
  });
  // Payments, and the part award near its start-by date (money-demo.ts).
  await seedDemoMoney(db, svc, manager, awarded);
  return {
    fundId,
    manager,
    keyWorker: kw,
    applications: { draft, submitted, interviewed, awarded, declined },
  };
}
