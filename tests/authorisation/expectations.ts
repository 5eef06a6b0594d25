/**
 * Who may use each route: the one table the route authorisation matrix (matrix.test.ts) checks
 * every registered route against, for every role and for signed-out visitors, with records of the
 * user's own organisation and of another one. A route missing here fails that test: add it here,
 * keyed 'METHOD /pattern' exactly as Fastify registers it.
 *
 * - `allow`: 'public' (anyone, signed in or not), 'signed-in' (any role), or the roles that may.
 *   Anyone else is refused: a 403, and a signed-out visitor is sent to sign in.
 * - `org`: whether records of another organisation are refused as not found (404, 'own', the
 *   default) or open to the allowed roles ('any': public or aggregate data). A role can differ, e.g.
 *   `{ manager: 'own', key_worker: 'any' }`. Checked with the other organisation's records when the
 *   path has `params`, or `org` is given (an id in the query).
 * - `params`, `query`, `body`: what to send, from the fixtures of the organisation the check is
 *   about (tests/support/org-fixtures.ts). POSTs carry a valid CSRF token. A body that the route
 *   turns away as invalid (400) still proves the user got past authorisation.
 * - `anonymous: 403`: refuses signed-out visitors itself instead of sending them to sign in.
 * - `anyAnswer`: only "no 5xx" is checked, for steps whose answer depends on the session's state
 *   (signing in, links with a token); the reason is the value.
 * - `endsSession`: sent with a throwaway session (signing out would end the role's session).
 */

import { needTerms, taxonomies } from '../../src/modules/directory/taxonomies.ts';
import type { Role } from '../../src/platform/auth/schema.ts';
import type { OrgFixtures } from '../support/org-fixtures.ts';

type Params = Record<string, string>;
type Scope = 'own' | 'any';
export interface Expectation {
  allow: 'public' | 'signed-in' | readonly Role[];
  org?: Scope | Partial<Record<Role, Scope>>;
  params?: (f: OrgFixtures) => Params | Promise<Params>;
  query?: (f: OrgFixtures) => string;
  body?: (f: OrgFixtures) => Record<string, string | string[]>;
  anonymous?: 403;
  anyAnswer?: string;
  endsSession?: true;
}

const casework = ['manager', 'key_worker'] as const;
const admin = ['admin'] as const;
const directoryEditors = ['admin', 'manager', 'key_worker'] as const;
const directoryReviewers = ['admin', 'manager'] as const;
const employmentStaff = ['admin', 'manager', 'key_worker'] as const;
const employers = ['employer'] as const;
const opportunityUsers = ['admin', 'manager', 'key_worker', 'employer'] as const;
const reporters = ['admin', 'manager', 'commissioner'] as const;
const comparers = ['admin', 'commissioner'] as const;
const year = (f: OrgFixtures) => ({ year: f.selfAssessmentYear });

const her = (f: OrgFixtures) => ({ id: f.participant });
const managers = ['manager'] as const;
const mentors = ['mentor'] as const;
const leaders = ['leader'] as const;
const bursaryUsers = ['manager', 'key_worker', 'mentor'] as const;
const fund = (f: OrgFixtures) => ({ fundId: f.bursaries.fund });
const flow = 'a step of signing in: its answer depends on the session, not on a role';

