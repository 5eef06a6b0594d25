import { and, asc, desc, eq, inArray } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { audit, type CaseworkDeps, isUuid, ownerAccess, ownerHeader } from './deps.ts';
import { type goalStatuses, planGoals, planReviews, planSteps, type stepOwners } from './schema.ts';

export interface GoalInput {
  goal: string;
  domains: string[];
}
export interface StepInput {
  step: string;
  owner: (typeof stepOwners)[number];
  dueOn: string | null;
}

/** Today's date in the UK (YYYY-MM-DD): a step due yesterday is overdue from midnight in London. */
const londonToday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/London' }).format(new Date());

/** Her support plan: goals in her words with their steps, and the latest review. */
export async function planOf(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  action = 'plan.viewed',
) {
  return deps.db.transaction(async (tx) => {
    const header = await ownerHeader(deps, tx, actor, participantId, 'read');
    const { access } = header;
    const goals = await tx
      .select()
      .from(planGoals)
      .where(
        and(eq(planGoals.participantId, participantId), eq(planGoals.organisationId, access.organisationId)),
      )
      .orderBy(asc(planGoals.createdAt));
    const steps = goals.length
      ? await tx
          .select()
          .from(planSteps)
          .where(
            inArray(
              planSteps.goalId,
              goals.map((g) => g.id),
            ),
          )
          .orderBy(asc(planSteps.dueOn), asc(planSteps.createdAt))
      : [];
    const [review] = await tx
      .select()
      .from(planReviews)
      .where(
        and(
          eq(planReviews.participantId, participantId),
          eq(planReviews.organisationId, access.organisationId),
        ),
      )
      .orderBy(desc(planReviews.reviewedOn), desc(planReviews.createdAt))
      .limit(1);
    await audit(deps, tx, actor, action, 'participant', participantId);
    return {
      header,
      goals: goals.map((g) => ({
        ...g,
        steps: steps
          .filter((s) => s.goalId === g.id)
          .map((s) => ({ ...s, overdue: !s.doneAt && s.dueOn !== null && s.dueOn < londonToday() })),
      })),
      review: review ?? null,
      canWrite: access.canWrite,
    };
  });
}

export async function addGoal(deps: CaseworkDeps, actor: Actor, participantId: string, input: GoalInput) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const access = await ownerAccess(deps, tx, actor, participantId, 'write');
    const [row] = await tx
      .insert(planGoals)
      .values({
        participantId,
        organisationId: access.organisationId,
        goal: input.goal,
        domains: input.domains,
        createdByUserId: actor.userId,
      })
      .returning({ id: planGoals.id });
    await audit(deps, tx, actor, 'plan.goal-added', 'participant', participantId, {
      goalId: row!.id,
      domains: input.domains,
    });
    return row!.id;
  });
}

async function goalFor(deps: CaseworkDeps, tx: DbOrTx, actor: Actor, goalId: string) {
  if (!isUuid(goalId)) throw new NotFoundError();
  const [g] = await tx.select().from(planGoals).where(eq(planGoals.id, goalId));
  requireOwn(actor, g);
  const header = await ownerHeader(deps, tx, actor, g.participantId, 'write');
  return { goal: g, header };
}

export async function getGoal(deps: CaseworkDeps, actor: Actor, goalId: string) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => goalFor(deps, tx, actor, goalId));
}

export async function addStep(deps: CaseworkDeps, actor: Actor, goalId: string, input: StepInput) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { goal: g } = await goalFor(deps, tx, actor, goalId);
    const [row] = await tx
      .insert(planSteps)
      .values({ goalId, step: input.step, owner: input.owner, dueOn: input.dueOn })
      .returning({ id: planSteps.id });
    await audit(deps, tx, actor, 'plan.step-added', 'participant', g.participantId, {
      goalId,
      stepId: row!.id,
      owner: input.owner,
    });
    return g.participantId;
  });
}

export async function completeStep(deps: CaseworkDeps, actor: Actor, stepId: string) {
  authorise(actor, 'participant:write');
  if (!isUuid(stepId)) throw new NotFoundError();
  return deps.db.transaction(async (tx) => {
    const [s] = await tx.select().from(planSteps).where(eq(planSteps.id, stepId));
    if (!s) throw new NotFoundError();
    const { goal: g } = await goalFor(deps, tx, actor, s.goalId);
    await tx.update(planSteps).set({ doneAt: new Date() }).where(eq(planSteps.id, stepId));
    await audit(deps, tx, actor, 'plan.step-done', 'participant', g.participantId, { stepId });
    return g.participantId;
  });
}

