import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { scales } from '../../src/modules/casework/schema.ts';
import { seedDemoDirectory } from '../../src/modules/directory/demo.ts';
import type { Role } from '../../src/platform/auth/schema.ts';
import { seedDemo } from '../../src/seed/demo.ts';
import type { Agent } from './agent.ts';
import { createUser, registerWalkIn, signIn, type TestApp, type TestUser } from './app.ts';

/**
 * Every page the app has, found the way src/platform/http/headers.test.ts finds them: the GET routes
 * Fastify registered (t.routes), visited with real ids by following the app's own links from the
 * demo partnership plus a few seeds for pages nothing links to. Used by the page-wide checks (the
 * 390 px layout walk, the Arabic language walk): a page added tomorrow is walked tomorrow.
 */

export interface WalkScenario {
  /** The organisation the walking users belong to (Harbour, the demo's first). */
  harbour: string;
  partner: string;
  /** Walked first: her record and pages nothing links to. */
  seeds: string[];
  /** A service of Harbour's own (its public and API pages). */
  ownService: string;
}

/** GET routes no page walk visits, each with its reason. */
export const notWalked: Record<string, string> = {
  '/assets/*': 'static files',
  '/sign-out': 'ends the session the walk runs in',
};

/** Seeds the demo partnership and a woman with one of everything, as the headers walk does. */
export async function seedWalkScenario(t: TestApp): Promise<WalkScenario> {
  await seedDemo(t.database.db, t.services);
  const { rows } = await t.database.pool.query<{ id: string }>(
    // By name: the demo makes its organisations in one transaction, so they share created_at.
    "select id from organisations where kind <> 'employer' order by name like 'Harbour%' desc, name limit 2",
  );
  const [harbour, partner] = rows.map((r) => r.id) as [string, string];
  const manager = await createUser(t, harbour, 'manager');
  const kw = await createUser(t, harbour, 'key_worker');
  const partnerManager = await createUser(t, partner, 'manager');
  const asManager = { userId: manager.id, organisationId: harbour, role: manager.role };
  const asKw = { userId: kw.id, organisationId: harbour, role: kw.role };
  const asPartner = { userId: partnerManager.id, organisationId: partner, role: partnerManager.role };

  const her = await registerWalkIn(t, kw, 'Walktest');
  const own = await t.services.directory.createService(asManager, {
    name: 'Harbour Walk Club',
    description: 'A service of the signed-in organisation',
  });
  const theirs = await t.services.directory.createService(asPartner, {
    name: 'Partner Walk Club',
    description: 'A service of another organisation, for a referral',
  });
  const today = new Date().toISOString().slice(0, 10);
  const contact = await t.services.casework.addContact(asKw, her, {
    kind: 'one_to_one',
    happenedOn: today,
    notes: 'A note for the page walk',
    restricted: false,
    nextContactOn: null,
  });
  const tomorrow = new Date(Date.now() + 86_400_000);
  tomorrow.setUTCHours(10, 0, 0, 0);
  await t.services.casework.createSession(asManager, {
    place: 'Walk Hall',
    startsAt: tomorrow,
    endsAt: new Date(tomorrow.getTime() + 2 * 3_600_000),
    capacity: 10,
  });
  await t.services.casework.addGoal(asKw, her, { goal: 'Find work in care', domains: ['employment'] });
  const template = await t.services.casework.templateForNew(asKw, her);
  await t.services.casework.addAssessment(asKw, her, template.id, {
    needs: { english: { level: 'some', note: null } },
    strengths: null,
    scores: Object.fromEntries(scales.map((s) => [s, 5])) as never,
  });
  await seedDemoDirectory(t.database.db, t.services.audit, { count: 3, owners: [harbour] });
  // Finished: a running job's page refreshes itself (a meta refresh axe fails; see the report).
  await t.database.pool.query(
    `insert into directory_import_job (organisation_id, file_name, status, total, done)
     values ($1, 'feed.json', 'done', 10, 10)`,
    [harbour],
  );
  const managerAgent = await signIn(t, manager);
  const consent = await managerAgent.submit(`/participants/${her}/consent`, {
    purpose: 'share_organisation',
    organisationId: partner,
    given: 'yes',
    method: 'verbal',
  });
  expect(consent.statusCode).toBe(302);
  const referral = await managerAgent.submit(`/participants/${her}/referrals/new?serviceId=${theirs.id}`, {
    serviceId: theirs.id,
    sections: ['names'],
    note: 'Wants help with a CV',
  });
  expect([302, 303]).toContain(referral.statusCode);

  const token = await t.services.accounts.issuePasswordToken(kw.id, 'reset', null);
  const seeds = [
    `/participants/${her}`,
    `/participants/${her}/contacts`,
    `/participants/${her}/assessments`,
    `/participants/${her}/plan`,
    `/participants/${her}/referrals`,
    `/contacts/${contact}/history`,
    `/set-password/${token}`,
    `/find-support/services/${own.id}`,
    `/directory/services/${own.id}`,
  ];
  // As the headers walk: the demo's mentor pair page (refused to other roles, which still renders a
  // page), an end survey's single-use link, and a woman put forward to a job with her CV.
  const { rows: pairs } = await t.database.pool.query<{ id: string; organisation_id: string }>(
    "select id, organisation_id from mentoring_pairs where status = 'published' limit 1",
  );
  if (pairs[0]) {
    const survey = 'page-walk-survey-token-00001';
    await t.database.pool.query(
      `insert into mentoring_survey_links (organisation_id, pair_id, respondent, survey, token_hash, expires_at)
       values ($1, $2, 'mentee', 'mentee_end', encode(sha256(convert_to($3, 'utf8')), 'hex'), now() + interval '1 day')`,
      [pairs[0].organisation_id, pairs[0].id, survey],
    );
    // The manager's page of the pair too: the cohort page the walk opens first may have none.
    seeds.push(`/mentor/pairs/${pairs[0].id}`, `/mentoring/pairs/${pairs[0].id}`, `/survey/${survey}`);
  }
  // Her ONS wellbeing questions' single-use link (a GET does not spend it).
  const wellbeing = 'page-walk-wellbeing-token-01';
  await t.database.pool.query(
    `insert into outcome_wellbeing_links (participant_id, organisation_id, token_hash, expires_at)
     values ($1, $2, encode(sha256(convert_to($3, 'utf8')), 'hex'), now() + interval '1 day')`,
    [her, harbour, wellbeing],
  );
  seeds.push(`/participants/${her}/outcomes`, `/wellbeing/${wellbeing}`);
  // A leader's subject access download: linked from the reverse cohort's page, which the walk may
  // not open (it opens one cohort page of each pattern).
  const { rows: leaders } = await t.database.pool.query<{ id: string }>(
    'select id from mentoring_leaders where organisation_id = $1 and erased_at is null limit 1',
    [harbour],
  );
  if (leaders[0]) seeds.push(`/mentoring/leaders/${leaders[0].id}/export.json`);
  const { rows: forward } = await t.database.pool.query<{ id: string; participant_id: string }>(
    'select id, participant_id from employment_put_forwards where organisation_id = $1 limit 1',
    [harbour],
  );
  if (forward[0])
    seeds.push(
      `/put-forwards/${forward[0].id}`,
      `/participants/${forward[0].participant_id}/work/cv.pdf`,
      `/participants/${forward[0].participant_id}/work/cv.rtf`,
    );
  // A draft's edit page: the walk opens one application page, which may be a decided one.
  const { rows: drafts } = await t.database.pool.query<{ id: string }>(
    "select id from bursary_applications where status = 'draft' and organisation_id = $1 limit 1",
    [harbour],
  );
  if (drafts[0]) seeds.push(`/bursaries/applications/${drafts[0].id}/edit`);
  return { harbour, partner, seeds, ownService: own.id };
}

