import { and, asc, eq, like } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/index.ts';
import { areas, ratings } from './model.ts';
import type { CommissioningService } from './service.ts';

/** Fictional evidence, one line per rating step, so each demo self-assessment reads as real. */
const evidence: Record<(typeof ratings)[number], string> = {
  not_yet: 'Not in place yet; it is on this year’s action plan.',
  partly: 'In place at our main centre only; the outreach sessions do not have it yet.',
  mostly: 'In place across our services; the last team review found a few gaps to close.',
  fully: 'In place everywhere; checked at each quarterly practice review and in feedback from women.',
};

/**
 * Last year's completed self-assessment for each demo organisation (by its first manager), with a
 * different spread of ratings each and an action or two, so the side-by-side shows a real comparison.
 * Runs inside the demo seed after the organisations and users exist.
 */
export async function seedDemoSelfAssessments(db: Db, commissioning: CommissioningService, now = new Date()) {
  const managers = await db
    .select({ userId: users.id, organisationId: users.organisationId })
    .from(users)
    .where(and(eq(users.role, 'manager'), like(users.email, '%.demo.wayfinder.invalid')))
    .orderBy(asc(users.createdAt));
  const year = now.getUTCFullYear() - 1;
  for (const [i, m] of managers.slice(0, 3).entries()) {
    const actor = { ...m, role: 'manager' as const };
    await commissioning.startYear(actor, year);
    for (const [a, area] of areas.entries()) {
      await commissioning.saveArea(
        actor,
        year,
        area.code,
        area.points.map((p, j) => {
          const rating =
            ratings[Math.min(3, (i + a + j * (i + 1)) % 4 === 0 ? 1 : 1 + ((i + a + j) % 3))] ?? 'partly';
          return { point: `${area.code}.${p}`, rating, evidence: evidence[rating] };
        }),
      );
    }
    await commissioning.addAction(actor, year, {
      point: 'environment.women-only',
      action: 'Set aside a women-only room at the outreach sessions.',
      owner: 'Service manager',
      dueOn: `${year + 1}-03-31`,
    });
    await commissioning.addAction(actor, year, {
      point: 'practice.staff-support',
      action: 'Book monthly clinical supervision for every key worker.',
      owner: 'Head of services',
      dueOn: `${year + 1}-06-30`,
    });
    await commissioning.complete(actor, year);
  }
}