export interface GoalProgress {
  status: (typeof goalStatuses)[number];
  /** The goal's steps that are done now; its other steps are not done. */
  doneStepIds: string[];
}

/**
 * Where she is with a goal (working on it, achieved, no longer relevant) and which of its steps are
 * done, as agreed with her. A step already done keeps the date it was done.
 */
export async function updateGoalProgress(
  deps: CaseworkDeps,
  actor: Actor,
  goalId: string,
  input: GoalProgress,
) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { goal: g } = await goalFor(deps, tx, actor, goalId);
    const steps = await tx.select().from(planSteps).where(eq(planSteps.goalId, g.id));
    const done = new Set(input.doneStepIds);
    const nowDone = steps.filter((s) => !s.doneAt && done.has(s.id)).map((s) => s.id);
    const reopened = steps.filter((s) => s.doneAt && !done.has(s.id)).map((s) => s.id);
    if (nowDone.length)
      await tx.update(planSteps).set({ doneAt: new Date() }).where(inArray(planSteps.id, nowDone));
    if (reopened.length)
      await tx.update(planSteps).set({ doneAt: null }).where(inArray(planSteps.id, reopened));
    if (input.status !== g.status)
      await tx
        .update(planGoals)
        .set({ status: input.status, updatedAt: new Date() })
        .where(eq(planGoals.id, g.id));
    await audit(deps, tx, actor, 'plan.goal-progress', 'participant', g.participantId, {
      goalId: g.id,
      fromStatus: g.status,
      status: input.status,
      stepsDone: nowDone,
      stepsNotDone: reopened,
    });
    return g.participantId;
  });
}

/** The goal and its steps, for the progress form. */
export async function goalWithSteps(deps: CaseworkDeps, actor: Actor, goalId: string) {
  authorise(actor, 'participant:write');
  return deps.db.transaction(async (tx) => {
    const { goal: g, header } = await goalFor(deps, tx, actor, goalId);
    const steps = await tx
      .select()
      .from(planSteps)
      .where(eq(planSteps.goalId, g.id))
      .orderBy(asc(planSteps.dueOn), asc(planSteps.createdAt));
    await audit(deps, tx, actor, 'plan.goal-viewed', 'participant', g.participantId, { goalId: g.id });
    return { ...g, steps, header };
  });
}

/** Records that the plan was reviewed with her today, and when the next review is due. */
export async function reviewPlan(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  input: { reviewedOn: string; nextReviewOn: string | null },
) {
  authorise(actor, 'participant:write');
  await deps.db.transaction(async (tx) => {
    const access = await ownerAccess(deps, tx, actor, participantId, 'write');
    await tx.insert(planReviews).values({
      participantId,
      organisationId: access.organisationId,
      reviewedOn: input.reviewedOn,
      nextReviewOn: input.nextReviewOn,
      byUserId: actor.userId,
    });
    await audit(deps, tx, actor, 'plan.reviewed', 'participant', participantId, {
      nextReviewOn: input.nextReviewOn,
    });
  });
}

/** The next review date of her plan (caseload column). */
export async function reviewsDue(db: DbOrTx, participantIds: string[]) {
  const out = new Map<string, Date | null>();
  if (!participantIds.length) return out;
  const rows = await db
    .selectDistinctOn([planReviews.participantId], {
      participantId: planReviews.participantId,
      next: planReviews.nextReviewOn,
    })
    .from(planReviews)
    .where(inArray(planReviews.participantId, participantIds))
    .orderBy(planReviews.participantId, desc(planReviews.reviewedOn), desc(planReviews.createdAt));
  for (const r of rows) out.set(r.participantId, r.next ? new Date(`${r.next}T00:00:00Z`) : null);
  return out;
}

/**
 * Her plan's goals, titles only (no steps, no review), for another module that links its work to
 * her plan (mentoring: the goals a mentoring works towards). Same owner rule as her plan; audited as
 * a view of it, naming who asked.
 */
export async function planGoalTitles(
  deps: CaseworkDeps,
  actor: Actor,
  participantId: string,
  purpose: string,
) {
  return deps.db.transaction(async (tx) => {
    const { access } = await ownerHeader(deps, tx, actor, participantId, 'read');
    const goals = await tx
      .select({ id: planGoals.id, goal: planGoals.goal, status: planGoals.status })
      .from(planGoals)
      .where(
        and(eq(planGoals.participantId, participantId), eq(planGoals.organisationId, access.organisationId)),
      )
      .orderBy(asc(planGoals.createdAt));
    await audit(deps, tx, actor, 'plan.viewed', 'participant', participantId, { goalsOnly: true, purpose });
    return goals;
  });
}
