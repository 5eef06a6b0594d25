import { and, asc, desc, eq, inArray, isNull, ne } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { isHerKeyWorker, isHerMentor, isMaker, loadApplication, loadFund } from './access.ts';
import { audit, type BursariesDeps, ukToday } from './deps.ts';
import { eligibility, isOpen, lineProblem, totalPence } from './model.ts';
import { bursaryApplications, bursaryCostLines, bursaryFunds, type CostCategory } from './schema.ts';
import { seal } from './secrets.ts';

export interface ApplicationInput {
  course: string;
  provider: string;
  plannedStartOn: string | null;
  aspiration: string | null;
  planGoalIds: string[];
  menteeId: string | null;
  lang: string;
}

export interface LineInput {
  category: CostCategory;
  description: string | null;
  amountPence: number;
  evidence: string | null;
}

/**
 * Who she is to the actor and what may be linked: a mentor knows her only by what she shares with
 * them (chosen name, goals in her words); her key worker or a manager by her record's header, her
 * plan's open goals and her mentoring enrolments. Anyone else: not found.
 */
export async function herForApplication(
  deps: BursariesDeps,
  tx: DbOrTx,
  actor: Actor,
  participantId: string,
) {
  authorise(actor, 'bursaries:view');
  if (actor.role === 'mentor') {
    const mine = (await deps.mentoring.menteesOfMentor(actor, tx)).find(
      (m) => m.participantId === participantId,
    );
    if (!mine) throw new NotFoundError(undefined, { reason: 'record' });
    return {
      name: mine.chosenName,
      asMentor: true,
      planGoals: [] as { id: string; goal: string; status: string }[],
      enrolments: [
        {
          menteeId: mine.menteeId,
          programmeId: mine.programmeId,
          cohort: null as string | null,
          goals: mine.goals,
        },
      ],
    };
  }
  const header = await deps.participants.header(actor, participantId, 'read', tx);
  const owner = header.access.level === 'owner';
  const allowed =
    owner && (actor.role === 'manager' || (await isHerKeyWorker(deps, tx, actor, participantId)));
  if (!allowed) throw new NotFoundError(undefined, { reason: 'record' });
  const enrolments = await deps.mentoring.enrolmentsOf(header.organisationId, participantId, tx);
  return {
    name: header.preferredName as string | null,
    asMentor: false,
    planGoals: [] as { id: string; goal: string; status: string }[],
    enrolments: enrolments.map((e) => ({
      menteeId: e.menteeId,
      programmeId: e.programmeId,
      cohort: e.cohort as string | null,
      goals: null as string | null,
    })),
  };
}

async function checkLinks(
  deps: BursariesDeps,
  actor: Actor,
  participantId: string,
  input: ApplicationInput,
  enrolments: { menteeId: string }[],
) {
  const i18n = await deps.i18n();
  if (!i18n.isSupported(input.lang)) throw new ValidationError({ lang: 'bursaries.errors.lang' });
  if (input.menteeId && !enrolments.some((e) => e.menteeId === input.menteeId))
    throw new ValidationError({ menteeId: 'bursaries.errors.mentoringGoal' });
  if (input.planGoalIds.length) {
    if (actor.role === 'mentor') throw new ValidationError({ planGoalIds: 'bursaries.errors.planGoal' });
    const open = new Set(
      (await deps.casework.planGoalTitles(actor, participantId, 'bursary'))
        .filter((g) => g.status === 'open')
        .map((g) => g.id),
    );
    if (!input.planGoalIds.every((id) => open.has(id)))
      throw new ValidationError({ planGoalIds: 'bursaries.errors.planGoal' });
  }
}

/** The start form: the fund, who she is to the actor, her plan's open goals (staff only). */
export async function startForm(deps: BursariesDeps, actor: Actor, fundId: string, participantId: string) {
  const fund = await loadFund(deps.db, actor, fundId);
  const her = await deps.db.transaction((tx) => herForApplication(deps, tx, actor, participantId));
  if (!her.asMentor)
    her.planGoals = (await deps.casework.planGoalTitles(actor, participantId, 'bursary')).filter(
      (g) => g.status === 'open',
    );
  return { fund: { ...fund, open: isOpen(fund, ukToday()) }, her };
}

/**
 * Starts her application as a draft, made with her mentor or key worker (or a manager). The fund
 * must be open and take her: a woman outside its programmes only when it is open to others.
 */
