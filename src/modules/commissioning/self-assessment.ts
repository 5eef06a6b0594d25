import { and, asc, desc, eq, inArray, isNotNull } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, type CommissioningDeps } from './deps.ts';
import { type AreaCode, areaResults, areas, missingPoints, type Rating } from './model.ts';
import { selfAssessmentActions, selfAssessmentRatings, selfAssessments } from './schema.ts';

/**
 * A provider's yearly self-assessment: its managers rate each point of the model with evidence and
 * keep an action plan; commissioners compare the partnership's latest completed ones. Every function
 * authorises first; every change and every partnership view is audited.
 */

export interface PointInput {
  point: string;
  rating: Rating;
  evidence: string;
}

export interface ActionInput {
  point: string | null;
  action: string;
  owner: string;
  dueOn: string;
}

/** Her organisation's self-assessments, newest year first, each with its area results. */
export async function history(deps: CommissioningDeps, actor: Actor) {
  authorise(actor, 'self-assessment:manage');
  const rows = await deps.db
    .select()
    .from(selfAssessments)
    .where(eq(selfAssessments.organisationId, actor.organisationId))
    .orderBy(desc(selfAssessments.year));
  const rated = rows.length
    ? await deps.db
        .select({
          id: selfAssessmentRatings.assessmentId,
          point: selfAssessmentRatings.point,
          rating: selfAssessmentRatings.rating,
        })
        .from(selfAssessmentRatings)
        .where(
          inArray(
            selfAssessmentRatings.assessmentId,
            rows.map((r) => r.id),
          ),
        )
    : [];
  return rows.map((r) => ({ ...r, results: areaResults(rated.filter((x) => x.id === r.id)) }));
}

async function findYear(deps: CommissioningDeps, actor: Actor, year: number) {
  const [row] = await deps.db
    .select()
    .from(selfAssessments)
    .where(and(eq(selfAssessments.organisationId, actor.organisationId), eq(selfAssessments.year, year)));
  if (!row) throw new NotFoundError();
  requireOwn(actor, row);
  return row;
}

/** Starts a year's self-assessment (or finds it), its ratings carried over from the year before as a start. */
export async function startYear(deps: CommissioningDeps, actor: Actor, year: number) {
  authorise(actor, 'self-assessment:manage');
  return deps.db.transaction(async (tx) => {
    const [made] = await tx
      .insert(selfAssessments)
      .values({ organisationId: actor.organisationId, year })
      .onConflictDoNothing()
      .returning();
    if (!made) return;
    const [before] = await tx
      .select({ id: selfAssessments.id })
      .from(selfAssessments)
      .where(
        and(eq(selfAssessments.organisationId, actor.organisationId), isNotNull(selfAssessments.completedAt)),
      )
      .orderBy(desc(selfAssessments.year))
      .limit(1);
    if (before) {
      const carried = await tx
        .select()
        .from(selfAssessmentRatings)
        .where(eq(selfAssessmentRatings.assessmentId, before.id));
      if (carried.length)
        await tx.insert(selfAssessmentRatings).values(
          carried.map((c) => ({
            ...c,
            assessmentId: made.id,
            updatedByUserId: actor.userId,
            updatedAt: new Date(),
          })),
        );
    }
    await audit(deps, tx, actor, 'self-assessment.started', 'self-assessment', made.id, { year });
  });
}

/** One year: its ratings by point, the points still to do, its results and its action plan. */
export async function yearPage(deps: CommissioningDeps, actor: Actor, year: number) {
  authorise(actor, 'self-assessment:manage');
  const assessment = await findYear(deps, actor, year);
  const rated = await deps.db
    .select()
    .from(selfAssessmentRatings)
    .where(eq(selfAssessmentRatings.assessmentId, assessment.id));
  const actions = await deps.db
    .select()
    .from(selfAssessmentActions)
    .where(eq(selfAssessmentActions.assessmentId, assessment.id))
    .orderBy(asc(selfAssessmentActions.dueOn), asc(selfAssessmentActions.createdAt));
  return {
    assessment,
    ratings: Object.fromEntries(rated.map((r) => [r.point, { rating: r.rating, evidence: r.evidence }])),
    missing: missingPoints(rated),
    results: areaResults(rated),
    actions,
  };
}

/** Saves one area's ratings and evidence; a change after completion reopens the year. */
export async function saveArea(
  deps: CommissioningDeps,
  actor: Actor,
  year: number,
  area: AreaCode,
  input: PointInput[],
) {
  authorise(actor, 'self-assessment:manage');
  const assessment = await findYear(deps, actor, year);
  const allowed = new Set(areas.find((a) => a.code === area)?.points.map((p) => `${area}.${p}`));
  await deps.db.transaction(async (tx) => {
    for (const p of input.filter((i) => allowed.has(i.point))) {
      const values = {
        rating: p.rating,
        evidence: p.evidence,
        updatedByUserId: actor.userId,
        updatedAt: new Date(),
      };
      await tx
        .insert(selfAssessmentRatings)
        .values({ assessmentId: assessment.id, point: p.point, ...values })
        .onConflictDoUpdate({
          target: [selfAssessmentRatings.assessmentId, selfAssessmentRatings.point],
          set: values,
        });
    }
    await tx
      .update(selfAssessments)
      .set({ completedAt: null, completedByUserId: null, updatedAt: new Date() })
      .where(eq(selfAssessments.id, assessment.id));
    await audit(deps, tx, actor, 'self-assessment.saved', 'self-assessment', assessment.id, { year, area });
  });
}

