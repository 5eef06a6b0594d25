import { and, asc, count, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise } from '../../platform/auth/authorise.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { ValidationError } from '../../platform/http/errors.ts';
import { type Fund, isPanelMember, loadFund } from './access.ts';
import { audit, type BursariesDeps, ukToday } from './deps.ts';
import { isOpen, pageNumbers } from './model.ts';
import {
  type ApplicationStatus,
  bursaryApplications,
  bursaryFunds,
  bursaryPanelMembers,
  type CostCategory,
  type ScoreCriterion,
} from './schema.ts';

export interface FundInput {
  name: string;
  funderOrganisationId: string | null;
  funderName: string | null;
  budgetPence: number;
  maxAwardPence: number;
  eligibleCategories: CostCategory[];
  eligibleProgrammeIds: string[];
  menteesMayApply: boolean;
  alumnaeMayApply: boolean;
  othersMayApply: boolean;
  criteria: ScoreCriterion[];
  startWindowMonths: number;
  opensOn: string;
  closesOn: string | null;
}

/** The choices a fund form offers: the partnership's organisations and her organisation's programmes. */
export async function fundFormChoices(deps: BursariesDeps, actor: Actor) {
  authorise(actor, 'bursaries:manage');
  const orgs = await deps.db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(eq(organisations.active, true))
    .orderBy(asc(organisations.name));
  return { organisations: orgs, programmes: await deps.mentoring.programmeNames(actor.organisationId) };
}

async function checkFund(deps: BursariesDeps, actor: Actor, input: FundInput) {
  const { organisations: orgs, programmes } = await fundFormChoices(deps, actor);
  if (input.funderOrganisationId && !orgs.some((o) => o.id === input.funderOrganisationId))
    throw new ValidationError({ funderOrganisationId: 'bursaries.errors.funder' });
  const known = new Set(programmes.map((p) => p.id));
  if (!input.eligibleProgrammeIds.every((id) => known.has(id)))
    throw new ValidationError({ eligibleProgrammeIds: 'bursaries.errors.programme' });
}

export async function createFund(deps: BursariesDeps, actor: Actor, input: FundInput) {
  authorise(actor, 'bursaries:manage');
  await checkFund(deps, actor, input);
  return deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(bursaryFunds)
      .values({ ...input, organisationId: actor.organisationId, createdByUserId: actor.userId })
      .returning({ id: bursaryFunds.id });
    await audit(deps, tx, actor, 'bursary.fund-created', 'bursary_fund', row!.id, {});
    return row!.id;
  });
}

export async function updateFund(deps: BursariesDeps, actor: Actor, fundId: string, input: FundInput) {
  authorise(actor, 'bursaries:manage');
  await checkFund(deps, actor, input);
  await deps.db.transaction(async (tx) => {
    await loadFund(tx, actor, fundId, true);
    await tx
      .update(bursaryFunds)
      .set({ ...input, updatedAt: new Date() })
      .where(eq(bursaryFunds.id, fundId));
    await audit(deps, tx, actor, 'bursary.fund-changed', 'bursary_fund', fundId, {});
  });
}

/** The fund for its edit form (managers only). */
export async function fundForEdit(deps: BursariesDeps, actor: Actor, fundId: string): Promise<Fund> {
  authorise(actor, 'bursaries:manage');
  return loadFund(deps.db, actor, fundId);
}

/** Her organisation's funds with how many applications each has by status (no one named). */
export async function fundsOf(deps: BursariesDeps, actor: Actor) {
  authorise(actor, 'bursaries:view');
  const funds = await deps.db
    .select()
    .from(bursaryFunds)
    .where(eq(bursaryFunds.organisationId, actor.organisationId))
    .orderBy(desc(bursaryFunds.opensOn));
  const panel = await deps.db
    .select({ fundId: bursaryPanelMembers.fundId })
    .from(bursaryPanelMembers)
    .where(
      and(
        eq(bursaryPanelMembers.organisationId, actor.organisationId),
        eq(bursaryPanelMembers.userId, actor.userId),
      ),
    );
  const today = ukToday();
  const onPanel = new Set(panel.map((p) => p.fundId));
  return funds.map((f) => ({ ...f, open: isOpen(f, today), onPanel: onPanel.has(f.id) }));
}

/** Applications on one page of a fund's list (25: quick to render, a screen or two to read). */
export const APPLICATIONS_PER_PAGE = 25;

/**
 * A fund's page: its rules, its panel and, for managers and its panel members, its applications
 * by reference (no names: her name is on the application page, which is audited), a page at a
 * time. The status counts give the number of pages, so paging costs no extra query; a page past
 * the end shows the last. Each row's amount asked is summed in the same query (one round trip).
 */
