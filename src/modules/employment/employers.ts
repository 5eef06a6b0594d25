import { and, asc, desc, eq, inArray, ne } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { NotFoundError, ValidationError } from '../../platform/http/errors.ts';
import { audit, type EmploymentDeps, today } from './deps.ts';
import { employers, type PledgeLevel, pledgeCommitments, pledges } from './schema.ts';

/** The commitments a pledge may list, as the partnership wrote them (active ones, in order). */
export const defaultCommitments = [
  ['guaranteed_interview', 'A guaranteed interview for women put forward who meet the essentials'],
  ['school_hours', 'School-hours and term-time roles'],
  ['overseas_qualifications', 'Accepting overseas qualifications with a UK ENIC statement'],
  ['fair_rtw_checks', 'Fair right-to-work checks'],
  ['workplace_english', 'Workplace English support'],
  ['placements_mentoring', 'Placements and mentoring'],
] as const;

export async function commitments(deps: EmploymentDeps) {
  return deps.db
    .select()
    .from(pledgeCommitments)
    .where(eq(pledgeCommitments.active, true))
    .orderBy(asc(pledgeCommitments.position));
}

/** Writes the shipped commitments once (the partnership edits them afterwards). */
export async function ensureCommitments(deps: EmploymentDeps) {
  await deps.db
    .insert(pledgeCommitments)
    .values(defaultCommitments.map(([code, label], position) => ({ code, label, position })))
    .onConflictDoNothing();
}

export interface ProfileInput {
  sector: string;
  size: (typeof employers.$inferInsert)['size'];
  sites: string[];
  contactName: string;
  contactEmail: string;
  contactPhone: string | null;
}

/** The employer's own profile and its latest pledge. */
export async function ownProfile(deps: EmploymentDeps, actor: Actor) {
  authorise(actor, 'employment:employer');
  const [profile] = await deps.db
    .select()
    .from(employers)
    .where(eq(employers.organisationId, actor.organisationId));
  const [pledge] = await deps.db
    .select()
    .from(pledges)
    .where(eq(pledges.organisationId, actor.organisationId))
    .orderBy(desc(pledges.createdAt))
    .limit(1);
  return { profile: profile ?? null, pledge: pledge ?? null };
}

export async function saveProfile(deps: EmploymentDeps, actor: Actor, input: ProfileInput) {
  authorise(actor, 'employment:employer');
  const unknown = [];
  for (const site of input.sites) {
    const found = await deps.directory.findPlace(site);
    if (found.kind !== 'found' || found.place.kind !== 'postcode') unknown.push(site);
  }
  if (unknown.length) throw new ValidationError({ sites: 'employment.errors.sites' });
  const values = { ...input, updatedByUserId: actor.userId, updatedAt: new Date() };
  await deps.db.transaction(async (tx) => {
    await tx
      .insert(employers)
      .values({ organisationId: actor.organisationId, ...values })
      .onConflictDoUpdate({ target: employers.organisationId, set: values });
    await audit(deps, tx, actor, 'employer.profile-saved', 'organisation', actor.organisationId);
  });
}

export interface PledgeInput {
  level: PledgeLevel;
  commitments: string[];
  signedByName: string;
  publicOptIn: boolean;
}

const addYears = (d: string, years: number, months = 0) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCFullYear(x.getUTCFullYear() + years);
  x.setUTCMonth(x.getUTCMonth() + months);
  return x.toISOString().slice(0, 10);
};

/** Signs the pledge today: valid three years, a reminder three months before; waits for review. */
export async function signPledge(deps: EmploymentDeps, actor: Actor, input: PledgeInput, now = new Date()) {
  authorise(actor, 'employment:employer');
  const known = new Set((await commitments(deps)).map((c) => c.code));
  const chosen = [...new Set(input.commitments)].filter((c) => known.has(c));
  if (!chosen.length) throw new ValidationError({ commitments: 'employment.errors.commitments' });
  const signedOn = today(now);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(pledges)
      .values({
        organisationId: actor.organisationId,
        level: input.level,
        commitments: chosen,
        signedOn,
        signedByUserId: actor.userId,
        signedByName: input.signedByName,
        validUntil: addYears(signedOn, 3),
        remindOn: addYears(signedOn, 2, 9),
        publicOptIn: input.publicOptIn,
      })
      .returning();
    await audit(deps, tx, actor, 'employer.pledge-signed', 'organisation', actor.organisationId, {
      pledgeId: row!.id,
      level: input.level,
    });
    return row!;
  });
}

/** The partnership's review of a signed pledge (approved, or returned with a note). */
export async function reviewPledge(
  deps: EmploymentDeps,
  actor: Actor,
  pledgeId: string,
  input: { review: 'approved' | 'returned'; note: string | null } | null,
) {
  authorise(actor, 'employment:pledge-review');
  if (!input) throw new ValidationError({ review: 'employment.errors.review' });
  await deps.db.transaction(async (tx) => {
    const [p] = await tx.select().from(pledges).where(eq(pledges.id, pledgeId)).for('update');
    if (!p) throw new NotFoundError();
    await tx
      .update(pledges)
      .set({
        review: input.review,
        reviewNote: input.note,
        reviewedByUserId: actor.userId,
        reviewedAt: new Date(),
      })
      .where(eq(pledges.id, p.id));
    await audit(deps, tx, actor, `employer.pledge-${input.review}`, 'organisation', p.organisationId, {
      pledgeId: p.id,
    });
  });
}

