import { and, asc, count, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { getOpportunity } from './opportunities.ts';
import { reportOfferOutcome } from './outcomes.ts';
import { decryptProfile, ownerHeader, profileRow, type RightToWork } from './profiles.ts';
import {
  declineReasons,
  opportunities,
  putForwardEvents,
  putForwards,
  type ShareableField,
  type Stage,
  stages,
} from './schema.ts';

type Row = typeof putForwards.$inferSelect;
type Opportunity = typeof opportunities.$inferSelect;
const openStages: Stage[] = ['put_forward', 'interview', 'offer'];

/**
 * Who moves a put-forward where (the status-machine style of casework/referrals.ts). The employer
 * records interviews and offers, or that she was not offered; her organisation records her answer
 * to an offer (accepted, or declined with a reason) and may withdraw her at any open stage.
 */
const employerMoves: Record<string, Stage[]> = {
  put_forward: ['interview', 'offer', 'not_offered'],
  interview: ['offer', 'not_offered'],
};
const staffMoves: Record<string, Stage[]> = {
  put_forward: ['withdrawn'],
  interview: ['withdrawn'],
  offer: ['accepted', 'declined', 'withdrawn'],
};

export function allowedMoves(r: Row, actor: Actor): Stage[] {
  if (actor.role === 'employer')
    return r.employerOrganisationId === actor.organisationId ? (employerMoves[r.stage] ?? []) : [];
  return r.organisationId === actor.organisationId ? (staffMoves[r.stage] ?? []) : [];
}

/** Whether her assessed right to work allows this opportunity (the gate before she is put forward). */
export function rightToWorkAllows(rtw: RightToWork | null, o: Opportunity, on: string): boolean {
  if (!rtw || !o.rightToWorkAllowed.includes(rtw.basis)) return false;
  if (rtw.basis === 'asylum_permission_isl' && !o.onImmigrationSalaryList) return false;
  if (rtw.basis === 'time_limited' && rtw.expires && rtw.expires < on) return false;
  return rtw.basis !== 'none' && rtw.basis !== 'unknown';
}

async function addEvent(tx: DbOrTx, id: string, stage: Stage, actor: Actor | null, reason: string | null) {
  await tx.insert(putForwardEvents).values({
    putForwardId: id,
    stage,
    reason,
    byUserId: actor?.userId ?? null,
    byOrganisationId: actor?.organisationId ?? null,
  });
}

export interface PutForwardInput {
  fields: ShareableField[];
  consentMethod: 'verbal' | 'written' | 'online';
  /** The key worker confirms she agreed to share exactly these fields with this employer. */
  consented: boolean;
}

/** The put-forward page: her header, the opportunity, her assessed right to work and whether it allows it. */
export async function putForwardPage(
  deps: EmploymentDeps,
  actor: Actor,
  participantId: string,
  opportunityId: string,
) {
  authorise(actor, 'participant:write');
  const header = await ownerHeader(deps, deps.db, actor, participantId, 'write');
  const opportunity = await getOpportunity(deps, actor, opportunityId);
  const row = (await deps.participants.hasConsent(participantId, 'matching'))
    ? await profileRow(deps.db, participantId)
    : null;
  const rtw = row ? decryptProfile(deps, row, header.access.specialCategory).rightToWork : null;
  return { header, opportunity, rtw, allows: rightToWorkAllows(rtw, opportunity, today()) };
}

/**
 * Puts her forward: her consent to share the chosen fields with this employer, and a right to work
 * assessed by staff that allows the job. The shared values are copied (encrypted) now: the employer
 * sees that copy only, never her record.
 */
export async function putForward(
  deps: EmploymentDeps,
  actor: Actor,
  participantId: string,
  opportunityId: string,
  input: PutForwardInput,
) {
  authorise(actor, 'participant:write');
  if (!input.consented) throw new ValidationError({ consented: 'employment.errors.consented' });
  if (!input.fields.length) throw new ValidationError({ fields: 'employment.errors.fields' });
  const opportunity = await getOpportunity(deps, actor, opportunityId);
  if (opportunity.status !== 'open') throw new ValidationError({ fields: 'employment.errors.closed' });
  const record = await deps.participants.view(actor, participantId);
  if (record.access.level !== 'owner') throw new NotFoundError();
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'write');
    await deps.participants.requireConsent(participantId, 'matching', undefined, tx);
    const row = await profileRow(tx, participantId);
    const profile = row ? decryptProfile(deps, row, header.access.specialCategory) : null;
    if (!profile?.rightToWork || !rightToWorkAllows(profile.rightToWork, opportunity, today()))
      throw new ValidationError({ fields: 'employment.errors.rtwNotAllowed' });
    const [dupe] = await tx
      .select({ id: putForwards.id })
      .from(putForwards)
      .where(
        and(
          eq(putForwards.participantId, participantId),
          eq(putForwards.opportunityId, opportunityId),
          inArray(putForwards.stage, openStages),
        ),
      );
    if (dupe) throw new ValidationError({ fields: 'employment.errors.already' });
    // A recruitment day's sign-ups are the women put forward to it, up to its capacity (the row lock
    // on the opportunity makes two sign-ups for the last place wait for each other).
    if (opportunity.kind === 'recruitment_day' && opportunity.capacity) {
      await tx
        .select({ id: opportunities.id })
        .from(opportunities)
        .where(eq(opportunities.id, opportunityId))
        .for('update');
      const [{ n }] = (await tx
        .select({ n: count() })
        .from(putForwards)
        .where(and(eq(putForwards.opportunityId, opportunityId), ne(putForwards.stage, 'withdrawn')))) as [
        { n: number },
      ];
      if (n >= opportunity.capacity) throw new ValidationError({ fields: 'employment.errors.full' });
    }
    const fields = [...new Set(input.fields)];
    const shared: Record<string, unknown> = {};
    for (const f of fields) {
      if (f === 'name') shared.name = header.preferredName;
      if (f === 'skills') shared.skills = profile.skills;
      if (f === 'english')
        shared.english = { spoken: profile.spokenEnglish, written: profile.writtenEnglish };
      if (f === 'availability')
        shared.availability = { windows: profile.availability, schoolHoursOnly: profile.schoolHoursOnly };
      if (f === 'qualifications')
        shared.qualifications = (record.qualifications ?? []).map((q) => ({
          title: q.title,
          subject: q.subject,
          enicLevel: q.enicLevel,
        }));
      if (f === 'work_history')
        shared.workHistory = (record.workHistory ?? []).map((w) => ({
          role: w.role,
          fromYear: w.fromYear,
          toYear: w.toYear,
        }));
      // Only that the basis allows the job, never a share code or a document.
      if (f === 'right_to_work') shared.rightToWork = profile.rightToWork.basis;
    }
    const [pf] = await tx
      .insert(putForwards)
      .values({
        participantId,
        organisationId: header.organisationId,
        opportunityId,
        employerOrganisationId: opportunity.organisationId,
        sharedFields: fields,
        sharedEnc: deps.cipher.encrypt(JSON.stringify(shared)),
        consentMethod: input.consentMethod,
        rtwAssessedByUserId: profile.rightToWork.assessedByUserId,
        rtwAssessedOn: profile.rightToWork.assessedOn,
        putForwardByUserId: actor.userId,
      })
      .returning();
    await addEvent(tx, pf!.id, 'put_forward', actor, null);
    await audit(deps, tx, actor, 'put-forward.created', 'participant', participantId, {
      putForwardId: pf!.id,
      opportunityId,
      employerOrganisationId: opportunity.organisationId,
      fields,
    });
    return pf!;
  });
}