export async function fundPage(deps: BursariesDeps, actor: Actor, fundId: string, page = 1) {
  return deps.db.transaction(async (tx) => {
    const fund = await loadFund(tx, actor, fundId);
    const member = await isPanelMember(tx, actor, fundId);
    const seesAll = actor.role === 'manager' || member;
    const members = await tx
      .select({ id: bursaryPanelMembers.id, userId: bursaryPanelMembers.userId })
      .from(bursaryPanelMembers)
      .where(eq(bursaryPanelMembers.fundId, fundId));
    const staff = await deps.participants.staffOf(actor.organisationId);
    const names = new Map(staff.map((s) => [s.id, s.name]));
    const byStatus = await tx
      .select({ status: bursaryApplications.status, n: count() })
      .from(bursaryApplications)
      .where(
        and(
          eq(bursaryApplications.organisationId, fund.organisationId),
          eq(bursaryApplications.fundId, fundId),
        ),
      )
      .groupBy(bursaryApplications.status);
    // Panel members never see drafts: her consent to share starts at submission.
    const visible: ApplicationStatus[] =
      actor.role === 'manager'
        ? ['draft', 'submitted', 'interviewing', 'decided', 'withdrawn']
        : ['submitted', 'interviewing', 'decided', 'withdrawn'];
    // Anonymised (erased) applications are counted in the statuses but not listed: close enough
    // for the number of pages, and the last page may then be a little short.
    const total = byStatus.filter((r) => visible.includes(r.status)).reduce((n, r) => n + r.n, 0);
    const pages = Math.max(1, Math.ceil(total / APPLICATIONS_PER_PAGE));
    const current = Math.min(Math.max(1, page), pages);
    // The page's ids first, from bursary_applications_fund_list_idx alone (an index-only scan
    // skips the earlier pages cheaply), then those 25 rows with their amounts.
    const pageIds = tx
      .select({ id: bursaryApplications.id })
      .from(bursaryApplications)
      .where(
        and(
          eq(bursaryApplications.organisationId, fund.organisationId),
          eq(bursaryApplications.fundId, fundId),
          inArray(bursaryApplications.status, visible),
          isNull(bursaryApplications.anonymisedAt),
        ),
      )
      .orderBy(desc(bursaryApplications.createdAt), desc(bursaryApplications.id))
      .limit(APPLICATIONS_PER_PAGE)
      .offset((current - 1) * APPLICATIONS_PER_PAGE);
    const applications = seesAll
      ? await tx
          .select({
            id: bursaryApplications.id,
            course: bursaryApplications.course,
            provider: bursaryApplications.provider,
            status: bursaryApplications.status,
            guaranteedInterview: bursaryApplications.guaranteedInterview,
            // Written out: drizzle leaves columns unqualified in a one-table select, and the
            // subquery must name the outer row's id.
            totalPence: sql<number>`(select coalesce(sum(l.amount_pence), 0)::int
              from bursary_cost_lines l where l.application_id = bursary_applications.id)`,
          })
          .from(bursaryApplications)
          .where(inArray(bursaryApplications.id, pageIds))
          .orderBy(desc(bursaryApplications.createdAt), desc(bursaryApplications.id))
      : [];
    await audit(deps, tx, actor, 'bursary.fund-viewed', 'bursary_fund', fundId, {
      applications: applications.length,
    });
    return {
      fund: { ...fund, open: isOpen(fund, ukToday()) },
      member,
      seesAll,
      members: members.map((m) => ({ ...m, name: names.get(m.userId) ?? '' })),
      staff: staff.filter((s) => !members.some((m) => m.userId === s.id)),
      counts: Object.fromEntries(byStatus.map((r) => [r.status, r.n])) as Partial<
        Record<ApplicationStatus, number>
      >,
      applications,
      paging: {
        page: current,
        pages,
        numbers: pageNumbers(current, pages),
        from: total ? (current - 1) * APPLICATIONS_PER_PAGE + 1 : 0,
        to: Math.min(total, (current - 1) * APPLICATIONS_PER_PAGE + applications.length),
        total,
      },
    };
  });
}

/** Adds a member of her organisation's staff (key worker or manager) to the fund's panel. */
export async function addPanelMember(deps: BursariesDeps, actor: Actor, fundId: string, userId: string) {
  authorise(actor, 'bursaries:manage');
  const staff = await deps.participants.staffOf(actor.organisationId);
  if (!staff.some((s) => s.id === userId))
    throw new ValidationError({ userId: 'bursaries.errors.panelMember' });
  await deps.db.transaction(async (tx) => {
    await loadFund(tx, actor, fundId, true);
    await tx
      .insert(bursaryPanelMembers)
      .values({ organisationId: actor.organisationId, fundId, userId, addedByUserId: actor.userId })
      .onConflictDoNothing();
    await audit(deps, tx, actor, 'bursary.panel-added', 'bursary_fund', fundId, { userId });
  });
}

export async function removePanelMember(deps: BursariesDeps, actor: Actor, fundId: string, memberId: string) {
  authorise(actor, 'bursaries:manage');
  await deps.db.transaction(async (tx) => {
    await loadFund(tx, actor, fundId, true);
    const gone = await tx
      .delete(bursaryPanelMembers)
      .where(and(eq(bursaryPanelMembers.id, memberId), eq(bursaryPanelMembers.fundId, fundId)))
      .returning({ userId: bursaryPanelMembers.userId });
    if (gone.length)
      await audit(deps, tx, actor, 'bursary.panel-removed', 'bursary_fund', fundId, {
        userId: gone[0]!.userId,
      });
  });
}
