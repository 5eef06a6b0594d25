import { beforeAll, describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { expectPage } from '../../../tests/support/expect.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

/** Issue 12 point 8: the referrer hears the answer; a decline gives a reason; no second referral unawares. */
const { t, org, users, as, actor, smtp } = useScenario({
  organisations: { harbour: 'Harbour Women', partner: 'Partner Skills' },
  users: {
    kw: 'key_worker',
    kw2: 'key_worker',
    partnerKw: ['key_worker', 'partner'],
    partnerManager: ['manager', 'partner'],
  },
  smtp: {},
});
const { kw, kw2, partnerKw, partnerManager } = users;
let serviceId: string;

async function referHer(name: string) {
  const id = await registerWalkIn(t, kw, name);
  await t.services.participants.recordConsent(actor(kw), id, {
    purpose: 'share_organisation',
    organisationId: org.partner,
    given: true,
    method: 'verbal',
  });
  const a = await as(kw);
  const sent = await a.submit(`/participants/${id}/referrals/new?serviceId=${serviceId}`, {
    serviceId,
    sections: ['names'],
    note: 'Wants help with a CV',
  });
  expect(sent.statusCode).toBe(303);
  return { id, url: String(sent.headers.location) };
}

beforeAll(async () => {
  serviceId = (
    await t.services.directory.createService(actor(partnerManager), {
      name: 'Partner Employability Club',
      description: 'CVs and interviews for women',
    })
  ).id;
});

describe('referral outcomes', () => {
  it('tells the referring key worker when a referral is accepted: a notice on her caseload and an email with only a link', async () => {
    const { url } = await referHer('Outcome-Aziza');
    const p = await as(partnerKw);
    expect((await p.submit(url, { to: 'accepted', reason: '' })).statusCode).toBe(303);

    const a = await as(kw);
    const caseload = await a.get('/caseload');
    expectPage(caseload, 200, 'Partner Employability Club', 'accepted');
    expect(caseload.body).toContain(`href="${url}"`);
    // Another key worker of the same organisation gets no notice.
    const other = await (await as(kw2)).get('/caseload');
    expect(other.body).not.toContain(`href="${url}"`);

    const mail = smtp.lastTo(kw.email);
    expect(mail).toBeDefined();
    expect(mail!.text).toContain(url);
    // No personal data: not her name, not the service, not the note.
    expect(mail!.text).not.toContain('Outcome-Aziza');
    expect(mail!.subject).not.toContain('Outcome-Aziza');
    expect(mail!.text).not.toContain('Wants help with a CV');

    // Seen once opened: the notice goes.
    await a.get(url);
    expect((await a.get('/caseload')).body).not.toContain(`href="${url}"`);
  });

  it('a decline needs a reason, which the referrer is told', async () => {
    const { url } = await referHer('Outcome-Bahar');
    const m = await as(partnerManager);
    const refused = await m.submit(url, { to: 'declined', reason: '  ' });
    expectPage(refused, 400, 'Give the reason for declining');
    expect((await m.get(url)).body).toContain('Accept');
    expect(smtp.lastTo(kw.email)?.text ?? '').not.toContain(url);

    expect((await m.submit(url, { to: 'declined', reason: 'Course full until spring' })).statusCode).toBe(
      303,
    );
    const a = await as(kw);
    const caseload = await a.get('/caseload');
    expect(caseload.body).toContain(`href="${url}"`);
    expect(caseload.body).toContain('declined');
    expect(smtp.lastTo(kw.email)!.text).toContain(url);
    expect((await a.get(url)).body).toContain('Course full until spring');
  });

  it('warns before a second referral to a service that already accepted her', async () => {
    const { id, url } = await referHer('Outcome-Chinwe');
    await (await as(partnerKw)).submit(url, { to: 'accepted' });
    const a = await as(kw);
    const form = await a.get(`/participants/${id}/referrals/new?serviceId=${serviceId}`);
    expect(form.body).toContain('Partner Employability Club has already accepted her');
    const again = await a.submit(`/participants/${id}/referrals/new?serviceId=${serviceId}`, {
      serviceId,
      sections: ['names'],
      note: 'A second try',
    });
    expectPage(again, 400, 'Confirm that you want to refer her again', 'A second try');
    const { rows } = await t.database.pool.query(
      'select count(*)::int as n from casework_referrals where participant_id = $1',
      [id],
    );
    expect(rows[0].n).toBe(1);
    const confirmed = await a.submit(`/participants/${id}/referrals/new?serviceId=${serviceId}`, {
      serviceId,
      sections: ['names'],
      note: 'A second try',
      again: 'yes',
    });
    expect(confirmed.statusCode).toBe(303);
  });
});
