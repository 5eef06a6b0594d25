import type { Actor } from '../../platform/auth/actor.ts';
import { can, type Permission } from '../../platform/auth/authorise.ts';
import type { Role } from '../../platform/auth/schema.ts';

/** One task on a home page: a link and a line on what it is for (keys under home.tasks.*). */
export interface HomeTask {
  href: string;
  /** home.tasks.<id>.link and .hint */
  id: string;
  permission?: Permission;
  /** A page some module lists in its navigation: shown only while that page is registered. */
  nav?: boolean;
}

/**
 * What each role comes to Wayfinder to do, in the order they would do it. Key workers and managers
 * also get their panels; mentors and employers hold no records yet, and their page says so.
 */
const byRole: Record<Role, HomeTask[]> = {
  key_worker: [
    { id: 'caseload', href: '/caseload', permission: 'participant:read', nav: true },
    { id: 'directory', href: '/directory', permission: 'directory:browse' },
  ],
  manager: [
    { id: 'caseloadOrganisation', href: '/caseload', permission: 'caseload:view-organisation', nav: true },
    { id: 'inbox', href: '/referrals/inbox', permission: 'referral:answer', nav: true },
    { id: 'directory', href: '/directory', permission: 'directory:browse' },
    { id: 'stale', href: '/directory/stale', permission: 'directory:review', nav: true },
    { id: 'coverage', href: '/coverage', permission: 'coverage:view', nav: true },
    { id: 'selfAssessment', href: '/self-assessment', permission: 'self-assessment:manage', nav: true },
  ],
  admin: [
    { id: 'users', href: '/admin/users', permission: 'users:manage', nav: true },
    { id: 'organisations', href: '/admin/organisations', permission: 'partnership:manage', nav: true },
    { id: 'audit', href: '/admin/audit', permission: 'audit:view', nav: true },
    { id: 'services', href: '/directory/services', permission: 'directory:edit', nav: true },
    { id: 'directory', href: '/directory', permission: 'directory:browse' },
    { id: 'stale', href: '/directory/stale', permission: 'directory:review', nav: true },
    { id: 'coverage', href: '/coverage', permission: 'coverage:view', nav: true },
  ],
  commissioner: [
    { id: 'commissioning', href: '/commissioning', permission: 'commissioning:view', nav: true },
    {
      id: 'selfAssessments',
      href: '/self-assessment/partnership',
      permission: 'self-assessment:compare',
      nav: true,
    },
    { id: 'coverage', href: '/coverage', permission: 'coverage:view', nav: true },
    { id: 'directory', href: '/directory', permission: 'directory:browse' },
  ],
  mentor: [{ id: 'findSupport', href: '/find-support' }],
  employer: [{ id: 'findSupport', href: '/find-support' }],
  // A reverse-mentoring leader: their own pairing, and nothing else of the platform.
  leader: [{ id: 'leaderPairing', href: '/leader', permission: 'mentoring:leader', nav: true }],
};

export const roleTasks = (actor: Actor): HomeTask[] =>
  byRole[actor.role].filter((task) => !task.permission || can(actor, task.permission));
