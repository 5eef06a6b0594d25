import { and, asc, desc, eq, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { NotFoundError } from '../../platform/http/errors.ts';
import { audit, isUuid, type MentoringDeps } from './deps.ts';
import { defaultWeights, type Weights } from './matching-adapter.ts';
import {
  type CohortStatus,
  mentoringCohorts,
  mentoringMentees,
  mentoringMentors,
  mentoringProgrammes,
  type ProgrammeKind,
  type SurveyKind,
} from './schema.ts';

export interface ProgrammeInput {
  name: string;
  kind: ProgrammeKind;
  lengthMonths: number;
  meetingExpectations: string | null;
  surveys: SurveyKind[];
}
export interface CohortInput {
  name: string;
  startsOn: string;
  endsOn: string;
  capacity: number;
}

export type Cohort = typeof mentoringCohorts.$inferSelect;

/** The programmes, cohorts and mentor applications of the manager's organisation. */
export async function overview(deps: MentoringDeps, actor: Actor) {
  authorise(actor, 'mentoring:manage');
  const org = actor.organisationId;
  const programmes = await deps.db
    .select()
    .from(mentoringProgrammes)
    .where(eq(mentoringProgrammes.organisationId, org))
    .orderBy(asc(mentoringProgrammes.name));
  const cohorts = await deps.db
    .select({
      cohort: mentoringCohorts,
      mentees: sql<number>`(select count(*)::int from ${mentoringMentees} where ${mentoringMentees.cohortId} = ${mentoringCohorts.id})`,
    })
    .from(mentoringCohorts)
    .where(eq(mentoringCohorts.organisationId, org))
    .orderBy(desc(mentoringCohorts.startsOn));
  const mentors = await deps.db
    .select({
      id: mentoringMentors.id,
      name: mentoringMentors.name,
      status: mentoringMentors.status,
      employer: mentoringMentors.employer,
      createdAt: mentoringMentors.createdAt,
    })
    .from(mentoringMentors)
    .where(eq(mentoringMentors.organisationId, org))
    .orderBy(desc(mentoringMentors.createdAt));
  return {
    programmes: programmes.map((p) => ({
      ...p,
      cohorts: cohorts.filter((c) => c.cohort.programmeId === p.id),
    })),
    mentors,
  };
}

export async function createProgramme(deps: MentoringDeps, actor: Actor, input: ProgrammeInput) {
  authorise(actor, 'mentoring:manage');
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mentoringProgrammes)
      .values({ ...input, organisationId: actor.organisationId })
      .returning({ id: mentoringProgrammes.id });
    await audit(deps, tx, actor, 'mentorship.programme-created', 'mentoring_programme', row!.id, {
      kind: input.kind,
    });
    return row!.id;
  });
}

export async function loadProgramme(deps: MentoringDeps, actor: Actor, id: string, db: DbOrTx = deps.db) {
  authorise(actor, 'mentoring:manage');
  if (!isUuid(id)) throw new NotFoundError();
  const [p] = await db.select().from(mentoringProgrammes).where(eq(mentoringProgrammes.id, id));
  requireOwn(actor, p);
  return p;
}

export async function createCohort(
  deps: MentoringDeps,
  actor: Actor,
  programmeId: string,
  input: CohortInput,
) {
  const programme = await loadProgramme(deps, actor, programmeId);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(mentoringCohorts)
      .values({ ...input, programmeId: programme.id, organisationId: actor.organisationId })
      .returning({ id: mentoringCohorts.id });
    await audit(deps, tx, actor, 'mentorship.cohort-created', 'mentoring_cohort', row!.id, {
      programmeId: programme.id,
    });
    return row!.id;
  });
}

/** A cohort of the actor's organisation, with its programme (another organisation's: 404). */
export async function loadCohort(deps: MentoringDeps, actor: Actor, id: string, db: DbOrTx = deps.db) {
  authorise(actor, 'mentoring:manage');
  if (!isUuid(id)) throw new NotFoundError();
  const [row] = await db
    .select({ cohort: mentoringCohorts, programme: mentoringProgrammes })
    .from(mentoringCohorts)
    .innerJoin(mentoringProgrammes, eq(mentoringProgrammes.id, mentoringCohorts.programmeId))
    .where(eq(mentoringCohorts.id, id));
  requireOwn(actor, row?.cohort);
  const weights: Weights = { ...defaultWeights, ...(row!.cohort.weights ?? {}) };
  return { ...row!, weights };
}

export async function setCohortStatus(deps: MentoringDeps, actor: Actor, id: string, status: CohortStatus) {
  const { cohort } = await loadCohort(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    await tx.update(mentoringCohorts).set({ status }).where(eq(mentoringCohorts.id, cohort.id));
    await audit(deps, tx, actor, 'mentorship.cohort-status', 'mentoring_cohort', cohort.id, {
      from: cohort.status,
      to: status,
    });
  });
}

export async function setWeights(deps: MentoringDeps, actor: Actor, id: string, weights: Weights) {
  const { cohort } = await loadCohort(deps, actor, id);
  await deps.db.transaction(async (tx) => {
    await tx.update(mentoringCohorts).set({ weights }).where(eq(mentoringCohorts.id, cohort.id));
    await audit(deps, tx, actor, 'mentorship.weights-changed', 'mentoring_cohort', cohort.id, { weights });
  });
}

/** Programmes with a cohort recruiting now, for the public "become a mentor" form (names only). */
export async function recruitingProgrammes(deps: MentoringDeps) {
  return deps.db
    .selectDistinct({ id: mentoringProgrammes.id, name: mentoringProgrammes.name })
    .from(mentoringProgrammes)
    .innerJoin(
      mentoringCohorts,
      and(
        eq(mentoringCohorts.programmeId, mentoringProgrammes.id),
        eq(mentoringCohorts.status, 'recruiting'),
      ),
    )
    .orderBy(mentoringProgrammes.name);
}
