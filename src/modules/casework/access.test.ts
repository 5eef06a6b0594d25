import { beforeAll, describe, expect, it } from 'vitest';
import { createUser, type TestUser, walkInForm } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { type Role, roles } from '../../platform/auth/schema.ts';
import { scales } from './schema.ts';

/**
 * The authorisation matrix: every casework route, for every role, in her own organisation and in an
 * unrelated one. Nothing about her (name, notes, restricted entries, goals, strengths, referral) may
 * appear in a response the role should not get, and refused changes change nothing.
 */
const {
  t,
  org,
  as: signedIn,
} = useScenario({
  organisations: { own: 'Own Organisation', other: 'Unrelated Organisation', partner: 'Receiving Partner' },
});
let author: TestUser;
const users = new Map<string, TestUser>();
const ids: Record<string, string> = {};
const secrets = {
  name: 'Zainab-Matrixname',
  note: 'Matrix-ordinary-note',
  restricted: 'Matrix-restricted-disclosure',
  goal: 'Matrix-goal-in-her-words',
  strengths: 'Matrix-strengths-text',
  referral: 'Matrix-referral-note',
  place: 'Matrix-drop-in-place',
};

const key = (role: Role, where: 'own' | 'other') => `${role}:${where}`;

beforeAll(async () => {
  const { own, other, partner } = org;
  author = await createUser(t, own, 'key_worker');
  for (const role of roles)
    for (const where of ['own', 'other'] as const)
      users.set(key(role, where), await createUser(t, where === 'own' ? own : other, role));
  const actor = { userId: author.id, organisationId: own, role: 'key_worker' as const };
  const p = t.services.participants;
  const c = t.services.casework;
  ids.p = await p.quickRegister(actor, walkInForm(secrets.name));
  await p.assignKeyWorker(actor, ids.p, author.id);
  const contact = { kind: 'phone' as const, happenedOn: '2026-01-05', nextContactOn: null };
  ids.contact = await c.addContact(actor, ids.p, { ...contact, notes: secrets.note, restricted: false });
  ids.restricted = await c.addContact(actor, ids.p, {
    ...contact,
    notes: secrets.restricted,
    restricted: true,
  });
  const template = await c.templateForNew(actor, ids.p);
  ids.assessment = await c.addAssessment(actor, ids.p, template.id, {
    needs: { english: { level: 'some', note: null } },
    strengths: secrets.strengths,
    scores: Object.fromEntries(scales.map((s) => [s, 5])) as never,
  });
  ids.goal = await c.addGoal(actor, ids.p, { goal: secrets.goal, domains: ['english'] });
  await c.addStep(actor, ids.goal, { step: 'Matrix-step', owner: 'her', dueOn: null });
  const [step] = (
    await t.database.pool.query('select id from casework_plan_steps where goal_id = $1', [ids.goal])
  ).rows;
  ids.step = step.id;
  await p.recordConsent(actor, ids.p, {
    purpose: 'share_organisation',
    organisationId: partner,
    given: true,
    method: 'verbal',
  });
  const svc = await t.services.directory.createService(
    { userId: author.id, organisationId: partner, role: 'manager' },
    { name: 'Matrix Partner Service', description: 'Help' },
  );
  ids.referral = (
    await c.createReferral(actor, ids.p, {
      serviceId: svc.id,
      sections: ['names'],
      note: secrets.referral,
      agreed: false,
    })
  ).id;
  ids.session = await c.createSession(actor, {
    place: secrets.place,
    startsAt: new Date('2026-02-01T10:00:00Z'),
    endsAt: new Date('2099-02-01T12:00:00Z'),
    capacity: 10,
  });
  await c.attend(actor, ids.session, ids.p);
}, 120_000);

const as = (k: string) => signedIn(users.get(k)!);

const gets = () => [
  `/participants/${ids.p}/contacts`,
  `/participants/${ids.p}/contacts/new`,
  `/contacts/${ids.contact}/edit`,
  `/contacts/${ids.contact}/history`,
  `/contacts/${ids.restricted}/edit`,
  `/contacts/${ids.restricted}/history`,
  `/participants/${ids.p}/assessments`,
  `/participants/${ids.p}/assessments/new`,
  `/assessments/${ids.assessment}`,
  `/participants/${ids.p}/plan`,
  `/participants/${ids.p}/plan/print`,
  `/participants/${ids.p}/plan/goals/new`,
  `/plan/goals/${ids.goal}/steps/new`,
  `/plan/goals/${ids.goal}/progress`,
  `/participants/${ids.p}/referrals`,
  `/participants/${ids.p}/referrals/new`,
  `/referrals/inbox`,
  `/referrals/inbox?show=all`,
  `/referrals/${ids.referral}`,
  `/referrals/${ids.referral}/summary`,
  `/drop-ins`,
  `/drop-ins/new`,
  `/drop-ins/${ids.session}`,
  `/drop-ins/${ids.session}?q=Zainab`,
];

