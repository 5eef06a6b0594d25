// Issue 12 point 10: a home page for each staff role instead of a copy of the navigation. A key
// worker sees her day and her caseload's loose ends; a manager the same across the organisation,
// plus who is unassigned, referrals waiting and caseload sizes; other roles their real tasks.
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { doorSharedViews } from '../../../tests/support/architecture.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { auditEvents } from '../../platform/audit/schema.ts';
import { appointmentBookings, appointmentSlots } from '../casework/appointments/schema.ts';
import { dropInSessions, planGoals, planSteps, referrals } from '../casework/schema.ts';
import { participants, staffHomeViews } from '../participants/schema.ts';

const { t, users, org, as, actor } = useScenario({
  organisations: { own: 'Harbour', other: 'Lighthouse' },
  users: {
    kw: 'key_worker',
    kw2: 'key_worker',
    manager: 'manager',
    admin: 'admin',
    commissioner: 'commissioner',
    mentor: 'mentor',
    otherManager: ['manager', 'other'],
  },
});

const day = 86_400_000;
const ago = (days: number) => new Date(Date.now() - days * day);
const isoDay = (d: Date) => d.toISOString().slice(0, 10);
/** The text of a panel, by its heading's id. */
const panel = (html: string, id: string) => {
  const m = new RegExp(
    `<section class="app-home-panel" aria-labelledby="home-${id}">([\\s\\S]*?)</section>`,
  ).exec(html);
  if (!m) return null;
  return m[1]!
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;/g, "'")
    .replace(/\s+/g, ' ')
    .replace(/ ([,:.])/g, '$1');
};

let amal: string;
let beti: string;
let cara: string;
let dina: string;
beforeAll(async () => {
  const { db } = t.database;
  amal = await registerWalkIn(t, users.kw, 'Home-Amal');
  beti = await registerWalkIn(t, users.kw, 'Home-Beti');
  cara = await registerWalkIn(t, users.kw2, 'Home-Cara');
  dina = await registerWalkIn(t, users.kw2, 'Home-Dina');
  await t.services.participants.assignKeyWorker(actor(users.manager), dina, null);
  // Amal last heard from 40 days ago; Beti was registered today (contact counts from then).
  await db
    .update(participants)
    .set({ lastContactAt: ago(40), createdAt: ago(60) })
    .where(eq(participants.id, amal));
  await db
    .update(participants)
    .set({ lastContactAt: ago(35), createdAt: ago(60) })
    .where(eq(participants.id, cara));
  await db.insert(dropInSessions).values({
    organisationId: org.own,
    place: 'Harbour Hall',
    startsAt: new Date(),
    endsAt: new Date(Date.now() + 3_600_000),
    capacity: 10,
  });
  const [slot] = await db
    .insert(appointmentSlots)
    .values({
      organisationId: org.own,
      staffUserId: users.kw.id,
      mode: 'phone',
      startsAt: new Date(),
      endsAt: new Date(Date.now() + 1_800_000),
    })
    .returning();
  await db
    .insert(appointmentBookings)
    .values({ slotId: slot!.id, participantId: beti, organisationId: org.own });
  const referral = (
    participantId: string,
    serviceName: string,
    extra: Partial<typeof referrals.$inferInsert>,
  ) => ({
    participantId,
    organisationId: org.own,
    serviceId: crypto.randomUUID(),
    serviceName,
    ...extra,
  });
  await db
    .insert(referrals)
    .values([
      referral(amal, 'Rights Advice', { status: 'accepted', sentAt: ago(4), answeredAt: ago(2) }),
      referral(amal, 'Old Answer Service', { status: 'declined', sentAt: ago(30), answeredAt: ago(20) }),
      referral(cara, 'Cara Housing', { status: 'declined', sentAt: ago(4), answeredAt: ago(1) }),
      referral(beti, 'Slow Reply Service', { status: 'sent', sentAt: ago(5) }),
    ]);
  await t.services.casework.reviewPlan(actor(users.kw), beti, {
    reviewedOn: isoDay(ago(90)),
    nextReviewOn: isoDay(ago(3)),
  });
  const [goal] = await db
    .insert(planGoals)
    .values({ participantId: amal, organisationId: org.own, goal: 'Find a course' })
    .returning();
  await db.insert(planSteps).values([
    { goalId: goal!.id, step: 'Ring the college', owner: 'her', dueOn: isoDay(ago(2)) },
    { goalId: goal!.id, step: 'Already done step', owner: 'her', dueOn: isoDay(ago(2)), doneAt: ago(1) },
  ]);
}, 60_000);

