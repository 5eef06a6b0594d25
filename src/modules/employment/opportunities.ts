import { and, arrayContains, desc, eq, gte, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, districtPoint, type EmploymentDeps } from './deps.ts';
import { employerOrganisations, partnerOrganisations } from './employers.ts';
import { jsonRows } from './json-rows.ts';
import { candidatesQueryFor, fitsSchoolHours, opportunityDerived, type ProfileForMatch } from './match.ts';
import { cubeText } from './matching-prefilter.ts';
import { opportunities } from './schema.ts';
import { opportunityBound } from './score-bounds.ts';

type Row = typeof opportunities.$inferSelect;
export type OpportunityInput = Omit<
  typeof opportunities.$inferInsert,
  | 'id'
  | 'organisationId'
  | 'postedByUserId'
  | 'postedByOrganisationId'
  | 'latitude'
  | 'longitude'
  | 'fitsSchoolHours'
  | 'hoursDays'
  | 'matchBox'
  | 'status'
  | 'createdAt'
  | 'updatedAt'
> & { employerId: string | null };

/**
 * Who sees an opportunity: its employer (its own only); partnership staff when it is shared with
 * the whole partnership, with their organisation by name, or their organisation posted it.
 */
export function visibleTo(actor: Actor): SQL {
  if (actor.role === 'employer') return eq(opportunities.organisationId, actor.organisationId);
  return or(
    eq(opportunities.shareScope, 'partnership'),
    arrayContains(opportunities.sharedWith, [actor.organisationId]),
    eq(opportunities.postedByOrganisationId, actor.organisationId),
  ) as SQL;
}

export function canSee(actor: Actor, o: Row): boolean {
  if (actor.role === 'employer') return o.organisationId === actor.organisationId;
  return (
    o.shareScope === 'partnership' ||
    o.sharedWith.includes(actor.organisationId) ||
    o.postedByOrganisationId === actor.organisationId
  );
}

/** Posts an opportunity: an employer for itself, staff on behalf of a named employer. */
export async function createOpportunity(deps: EmploymentDeps, actor: Actor, input: OpportunityInput) {
  authorise(actor, 'opportunity:post');
  let employerId = actor.organisationId;
  if (actor.role !== 'employer') {
    const known = await employerOrganisations(deps);
    if (!input.employerId || !known.some((e) => e.id === input.employerId))
      throw new ValidationError({ employerId: 'employment.errors.employer' });
    employerId = input.employerId;
  }
  const remote = input.remote ?? 'on_site';
  const point = remote === 'remote' ? null : await districtPoint(deps, input.postcodeDistrict ?? null);
  if (remote !== 'remote' && !point)
    throw new ValidationError({ postcodeDistrict: 'employment.errors.district' });
  const partners = new Set((await partnerOrganisations(deps)).map((o) => o.id));
  const sharedWith = input.shareScope === 'named' ? [...new Set(input.sharedWith ?? [])] : [];
  if (sharedWith.some((id) => !partners.has(id)))
    throw new ValidationError({ sharedWith: 'employment.errors.sharedWith' });
  const { employerId: _, ...given } = input;
  const fields = { ...given, sharedWith };
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(opportunities)
      .values({
        ...fields,
        organisationId: employerId,
        postedByUserId: actor.userId,
        postedByOrganisationId: actor.organisationId,
        latitude: point?.latitude ?? null,
        longitude: point?.longitude ?? null,
        // Derived from the hours, never typed (docs: issue 13, point 2).
        fitsSchoolHours: fitsSchoolHours(input.hours ?? []),
      })
      .returning();
    // The prefilter's box, from the row as stored (defaults filled in).
    await tx.update(opportunities).set(opportunityDerived(row!)).where(eq(opportunities.id, row!.id));
    await audit(deps, tx, actor, 'opportunity.posted', 'opportunity', row!.id, { employerId });
    return row!;
  });
}

export async function listOpportunities(deps: EmploymentDeps, actor: Actor, limit = 200) {
  authorise(actor, 'opportunity:view');
  return deps.db
    .select()
    .from(opportunities)
    .where(visibleTo(actor))
    .orderBy(desc(opportunities.createdAt))
    .limit(limit);
}