/** A put-forward as her organisation (everything) or the employer (only the shared fields) sees it. */
export async function getPutForward(deps: EmploymentDeps, actor: Actor, id: string) {
  if (actor.role === 'employer') authorise(actor, 'employment:employer');
  else authorise(actor, 'participant:read');
  const [r] = await deps.db.select().from(putForwards).where(eq(putForwards.id, id));
  if (!r) throw new NotFoundError();
  const side =
    actor.role === 'employer'
      ? r.employerOrganisationId === actor.organisationId
        ? 'employer'
        : null
      : r.organisationId === actor.organisationId
        ? 'staff'
        : null;
  if (!side) throw new NotFoundError(undefined, { reason: 'organisation' });
  const header = side === 'staff' ? await ownerHeader(deps, deps.db, actor, r.participantId, 'read') : null;
  const [opportunity] = await deps.db
    .select()
    .from(opportunities)
    .where(eq(opportunities.id, r.opportunityId));
  const events = await deps.db
    .select()
    .from(putForwardEvents)
    .where(eq(putForwardEvents.putForwardId, r.id))
    .orderBy(asc(putForwardEvents.at));
  const shared = r.sharedEnc ? (JSON.parse(deps.cipher.decrypt(r.sharedEnc)) as Record<string, unknown>) : {};
  await audit(deps, deps.db, actor, 'put-forward.viewed', 'participant', r.participantId, {
    putForwardId: r.id,
    side,
  });
  const { sharedEnc: _, participantId, ...rest } = r;
  return {
    side,
    // The employer never learns her record's id.
    putForward: side === 'staff' ? { ...rest, participantId } : rest,
    header,
    opportunity: opportunity!,
    shared,
    events,
    moves: allowedMoves(r, actor),
  };
}

export interface MoveInput {
  to: Stage;
  reason: string | null;
  interviewAt: Date | null;
  interviewOutcome: string | null;
  offerOn: string | null;
  offerTerms: string | null;
  startDate: string | null;
}

