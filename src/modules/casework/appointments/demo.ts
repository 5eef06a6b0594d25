import type { Actor } from '../../../platform/auth/actor.ts';
import { londonInstant } from '../../../platform/time.ts';
import type { ParticipantsService } from '../../participants/index.ts';
import type { AppointmentsService } from './service.ts';

const DAY = 86_400_000;

/** The London date (YYYY-MM-DD) and weekday of an instant. */
function londonDay(at: Date): { date: string; weekday: string } {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/London',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    weekday: 'short',
  }).formatToParts(at);
  const part = (type: string) => parts.find((p) => p.type === type)!.value;
  return { date: `${part('year')}-${part('month')}-${part('day')}`, weekday: part('weekday') };
}

/** The next `count` weekdays starting at least two days after `now` (London dates). */
function nextWeekdays(now: Date, count: number): string[] {
  const out: string[] = [];
  for (let i = 2; out.length < count; i++) {
    const { date, weekday } = londonDay(new Date(now.getTime() + i * DAY));
    if (weekday !== 'Sat' && weekday !== 'Sun') out.push(date);
  }
  return out;
}

/**
 * 1-2-1 slots for the demo partnership, through the service (so they are authorised and audited):
 * for each demo key worker, over the next two weekdays, in-person slots at a neutrally named place
 * and a phone slot; the first two women on her caseload booked into the first two. No message is
 * sent for these (their booking pages say so): a demo start should not text anyone.
 */
export async function seedDemoAppointments(
  appointments: AppointmentsService,
  participants: ParticipantsService,
  keyWorkers: Actor[],
  now = new Date(),
): Promise<number> {
  const [first, second] = nextWeekdays(now, 2) as [string, string];
  const plan: { date: string; time: string; mode: 'in_person' | 'phone'; place: string | null }[] = [
    { date: first, time: '10:00', mode: 'in_person', place: 'Community Centre, Room 2' },
    { date: first, time: '14:00', mode: 'phone', place: null },
    { date: first, time: '15:00', mode: 'in_person', place: 'Community Centre, Room 2' },
    { date: second, time: '11:00', mode: 'in_person', place: 'Library meeting room' },
    { date: second, time: '13:30', mode: 'phone', place: null },
  ];
  let booked = 0;
  for (const actor of keyWorkers) {
    const slotIds: string[] = [];
    for (const s of plan) {
      const startsAt = londonInstant(s.date, s.time)!;
      slotIds.push(
        await appointments.createSlot(actor, {
          mode: s.mode,
          place: s.place,
          startsAt,
          endsAt: new Date(startsAt.getTime() + 60 * 60_000),
          staffUserId: actor.userId,
        }),
      );
    }
    const women = (await participants.caseload(actor)).rows.slice(0, 2);
    for (const [i, w] of women.entries()) {
      await appointments.book(actor, w.id, slotIds[i]!, { notify: false });
      booked++;
    }
  }
  return booked;
}
