import { describe, expect, it } from 'vitest';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, actor } = useScenario({
  organisations: { own: 'Own', partner: 'Partner' },
  users: { kw: 'key_worker', manager: 'manager', employer: 'employer', partnerKw: ['key_worker', 'partner'] },
});

const registration = (name: string) => ({
  consent: { purposes: ['support'] as 'support'[], method: 'verbal' as const },
  names: { preferredName: name, givenName: name, familyName: 'Bulk-Test', dateOfBirth: '1990-04-12' },
  contact: {
    contactMethods: ['sms' as const],
    safeTimes: '',
    neverContactAtHome: false,
    phone: '07700 900123',
    email: null,
  },
  languages: {
    languages: ['Arabic'],
    interpreterNeeded: false,
    interpreterLanguage: null,
    englishLevel: 'entry_2' as const,
  },
});

/** Registers her and answers the matching consent (undefined: never asked). */
async function woman(name: string, matching: boolean | undefined, who: 'kw' | 'partnerKw' = 'kw') {
  const svc = t.services.participants;
  const id = await svc.register(actor(users[who]), registration(name));
  if (matching !== undefined)
    await svc.recordConsent(actor(users[who]), id, {
      purpose: 'matching',
      organisationId: null,
      given: matching,
      method: 'verbal',
    });
  return id;
}

describe('womenWithConsent (one query for a list of women)', () => {
  it('keeps only her organisation’s women whose latest answer is yes, with the names shown', async () => {
    const svc = t.services.participants;
    const yes = await woman('Yasmin', true);
    const never = await woman('Noor', undefined);
    const no = await woman('Nadia', false);
    const withdrawn = await woman('Warda', true);
    await svc.recordConsent(actor(users.kw), withdrawn, {
      purpose: 'matching',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const elsewhere = await woman('Elif', true, 'partnerKw');
    const ids = [yes, never, no, withdrawn, elsewhere, 'not-a-uuid', '00000000-0000-4000-8000-000000000000'];
    const found = await svc.womenWithConsent(actor(users.kw), ids, 'matching');
    expect([...found.entries()]).toEqual([[yes, { preferredName: 'Yasmin' }]]);
    // The same answer hasConsent gives one woman at a time, for each.
    for (const id of [yes, never, no, withdrawn])
      expect(found.has(id)).toBe(await svc.hasConsent(id, 'matching'));
    // Her partner organisation's key worker sees its own woman, never ours.
    const partner = await svc.womenWithConsent(actor(users.partnerKw), ids, 'matching');
    expect([...partner.keys()]).toEqual([elsewhere]);
    // A manager of her organisation sees the same as her key worker.
    expect([...(await svc.womenWithConsent(actor(users.manager), ids, 'matching')).keys()]).toEqual([yes]);
  });

  it('leaves out an erased record', async () => {
    const svc = t.services.participants;
    const id = await woman('Esra', true);
    expect((await svc.womenWithConsent(actor(users.kw), [id], 'matching')).has(id)).toBe(true);
    await svc.erase(actor(users.manager), id);
    expect((await svc.womenWithConsent(actor(users.kw), [id], 'matching')).size).toBe(0);
  });

  it('denies by default: a role without participant:read gets a 403, not a list', async () => {
    const id = await woman('Dina', true);
    await expect(
      t.services.participants.womenWithConsent(actor(users.employer), [id], 'matching'),
    ).rejects.toMatchObject({ status: 403 });
  });
});