/** Moves a put-forward on, timed in its history; the last active stage is kept when it closes. */
export async function movePutForward(deps: EmploymentDeps, actor: Actor, id: string, input: MoveInput) {
  if (!stages.includes(input.to)) throw new ValidationError({ to: 'employment.errors.stage' });
  if (input.to === 'declined' && !declineReasons.includes(input.reason as (typeof declineReasons)[number]))
    throw new ValidationError({ reason: 'employment.errors.declineReason' });
  if (input.to === 'interview' && !input.interviewAt)
    throw new ValidationError({ interviewAt: 'employment.errors.date' });
  if (input.to === 'offer' && !input.offerOn)
    throw new ValidationError({ offerOn: 'employment.errors.date' });
  if (input.to === 'accepted' && !input.startDate)
    throw new ValidationError({ startDate: 'employment.errors.date' });
  if (actor.role === 'employer') authorise(actor, 'employment:employer');
  else authorise(actor, 'participant:write');
  const queued = await deps.db.transaction(async (tx) => {
    const [r] = await tx.select().from(putForwards).where(eq(putForwards.id, id)).for('update');
    if (!r) throw new NotFoundError();
    const mine = actor.role === 'employer' ? r.employerOrganisationId : r.organisationId;
    if (mine !== actor.organisationId) throw new NotFoundError(undefined, { reason: 'organisation' });
    if (actor.role !== 'employer') await ownerHeader(deps, tx, actor, r.participantId, 'write');
    if (!allowedMoves(r, actor).includes(input.to))
      throw new ForbiddenError('This put-forward cannot move there');
    const closing = !openStages.includes(input.to);
    await tx
      .update(putForwards)
      .set({
        stage: input.to,
        lastActiveStage: closing ? r.stage : input.to,
        closed: closing,
        won: input.to === 'accepted',
        updatedAt: new Date(),
        ...(input.to === 'interview'
          ? { interviewAt: input.interviewAt, interviewOutcome: input.interviewOutcome }
          : {}),
        ...(input.to === 'offer' ? { offerOn: input.offerOn, offerTerms: input.offerTerms } : {}),
        ...(input.to === 'accepted' ? { startDate: input.startDate } : {}),
        ...(input.to === 'declined' || input.to === 'not_offered' || input.to === 'withdrawn'
          ? { reason: input.reason }
          : {}),
      })
      .where(eq(putForwards.id, r.id));
    await addEvent(tx, r.id, input.to, actor, input.reason);
    if (['offer', 'accepted', 'declined'].includes(input.to)) {
      const [o] = await tx.select().from(opportunities).where(eq(opportunities.id, r.opportunityId));
      if (o) await reportOfferOutcome(deps, tx, actor, r, input.to, input, o);
    }
    await audit(deps, tx, actor, `put-forward.${input.to}`, 'participant', r.participantId, {
      putForwardId: r.id,
      from: r.stage,
    });
    if (input.to !== 'interview' || !input.interviewAt) return [];
    // She hears of her interview through the shared "message her safely" capability only.
    const [o] = await tx
      .select({ title: opportunities.title })
      .from(opportunities)
      .where(eq(opportunities.id, r.opportunityId));
    const at = input.interviewAt;
    return deps.participants.messageHer(
      tx,
      // The employer is not of her organisation: the message is the partnership's, as a job's is.
      null,
      r.participantId,
      {
        kind: 'put-forward.interview',
        template: 'employment.message.interview',
        subject: 'employment.message.interviewSubject',
        values: (lang) => ({
          title: o?.title ?? '',
          date: at.toLocaleString(lang === 'ar' ? 'ar' : 'en-GB', {
            dateStyle: 'long',
            timeStyle: 'short',
            timeZone: 'Europe/London',
          }),
        }),
      },
      { idempotencyKey: `put-forward:${r.id}:interview` },
    );
  });
  const ids = queued.filter((q) => q.status === 'pending').map((q) => q.outboxId);
  if (ids.length) await deps.participants.deliverMessages({ ids }).catch(() => {});
}

/** Women put forward to one opportunity: the employer's (own opportunity) or her organisation's. */
export async function putForwardsFor(deps: EmploymentDeps, actor: Actor, opportunityId: string) {
  const scope =
    actor.role === 'employer'
      ? eq(putForwards.employerOrganisationId, actor.organisationId)
      : eq(putForwards.organisationId, actor.organisationId);
  const rows = await deps.db
    .select()
    .from(putForwards)
    .where(and(eq(putForwards.opportunityId, opportunityId), scope))
    .orderBy(desc(putForwards.createdAt));
  return rows.map((r) => {
    const shared = JSON.parse(deps.cipher.decrypt(r.sharedEnc)) as { name?: string };
    return { id: r.id, stage: r.stage, createdAt: r.createdAt, name: shared.name ?? null };
  });
}

/** Her put-forwards, for her work page (her organisation only). */
export async function putForwardsOf(deps: EmploymentDeps, participantId: string, organisationId: string) {
  return deps.db
    .select({
      id: putForwards.id,
      stage: putForwards.stage,
      createdAt: putForwards.createdAt,
      title: opportunities.title,
    })
    .from(putForwards)
    .innerJoin(opportunities, eq(opportunities.id, putForwards.opportunityId))
    .where(and(eq(putForwards.participantId, participantId), eq(putForwards.organisationId, organisationId)))
    .orderBy(desc(putForwards.createdAt));
}
