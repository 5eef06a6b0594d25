import { beforeAll, describe, expect, it } from 'vitest';
import type { Agent } from '../../../tests/support/agent.ts';
import { createUser, type TestUser } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { type Role, roles } from '../../platform/auth/schema.ts';

/**
 * The authorisation matrix: every route of the module, for every role, in the owning organisation
 * and in another one; and no special-category value in any page shown to someone without the right.
 */
const { t, org, as, actor } = useScenario({
  organisations: { own: 'Owning organisation', other: 'Other organisation' },
});
let participantId: string;
let qualificationId: string;
const people = new Map<string, { user: TestUser; agent: Agent; token: string }>();

// Values only the special-category section holds: none may reach anyone without the right to see it.
const secrets = [
  'SecretEthnicityMarker',
  'SecretReligionMarker',
  'SecretHealthMarker',
  'Humanitarian protection',
];

type Scope = 'any' | 'record' | 'special' | 'erase';
interface Route {
  method: 'GET' | 'POST';
  path: () => string;
  scope: Scope;
  /** Status for someone allowed (200 for pages; 400 for the deliberately invalid form posted). */
  ok: number;
  form?: Record<string, string>;
}

const p =
  (suffix = '') =>
  () =>
    `/participants/${participantId}${suffix}`;
const sections = ['names', 'contact', 'languages', 'circumstances', 'aspirations'];
const invalidSectionForm: Record<string, Record<string, string>> = {
  names: { preferredName: '' },
  contact: { neverContactAtHome: '' },
  languages: { interpreterNeeded: '' },
  circumstances: { schoolHoursOnly: '' },
  aspirations: { aspirations: 'x'.repeat(3000) },
};
const routes: Route[] = [
  { method: 'GET', path: () => '/caseload', scope: 'any', ok: 200 },
  { method: 'GET', path: () => '/participants/search?q=Matrix', scope: 'any', ok: 200 },
  { method: 'GET', path: () => '/participants/register', scope: 'any', ok: 200 },
  { method: 'POST', path: () => '/participants/register', scope: 'any', ok: 400, form: {} },
  { method: 'GET', path: () => '/participants/register/details', scope: 'any', ok: 302 },
  { method: 'POST', path: () => '/participants/register/details', scope: 'any', ok: 302, form: {} },
  { method: 'GET', path: () => '/participants/quick', scope: 'any', ok: 200 },
  { method: 'POST', path: () => '/participants/quick', scope: 'any', ok: 400, form: {} },
  { method: 'GET', path: p(), scope: 'record', ok: 200 },
  ...sections.flatMap((s): Route[] => [
    { method: 'GET', path: p(`/edit/${s}`), scope: 'record', ok: 200 },
    { method: 'POST', path: p(`/edit/${s}`), scope: 'record', ok: 400, form: invalidSectionForm[s] },
  ]),
  { method: 'GET', path: p('/edit/special'), scope: 'special', ok: 200 },
  {
    method: 'POST',
    path: p('/edit/special'),
    scope: 'special',
    ok: 400,
    form: { 'rightToWorkCheckedOn-day': '99' },
  },
  { method: 'GET', path: p('/qualifications/new'), scope: 'record', ok: 200 },
  { method: 'POST', path: p('/qualifications/new'), scope: 'record', ok: 400, form: {} },
  { method: 'GET', path: p('/work-history/new'), scope: 'record', ok: 200 },
  { method: 'POST', path: p('/work-history/new'), scope: 'record', ok: 400, form: {} },
  { method: 'GET', path: p('/status/paused'), scope: 'record', ok: 200 },
  { method: 'POST', path: p('/status/paused'), scope: 'record', ok: 400, form: {} },
  { method: 'GET', path: p('/key-worker'), scope: 'record', ok: 200 },
  { method: 'POST', path: p('/key-worker'), scope: 'record', ok: 400, form: {} },
  { method: 'GET', path: p('/consent'), scope: 'record', ok: 200 },
  { method: 'POST', path: p('/consent'), scope: 'record', ok: 400, form: {} },
  { method: 'GET', path: p('/export.json'), scope: 'special', ok: 200 },
  { method: 'GET', path: p('/export.pdf'), scope: 'special', ok: 200 },
  { method: 'GET', path: p('/erase'), scope: 'erase', ok: 200 },
];

