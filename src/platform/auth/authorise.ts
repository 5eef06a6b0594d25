import { ForbiddenError, NotFoundError } from '../http/errors.ts';
import type { Actor } from './actor.ts';
import type { Role } from './schema.ts';

/**
 * Every permission in the platform, and which roles hold it. A permission not listed for a role is
 * refused: deny by default. Modules add their permissions here so the whole access policy reads in
 * one place (docs/ARCHITECTURE.md "Authorisation").
 */
export const grants = {
  'partnership:manage': ['admin'],
  'users:manage': ['admin'],
  'audit:view': ['admin'],
  'caseload:view-organisation': ['manager'],
  // Handing chosen women from one key worker to another, several at once (participants/hand-over.ts).
  'caseload:hand-over': ['manager'],
  'participant:read': ['manager', 'key_worker'],
  'participant:write': ['manager', 'key_worker'],
  // Record-level too: only her assigned key worker and her organisation's managers (participants/access.ts).
  'participant:special-category': ['manager', 'key_worker'],
  'participant:subject-access': ['manager', 'key_worker'],
  'participant:erase': ['manager'],
  // Casework: her record's access rule applies too (casework/deps.ts); this is the inbox of referrals.
  'referral:answer': ['manager', 'key_worker'],
  'assessment:templates': ['admin'],
  // Every organisation's services, searched by staff (/directory; casework's referral picker).
  'directory:browse': ['admin', 'manager', 'key_worker', 'commissioner'],
  'directory:edit': ['admin', 'manager', 'key_worker'],
  'directory:review': ['admin', 'manager'],
  'coverage:view': ['admin', 'manager', 'key_worker', 'commissioner'],
  'reports:aggregate': ['admin', 'manager', 'commissioner'],
  // Mentoring: the programme's organisation's managers run programmes, mentors and matching; her key
  // worker enrols her (her record's access rule applies too); a mentor sees only their own mentees.
  'mentoring:manage': ['manager'],
  'mentoring:enrol': ['manager', 'key_worker'],
  'mentoring:mentor': ['mentor'],
  // A reverse-mentoring leader: their own pairing, sessions and survey, nothing else.
  'mentoring:leader': ['leader'],
  // Employment: partnership staff see employers and opportunities shared with them; an employer
  // sees only its own profile, pledge, opportunities and the women put forward to them.
  'employment:staff': ['admin', 'manager', 'key_worker'],
  'employment:employer': ['employer'],
  'employment:pledge-review': ['admin'],
  'opportunity:post': ['admin', 'manager', 'key_worker', 'employer'],
  'opportunity:view': ['admin', 'manager', 'key_worker', 'employer'],
  // Commissioning: a provider's managers rate their own practice against the Mapping the Maze model;
  // commissioners (and the partnership's admins) compare the results; the commissioner's view is
  // aggregate only (counts protected by platform/reporting/suppression.ts), never a record.
  'self-assessment:manage': ['manager'],
  'self-assessment:compare': ['admin', 'commissioner'],
  'commissioning:view': ['admin', 'commissioner'],
  // Bursaries: managers run funds and their panels; an application is seen by her mentor, her key
  // worker, the fund's panel members and her organisation's managers (bursaries/access.ts).
  'bursaries:view': ['manager', 'key_worker', 'mentor'],
  'bursaries:manage': ['manager'],
  // Outcomes: her organisation's staff record her outcomes (her record's owner rule applies too);
  // managers add the partnership's own kinds; the indicators' rules are open to all partnership staff.
  'outcomes:record': ['manager', 'key_worker'],
  'outcomes:kinds': ['manager'],
  'outcomes:definitions': ['admin', 'manager', 'key_worker', 'commissioner'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof grants;

/** Anything owned by an organisation: a participant record, a service, a referral. */
export interface Owned {
  organisationId: string;
}

export function can(actor: Actor | null | undefined, permission: Permission, resource?: Owned): boolean {
  if (!actor) return false;
  const roles: readonly Role[] = grants[permission];
  if (!roles.includes(actor.role)) return false;
  if (resource && resource.organisationId !== actor.organisationId) return false;
  return true;
}

/**
 * The one authorisation check, called by every service function before it touches data.
 * A record of another organisation is reported as not found, so its existence is not revealed.
 */
export function authorise(
  actor: Actor | null | undefined,
  permission: Permission,
  resource?: Owned,
): asserts actor is Actor {
  if (!actor) throw new ForbiddenError(undefined, { reason: 'anonymous', permission });
  if (resource && resource.organisationId !== actor.organisationId)
    throw new NotFoundError(undefined, { reason: 'organisation', permission });
  if (!can(actor, permission, resource)) throw new ForbiddenError(undefined, { reason: 'role', permission });
}

/**
 * A record the service looked up itself: missing is not found; another organisation's is not found
 * too, but marked as a refusal so the audit trail records the attempt (platform/audit/refusals.ts).
 */
export function requireOwn<T extends Owned>(actor: Actor, record: T | null | undefined): asserts record is T {
  if (!record) throw new NotFoundError();
  if (record.organisationId !== actor.organisationId)
    throw new NotFoundError(undefined, { reason: 'organisation' });
}