export async function startApplication(
  deps: BursariesDeps,
  actor: Actor,
  fundId: string,
  participantId: string,
  input: ApplicationInput,
) {
  authorise(actor, 'bursaries:view');
  const { her } = await startForm(deps, actor, fundId, participantId);
  await checkLinks(deps, actor, participantId, input, her.enrolments);
  return deps.db.transaction(async (tx) => {
    const fund = await loadFund(tx, actor, fundId);
    if (!isOpen(fund, ukToday())) throw new ValidationError({ form: 'bursaries.errors.fundClosed' });
    const standing = await deps.mentoring.standingIn(
      fund.organisationId,
      participantId,
      fund.eligibleProgrammeIds,
      tx,
    );
    if (!eligibility(fund, standing).eligible)
      throw new ValidationError({ form: 'bursaries.errors.notEligible' });
    const { aspiration, ...rest } = input;
    const [row] = await tx
      .insert(bursaryApplications)
      .values({
        ...rest,
        aspirationEnc: seal(deps.cipher, aspiration),
        organisationId: fund.organisationId,
        fundId,
        participantId,
        madeWithUserId: actor.userId,
      })
      .returning({ id: bursaryApplications.id });
    await audit(deps, tx, actor, 'bursary.application-started', 'participant', participantId, {
      applicationId: row!.id,
      fundId,
    });
    return row!.id;
  });
}

/** A draft's own fields, changed by one who makes it with her. */
export async function updateApplication(
  deps: BursariesDeps,
  actor: Actor,
  id: string,
  input: ApplicationInput,
) {
  const her = await deps.db.transaction(async (tx) => {
    const { app, relations } = await loadApplication(deps, tx, actor, id);
    if (!isMaker(relations) || !app.participantId) throw new NotFoundError(undefined, { reason: 'record' });
    return {
      participantId: app.participantId,
      ...(await herForApplication(deps, tx, actor, app.participantId)),
    };
  });
  await checkLinks(deps, actor, her.participantId, input, her.enrolments);
  await deps.db.transaction(async (tx) => {
    const { app } = await draftFor(deps, tx, actor, id);
    const { aspiration, ...rest } = input;
    await tx
      .update(bursaryApplications)
      .set({ ...rest, aspirationEnc: seal(deps.cipher, aspiration), updatedAt: new Date() })
      .where(eq(bursaryApplications.id, app.id));
    await audit(deps, tx, actor, 'bursary.application-changed', 'participant', her.participantId, {
      applicationId: id,
    });
  });
}

/** The draft, locked, for one who makes it with her; a submitted application is changed no more. */
async function draftFor(deps: BursariesDeps, tx: DbOrTx, actor: Actor, id: string) {
  const loaded = await loadApplication(deps, tx, actor, id, true);
  if (!isMaker(loaded.relations)) throw new NotFoundError(undefined, { reason: 'record' });
  if (loaded.app.status !== 'draft') throw new ValidationError({ form: 'bursaries.errors.notDraft' });
  return loaded;
}

export async function linesOf(tx: DbOrTx, applicationId: string) {
  return tx
    .select()
    .from(bursaryCostLines)
    .where(eq(bursaryCostLines.applicationId, applicationId))
    .orderBy(asc(bursaryCostLines.position), asc(bursaryCostLines.createdAt));
}

/**
 * Adds a cost line. The category must be one the fund pays for, and the total may never pass the
 * fund's maximum: refused here, whatever the form allowed, with the error beside the amount.
 */
export async function addLine(deps: BursariesDeps, actor: Actor, id: string, line: LineInput) {
  await deps.db.transaction(async (tx) => {
    const { app, fund } = await draftFor(deps, tx, actor, id);
    const lines = await linesOf(tx, id);
    const problem = lineProblem(fund, lines, line);
    // The page words the cap's error with the amounts (routes.ts capError).
    if (problem) throw new ValidationError({ [problem.field]: problem.key });
    await tx.insert(bursaryCostLines).values({
      ...line,
      organisationId: app.organisationId,
      applicationId: id,
      position: lines.length,
    });
    await audit(deps, tx, actor, 'bursary.line-added', 'participant', app.participantId ?? id, {
      applicationId: id,
      category: line.category,
    });
  });
}

export async function removeLine(deps: BursariesDeps, actor: Actor, id: string, lineId: string) {
  await deps.db.transaction(async (tx) => {
    const { app } = await draftFor(deps, tx, actor, id);
    const gone = await tx
      .delete(bursaryCostLines)
      .where(and(eq(bursaryCostLines.id, lineId), eq(bursaryCostLines.applicationId, id)))
      .returning({ id: bursaryCostLines.id });
    if (!gone.length) throw new NotFoundError();
    await audit(deps, tx, actor, 'bursary.line-removed', 'participant', app.participantId ?? id, {
      applicationId: id,
    });
  });
}

/**
 * Submits it to the fund's panel. Her "bursary" consent must stand (recorded now by her key worker
 * or a manager, or already on her record); the total is checked against the cap again; whether she
 * is guaranteed an interview is fixed now, from her mentoring standing (a mentee who applied keeps
 * her guarantee even if her mentoring ends before the panel meets).
 */