/** The walking users: one of each staff role in Harbour, signed in over HTTP. */
export async function walkers(t: TestApp, harbour: string, roles: readonly Role[]) {
  const out: { role: Role; user: TestUser; agent: Agent }[] = [];
  for (const role of roles) {
    const user = await createUser(t, harbour, role);
    // A leader reaches only the pairing their account is linked to: the walker takes over the
    // demo's paired leader, so their own pages are walked (and not only refused).
    if (role === 'leader')
      await t.database.pool.query(
        `update mentoring_leaders set user_id = $1 where id = (
           select id from mentoring_leaders where organisation_id = $2 and alumna_mentee_id is not null
           order by created_at limit 1)`,
        [user.id, harbour],
      );
    out.push({ role, user, agent: await signIn(t, user) });
  }
  return out;
}

export const getPatterns = (t: TestApp) => [
  ...new Set(t.routes.filter((r) => r.method === 'GET').map((r) => r.url)),
];

/** The registered pattern a path belongs to; a static segment wins over a parameter. */
export function patternOf(path: string, patterns: string[]): string | undefined {
  const matches = patterns.filter((p) => {
    const re = p
      .replace(/[.]/g, '\\.')
      .replace(/:[^/.]+/g, '[^/]+')
      .replace(/\*$/, '.*');
    return new RegExp(`^${re}$`).test(path);
  });
  const weight = (p: string) => (p.match(/:|\*/g) ?? []).length;
  return matches.sort((a, b) => weight(a) - weight(b))[0];
}

/** Same-origin links of a page, without fragments or language switches. */
function linksIn(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/(?:href|action)="(\/(?!\/)[^"]*)"/g)) {
    const url = m[1]!.replace(/&amp;/g, '&').split('#')[0]!;
    if (!/[?&]lang=/.test(url)) out.push(url);
  }
  return out;
}

const isHtml = (res: LightMyRequestResponse) => String(res.headers['content-type']).startsWith('text/html');

export interface WalkedPage {
  pattern: string;
  url: string;
  html: string;
}

/**
 * Visits every GET pattern once as this agent (seeds and routes without parameters first, then
 * the links each page shows) and returns the HTML pages it could open (status 200).
 */
export async function walkPages(
  t: TestApp,
  agent: Agent,
  seeds: string[],
  headers: Record<string, string> = {},
): Promise<{ pages: WalkedPage[]; seen: Set<string> }> {
  const patterns = getPatterns(t);
  const seen = new Set<string>();
  const pages: WalkedPage[] = [];
  const queue = [...seeds, ...patterns.filter((p) => !/[:*]/.test(p))];
  for (let requests = 0; queue.length && requests < 2000; ) {
    const url = queue.shift()!;
    const pattern = patternOf(url.split('?')[0]!, patterns);
    if (!pattern || seen.has(pattern) || pattern in notWalked) continue;
    const res = await agent.get(url, headers);
    requests++;
    if (res.statusCode === 404 && /[:*]/.test(pattern)) continue;
    seen.add(pattern);
    if (!isHtml(res)) continue;
    if (res.statusCode === 200) pages.push({ pattern, url, html: res.body });
    queue.push(...linksIn(res.body));
  }
  return { pages, seen };
}

/** GET patterns no walker reached: each needs a link from a walked page or a seed in seedWalkScenario. */
export function patternsMissed(t: TestApp, seen: Iterable<string>): string[] {
  const done = new Set(seen);
  return getPatterns(t).filter((p) => !done.has(p) && !(p in notWalked) && !p.startsWith('/api/'));
}