const posts = () =>
  [
    [
      `/participants/${ids.p}/contacts/new`,
      { kind: 'phone', 'happenedOn-day': '1', 'happenedOn-month': '1', 'happenedOn-year': '2026' },
    ],
    [
      `/contacts/${ids.contact}/edit`,
      {
        kind: 'group',
        'happenedOn-day': '1',
        'happenedOn-month': '1',
        'happenedOn-year': '2026',
        notes: 'x',
      },
    ],
    [
      `/contacts/${ids.restricted}/edit`,
      {
        kind: 'group',
        'happenedOn-day': '1',
        'happenedOn-month': '1',
        'happenedOn-year': '2026',
        notes: 'x',
      },
    ],
    [`/participants/${ids.p}/assessments/new`, Object.fromEntries(scales.map((s) => [`scale-${s}`, '3']))],
    [`/participants/${ids.p}/plan/goals/new`, { goal: 'Injected goal' }],
    [`/plan/goals/${ids.goal}/steps/new`, { step: 'Injected step', owner: 'her' }],
    [`/plan/steps/${ids.step}/done`, {}],
    [`/plan/goals/${ids.goal}/progress`, { status: 'achieved', done: ids.step! }],
    [`/participants/${ids.p}/plan/review`, {}],
    [`/participants/${ids.p}/referrals/new`, { serviceId: ids.referral!, sections: 'names', agreed: 'yes' }],
    [`/referrals/${ids.referral}/status`, { to: 'withdrawn' }],
  ] as [string, Record<string, string>][];

/** What each role may see: 'all' (every secret allowed but restricted), 'manager' (also restricted), 'none'. */
function expectation(role: Role, where: 'own' | 'other') {
  if (where === 'own' && role === 'manager') return 'manager';
  if (where === 'own' && role === 'key_worker') return 'keyWorker';
  return 'none';
}

async function rowCounts() {
  const q = await t.database.pool.query(`select
    (select count(*) from casework_contacts) c, (select count(*) from casework_contact_versions) v,
    (select count(*) from casework_assessments) a, (select count(*) from casework_plan_goals) g,
    (select count(*) from casework_plan_steps where done_at is null) s,
    (select count(*) from casework_plan_goals where status = 'open') gs, (select count(*) from casework_plan_reviews) r,
    (select count(*) from casework_referrals where status = 'sent') rf, (select count(*) from casework_referrals) rt,
    (select count(*) from casework_drop_in_sessions) ds, (select count(*) from casework_drop_in_attendance) da,
    (select count(*) from participants) p`);
  return q.rows[0];
}

describe('casework authorisation matrix', () => {
  for (const role of roles)
    for (const where of ['own', 'other'] as const) {
      it(`${role} of ${where === 'own' ? 'her' : 'another'} organisation: GET routes`, async () => {
        const a = await as(key(role, where));
        const kind = expectation(role, where);
        for (const url of gets()) {
          const res = await a.get(url);
          const body = res.body;
          const restrictedUrl = url.includes(ids.restricted!);
          const ownContactEdit = url.startsWith(`/contacts/${ids.contact}`);
          if (kind === 'none') {
            const ownListing =
              url.startsWith('/referrals/inbox') || url === '/drop-ins' || url === '/drop-ins/new';
            if (ownListing && (role === 'manager' || role === 'key_worker')) {
              expect(res.statusCode, url).toBe(200);
              expect(body).not.toContain(ids.referral!);
            } else {
              expect([403, 404], `${url} ${res.statusCode}`).toContain(res.statusCode);
            }
            for (const s of Object.values(secrets)) expect(body, `${url} leaks ${s}`).not.toContain(s);
            continue;
          }
          // Her organisation: the key worker who did not write an entry may not open or change it.
          if (kind === 'keyWorker' && (restrictedUrl || (ownContactEdit && url.endsWith('/edit')))) {
            expect(res.statusCode, url).toBe(404);
          } else if (kind === 'keyWorker' && ownContactEdit) {
            expect(res.statusCode, url).toBe(200);
          } else {
            expect(res.statusCode, url).toBe(200);
          }
          if (kind === 'keyWorker')
            expect(body, `${url} shows a restricted entry`).not.toContain(secrets.restricted);
        }
        if (kind === 'manager')
          expect((await a.get(`/participants/${ids.p}/contacts`)).body).toContain(secrets.restricted);
        if (kind === 'keyWorker')
          expect((await a.get(`/participants/${ids.p}/contacts`)).body).toContain(secrets.note);
      });

      if (expectation(role, where) === 'none')
        it(`${role} of ${where === 'own' ? 'her' : 'another'} organisation: every change is refused and changes nothing`, async () => {
          const a = await as(key(role, where));
          const home = await a.get('/');
          const token = /data-csrf="([^"]+)"/.exec(home.body)?.[1];
          expect(token).toBeTruthy();
          const before = await rowCounts();
          for (const [url, form] of posts()) {
            // Her own organisation's session list is theirs to add to: not a change to her record.
            if (url === '/drop-ins/new' && (role === 'manager' || role === 'key_worker')) continue;
            const res = await a.post(url, { ...form, _csrf: token! });
            expect([403, 404], `${url} ${res.statusCode}`).toContain(res.statusCode);
            for (const s of Object.values(secrets)) expect(res.body).not.toContain(s);
          }
          expect(await rowCounts()).toEqual(before);
        });
    }
});