/** Marks the year complete: refused while a point lacks a rating or evidence. */
export async function complete(deps: CommissioningDeps, actor: Actor, year: number) {
  authorise(actor, 'self-assessment:manage');
  const page = await yearPage(deps, actor, year);
  if (page.missing.length) throw new ValidationError({ complete: 'commissioning.errors.incomplete' });
  await deps.db.transaction(async (tx) => {
    await tx
      .update(selfAssessments)
      .set({ completedAt: new Date(), completedByUserId: actor.userId, updatedAt: new Date() })
      .where(eq(selfAssessments.id, page.assessment.id));
    await audit(deps, tx, actor, 'self-assessment.completed', 'self-assessment', page.assessment.id, {
      year,
    });
  });
}

export async function addAction(deps: CommissioningDeps, actor: Actor, year: number, input: ActionInput) {
  authorise(actor, 'self-assessment:manage');
  const assessment = await findYear(deps, actor, year);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(selfAssessmentActions)
      .values({
        organisationId: actor.organisationId,
        assessmentId: assessment.id,
        ...input,
        createdByUserId: actor.userId,
      })
      .returning({ id: selfAssessmentActions.id });
    const id = row?.id ?? '';
    await audit(deps, tx, actor, 'self-assessment.action-added', 'self-assessment-action', id, { year });
    return id;
  });
}

/** Marks an action done (or not done again). */
export async function setActionDone(deps: CommissioningDeps, actor: Actor, actionId: string, done: boolean) {
  authorise(actor, 'self-assessment:manage');
  const [row] = await deps.db
    .select()
    .from(selfAssessmentActions)
    .where(eq(selfAssessmentActions.id, actionId));
  requireOwn(actor, row);
  await deps.db.transaction(async (tx) => {
    await tx
      .update(selfAssessmentActions)
      .set({ doneAt: done ? new Date() : null })
      .where(eq(selfAssessmentActions.id, actionId));
    await audit(deps, tx, actor, 'self-assessment.action-done', 'self-assessment-action', actionId, { done });
  });
  const [a] = await deps.db
    .select({ year: selfAssessments.year })
    .from(selfAssessments)
    .where(eq(selfAssessments.id, row.assessmentId));
  return a?.year ?? null;
}

/**
 * The partnership side by side: each organisation's latest completed self-assessment, its area
 * results, and (for the export) every rating with its evidence and the open actions.
 */
export async function partnership(deps: CommissioningDeps, actor: Actor, purpose: 'viewed' | 'exported') {
  authorise(actor, 'self-assessment:compare');
  const done = await deps.db
    .select({
      id: selfAssessments.id,
      organisationId: selfAssessments.organisationId,
      organisation: organisations.name,
      year: selfAssessments.year,
      completedAt: selfAssessments.completedAt,
    })
    .from(selfAssessments)
    .innerJoin(organisations, eq(organisations.id, selfAssessments.organisationId))
    .where(isNotNull(selfAssessments.completedAt))
    .orderBy(asc(organisations.name), desc(selfAssessments.year));
  const latest = done.filter((d, i) => done.findIndex((x) => x.organisationId === d.organisationId) === i);
  const ids = latest.map((l) => l.id);
  const rated = ids.length
    ? await deps.db
        .select()
        .from(selfAssessmentRatings)
        .where(inArray(selfAssessmentRatings.assessmentId, ids))
    : [];
  const actions = ids.length
    ? await deps.db
        .select()
        .from(selfAssessmentActions)
        .where(inArray(selfAssessmentActions.assessmentId, ids))
        .orderBy(asc(selfAssessmentActions.dueOn))
    : [];
  const action =
    purpose === 'viewed' ? 'self-assessment.partnership-viewed' : 'self-assessment.partnership-exported';
  await audit(deps, deps.db, actor, action, 'organisation', actor.organisationId, {
    organisations: latest.length,
  });
  return latest.map((l) => {
    const own = rated.filter((r) => r.assessmentId === l.id);
    return {
      ...l,
      results: areaResults(own),
      ratings: Object.fromEntries(own.map((r) => [r.point, { rating: r.rating, evidence: r.evidence }])),
      actions: actions.filter((a) => a.assessmentId === l.id),
    };
  });
}

export type Partnership = Awaited<ReturnType<typeof partnership>>;
