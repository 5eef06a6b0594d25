import { and, eq, like, sql } from 'drizzle-orm';
import { users } from '../../platform/auth/schema.ts';
import type { Db } from '../../platform/db/index.ts';
import type { ParticipantsService } from '../participants/index.ts';
import type { OutcomesService } from './service.ts';
import type { ReportingSources } from './sources.ts';

const languages = [['Arabic'], ['Farsi', 'Dari'], ['Tigrinya'], ['Somali'], ['Ukrainian'], ['Kurdish']];
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The demo's year of outcomes: 40 fictional alumnae of Harbour's mentoring programme (registered
 * through participants with their consent, then moved on, so they stay out of caseloads), each
 * completing over the past year; most start a job, a course or volunteering within months, some
 * move up an English level or find safe housing; six job offers, two accepted. So the reports show
 * real figures above the small-numbers threshold. Runs once, after mentoring's demo.
 */
export async function seedDemoOutcomes(
  db: Db,
  svc: OutcomesService,
  participants: ParticipantsService,
  sources: Pick<ReportingSources, 'programmes'>,
) {
  const [manager] = await db
    .select({ id: users.id, organisationId: users.organisationId })
    .from(users)
    .where(and(eq(users.role, 'manager'), like(users.email, '%@harbour.demo.wayfinder.invalid')));
  if (!manager) return 0;
  const actor = { userId: manager.id, organisationId: manager.organisationId, role: 'manager' as const };
  const programme = (
    await db.execute(
      sql`select id from ${sources.programmes()} p where organisation_id = ${manager.organisationId} limit 1`,
    )
  ).rows[0] as { id: string } | undefined;
  const today = new Date();
  for (let i = 0; i < 40; i++) {
    const id = await participants.register(actor, {
      consent: { purposes: ['support', 'anonymised_reporting'], method: 'verbal' },
      names: {
        preferredName: `Alumna ${String(i + 1).padStart(2, '0')} (demo)`,
        givenName: null,
        familyName: null,
        dateOfBirth: `${1970 + (i % 30)}-0${1 + (i % 9)}-1${i % 10}`,
      },
      contact: {
        contactMethods: ['in_person'],
        safeTimes: null,
        neverContactAtHome: false,
        phone: null,
        email: null,
      },
      languages: {
        languages: languages[i % languages.length]!,
        interpreterNeeded: false,
        interpreterLanguage: null,
        englishLevel: null,
      },
    });
    await participants.changeStatus(actor, id, { status: 'moved_on', reason: 'support_complete' });
    const completed = new Date(today.getTime() - (20 + i * 8) * 86_400_000);
    const after = (days: number) => iso(new Date(completed.getTime() + days * 86_400_000));
    const base = { participantId: id, recordedBy: manager.id };
    await svc.recordEvent({
      ...base,
      kind: 'programme_completed',
      occurredOn: iso(completed),
      source: 'mentoring',
      sourceRef: `demo-completion-${i}`,
      details: programme ? { programmeId: programme.id } : {},
    });
    const later = (days: number) => (after(days) <= iso(today) ? after(days) : null);
    const events: [string, number, Record<string, unknown>][] = [];
    if (i % 10 < 4)
      events.push(['job_started', 30 + i, { hoursPerWeek: 12 + (i % 4) * 4, contract: 'part_time' }]);
    else if (i % 10 < 7) events.push(['course_started', 45 + i, {}]);
    else if (i % 10 === 7) events.push(['volunteering_started', 20, {}]);
    if (i % 5 === 0) events.push(['english_level_up', 60, { cefrFrom: 'a2', cefrTo: 'b1' }]);
    if (i % 8 === 3) events.push(['safe_housing_secured', 10, {}]);
    for (const [kind, days, details] of events) {
      const on = later(days);
      if (on)
        await svc.recordEvent({
          ...base,
          kind,
          occurredOn: on,
          source: 'staff',
          sourceRef: `demo-${kind}-${i}`,
          details,
          evidence: 'Seen by her key worker (demo)',
        });
    }
    if (i >= 30 && i < 36) {
      const ref = { ...base, source: 'employment', sourceRef: `demo-offer-${i}` };
      await svc.recordEvent({ ...ref, kind: 'offer_made', occurredOn: after(-20) });
      if (i < 32) await svc.recordEvent({ ...ref, kind: 'offer_accepted', occurredOn: after(-15) });
      else
        await svc.recordEvent({
          ...ref,
          kind: 'offer_declined',
          occurredOn: after(-15),
          details: { reason: i < 35 ? 'school_hours' : 'travel' },
        });
    }
  }
  return 40;
}