const casework: readonly Role[] = ['manager', 'key_worker'];
/** Who: a role in the owning organisation ('own'), another organisation ('other'), or her organisation's other key worker. */
type Who = { role: Role; org: 'own' | 'other' } | { role: 'key_worker'; org: 'own'; notHers: true };
const whoKey = (w: Who) => `${w.role}:${w.org}${'notHers' in w ? ':not-hers' : ''}`;

function expected(route: Route, who: Who): number {
  if (!casework.includes(who.role)) return 403;
  if (route.scope === 'any') return route.ok;
  if (route.scope === 'erase') return who.role !== 'manager' ? 403 : who.org === 'own' ? route.ok : 404;
  if (who.org === 'other') return 404;
  if (route.scope === 'special' && 'notHers' in who) return 403;
  return route.ok;
}

/** Allowed to see special-category data: her key worker and her organisation's managers. */
const maySeeSpecial = (who: Who) => who.org === 'own' && casework.includes(who.role) && !('notHers' in who);

const everyone: Who[] = [
  ...roles.flatMap((role): Who[] => [
    { role, org: 'own' },
    { role, org: 'other' },
  ]),
  { role: 'key_worker', org: 'own', notHers: true },
];

beforeAll(async () => {
  for (const who of everyone) {
    const user = await createUser(t, org[who.org], who.role);
    const agent = await as(user);
    const home = await agent.get('/');
    const token = /data-csrf="([^"]+)"/.exec(home.body)?.[1];
    if (!token) throw new Error('no CSRF token on the home page');
    people.set(whoKey(who), { user, agent, token });
  }
  const kw = people.get('key_worker:own')!.user;
  const svc = t.services.participants;
  participantId = await svc.register(actor(kw), {
    consent: { purposes: ['support'], method: 'verbal' },
    names: {
      preferredName: 'Matrix Miriam',
      givenName: 'Miriam',
      familyName: 'Matrix',
      dateOfBirth: '1991-01-01',
    },
    contact: {
      contactMethods: ['sms'],
      safeTimes: 'Mornings',
      neverContactAtHome: true,
      phone: '07700 900111',
      email: null,
    },
    languages: {
      languages: ['Tigrinya'],
      interpreterNeeded: true,
      interpreterLanguage: 'Tigrinya',
      englishLevel: 'a2',
    },
  });
  await svc.updateSpecialCategory(actor(kw), participantId, {
    immigrationStatus: 'humanitarian_protection',
    rightToWorkCheckedOn: null,
    rightToWorkMethod: null,
    rightToWorkOutcome: null,
    rightToWorkRecheckOn: null,
    ethnicity: 'SecretEthnicityMarker',
    religion: 'SecretReligionMarker',
    sexuality: null,
    healthNotes: 'SecretHealthMarker',
  });
  qualificationId = await svc.addQualification(actor(kw), participantId, {
    title: 'Matrix certificate',
    subject: null,
    overseas: false,
    country: null,
    yearAwarded: null,
    enicLevel: null,
  });
}, 120_000);

async function call(who: Who, route: Route) {
  const { agent, token } = people.get(whoKey(who))!;
  const url = route.path();
  return route.method === 'GET' ? agent.get(url) : agent.post(url, { ...route.form, _csrf: token });
}