export async function submit(
  deps: BursariesDeps,
  actor: Actor,
  id: string,
  consentNow: 'verbal' | 'written' | null,
) {
  const participantId = await deps.db.transaction(
    async (tx) => (await draftFor(deps, tx, actor, id)).app.participantId,
  );
  if (!participantId) throw new NotFoundError();
  if (consentNow) {
    if (actor.role === 'mentor') throw new ValidationError({ consent: 'bursaries.errors.consentMentor' });
    await deps.participants.recordConsent(actor, participantId, {
      purpose: 'bursary',
      organisationId: null,
      given: true,
      method: consentNow,
    });
  }
  await deps.db.transaction(async (tx) => {
    const { app, fund } = await draftFor(deps, tx, actor, id);
    if (!(await deps.participants.hasConsent(participantId, 'bursary', undefined, tx)))
      throw new ValidationError({
        consent: actor.role === 'mentor' ? 'bursaries.errors.consentMentor' : 'bursaries.errors.consent',
      });
    const lines = await linesOf(tx, id);
    if (!lines.length) throw new ValidationError({ category: 'bursaries.errors.noLines' });
    if (totalPence(lines) > fund.maxAwardPence)
      throw new ValidationError({ amount: 'bursaries.errors.overCapTotal' });
    if (!isOpen(fund, ukToday())) throw new ValidationError({ form: 'bursaries.errors.fundClosed' });
    const standing = await deps.mentoring.standingIn(
      fund.organisationId,
      participantId,
      fund.eligibleProgrammeIds,
      tx,
    );
    const e = eligibility(fund, standing);
    if (!e.eligible) throw new ValidationError({ form: 'bursaries.errors.notEligible' });
    await tx
      .update(bursaryApplications)
      .set({
        status: 'submitted',
        eligibility: e.basis,
        guaranteedInterview: e.guaranteedInterview,
        submittedAt: new Date(),
        updatedAt: new Date(),
      })
      .where(eq(bursaryApplications.id, app.id));
    await audit(deps, tx, actor, 'bursary.application-submitted', 'participant', participantId, {
      applicationId: id,
      eligibility: e.basis,
      guaranteedInterview: e.guaranteedInterview,
    });
  });
}

/** Withdrawn at her wish, by one who makes it with her; a decided application stays decided. */
export async function withdraw(deps: BursariesDeps, actor: Actor, id: string) {
  await deps.db.transaction(async (tx) => {
    const { app, relations } = await loadApplication(deps, tx, actor, id, true);
    if (!isMaker(relations)) throw new NotFoundError(undefined, { reason: 'record' });
    if (!['draft', 'submitted', 'interviewing'].includes(app.status))
      throw new ValidationError({ form: 'bursaries.errors.notWithdrawable' });
    await tx
      .update(bursaryApplications)
      .set({ status: 'withdrawn', withdrawnAt: new Date(), updatedAt: new Date() })
      .where(eq(bursaryApplications.id, id));
    await audit(deps, tx, actor, 'bursary.application-withdrawn', 'participant', app.participantId ?? id, {
      applicationId: id,
    });
  });
}

/**
 * The applications the actor may see on /bursaries, her mentor's and key worker's (by her
 * relation), with who she is to them; managers and panels use the fund pages. At most 200.
 */
export async function myApplications(deps: BursariesDeps, actor: Actor) {
  authorise(actor, 'bursaries:view');
  return deps.db.transaction(async (tx) => {
    const mentees = actor.role === 'mentor' ? await deps.mentoring.menteesOfMentor(actor, tx) : [];
    const base = and(
      eq(bursaryApplications.organisationId, actor.organisationId),
      isNull(bursaryApplications.anonymisedAt),
      ne(bursaryApplications.status, 'withdrawn'),
    );
    const where =
      actor.role === 'mentor'
        ? mentees.length
          ? and(
              base,
              inArray(
                bursaryApplications.participantId,
                mentees.map((m) => m.participantId),
              ),
            )
          : undefined
        : actor.role === 'key_worker'
          ? base
          : undefined;
    if (!where) return { applications: [], mentees };
    const rows = await tx
      .select({ app: bursaryApplications, fund: bursaryFunds.name })
      .from(bursaryApplications)
      .innerJoin(bursaryFunds, eq(bursaryFunds.id, bursaryApplications.fundId))
      .where(where)
      .orderBy(desc(bursaryApplications.updatedAt))
      .limit(200);
    const out = [];
    for (const r of rows) {
      const pid = r.app.participantId;
      if (!pid) continue;
      let name: string | null = null;
      if (actor.role === 'mentor') {
        if (!(await isHerMentor(deps, tx, actor, pid))) continue;
        name = mentees.find((m) => m.participantId === pid)?.chosenName ?? null;
      } else {
        if (!(await isHerKeyWorker(deps, tx, actor, pid))) continue;
        name = (await deps.participants.header(actor, pid, 'read', tx)).preferredName;
      }
      out.push({
        id: r.app.id,
        participantId: pid,
        name,
        fund: r.fund,
        course: r.app.course,
        status: r.app.status,
      });
    }
    await audit(deps, tx, actor, 'bursary.list-viewed', 'organisation', actor.organisationId, {
      count: out.length,
    });
    return { applications: out, mentees };
  });
}