/** Every employer organisation, its profile and latest pledge, for partnership staff. */
export async function employerList(deps: EmploymentDeps, actor: Actor) {
  authorise(actor, 'employment:staff');
  const orgs = await deps.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, 'employer'), eq(organisations.active, true)))
    .orderBy(asc(organisations.name));
  const ids = orgs.map((o) => o.id);
  const profiles = ids.length
    ? await deps.db.select().from(employers).where(inArray(employers.organisationId, ids))
    : [];
  const latest = await latestPledges(deps, ids);
  return orgs.map((o) => ({
    ...o,
    profile: profiles.find((p) => p.organisationId === o.id) ?? null,
    pledge: latest.get(o.id) ?? null,
  }));
}

async function latestPledges(deps: EmploymentDeps, ids: string[]) {
  if (!ids.length) return new Map<string, typeof pledges.$inferSelect>();
  const rows = await deps.db
    .selectDistinctOn([pledges.organisationId])
    .from(pledges)
    .where(inArray(pledges.organisationId, ids))
    .orderBy(pledges.organisationId, desc(pledges.createdAt));
  return new Map(rows.map((r) => [r.organisationId, r]));
}

/**
 * The public list: employers whose latest pledge the partnership approved, still valid, and whose
 * employer chose to be listed. No personal data: organisation, sector, level, commitments.
 */
export async function pledgedEmployers(deps: EmploymentDeps, now = new Date()) {
  const orgs = await deps.db
    .select({ id: organisations.id, name: organisations.name, sector: employers.sector })
    .from(organisations)
    .innerJoin(employers, eq(employers.organisationId, organisations.id))
    .where(and(eq(organisations.kind, 'employer'), eq(organisations.active, true)))
    .orderBy(asc(organisations.name));
  const latest = await latestPledges(
    deps,
    orgs.map((o) => o.id),
  );
  const labels = new Map((await commitments(deps)).map((c) => [c.code, c.label]));
  return orgs.flatMap((o) => {
    const p = latest.get(o.id);
    if (p?.review !== 'approved' || !p.publicOptIn || p.validUntil < today(now)) return [];
    return [
      {
        ...o,
        level: p.level,
        signedOn: p.signedOn,
        commitments: p.commitments.map((c) => labels.get(c) ?? c),
      },
    ];
  });
}

/** Employer organisations (id and name), for staff posting an opportunity on one's behalf. */
export async function employerOrganisations(deps: EmploymentDeps) {
  return deps.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.kind, 'employer'), eq(organisations.active, true)))
    .orderBy(asc(organisations.name));
}

/** The partnership's other organisations (not employers), to name when sharing an opportunity. */
export async function partnerOrganisations(deps: EmploymentDeps) {
  return deps.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(ne(organisations.kind, 'employer'), eq(organisations.active, true)))
    .orderBy(asc(organisations.name));
}

/** Every commitment, the retired ones too, for the partnership's list editor. */
export async function allCommitments(deps: EmploymentDeps, actor: Actor) {
  authorise(actor, 'employment:pledge-review');
  return deps.db.select().from(pledgeCommitments).orderBy(asc(pledgeCommitments.position));
}

/** The partnership adds a commitment employers may choose; its code is made from its words. */
export async function addCommitment(deps: EmploymentDeps, actor: Actor, label: string | null) {
  authorise(actor, 'employment:pledge-review');
  if (!label) throw new ValidationError({ label: 'employment.errors.commitmentLabel' });
  const base =
    label
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '')
      .slice(0, 40) || 'commitment';
  const code = `${base}_${Date.now().toString(36)}`;
  await deps.db.transaction(async (tx) => {
    const [last] = await tx
      .select({ position: pledgeCommitments.position })
      .from(pledgeCommitments)
      .orderBy(desc(pledgeCommitments.position))
      .limit(1);
    await tx.insert(pledgeCommitments).values({ code, label, position: (last?.position ?? 0) + 1 });
    await audit(deps, tx, actor, 'employer.commitment-added', 'organisation', actor.organisationId, { code });
  });
}

/** Retires a commitment (or brings it back): pledges already signed keep it. */
export async function toggleCommitment(deps: EmploymentDeps, actor: Actor, id: string) {
  authorise(actor, 'employment:pledge-review');
  await deps.db.transaction(async (tx) => {
    const [c] = await tx.select().from(pledgeCommitments).where(eq(pledgeCommitments.id, id)).for('update');
    if (!c) throw new NotFoundError();
    await tx.update(pledgeCommitments).set({ active: !c.active }).where(eq(pledgeCommitments.id, id));
    await audit(
      deps,
      tx,
      actor,
      c.active ? 'employer.commitment-retired' : 'employer.commitment-restored',
      'organisation',
      actor.organisationId,
      { code: c.code },
    );
  });
}