/** The columns matching reads, and the title and kind a list of matches shows: nothing more. */
export const matchColumns = {
  id: opportunities.id,
  title: opportunities.title,
  kind: opportunities.kind,
  sector: opportunities.sector,
  skills: opportunities.skills,
  hours: opportunities.hours,
  termTimeOnly: opportunities.termTimeOnly,
  remote: opportunities.remote,
  latitude: opportunities.latitude,
  longitude: opportunities.longitude,
  hourlyPayPence: opportunities.hourlyPayPence,
  closingDate: opportunities.closingDate,
  startDate: opportunities.startDate,
  minSpokenEnglish: opportunities.minSpokenEnglish,
  minWrittenEnglish: opportunities.minWrittenEnglish,
  minQualificationLevel: opportunities.minQualificationLevel,
  rightToWorkAllowed: opportunities.rightToWorkAllowed,
  onImmigrationSalaryList: opportunities.onImmigrationSalaryList,
  dbsLevel: opportunities.dbsLevel,
};
export type MatchRow = { [K in keyof typeof matchColumns]: Row[K] };

/** Open opportunities this actor may see, not past their closing date. */
const openAndVisible = (actor: Actor, on: string) =>
  and(
    visibleTo(actor),
    eq(opportunities.status, 'open'),
    or(isNull(opportunities.closingDate), gte(opportunities.closingDate, on)),
  );

const paid = sql`${opportunities.kind} not in ('volunteering', 'course')`;
/** No basis asked for: an unpaid kind with no list (matching-gates.ts, rightToWorkProblem). */
const noneRequired = sql`(cardinality(${opportunities.rightToWorkAllowed}) = 0 and not ${paid})`;
const permitting = ['refugee_status', 'settled', 'time_limited', 'asylum_permission_isl'];

/**
 * Her right-to-work gate in SQL, exactly as rightToWorkProblem decides it (the gate is never a near
 * miss, so what fails here could never be listed as a fit or a near miss).
 */
function rightToWorkPasses(p: ProfileForMatch, on: string): SQL {
  const b = p.rightToWork;
  if (b === 'unknown') return noneRequired;
  const listed = sql`${opportunities.rightToWorkAllowed} @> array[${b}]::text[]`;
  const accepted = permitting.includes(b)
    ? sql`(${listed} or (cardinality(${opportunities.rightToWorkAllowed}) = 0 and ${paid}))`
    : listed;
  let ok = accepted;
  if (b === 'asylum_permission_isl')
    ok = sql`(${accepted} and (not ${paid} or ${opportunities.onImmigrationSalaryList}))`;
  if (b === 'time_limited') {
    const ends = p.rightToWorkExpires;
    if (!ends || ends < on) return noneRequired;
    ok = sql`(${accepted} and (${opportunities.startDate} is null or ${opportunities.startDate} <= ${ends}))`;
  }
  return sql`(${noneRequired} or ${ok})`;
}

/**
 * Matching's candidates for her: open, visible, not closed, her right to work accepted, and inside
 * the prefilter's box (matching-prefilter.ts: her reach, English, qualification, term time, hours,
 * closing date; an indexed overlap) on days she works. What is left out fails a hard gate beyond its
 * near-miss margin, so no fit and no near miss is lost (prefilter.test.ts), and a fraction of the
 * rows is read, narrowly. Returns a reader for bestFirst (score-bounds.ts): the `limit` with the
 * best bound of her score, or every candidate whose bound reaches `atLeast`.
 */
export function candidateOpportunities(deps: EmploymentDeps, actor: Actor, p: ProfileForMatch, on: string) {
  const q = candidatesQueryFor(p, on);
  const o = opportunities;
  const bound = opportunityBound(p);
  const where = and(
    openAndVisible(actor, on),
    rightToWorkPasses(p, on),
    sql`${o.matchBox} && ${cubeText(q.box)}::cube`,
    sql`${o.hoursDays} & ${~q.days & 127} = 0`,
  );
  return ({ limit, atLeast, atMost }: { limit?: number; atLeast?: number; atMost?: number }) =>
    jsonRows<MatchRow & { bound: number }>(
      deps.db,
      { ...matchColumns, bound: sql`bound` },
      opportunities,
      where,
      { expr: bound, limit, atLeast, atMost },
    );
}

/** The newest open opportunities this actor may see (her page names why a few of them do not fit). */
export async function newestOpportunities(deps: EmploymentDeps, actor: Actor, on: string, limit: number) {
  return deps.db
    .select(matchColumns)
    .from(opportunities)
    .where(openAndVisible(actor, on))
    .orderBy(desc(opportunities.createdAt), desc(opportunities.id))
    .limit(limit);
}

export async function getOpportunity(deps: EmploymentDeps, actor: Actor, id: string) {
  authorise(actor, 'opportunity:view');
  const [row] = await deps.db.select().from(opportunities).where(eq(opportunities.id, id));
  if (!row) throw new NotFoundError();
  if (!canSee(actor, row)) throw new NotFoundError(undefined, { reason: 'organisation' });
  return row;
}
