import { eq } from 'drizzle-orm';
import { generateSecret } from 'otplib';
import type { Services } from '../app.ts';
import { seedDemoBursaries } from '../modules/bursaries/index.ts';
import { seedDemoAppointments } from '../modules/casework/index.ts';
import { seedDemoSelfAssessments } from '../modules/commissioning/index.ts';
import { seedDemoEmployment } from '../modules/employment/index.ts';
import { mentoringReportingSql, seedDemoMentoring } from '../modules/mentoring/index.ts';
import { seedDemoOutcomes } from '../modules/outcomes/index.ts';
import { seedDemoParticipants } from '../modules/participants/index.ts';
import { hashPassword } from '../platform/auth/accounts.ts';
import { organisations, type Role, roles, users } from '../platform/auth/schema.ts';
import type { Db } from '../platform/db/index.ts';

/** Everyone in the demo partnership shares this password; it is printed at start, never used for real. */
export const DEMO_PASSWORD = 'wayfinder-demo-2026';

export const demoOrganisations = [
  { name: 'Harbour Women’s Centre (demo)', kind: 'charity', slug: 'harbour' },
  { name: 'Riverside Borough Council (demo)', kind: 'council', slug: 'riverside' },
  { name: 'Northgate Refugee Action (demo)', kind: 'charity', slug: 'northgate' },
] as const;

const people: Record<Role, string> = {
  admin: 'Ada Admin',
  manager: 'Maya Manager',
  key_worker: 'Kemi Keyworker',
  mentor: 'Mona Mentor',
  employer: 'Esi Employer',
  commissioner: 'Cleo Commissioner',
  leader: 'Lena Leader',
};

/** The other organisations' manager and key worker: people of their own, not copies of Harbour's. */
const otherPeople: Record<string, Partial<Record<Role, string>>> = {
  riverside: { manager: 'Rosa Riverside', key_worker: 'Rukia Riverside' },
  northgate: { manager: 'Nadia Northgate', key_worker: 'Noor Northgate' },
};

export interface DemoAccount {
  email: string;
  role: Role;
  organisation: string;
  totpSecret: string;
}

/**
 * The fictional partnership: three organisations; in the first, one user for each role; in the
 * others a manager and a key worker, so that organisation boundaries can be tried out.
 * Runs only on an empty database.
 */
export async function seedDemo(
  db: Db,
  services: Pick<
    Services,
    | 'cipher'
    | 'audit'
    | 'participants'
    | 'appointments'
    | 'mentoring'
    | 'employment'
    | 'commissioning'
    | 'bursaries'
    | 'outcomes'
  >,
): Promise<boolean> {
  const existing = await db.select({ id: organisations.id }).from(organisations).limit(1);
  if (existing.length) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await db.transaction(async (tx) => {
    for (const [i, org] of demoOrganisations.entries()) {
      const [row] = await tx
        .insert(organisations)
        .values({ name: org.name, kind: org.kind })
        .returning({ id: organisations.id });
      const orgRoles: readonly Role[] = i === 0 ? roles : ['manager', 'key_worker'];
      for (const role of orgRoles) {
        await tx.insert(users).values({
          organisationId: row!.id,
          email: `${role.replace('_', '-')}@${org.slug}.demo.wayfinder.invalid`,
          name: (i === 0 ? undefined : otherPeople[org.slug]?.[role]) ?? people[role],
          role,
          passwordHash,
          totpSecret: services.cipher.encrypt(generateSecret()),
          totpEnabledAt: new Date(),
        });
      }
    }
    await services.audit.record({ action: 'demo-seeded' }, tx);
  });
  await seedDemoParticipants(db, services.participants);
  const keyWorkers = await db
    .select({ userId: users.id, organisationId: users.organisationId, email: users.email })
    .from(users)
    .where(eq(users.role, 'key_worker'))
    .orderBy(users.createdAt);
  await seedDemoAppointments(
    services.appointments,
    services.participants,
    keyWorkers
      .filter((u) => u.email.endsWith('.demo.wayfinder.invalid'))
      .map((u) => ({ userId: u.userId, organisationId: u.organisationId, role: 'key_worker' as const })),
  );
  await seedDemoMentoring(db, services.mentoring, services.participants);
  // Three pledged employers with their own accounts, opportunities, work profiles, put-forwards.
  await seedDemoEmployment(db, services, { passwordHash });
  // Each organisation's completed practice self-assessment for last year (commissioning).
  await seedDemoSelfAssessments(db, services.commissioning);
  // A fictional fund with an application at every stage (bursaries).
  await seedDemoBursaries(db, services.bursaries, services.participants, services.mentoring);
  // A year of fictional outcomes, so the outcomes reports show real figures.
  await seedDemoOutcomes(db, services.outcomes, services.participants, mentoringReportingSql);
  return true;
}

export async function demoAccounts(db: Db, services: Pick<Services, 'cipher'>): Promise<DemoAccount[]> {
  const rows = await db
    .select({
      email: users.email,
      role: users.role,
      organisation: organisations.name,
      totpSecret: users.totpSecret,
    })
    .from(users)
    .innerJoin(organisations, eq(organisations.id, users.organisationId))
    .orderBy(organisations.createdAt, users.createdAt);
  return rows
    .filter((r) => r.email.endsWith('.demo.wayfinder.invalid') && r.totpSecret)
    .map((r) => ({ ...r, totpSecret: services.cipher.decrypt(r.totpSecret as string) }));
}
