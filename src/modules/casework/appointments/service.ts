import { eq } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import { authorise } from '../../../platform/auth/authorise.ts';
import { appointmentsHomeSection } from '../home.ts';
import {
  appointmentsOf,
  type Booking,
  book,
  bookingFor,
  cancel,
  exportOf,
  getBooking,
  nextAppointments,
  rebook,
  recordOutcome,
} from './bookings.ts';
import { recordResult, retryMessage } from './messages.ts';
import { sendReminders } from './reminders.ts';
import { appointmentBookings, type CancelReason } from './schema.ts';
import { type AppointmentsDeps, createSlot, type SlotInput, upcomingSlots, withdrawSlot } from './slots.ts';

export type { AppointmentsDeps, Booking, SlotInput };

/**
 * 1-2-1 appointments: slots outside drop-in times (slots.ts), her bookings (owner organisation
 * only, like the rest of her casework; bookings.ts), and confirmations, reminders and cancellations
 * sent through her message outbox on the channels she has agreed to and listed as safe
 * (messages.ts, reminders.ts). This wires them to the participants module's extension points.
 */
export function createAppointmentsService(deps: AppointmentsDeps) {
  deps.participants.addRecordLink({
    key: 'appointments.nav.record',
    href: (id) => `/participants/${id}/appointments`,
  });
  deps.participants.addCaseloadColumn({
    id: 'next-appointment',
    headingKey: 'appointments.caseload.next',
    load: nextAppointments,
  });
  deps.participants.addExportSection({ name: 'appointments', load: exportOf });
  deps.participants.addHomeSection(appointmentsHomeSection);
  deps.participants.onErase(async (tx, participantId) => {
    await tx.delete(appointmentBookings).where(eq(appointmentBookings.participantId, participantId));
  });
  deps.participants.onMessageResult({
    kindPrefix: 'appointment.',
    handle: (tx, result) => recordResult(deps, tx, result),
  });

  return {
    createSlot: (actor: Actor, input: SlotInput) => createSlot(deps, actor, input),
    withdrawSlot: (actor: Actor, slotId: string) => withdrawSlot(deps, actor, slotId),
    upcomingSlots: (actor: Actor) => upcomingSlots(deps, actor),
    appointmentsOf: (actor: Actor, participantId: string) => appointmentsOf(deps, actor, participantId),
    book: (actor: Actor, participantId: string, slotId: string, opts = { notify: true }) =>
      book(deps, actor, participantId, slotId, opts),
    cancel: (actor: Actor, bookingId: string, reason: CancelReason) => cancel(deps, actor, bookingId, reason),
    rebook: (actor: Actor, bookingId: string, slotId: string) => rebook(deps, actor, bookingId, slotId),
    recordOutcome: (actor: Actor, bookingId: string, outcome: 'attended' | 'did_not_attend') =>
      recordOutcome(deps, actor, bookingId, outcome),
    retryMessage: (actor: Actor, bookingId: string, messageId: string) =>
      retryMessage(deps, (tx) => bookingFor(tx, actor, bookingId, true), actor, messageId),
    getBooking: (actor: Actor, bookingId: string) => getBooking(deps, actor, bookingId),
    sendReminders: (now?: Date) => sendReminders(deps, now),
    header: (actor: Actor, participantId: string, need: 'read' | 'write' = 'read') =>
      deps.participants.header(actor, participantId, need),
    staff: (actor: Actor) => {
      authorise(actor, 'participant:write');
      return deps.participants.assignableUsers(actor);
    },
  };
}

export type AppointmentsService = ReturnType<typeof createAppointmentsService>;