describe('authorisation matrix', () => {
  for (const route of routes) {
    // Named before her record exists: the path shows ':id'.
    it(`${route.method} ${route.path().replace('undefined', ':id')}`, async () => {
      const got: Record<string, number> = {};
      const want: Record<string, number> = {};
      for (const who of everyone) {
        const res = await call(who, route);
        got[whoKey(who)] = res.statusCode;
        want[whoKey(who)] = expected(route, who);
        if (!maySeeSpecial(who)) {
          const body = res.rawPayload.toString('latin1');
          for (const s of secrets)
            expect(body, `${whoKey(who)} ${route.method} ${route.path()}`).not.toContain(s);
        }
      }
      expect({ route: `${route.method} ${route.path()}`, got }).toEqual({
        route: `${route.method} ${route.path()}`,
        got: want,
      });
    });
  }

  it('the record page shows special-category data to her key worker and managers only', async () => {
    for (const who of everyone.filter((w) => casework.includes(w.role) && w.org === 'own')) {
      const res = await call(who, { method: 'GET', path: p(), scope: 'record', ok: 200 });
      if (maySeeSpecial(who)) expect(res.body).toContain('SecretHealthMarker');
      else expect(res.body).not.toContain('SecretHealthMarker');
    }
  });

  it('refuses removal and erasure to everyone outside the rule, then allows her organisation', async () => {
    const remove: Route = {
      method: 'POST',
      path: p(`/qualifications/${qualificationId}/remove`),
      scope: 'record',
      ok: 302,
      form: {},
    };
    const erase: Route = { method: 'POST', path: p('/erase'), scope: 'erase', ok: 302, form: {} };
    for (const route of [remove, erase]) {
      for (const who of everyone) {
        const want = expected(route, who);
        if (want === route.ok) continue;
        expect((await call(who, route)).statusCode, `${whoKey(who)} ${route.path()}`).toBe(want);
      }
    }
    expect(
      (await t.services.participants.view(actor(people.get('manager:own')!.user), participantId))
        .qualifications,
    ).toHaveLength(1);
    expect((await call({ role: 'key_worker', org: 'own' }, remove)).statusCode).toBe(302);
    expect((await call({ role: 'manager', org: 'own' }, erase)).statusCode).toBe(302);
    expect(
      (await call({ role: 'manager', org: 'own' }, { method: 'GET', path: p(), scope: 'record', ok: 200 }))
        .statusCode,
    ).toBe(404);
  });

  it('audits every view of her record', async () => {
    const events = await t.services.audit.list({
      recordId: participantId,
      action: 'participant.viewed',
      limit: 500,
    });
    const viewers = new Set(events.map((e) => e.actorUserId));
    expect(viewers.has(people.get('key_worker:own')!.user.id)).toBe(true);
    expect(viewers.has(people.get('manager:own')!.user.id)).toBe(true);
    expect(viewers.has(people.get('key_worker:other')!.user.id)).toBe(false);
  });
});

describe('sharing with a partner organisation through a referral', () => {
  it('shows the partner only the shared sections, never special-category data, and nothing once revoked', async () => {
    const kw = people.get('key_worker:own')!.user;
    const svc = t.services.participants;
    const id = await svc.register(actor(kw), {
      consent: { purposes: ['support'], method: 'verbal' },
      names: {
        preferredName: 'Shared Saba',
        givenName: 'Saba',
        familyName: 'SharedFamily',
        dateOfBirth: '1990-05-05',
      },
      contact: {
        contactMethods: ['sms'],
        safeTimes: 'Evenings',
        neverContactAtHome: true,
        phone: '07700 900222',
        email: null,
      },
      languages: {
        languages: ['Dari'],
        interpreterNeeded: true,
        interpreterLanguage: 'Dari',
        englishLevel: 'pre_entry',
      },
    });
    await svc.updateSpecialCategory(actor(kw), id, {
      immigrationStatus: 'asylum_seeker',
      rightToWorkCheckedOn: null,
      rightToWorkMethod: null,
      rightToWorkOutcome: null,
      rightToWorkRecheckOn: null,
      ethnicity: 'SecretEthnicityMarker',
      religion: null,
      sexuality: null,
      healthNotes: null,
    });
    await svc.recordConsent(actor(kw), id, {
      purpose: 'share_organisation',
      organisationId: org.other,
      given: true,
      method: 'written',
    });
    const partner = people.get('key_worker:other')!;
    const referralId = '00000000-0000-4000-8000-000000000001';
    // The partner accepts a referral: casework grants the share in its transaction.
    await t.database.db.transaction((tx) =>
      svc.grantShare(tx, actor(partner.user), {
        participantId: id,
        organisationId: org.other,
        sections: ['languages', 'contact'],
        sourceReferralId: referralId,
      }),
    );
    const page = await partner.agent.get(`/participants/${id}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Shared Saba');
    expect(page.body).toContain('Dari');
    expect(page.body).toContain('Never contact her at home.');
    expect(page.body).not.toContain('SharedFamily');
    expect(page.body).not.toContain('SecretEthnicityMarker');
    expect(page.body).not.toContain('Asylum seeker');
    expect(page.body).not.toContain(`/participants/${id}/edit/`);
    for (const path of ['/edit/languages', '/export.json', '/consent', '/key-worker'])
      expect((await partner.agent.get(`/participants/${id}${path}`)).statusCode, path).toBe(404);
    // A mentor or commissioner of the partner still sees nothing.
    expect((await people.get('commissioner:other')!.agent.get(`/participants/${id}`)).statusCode).toBe(403);

    // The referral ends: the share is revoked and the partner loses sight of her at once.
    await t.database.db.transaction((tx) =>
      svc.revokeShares(
        tx,
        actor(partner.user),
        { participantId: id, sourceReferralId: referralId },
        'referral-completed',
      ),
    );
    expect((await partner.agent.get(`/participants/${id}`)).statusCode).toBe(404);
  });
});