describe('a key worker’s home', () => {
  it('shows her day and her caseload’s loose ends, and nobody else’s women', async () => {
    const res = await (await as(users.kw)).get('/');
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    expect(panel(main, 'appointments-today')).toContain('Home-Beti, by phone');
    expect(panel(main, 'drop-ins-today')).toContain('Harbour Hall');
    const answered = panel(main, 'answered-referrals')!;
    expect(answered).toContain('Home-Amal: Rights Advice Accepted');
    expect(answered).toContain('last 14 days');
    expect(answered).not.toContain('Old Answer Service');
    expect(answered).not.toContain('Cara');
    expect(panel(main, 'reviews-due')).toContain('Home-Beti: review overdue since');
    const steps = panel(main, 'overdue-steps')!;
    expect(steps).toContain('Ring the college');
    expect(steps).not.toContain('Already done step');
    const quiet = panel(main, 'not-contacted')!;
    expect(quiet).toContain('Not contacted in 4 weeks');
    expect(quiet).toContain('Home-Amal');
    expect(quiet).not.toContain('Home-Beti');
    expect(main).not.toContain('Home-Cara');
    expect(main).not.toContain('Home-Dina');
    // Managers' panels are not hers.
    for (const id of ['waiting-referrals', 'unassigned', 'caseloads']) expect(panel(main, id), id).toBeNull();
    expect(main).toContain('href="/caseload"');
  });

  it('is audited once, with how many women it covered and not who', async () => {
    const rows = await t.database.db
      .select()
      .from(auditEvents)
      .where(sql`${auditEvents.action} = 'home.viewed' and ${auditEvents.actorUserId} = ${users.kw.id}`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.at(-1)!.details).toEqual({ scope: 'own', women: 2 });
  });

  it('is in Arabic', async () => {
    const res = await (await as(users.kw)).get('/?lang=ar');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl"');
    expect(mainOf(res.body)).toContain('لم يتم التواصل منذ 4 أسابيع');
    // Her name is its own unit, in its own language, inside the Arabic page.
    expect(mainOf(res.body)).toContain('<bdi><span lang="en" dir="ltr">Home-Amal</span></bdi>');
  });
});

describe('referrals answered since she last looked', () => {
  it('reach back to her last visit after a long absence, marked new, then back to 14 days', async () => {
    await t.database.db
      .update(staffHomeViews)
      .set({ seenAt: ago(25) })
      .where(eq(staffHomeViews.userId, users.kw.id));
    const a = await as(users.kw);
    const first = panel(mainOf((await a.get('/?lang=en')).body), 'answered-referrals')!;
    expect(first).toContain('since you last looked');
    expect(first).toMatch(/Old Answer Service Declined \d+ \w+ \d{4} New/);
    expect(first).toMatch(/Rights Advice Accepted \d+ \w+ \d{4} New/);
    const again = panel(mainOf((await a.get('/')).body), 'answered-referrals')!;
    expect(again).not.toContain('Old Answer Service');
    expect(again).toContain('Rights Advice');
    expect(again).not.toContain('New');
  });
});

describe('a manager’s home', () => {
  it('covers the organisation, with unassigned women, waiting referrals and caseload sizes', async () => {
    const res = await (await as(users.manager)).get('/');
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    expect(panel(main, 'answered-referrals')).toContain('Home-Cara: Cara Housing Declined');
    expect(panel(main, 'not-contacted')).toContain('Home-Cara');
    expect(panel(main, 'waiting-referrals')).toContain('Home-Beti: Slow Reply Service: waiting 5 days');
    const unassigned = panel(main, 'unassigned')!;
    expect(unassigned).toContain('1 woman has no key worker');
    expect(unassigned).toContain('Home-Dina');
    const sizes = panel(main, 'caseloads')!;
    expect(sizes).toContain('Test key_worker 2 women');
    expect(sizes).toContain('Test key_worker 1 woman');
    expect(main).toContain(`href="/caseload/hand-over?from=${users.kw.id}"`);
    expect(main).not.toContain('Lighthouse');
  });

  it('of another organisation sees none of these women', async () => {
    const main = mainOf((await (await as(users.otherManager)).get('/')).body);
    for (const name of ['Home-Amal', 'Home-Beti', 'Home-Cara', 'Home-Dina', 'Harbour Hall', 'Slow Reply'])
      expect(main).not.toContain(name);
    expect(panel(main, 'caseloads')).toContain('0 women');
  });
});

describe('the panels', () => {
  it('use only templates their module’s door shares (home includes them by name, unseen by the import check)', async () => {
    const shared = Object.values(await doorSharedViews()).flat();
    const panels = await t.services.participants.homePanels(actor(users.manager));
    expect(panels.length).toBeGreaterThan(6);
    for (const p of panels) expect(shared, p.id).toContain(p.template);
  });
});

describe('other roles’ homes', () => {
  it('give an administrator her real tasks, each saying what it is for, and no records', async () => {
    const main = mainOf((await (await as(users.admin)).get('/')).body);
    expect(main).toContain('You look after the partnership');
    for (const href of ['/admin/users', '/admin/organisations', '/admin/audit'])
      expect(main).toContain(`href="${href}"`);
    expect(main).toContain('Invite people, change their role');
    expect(main).not.toContain('app-home-panel');
  });

  it('tell a commissioner what she can see, and a mentor honestly that there is nothing yet', async () => {
    const commissioner = mainOf((await (await as(users.commissioner)).get('/')).body);
    expect(commissioner).toContain('href="/coverage"');
    expect(commissioner).toContain('href="/commissioning"');
    expect(commissioner).toContain('href="/self-assessment/partnership"');
    expect(commissioner).toContain('you never see a woman');
    const mentor = mainOf((await (await as(users.mentor)).get('/')).body);
    expect(mentor).toContain('Wayfinder has no mentoring pages yet');
    expect(mentor).toContain('href="/find-support"');
    expect(mentor).not.toContain('app-home-panel');
  });
});
