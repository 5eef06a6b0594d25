import { arrayContains, desc, eq, or, type SQL } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, districtPoint, type EmploymentDeps } from './deps.ts';
import { employerOrganisations, partnerOrganisations } from './employers.ts';
import { fitsSchoolHours, opportunityDerived } from './match.ts';
import { opportunities } from './schema.ts';

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

export function canSee(
  actor: Actor,
  o: Pick<Row, 'organisationId' | 'shareScope' | 'sharedWith' | 'postedByOrganisationId'>,
): boolean {
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

export async function getOpportunity(deps: EmploymentDeps, actor: Actor, id: string) {
  authorise(actor, 'opportunity:view');
  const [row] = await deps.db.select().from(opportunities).where(eq(opportunities.id, id));
  if (!row) throw new NotFoundError();
  if (!canSee(actor, row)) throw new NotFoundError(undefined, { reason: 'organisation' });
  return row;
}
