import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, mainOf } from '../../../tests/support/agent.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { importDocuments } from '../directory/import/run.ts';

const { t, org, users, as, actor } = useScenario({
  organisations: { harbour: 'Harbour Women', partner: 'Partner Skills' },
  users: {
    kw: 'key_worker',
    partnerKw: ['key_worker', 'partner'],
    partnerManager: ['manager', 'partner'],
  },
});
const { kw, partnerKw, partnerManager } = users;
let partnerServiceId: string;
const offPlatformServiceId = '5d7a1c1e-8a4b-4c38-9c3e-2f7f6b9e0a11';

/** Registers a woman through the pages; returns her id. */
async function register(a: Agent, name: string): Promise<string> {
  expect(
    (await a.submit('/participants/register', { purposes: ['support'], method: 'verbal' })).statusCode,
  ).toBe(302);
  const done = await a.submit('/participants/register/details', {
    preferredName: name,
    givenName: `${name} Given`,
    familyName: 'Referraltest',
    neverContactAtHome: 'yes',
    contactMethods: ['sms'],
    safeTimes: 'Weekday mornings',
    phone: '07700 900123',
    interpreterNeeded: 'no',
  });
  expect(done.statusCode).toBe(302);
  return String(done.headers.location).split('/').pop()!;
}

async function consentToShare(a: Agent, id: string, organisationId: string, given: boolean) {
  const res = await a.submit(`/participants/${id}/consent`, {
    purpose: 'share_organisation',
    organisationId,
    given: given ? 'yes' : 'no',
    method: 'verbal',
  });
  expect(res.statusCode).toBe(302);
}

async function refer(a: Agent, id: string, serviceId: string, form: Record<string, string | string[]> = {}) {
  return a.submit(`/participants/${id}/referrals/new?serviceId=${serviceId}`, {
    serviceId,
    sections: ['names', 'languages'],
    note: 'Wants help with a CV for care work',
    ...form,
  });
}

beforeAll(async () => {
  const created = await t.services.directory.createService(actor(partnerManager), {
    name: 'Partner Employability Club',
    description: 'CVs and interviews for women',
  });
  partnerServiceId = created.id;
  const report = await importDocuments(
    { db: t.database.db, audit: t.services.audit },
    {
      id: offPlatformServiceId,
      name: 'Riverside Law Centre Advice',
      description: 'Free immigration advice',
      status: 'active',
      organization: {
        id: '6e8b2d2f-9b5c-4d49-8d4f-3a8a7c0f1b22',
        name: 'Riverside Law Centre',
        description: 'Law',
      },
    },
    'off-platform.json',
  );
  expect(report.imported).toBe(1);
});

