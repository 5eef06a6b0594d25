import { and, eq } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import { authorise, requireOwn } from '../../platform/auth/authorise.ts';
import type { DbOrTx } from '../../platform/db/index.ts';
import { ForbiddenError, NotFoundError } from '../../platform/http/errors.ts';
import type { BursariesDeps } from './deps.ts';
import { bursaryApplications, bursaryFunds, bursaryPanelMembers } from './schema.ts';

/**
 * Who may see and do what with an application (docs/DATA-PROTECTION.md, "Bursaries"); deny by
 * default. An actor may hold several relations (a key worker on the fund's panel):
 * - manager: any application of their organisation;
 * - panel: a member of the application's fund, once it has left draft (her consent covers that);
 * - key_worker: her assigned key worker (participants' access rule);
 * - mentor: her mentor in a live pair (mentoring's door).
 * No relation: not found (404), so that the application's existence is not revealed.
 */
export interface Relations {
  manager: boolean;
  panel: boolean;
  keyWorker: boolean;
  mentor: boolean;
}

export type Application = typeof bursaryApplications.$inferSelect;
export type Fund = typeof bursaryFunds.$inferSelect;

export async function isPanelMember(tx: DbOrTx, actor: Actor, fundId: string) {
  const [row] = await tx
    .select({ id: bursaryPanelMembers.id })
    .from(bursaryPanelMembers)
    .where(
      and(
        eq(bursaryPanelMembers.fundId, fundId),
        eq(bursaryPanelMembers.userId, actor.userId),
        eq(bursaryPanelMembers.organisationId, actor.organisationId),
      ),
    );
  return Boolean(row);
}

/** Her assigned key worker? (Any refusal of her record reads as no.) */
export async function isHerKeyWorker(deps: BursariesDeps, tx: DbOrTx, actor: Actor, participantId: string) {
  if (actor.role !== 'key_worker') return false;
  try {
    const access = await deps.participants.access(actor, participantId, 'read', tx);
    return access.level === 'owner' && access.isKeyWorker;
  } catch (err) {
    const status = (err as { status?: number }).status;
    if (status === 403 || status === 404) return false;
    throw err;
  }
}

export async function isHerMentor(deps: BursariesDeps, tx: DbOrTx, actor: Actor, participantId: string) {
  if (actor.role !== 'mentor') return false;
  return (await deps.mentoring.menteesOfMentor(actor, tx)).some((m) => m.participantId === participantId);
}

export async function relationsTo(
  deps: BursariesDeps,
  tx: DbOrTx,
  actor: Actor,
  app: Application,
): Promise<Relations> {
  const her = app.participantId;
  return {
    manager: actor.role === 'manager',
    panel:
      app.status !== 'draft' && (actor.role === 'manager' || actor.role === 'key_worker')
        ? await isPanelMember(tx, actor, app.fundId)
        : false,
    keyWorker: her ? await isHerKeyWorker(deps, tx, actor, her) : false,
    mentor: her ? await isHerMentor(deps, tx, actor, her) : false,
  };
}

/** Those who make the application with her: her mentor, her key worker, a manager. */
export const isMaker = (r: Relations) => r.manager || r.keyWorker || r.mentor;

/**
 * The application and its fund, with the actor's relations; not found unless the actor has at
 * least one. Locks the application row when `forUpdate` (status changes).
 */
export async function loadApplication(
  deps: BursariesDeps,
  tx: DbOrTx,
  actor: Actor,
  id: string,
  forUpdate = false,
) {
  authorise(actor, 'bursaries:view');
  const q = tx.select().from(bursaryApplications).where(eq(bursaryApplications.id, id));
  const [app] = forUpdate ? await q.for('update') : await q;
  requireOwn(actor, app);
  const [fund] = await tx.select().from(bursaryFunds).where(eq(bursaryFunds.id, app.fundId));
  requireOwn(actor, fund);
  const relations = await relationsTo(deps, tx, actor, app);
  if (!Object.values(relations).some(Boolean)) throw new NotFoundError(undefined, { reason: 'record' });
  return { app, fund, relations };
}

/** The fund of the actor's organisation, or not found. */
export async function loadFund(tx: DbOrTx, actor: Actor, fundId: string, forUpdate = false) {
  authorise(actor, 'bursaries:view');
  const q = tx.select().from(bursaryFunds).where(eq(bursaryFunds.id, fundId));
  const [fund] = forUpdate ? await q.for('update') : await q;
  requireOwn(actor, fund);
  return fund;
}

export type Need = 'maker' | 'panel' | 'interviewer';

/**
 * The role check alone, before a form is read, so that someone with no business posting it is
 * refused (403) rather than told their input is wrong: makers (her mentor, key worker, a manager),
 * the fund's panel, or interviewers (the panel or a manager).
 */
export async function requireRelation(deps: BursariesDeps, actor: Actor, id: string, need: Need) {
  const { relations } = await loadApplication(deps, deps.db, actor, id);
  const ok =
    need === 'maker'
      ? isMaker(relations)
      : need === 'panel'
        ? relations.panel
        : relations.panel || relations.manager;
  if (!ok) throw new ForbiddenError(undefined, { reason: 'record' });
}
