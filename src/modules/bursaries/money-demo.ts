import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/index.ts';
import { ukDate } from './money-deps.ts';
import { bursaryCostLines, bursaryDecisions } from './schema.ts';
import type { BursariesService } from './service.ts';
import { addMonths, startBy } from './start-window.ts';

/**
 * The demo's money (called at the end of seedDemoBursaries): the part award is moved back to
 * eleven and a half months ago, so it is near its start-by date with its 3/6/9-month reminders due
 * (the job sends them at start), and paid in part: course fees paid to the provider with a receipt,
 * childcare scheduled to her, a travel payment that failed. Fictional references only.
 */
export async function seedDemoMoney(db: Db, svc: BursariesService, manager: Actor, applicationId: string) {
  const [award] = await db
    .select()
    .from(bursaryDecisions)
    .where(eq(bursaryDecisions.applicationId, applicationId));
  if (!award?.status) return;
  const awardedOn = addMonths(ukDate(), -11);
  const back = new Date(Date.parse(`${awardedOn}T12:00:00Z`) - 15 * 86_400_000).toISOString().slice(0, 10);
  await db
    .update(bursaryDecisions)
    .set({ awardedOn: back, startBy: startBy(back, 12), decidedAt: new Date(`${back}T12:00:00Z`) })
    .where(eq(bursaryDecisions.id, award.id));
  const lines = await db
    .select()
    .from(bursaryCostLines)
    .where(and(eq(bursaryCostLines.applicationId, applicationId)));
  const line = (c: string) => lines.find((l) => l.category === c && l.awardedPence);
  const fees = line('course_fees');
  const childcare = line('childcare');
  if (fees?.awardedPence) {
    const p = await svc.money.schedulePayment(manager, award.id, {
      costLineId: fees.id,
      payee: 'provider',
      amountPence: fees.awardedPence,
      reference: 'DEMO-INV-1042',
      scheduledOn: back,
    });
    await svc.money.movePayment(manager, p.id, { to: 'paid', receiptRef: 'DEMO-RCPT-88' });
  }
  if (childcare?.awardedPence) {
    const half = Math.floor(childcare.awardedPence / 2);
    const failed = await svc.money.schedulePayment(manager, award.id, {
      costLineId: childcare.id,
      payee: 'her',
      amountPence: half,
      reference: 'DEMO-CC-1',
      scheduledOn: back,
    });
    await svc.money.movePayment(manager, failed.id, { to: 'failed' });
    await svc.money.schedulePayment(manager, award.id, {
      costLineId: childcare.id,
      payee: 'her',
      amountPence: half,
      reference: 'DEMO-CC-2',
      scheduledOn: ukDate(),
    });
  }
}