describe('referrals', () => {
  it('answers a repeated or odd search on the new referral page with the page, not a 500', async () => {
    const a = await as(kw);
    const id = await register(a, 'Query');
    for (const q of [
      'q=a&q=b',
      'serviceId=a&serviceId=b',
      `serviceId=${partnerServiceId}&serviceId=x&q=c&q=d`,
    ]) {
      const res = await a.get(`/participants/${id}/referrals/new?${q}`);
      expect(res.statusCode, q).toBe(200);
    }
  });

  it('without her consent to share, says so up front, records it, and comes back to the referral with the note kept', async () => {
    const a = await as(kw);
    const id = await register(a, 'Amina');
    const referralUrl = `/participants/${id}/referrals/new?serviceId=${partnerServiceId}`;
    const form = await a.get(referralUrl);
    expect(form.body).toContain('She has not agreed to sharing with Partner Skills');
    // The form offers to record her consent instead of a Send that cannot work.
    expect(mainOf(form.body)).toContain('Record her consent, then come back');
    expect(mainOf(form.body)).not.toContain('>\n  Send referral\n</button>');

    // Sending anyway (or choosing to record consent) is never a 403: the note is kept for her.
    const res = await refer(a, id, partnerServiceId, { note: 'Wants help with a CV, evenings only' });
    expect(res.statusCode).toBe(303);
    const consentUrl = String(res.headers.location);
    expect(consentUrl).toMatch(new RegExp(`^/participants/${id}/consent\\?`));
    expect(consentUrl).not.toContain('evenings');
    const list = await a.get(`/participants/${id}/referrals`);
    expect(list.body).toContain('No referrals yet.');

    // The consent page knows what is missing; how she gave it is left for the key worker to say.
    const consentPage = await a.get(consentUrl);
    expect(consentPage.statusCode).toBe(200);
    expect(consentPage.body).toMatch(/value="share_organisation" checked/);
    expect(consentPage.body).toMatch(new RegExp(`value="${org.partner}" selected`));
    expect(consentPage.body).not.toMatch(/name="method" type="radio" value="[a-z]+" checked/);
    // What the browser posts: the chosen purpose and organisation as shown, and her answer.
    const shown = { purpose: 'share_organisation', organisationId: org.partner, given: 'yes' };
    const missingMethod = await a.submit(consentUrl, shown);
    expect(missingMethod.statusCode).toBe(400);
    const recorded = await a.submit(consentUrl, { ...shown, method: 'written' });
    expect(recorded.statusCode).toBe(303);
    expect(String(recorded.headers.location)).toBe(referralUrl);

    const back = await a.get(referralUrl);
    expect(back.body).toContain('Wants help with a CV, evenings only');
    expect(back.body).not.toContain('She has not agreed to sharing');
    const kept = /<textarea[^>]*name="note"[^>]*>([^<]*)</.exec(back.body)![1]!;
    expect(kept).toBe('Wants help with a CV, evenings only');
    expect(back.body).toMatch(/value="languages" checked/);
    const sent = await refer(a, id, partnerServiceId, { note: kept });
    expect(sent.statusCode).toBe(303);
    expect((await a.get(String(sent.headers.location))).body).toContain(
      'Wants help with a CV, evenings only',
    );
  });

  it('the consent page returns only to a referral of hers, never to another address', async () => {
    const a = await as(kw);
    const id = await register(a, 'Amal');
    for (const returnTo of ['https://evil.example/x', '//evil.example', `/participants/${id}/../../admin`]) {
      const page = await a.get(`/participants/${id}/consent?returnTo=${encodeURIComponent(returnTo)}`);
      expect(page.statusCode).toBe(200);
      expect(mainOf(page.body)).not.toContain('evil.example');
      const res = await a.submit(`/participants/${id}/consent?returnTo=${encodeURIComponent(returnTo)}`, {
        purpose: 'contact_email',
        given: 'yes',
        method: 'verbal',
      });
      expect(String(res.headers.location)).toBe(`/participants/${id}`);
    }
  });

  it('sends, is answered in the receiving inbox, shares only the agreed sections, and tracks time to answer', async () => {
    const a = await as(kw);
    const id = await register(a, 'Bisrat');
    // Special-category data the partner must never see.
    await t.services.participants.updateSpecialCategory(actor(kw), id, {
      immigrationStatus: null,
      rightToWorkMethod: null,
      rightToWorkOutcome: null,
      ethnicity: 'Eritrean-Testethnicity',
      religion: null,
      sexuality: null,
      healthNotes: 'Asthma-Testhealth',
      rightToWorkCheckedOn: null,
      rightToWorkRecheckOn: null,
    });
    expect((await a.get(`/participants/${id}`)).body).toContain('Asthma-Testhealth');
    await consentToShare(a, id, org.partner, true);
    const sent = await refer(a, id, partnerServiceId);
    expect(sent.statusCode).toBe(303);
    const referralUrl = String(sent.headers.location);
    const rid = referralUrl.split('/').pop()!;

    // Before accepting, the partner cannot open her record.
    const p = await as(partnerKw);
    expect((await p.get(`/participants/${id}`)).statusCode).toBe(404);
    const inbox = await p.get('/referrals/inbox');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain('Partner Employability Club');
    expect(inbox.body).toContain('Harbour Women');
    expect(inbox.body).toContain(rid);
    expect(inbox.body).not.toContain('Bisrat');

    const accept = await p.submit(referralUrl, { to: 'accepted', reason: '' });
    expect(accept.statusCode).toBe(303);
    const shared = await p.get(`/participants/${id}`);
    expect(shared.statusCode).toBe(200);
    expect(shared.body).toContain('Bisrat Given');
    // Not shared: contact details, special category.
    expect(shared.body).not.toContain('07700 900123');
    expect(shared.body).not.toContain('Asthma-Testhealth');
    expect(shared.body).not.toContain('Eritrean-Testethnicity');
    // Her casework is never shared.
    expect((await p.get(`/participants/${id}/referrals`)).statusCode).toBe(404);

    const inboxAfter = await p.get('/referrals/inbox');
    expect(inboxAfter.body).not.toContain(rid);
    const detail = await a.get(referralUrl);
    expect(detail.body).toContain('Accepted');
    expect(detail.body).toMatch(/\d+(\.\d)? hours/);

    // Lifecycle: attended, completed; completing ends the share.
    expect((await p.submit(referralUrl, { to: 'attended' })).statusCode).toBe(303);
    expect((await p.submit(referralUrl, { to: 'completed' })).statusCode).toBe(303);
    const history = await p.get(referralUrl);
    for (const s of ['Sent', 'Accepted', 'Attended', 'Completed']) expect(history.body).toContain(`>${s}<`);
    expect((await p.get(`/participants/${id}`)).statusCode).toBe(404);
    // No more moves once completed.
    const token = /name="_csrf" value="([^"]+)"/.exec(mainOf(history.body));
    expect(token).toBeNull();
  });

  it('lets the receiving organisation decline, and the referrer cannot answer for it', async () => {
    const a = await as(kw);
    const id = await register(a, 'Chiamaka');
    await consentToShare(a, id, org.partner, true);
    const url = String((await refer(a, id, partnerServiceId)).headers.location);
    const page = await a.get(url);
    expect(page.body).toContain('Withdraw referral');
    expect(page.body).not.toContain('>Accept<');
    const rid = url.split('/').pop()!;
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    expect((await a.post(`/referrals/${rid}/status`, { to: 'accepted', _csrf: token })).statusCode).toBe(403);
    const m = await as(partnerManager);
    expect((await m.submit(url, { to: 'declined', reason: 'Course full' })).statusCode).toBe(303);
    expect((await a.get(url)).body).toContain('Course full');
    expect((await m.get(`/participants/${id}`)).statusCode).toBe(404);
  });

  it('withdrawing sharing consent stops a pending referral and ends the share', async () => {
    const a = await as(kw);
    const pending = await register(a, 'Dalia');
    await consentToShare(a, pending, org.partner, true);
    const url1 = String((await refer(a, pending, partnerServiceId)).headers.location);
    const accepted = await register(a, 'Esi');
    await consentToShare(a, accepted, org.partner, true);
    const url2 = String((await refer(a, accepted, partnerServiceId)).headers.location);
    const p = await as(partnerKw);
    await p.submit(url2, { to: 'accepted' });
    expect((await p.get(`/participants/${accepted}`)).statusCode).toBe(200);

    await consentToShare(a, pending, org.partner, false);
    await consentToShare(a, accepted, org.partner, false);
    for (const url of [url1, url2]) {
      const page = await a.get(url);
      expect(page.body).toContain('Withdrawn');
      expect(page.body).toContain('She withdrew consent to sharing');
    }
    expect((await p.get(`/participants/${accepted}`)).statusCode).toBe(404);
    expect((await p.get('/referrals/inbox')).body).not.toContain(url1.split('/').pop()!);
    const events = await t.services.audit.list({ action: 'referral.withdrawn' });
    expect(events.length).toBeGreaterThanOrEqual(2);
  });

  it('for a service not on the platform: needs her agreement, gives a printable summary of the agreed sections', async () => {
    const a = await as(kw);
    const id = await register(a, 'Fatou');
    const form = await a.get(`/participants/${id}/referrals/new?serviceId=${offPlatformServiceId}`);
    expect(form.body).toContain('does not use Wayfinder');
    const refused = await refer(a, id, offPlatformServiceId);
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain('Confirm that she agrees to this referral');
    expect(refused.body).toContain('Wants help with a CV for care work');
    const sent = await refer(a, id, offPlatformServiceId, { agreed: 'yes', sections: ['names'] });
    expect(sent.statusCode).toBe(303);
    const url = String(sent.headers.location);
    const summary = await a.get(`${url}/summary`);
    expect(summary.statusCode).toBe(200);
    expect(summary.body).toContain('Riverside Law Centre Advice');
    expect(summary.body).toContain('Fatou Given');
    expect(summary.body).not.toContain('07700 900123');
    // Whom to call back, and what anyone meeting her must know, whatever sections were shared.
    const printed = summary.body.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
    expect(printed).toContain(`Referred by Test key_worker, `);
    expect(printed).toContain(`To reach the referrer ${kw.email}`);
    expect(printed).toMatch(/Interpreter She (needs an interpreter|does not need an interpreter)/);
    expect(printed).toContain('Contacting her safely');
    // The referrer records the answer itself.
    expect((await a.submit(url, { to: 'accepted' })).statusCode).toBe(303);
    expect((await a.get(`/participants/${id}/referrals`)).body).toContain('Accepted');
  });

  it('shows referrals waiting for an answer on the caseload', async () => {
    const a = await as(kw);
    const page = await a.get('/caseload');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Referrals waiting');
  });
});