export const expectations: Record<string, Expectation> = {
  // Public pages, the public directory and its API.
  // The public front door for anyone not signed in; the staff home for the signed-in.
  'GET /': { allow: 'public' },
  'GET /staying-safe': { allow: 'public' },
  'GET /accessibility': { allow: 'public' },
  'GET /privacy': { allow: 'public' },
  'GET /cookies': { allow: 'public' },
  'GET /ping': { allow: 'public' },
  'GET /health': { allow: 'public' },
  'GET /find-support': { allow: 'public' },
  'GET /find-support/services/:id': { allow: 'public', org: 'any', params: (f) => ({ id: f.service }) },
  'GET /api/oruk': { allow: 'public' },
  'GET /api/oruk/openapi.json': { allow: 'public' },
  'GET /api/oruk/services': { allow: 'public' },
  'GET /api/oruk/services/:id': { allow: 'public', org: 'any', params: (f) => ({ id: f.service }) },
  'GET /api/oruk/service_at_locations': { allow: 'public' },
  'GET /api/oruk/service_at_locations/:id': {
    allow: 'public',
    org: 'any',
    params: (f) => ({ id: f.serviceAtLocation }),
  },
  'GET /api/oruk/organizations': { allow: 'public' },
  // A partnership organisation's services are published under its own id (directory service.ts).
  'GET /api/oruk/organizations/:id': {
    allow: 'public',
    org: 'any',
    params: (f) => ({ id: f.organisationId }),
  },
  'GET /api/oruk/taxonomies': { allow: 'public' },
  'GET /api/oruk/taxonomies/:id': { allow: 'public', org: 'any', params: () => ({ id: taxonomies.need.id }) },
  'GET /api/oruk/taxonomy_terms': { allow: 'public' },
  'GET /api/oruk/taxonomy_terms/:id': {
    allow: 'public',
    org: 'any',
    params: () => ({ id: needTerms.homelessness.id }),
  },
  'OPTIONS /api/oruk/*': { allow: 'public', org: 'any', params: () => ({ '*': 'services' }) },

  // Signing in and out.
  'GET /sign-in': { allow: 'public', anyAnswer: flow },
  'POST /sign-in': {
    allow: 'public',
    anyAnswer: flow,
    body: () => ({ email: 'nobody@example.org', password: 'not the password' }),
  },
  'GET /sign-in/code': { allow: 'public', anyAnswer: flow },
  'POST /sign-in/code': { allow: 'public', anyAnswer: flow, body: () => ({ code: '000000' }) },
  'GET /sign-in/enrol': { allow: 'public', anyAnswer: flow },
  'POST /sign-in/enrol': { allow: 'public', anyAnswer: flow, body: () => ({ code: '000000' }) },
  'GET /sign-in/recovery-codes': { allow: 'public', anyAnswer: flow },
  'GET /sign-out': { allow: 'signed-in' },
  'POST /sign-out': { allow: 'public', endsSession: true },
  'POST /session/keep-alive': { allow: 'signed-in' },
  'GET /set-password/:token': {
    allow: 'public',
    org: 'any',
    anyAnswer: 'the token in the link is the authority: an unknown one is "link expired"',
    params: () => ({ token: 'not-a-real-token' }),
  },
  'POST /set-password/:token': {
    allow: 'public',
    org: 'any',
    anyAnswer: 'the token in the link is the authority: an unknown one is "link expired"',
    params: () => ({ token: 'not-a-real-token' }),
  },

  // Administration: admins, of their own organisation's users (organisations: the whole partnership).
  'GET /admin/organisations': { allow: admin },
  'GET /admin/organisations/new': { allow: admin },
  'POST /admin/organisations/new': { allow: admin },
  'GET /admin/users': { allow: admin },
  'GET /admin/users/invite': { allow: admin },
  'POST /admin/users/invite': { allow: admin },
  'GET /admin/users/:id': { allow: admin, params: (f) => ({ id: f.user }) },
  'POST /admin/users/:id/role': { allow: admin, params: (f) => ({ id: f.user }) },
  'POST /admin/users/:id/deactivate': { allow: admin, params: (f) => ({ id: f.user }) },
  'POST /admin/users/:id/reactivate': { allow: admin, params: (f) => ({ id: f.user }) },
  'POST /admin/users/:id/password-link': { allow: admin, params: (f) => ({ id: f.user }) },
  'GET /admin/audit': { allow: admin },

  // The directory's staff pages.
  // Every organisation's services, searched by staff (directory/browse.ts).
  'GET /directory': { allow: ['admin', 'manager', 'key_worker', 'commissioner'], org: 'any' },
  'GET /directory/services': { allow: directoryEditors },
  'GET /directory/services/new': { allow: directoryEditors },
  'POST /directory/services/new': { allow: directoryEditors },
  'GET /directory/services/:id': { allow: directoryEditors, params: (f) => ({ id: f.service }) },
  'POST /directory/services/:id': { allow: directoryEditors, params: (f) => ({ id: f.service }) },
  'POST /directory/services/:id/review': { allow: directoryReviewers, params: (f) => ({ id: f.service }) },
  'GET /directory/stale': { allow: directoryReviewers },
  'GET /directory/imports': { allow: directoryReviewers },
  'POST /directory/imports': { allow: directoryReviewers, anonymous: 403 },
  'GET /directory/imports/:id': { allow: directoryReviewers, params: (f) => ({ id: f.importJob }) },

  // Coverage: aggregate figures, public by default (COVERAGE_PUBLIC=true, the configuration tested
  // here); with COVERAGE_PUBLIC=false only roles with coverage:view (coverage/routes.test.ts).
  'GET /coverage': { allow: 'public' },
  'GET /coverage.csv': { allow: 'public' },
  'GET /coverage.xlsx': { allow: 'public' },
  'GET /coverage/map.svg': { allow: 'public' },
  'GET /coverage/map.png': { allow: 'public' },
  'GET /coverage/summary.pdf': { allow: 'public' },
  'GET /coverage/areas/:code': { allow: 'public', org: 'any', params: () => ({ code: 'E08000035' }) },
  'GET /coverage/priorities': { allow: 'public' },

  // Her record: her organisation's key workers and managers.
  'GET /caseload': {
    allow: casework,
    // A manager opening another organisation's key worker's caseload: not found. A key worker's
    // `keyWorker` is ignored (she sees her own), so it names nobody.
    org: { manager: 'own', key_worker: 'any' },
    query: (f) => `?keyWorker=${f.users.key_worker.id}`,
  },
  // A manager's bulk hand-over from one key worker to another (another organisation's: not found).
  'GET /caseload/hand-over': { allow: ['manager'], query: (f) => `?from=${f.users.key_worker.id}` },
  'POST /caseload/hand-over': {
    allow: ['manager'],
    org: 'own',
    body: (f) => ({ fromUserId: f.users.key_worker.id, toUserId: '' }),
  },
  'GET /participants/search': { allow: casework, query: () => '?q=Matrix' },
  'GET /participants/register': { allow: casework },
  'POST /participants/register': { allow: casework },
  'GET /participants/register/details': { allow: casework },
  'POST /participants/register/details': { allow: casework },
  'GET /participants/quick': { allow: casework },
  'POST /participants/quick': { allow: casework },
  'GET /participants/:id': { allow: casework, params: her },
  'GET /participants/:id/edit/:section': {
    allow: casework,
    params: (f) => ({ id: f.participant, section: 'names' }),
  },
  'POST /participants/:id/edit/:section': {
    allow: casework,
    params: (f) => ({ id: f.participant, section: 'names' }),
    body: () => ({ preferredName: '' }),
  },
  'GET /participants/:id/qualifications/new': { allow: casework, params: her },
  'POST /participants/:id/qualifications/new': { allow: casework, params: her },
  'POST /participants/:id/qualifications/:itemId/remove': {
    allow: casework,
    params: async (f) => ({ id: f.participant, itemId: await f.fresh.qualification() }),
  },
  'GET /participants/:id/work-history/new': { allow: casework, params: her },
  'POST /participants/:id/work-history/new': { allow: casework, params: her },
  'POST /participants/:id/work-history/:itemId/remove': {
    allow: casework,
    params: async (f) => ({ id: f.participant, itemId: await f.fresh.workHistory() }),
  },
  'GET /participants/:id/status/:to': {
    allow: casework,
    params: (f) => ({ id: f.participant, to: 'paused' }),
  },
  'POST /participants/:id/status/:to': {
    allow: casework,
    params: async (f) => ({ id: await f.fresh.participant(), to: 'paused' }),
  },
  'GET /participants/:id/key-worker': { allow: casework, params: her },
  'POST /participants/:id/key-worker': { allow: casework, params: her },
  'GET /participants/:id/consent': { allow: casework, params: her },
  'POST /participants/:id/consent': { allow: casework, params: her },
  'GET /participants/:id/export.json': { allow: casework, params: her },
  'GET /participants/:id/export.pdf': { allow: casework, params: her },
  'GET /participants/:id/erase': { allow: ['manager'], params: her },
  'POST /participants/:id/erase': {
    allow: ['manager'],
    params: async (f) => ({ id: await f.fresh.participant() }),
  },

  // Casework on her record: the same people.
  'GET /participants/:id/contacts': { allow: casework, params: her },
  'GET /participants/:id/contacts/new': { allow: casework, params: her },
  'POST /participants/:id/contacts/new': { allow: casework, params: her },
  'GET /contacts/:rid/edit': { allow: casework, params: (f) => ({ rid: f.contact }) },
  'POST /contacts/:rid/edit': { allow: casework, params: (f) => ({ rid: f.contact }) },
  'GET /contacts/:rid/history': { allow: casework, params: (f) => ({ rid: f.contact }) },
  'GET /participants/:id/assessments': { allow: casework, params: her },
  'GET /participants/:id/assessments/new': { allow: casework, params: her },
  'POST /participants/:id/assessments/new': { allow: casework, params: her },
  'GET /assessments/:rid': { allow: casework, params: (f) => ({ rid: f.assessment }) },
  'GET /participants/:id/plan': { allow: casework, params: her },
  'GET /participants/:id/plan/print': { allow: casework, params: her },
  'GET /participants/:id/plan/goals/new': { allow: casework, params: her },
  'POST /participants/:id/plan/goals/new': { allow: casework, params: her },
  'POST /participants/:id/plan/review': { allow: casework, params: her },
  'GET /plan/goals/:rid/steps/new': { allow: casework, params: (f) => ({ rid: f.goal }) },
  'POST /plan/goals/:rid/steps/new': { allow: casework, params: (f) => ({ rid: f.goal }) },
  'GET /plan/goals/:rid/progress': { allow: casework, params: (f) => ({ rid: f.goal }) },
  'POST /plan/goals/:rid/progress': { allow: casework, params: (f) => ({ rid: f.goal }) },
  'POST /plan/steps/:rid/done': { allow: casework, params: async (f) => ({ rid: await f.fresh.step() }) },
  'GET /participants/:id/referrals': { allow: casework, params: her },
  'GET /participants/:id/referrals/new': { allow: casework, params: her },
  'POST /participants/:id/referrals/new': { allow: casework, params: her },
  'GET /referrals/inbox': { allow: casework },
  'GET /referrals/:rid': { allow: casework, params: (f) => ({ rid: f.referral }) },
  'GET /referrals/:rid/summary': { allow: casework, params: (f) => ({ rid: f.referral }) },
  'POST /referrals/:rid/status': { allow: casework, params: (f) => ({ rid: f.referral }) },
  'GET /drop-ins': { allow: casework },
  'GET /drop-ins/new': { allow: casework },
  'POST /drop-ins/new': { allow: casework },
  'GET /drop-ins/:rid': { allow: casework, params: (f) => ({ rid: f.dropIn }) },
  'POST /drop-ins/:rid/attend': {
    allow: casework,
    params: (f) => ({ rid: f.dropIn }),
    body: (f) => ({ participantId: f.participant }),
  },
  'POST /drop-ins/:rid/remove': {
    allow: casework,
    params: (f) => ({ rid: f.dropIn }),
    body: (f) => ({ participantId: f.participant }),
  },
  'POST /drop-ins/:rid/walk-in': { allow: casework, params: (f) => ({ rid: f.dropIn }) },

  // 1-2-1 appointments.
  'GET /appointments': { allow: casework },
  'GET /appointments/slots/new': { allow: casework },
  'POST /appointments/slots/new': { allow: casework },
  'POST /appointments/slots/:rid/withdraw': {
    allow: casework,
    params: async (f) => ({ rid: await f.fresh.slot() }),
  },
  'GET /participants/:id/appointments': { allow: casework, params: her },
  'POST /participants/:id/appointments': {
    allow: casework,
    params: her,
    body: () => ({}),
  },
  'GET /appointments/bookings/:rid': { allow: casework, params: (f) => ({ rid: f.booking }) },
  'GET /appointments/bookings/:rid/cancel': { allow: casework, params: (f) => ({ rid: f.booking }) },
  'POST /appointments/bookings/:rid/cancel': {
    allow: casework,
    params: async (f) => ({ rid: await f.fresh.booking() }),
  },
  'POST /appointments/bookings/:rid/rebook': { allow: casework, params: (f) => ({ rid: f.booking }) },
  'POST /appointments/bookings/:rid/outcome': { allow: casework, params: (f) => ({ rid: f.booking }) },
  'POST /appointments/bookings/:rid/messages/:mid/retry': {
    allow: casework,
    params: async (f) => {
      const { booking, message } = await f.fresh.failedMessage();
      return { rid: booking, mid: message };
    },
  },
  // Mentoring: "become a mentor" is public; the programme's organisation's managers run programmes,
  // mentors and matching; her key worker enrols her; a mentor sees only their own mentees.
  'GET /mentoring/become-a-mentor': { allow: 'public' },
  'POST /mentoring/become-a-mentor': { allow: 'public' },
  'GET /mentoring': { allow: managers },
  'GET /mentoring/alumni': { allow: managers },
  'POST /mentoring/alumni/invite': { allow: managers },
  'POST /mentoring/cohorts/:id/leaders': {
    allow: managers,
    params: (f) => ({ id: f.mentoring.cohort }),
  },
  'POST /mentoring/leaders/:id/survey': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.leader() }),
  },
  'POST /mentoring/leaders/:id/invite': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.leader() }),
  },
  'POST /mentoring/leaders/:id/alumna': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.leader() }),
  },
  // A leader's subject access download: their programme's managers only.
  'GET /mentoring/leaders/:id/export.json': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.leader() }),
  },
  'POST /mentoring/leaders/:id/erase': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.leader() }),
  },
  'GET /mentoring/programmes/new': { allow: managers },
  'POST /mentoring/programmes/new': { allow: managers },
  'GET /mentoring/programmes/:id/cohorts/new': {
    allow: managers,
    params: (f) => ({ id: f.mentoring.programme }),
  },
  'POST /mentoring/programmes/:id/cohorts/new': {
    allow: managers,
    params: (f) => ({ id: f.mentoring.programme }),
  },
  'GET /mentoring/cohorts/:id': { allow: managers, params: (f) => ({ id: f.mentoring.cohort }) },
  'POST /mentoring/cohorts/:id/status': { allow: managers, params: (f) => ({ id: f.mentoring.cohort }) },
  'POST /mentoring/cohorts/:id/weights': { allow: managers, params: (f) => ({ id: f.mentoring.cohort }) },
  'POST /mentoring/cohorts/:id/match': { allow: managers, params: (f) => ({ id: f.mentoring.cohort }) },
  'POST /mentoring/cohorts/:id/publish': { allow: managers, params: (f) => ({ id: f.mentoring.cohort }) },
  'POST /mentoring/pairs/:id/pin': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.draft() }),
  },
  'POST /mentoring/pairs/:id/unpin': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.draft() }),
  },
  'POST /mentoring/pairs/:id/exclude': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.draft() }),
  },
  'GET /mentoring/pairs/:id': { allow: managers, params: (f) => ({ id: f.mentoring.pair }) },
  'POST /mentoring/pairs/:id/reviews': { allow: managers, params: (f) => ({ id: f.mentoring.pair }) },
  'POST /mentoring/pairs/:id/repair': {
    allow: managers,
    params: async (f) => ({ id: await f.mentoring.live() }),
  },
  'POST /mentoring/pairs/:id/close': { allow: managers, params: (f) => ({ id: f.mentoring.pair }) },
  'GET /survey/:token': {
    allow: 'public',
    org: 'any',
    anyAnswer: 'the single-use link is the authority: an unknown one is not found',
    params: () => ({ token: 'not-a-real-survey-token-at-all' }),
  },
  'POST /survey/:token': {
    allow: 'public',
    org: 'any',
    anyAnswer: 'the single-use link is the authority: an unknown one is not found',
    params: () => ({ token: 'not-a-real-survey-token-at-all' }),
  },
  'GET /mentoring/mentors/new': { allow: managers },
  'POST /mentoring/mentors/new': { allow: managers },
  'GET /mentoring/mentors/:id': { allow: managers, params: (f) => ({ id: f.mentoring.mentor }) },
  'POST /mentoring/mentors/:id/recruitment': {
    allow: managers,
    params: (f) => ({ id: f.mentoring.mentor }),
    body: () => ({ dbsCertificateNumber: 'not a number' }),
  },
  'POST /mentoring/mentors/:id/decision': { allow: managers, params: (f) => ({ id: f.mentoring.mentor }) },
  'POST /mentoring/mentors/:id/notes': { allow: managers, params: (f) => ({ id: f.mentoring.mentor }) },
  // Bursaries: managers run funds and panels; her application is her mentor's, her key worker's,
  // the fund's panel's (the manager sits on it here) and her organisation's managers'.
  'GET /bursaries': { allow: bursaryUsers },
  'GET /bursaries/funds/new': { allow: managers },
  'POST /bursaries/funds/new': { allow: managers },
  'GET /bursaries/funds/:fundId': { allow: bursaryUsers, params: fund },
  'GET /bursaries/funds/:fundId/edit': { allow: managers, params: fund },
  'POST /bursaries/funds/:fundId/edit': { allow: managers, params: fund },
  'POST /bursaries/funds/:fundId/panel': { allow: managers, params: fund },
  'POST /bursaries/funds/:fundId/panel/:memberId/remove': {
    allow: managers,
    params: async (f) => ({ fundId: f.bursaries.fund, memberId: await f.bursaries.member() }),
  },
  'GET /bursaries/funds/:fundId/apply/:participantId': {
    allow: bursaryUsers,
    params: (f) => ({ fundId: f.bursaries.fund, participantId: f.participant }),
  },
  'POST /bursaries/funds/:fundId/apply/:participantId': {
    allow: bursaryUsers,
    params: (f) => ({ fundId: f.bursaries.fund, participantId: f.participant }),
  },
  'GET /participants/:id/bursaries': { allow: casework, params: her },
  'GET /bursaries/applications/:id': { allow: bursaryUsers, params: (f) => ({ id: f.bursaries.submitted }) },
  'GET /bursaries/applications/:id/edit': { allow: bursaryUsers, params: (f) => ({ id: f.bursaries.draft }) },
  'POST /bursaries/applications/:id/edit': {
    allow: bursaryUsers,
    params: (f) => ({ id: f.bursaries.draft }),
  },
  'POST /bursaries/applications/:id/lines': {
    allow: bursaryUsers,
    params: (f) => ({ id: f.bursaries.draft }),
  },
  'POST /bursaries/applications/:id/lines/:lineId/remove': {
    allow: bursaryUsers,
    params: async (f) => ({ id: f.bursaries.draft, lineId: await f.bursaries.line() }),
  },
  'POST /bursaries/applications/:id/submit': {
    allow: bursaryUsers,
    params: (f) => ({ id: f.bursaries.draft }),
  },
  'POST /bursaries/applications/:id/withdraw': {
    allow: bursaryUsers,
    params: (f) => ({ id: f.bursaries.draft }),
  },
  'POST /bursaries/applications/:id/interview/invite': {
    allow: managers,
    params: (f) => ({ id: f.bursaries.submitted }),
  },
  'POST /bursaries/applications/:id/interview/book': {
    allow: managers,
    params: (f) => ({ id: f.bursaries.submitted }),
  },
  'POST /bursaries/applications/:id/interview/held': {
    allow: managers,
    params: (f) => ({ id: f.bursaries.submitted }),
  },
  'POST /bursaries/applications/:id/declare': {
    allow: managers,
    params: (f) => ({ id: f.bursaries.submitted }),
  },
  'POST /bursaries/applications/:id/scores': {
    allow: managers,
    params: (f) => ({ id: f.bursaries.submitted }),
  },
  'POST /bursaries/applications/:id/decision': {
    allow: managers,
    params: (f) => ({ id: f.bursaries.submitted }),
  },
  'GET /bursaries/applications/:id/letter.pdf': {
    allow: bursaryUsers,
    params: (f) => ({ id: f.bursaries.decided }),
  },
  // Bursaries' money: an award's payments and start (her mentor or key worker see it and record the
  // start; payments and extensions are the managers'), the fund's money, report and 360Giving data.
  'GET /bursaries/awards/:id': { allow: bursaryUsers, params: (f) => ({ id: f.bursaries.award }) },
  'POST /bursaries/awards/:id/payments': { allow: managers, params: (f) => ({ id: f.bursaries.award }) },
  'POST /bursaries/awards/:id/payments/:paymentId': {
    allow: managers,
    params: async (f) => ({ id: f.bursaries.award, paymentId: await f.bursaries.payment() }),
  },
  'POST /bursaries/awards/:id/extend': { allow: managers, params: (f) => ({ id: f.bursaries.award }) },
  'POST /bursaries/awards/:id/outcome': { allow: bursaryUsers, params: (f) => ({ id: f.bursaries.award }) },
  'GET /bursaries/funds/:fundId/money': { allow: managers, params: fund },
  'GET /bursaries/funds/:fundId/report': { allow: managers, params: fund },
  'GET /bursaries/funds/:fundId/report.csv': { allow: managers, params: fund },
  'GET /bursaries/funds/:fundId/report.xlsx': { allow: managers, params: fund },
  'GET /bursaries/:fundId/360giving.json': { allow: managers, params: fund },
  'GET /bursaries/:fundId/360giving.xlsx': { allow: managers, params: fund },
  'GET /participants/:id/mentoring': { allow: casework, params: her },
  'POST /participants/:id/mentoring': { allow: casework, params: her },
  'POST /participants/:id/mentoring/concerns/:cid/acknowledge': {
    allow: casework,
    params: async (f) => ({ id: f.participant, cid: await f.mentoring.concern() }),
  },
  'POST /participants/:id/mentoring/repair-request': { allow: casework, params: her },
  'POST /participants/:id/mentoring/survey': {
    allow: casework,
    params: async (f) => {
      await f.mentoring.surveyLink();
      return her(f);
    },
  },
  'GET /mentor': { allow: mentors },
  'GET /mentor/pairs/:id': { allow: mentors, params: (f) => ({ id: f.mentoring.pair }) },
  'POST /mentor/pairs/:id/sessions': { allow: mentors, params: (f) => ({ id: f.mentoring.pair }) },
  'POST /mentor/pairs/:id/repair-request': { allow: mentors, params: (f) => ({ id: f.mentoring.pair }) },
  // A reverse-mentoring leader (an external person): their own pairing only, reached by no id; the
  // role is refused on every other route of this table (issue 14, point 8).
  'GET /leader': { allow: leaders },
  'POST /leader/sessions': { allow: leaders },
  'GET /leader/survey': { allow: leaders },
  'POST /leader/survey': { allow: leaders },
  'GET /leader/export.json': { allow: leaders },

  // Employment. An employer reaches only its own profile, pledge and opportunities, and the shared
  // fields of women put forward to them (/put-forwards/:id); never her record, her work page, the
  // women who fit an opportunity, nor any woman not put forward to it (issue 13).
  'GET /employers/pledged': { allow: 'public' },
  'GET /employers/guide': { allow: 'public' },
  'GET /employers': { allow: employmentStaff },
  'GET /employers/profile': { allow: employers },
  'POST /employers/profile': { allow: employers },
  'GET /employers/pledge': { allow: employers },
  'POST /employers/pledge': { allow: employers },
  // The partnership reviews every employer's pledge.
  'GET /employers/commitments': { allow: admin },
  'POST /employers/commitments': { allow: admin },
  // The partnership's list: shared by every organisation (a commitment belongs to none).
  'POST /employers/commitments/:id/toggle': {
    allow: admin,
    org: 'any',
    params: (f) => ({ id: f.commitment }),
  },
  'POST /employers/pledges/:id/review': { allow: admin, org: 'any', params: (f) => ({ id: f.pledge }) },
  'GET /opportunities': { allow: opportunityUsers },
  // The monthly digest: partner staff (counts of their own caseload only).
  'GET /opportunities/digest': { allow: employmentStaff },
  'GET /opportunities/new': { allow: opportunityUsers },
  'POST /opportunities/new': { allow: opportunityUsers },
  'GET /opportunities/:id': { allow: opportunityUsers, params: (f) => ({ id: f.opportunity }) },
  'GET /put-forwards/:id': { allow: [...casework, 'employer'], params: (f) => ({ id: f.putForward }) },
  'POST /put-forwards/:id/stage': { allow: [...casework, 'employer'], params: (f) => ({ id: f.putForward }) },
  'GET /participants/:id/work': { allow: casework, params: her },
  'POST /participants/:id/work': { allow: casework, params: her },
  'GET /participants/:id/work/cv.pdf': { allow: casework, params: her },
  'GET /participants/:id/work/cv.rtf': { allow: casework, params: her },
  'GET /participants/:id/work/:oid/put-forward': {
    allow: casework,
    params: (f) => ({ id: f.participant, oid: f.opportunity }),
  },
  'POST /participants/:id/work/:oid/put-forward': {
    allow: casework,
    params: (f) => ({ id: f.participant, oid: f.opportunity }),
  },
  'GET /reports/employment': { allow: reporters },
  'GET /reports/employment.csv': { allow: reporters },
  'GET /reports/employment.xlsx': { allow: reporters },
  // Commissioning: a provider's managers assess their own practice (a year names their own
  // organisation's self-assessment, whoever's fixtures it came from); a commissioner or admin
  // opening /self-assessment is sent on to the side-by-side, which they alone may see and export.
  'GET /self-assessment': { allow: ['manager', ...comparers] },
  'POST /self-assessment': { allow: managers, body: () => ({ year: '2025' }) },
  'GET /self-assessment/:year': { allow: managers, org: 'any', params: year },
  'GET /self-assessment/:year/:area': {
    allow: managers,
    org: 'any',
    params: (f) => ({ ...year(f), area: 'ethos' }),
  },
  'POST /self-assessment/:year/:area': {
    allow: managers,
    org: 'any',
    params: (f) => ({ ...year(f), area: 'ethos' }),
  },
  'POST /self-assessment/:year/complete': { allow: managers, org: 'any', params: year },
  'POST /self-assessment/:year/actions': { allow: managers, org: 'any', params: year },
  'POST /self-assessment/actions/:id': {
    allow: managers,
    params: (f) => ({ id: f.selfAssessmentAction }),
    body: () => ({ done: 'yes' }),
  },
  'GET /self-assessment/partnership': { allow: comparers },
  'GET /self-assessment/partnership.csv': { allow: comparers },
  'GET /self-assessment/partnership.xlsx': { allow: comparers },
  // Aggregate only: no record, no name; never a manager's or key worker's page.
  'GET /commissioning': { allow: comparers },
  // Outcomes: her outcomes for her organisation's staff; the rules for all partnership staff; the
  // aggregate reports (a manager's scoped to their organisation) with no per-woman route at all.
  'GET /participants/:id/outcomes': { allow: casework, params: her },
  'POST /participants/:id/outcomes': { allow: casework, params: her },
  // The ONS wellbeing questions: sent to her or answered with her by her organisation's staff;
  // the single-use link is the authority on the public page.
  'POST /participants/:id/outcomes/wellbeing/send': { allow: casework, params: her },
  'POST /participants/:id/outcomes/wellbeing/with-her': { allow: casework, params: her },
  'GET /wellbeing/:token': {
    allow: 'public',
    org: 'any',
    anyAnswer: 'the single-use link is the authority: an unknown one is not found',
    params: () => ({ token: 'not-a-real-wellbeing-token-at-all' }),
  },
  'POST /wellbeing/:token': {
    allow: 'public',
    org: 'any',
    anyAnswer: 'the single-use link is the authority: an unknown one is not found',
    params: () => ({ token: 'not-a-real-wellbeing-token-at-all' }),
  },
  'GET /outcomes/definitions': { allow: ['admin', 'manager', 'key_worker', 'commissioner'] },
  'POST /outcomes/kinds': { allow: managers },
  'GET /reports': { allow: reporters },
  'GET /reports.csv': { allow: reporters },
  'GET /reports.xlsx': { allow: reporters },
  'GET /reports.pdf': { allow: reporters },
};
