import { beforeAll, describe, expect, it } from 'vitest';
import { shareHerRecord } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import type { ParticipantsService } from './service.ts';

const { t, org, users, actor } = useScenario({
  organisations: { own: 'Own', partner: 'Partner' },
  users: { kw: 'key_worker', kw2: 'key_worker', manager: 'manager', partnerKw: ['key_worker', 'partner'] },
});
const { kw, kw2, manager, partnerKw } = users;
let svc: ParticipantsService;

const registration = (name = 'Amina') => ({
  consent: {
    purposes: ['support', 'contact_sms'] as ('support' | 'contact_sms')[],
    method: 'verbal' as const,
  },
  names: { preferredName: name, givenName: `${name}a`, familyName: 'Okafor-Test', dateOfBirth: '1990-04-12' },
  contact: {
    contactMethods: ['sms' as const],
    safeTimes: 'Weekday mornings',
    neverContactAtHome: true,
    phone: '07700 900123',
    email: 'amina@example.org',
  },
  languages: {
    languages: ['Somali', 'Arabic'],
    interpreterNeeded: true,
    interpreterLanguage: 'Somali',
    englishLevel: 'entry_2' as const,
  },
});

beforeAll(async () => {
  svc = t.services.participants;
});

describe('participants service', () => {
  it('registers her with consent and shows the record to her key worker, audited', async () => {
    const id = await svc.register(actor(kw), registration());
    const record = await svc.view(actor(kw), id);
    expect(record.preferredName).toBe('Amina');
    expect(record.contact?.phone).toBe('07700 900123');
    expect(record.keyWorker?.id).toBe(kw.id);
    expect(record.special).toBeDefined();
    expect(await svc.hasConsent(id, 'support')).toBe(true);
    expect(await svc.hasConsent(id, 'contact_email')).toBe(false);
    const events = await t.services.audit.list({ recordId: id });
    expect(events.map((e) => e.action)).toEqual(['participant.viewed', 'participant.created']);
  });

  it('hides special-category data from a key worker who is not hers, and the record from others', async () => {
    const id = await svc.register(actor(kw), registration('Bisi'));
    const other = await svc.view(actor(kw2), id);
    expect(other.special).toBeUndefined();
    await expect(svc.view(actor(partnerKw), id)).rejects.toMatchObject({ status: 404 });
    await expect(
      svc.updateSpecialCategory(actor(kw2), id, {
        immigrationStatus: 'refugee',
        rightToWorkCheckedOn: null,
        rightToWorkMethod: null,
        rightToWorkOutcome: null,
        rightToWorkRecheckOn: null,
        ethnicity: null,
        religion: null,
        sexuality: null,
        healthNotes: null,
      }),
    ).rejects.toMatchObject({ status: 403 });
    expect((await svc.view(actor(manager), id)).special).toBeDefined();
  });

  it('shares only with consent, shows only the shared sections, and stops at once when consent is withdrawn', async () => {
    const id = await svc.register(actor(kw), registration('Chi'));
    await expect(
      t.database.db.transaction((tx) =>
        svc.grantShare(tx, actor(kw), {
          participantId: id,
          organisationId: org.partner,
          sections: ['languages'],
        }),
      ),
    ).rejects.toMatchObject({ status: 403 });
    await shareHerRecord(t, kw, id, org.partner, ['languages'], 'written');
    const shared = await svc.view(actor(partnerKw), id);
    expect(shared.access.level).toBe('shared');
    expect(shared.languages?.languages).toEqual(['Somali', 'Arabic']);
    expect(shared.contact).toBeUndefined();
    expect(shared.special).toBeUndefined();
    expect(shared.consents).toBeUndefined();

    const withdrawn: string[] = [];
    svc.onConsentWithdrawn(async (_tx, e) => void withdrawn.push(`${e.purpose}:${e.organisationId}`));
    await svc.recordConsent(actor(kw), id, {
      purpose: 'share_organisation',
      organisationId: org.partner,
      given: false,
      method: 'verbal',
    });
    expect(withdrawn).toEqual([`share_organisation:${org.partner}`]);
    expect(await svc.hasConsent(id, 'share_organisation', org.partner)).toBe(false);
    await expect(svc.view(actor(partnerKw), id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps status history across pause, moving on and re-engaging', async () => {
    const id = await svc.register(actor(kw), registration('Dina'));
    await svc.changeStatus(actor(kw), id, { status: 'paused', reason: 'caring' });
    await svc.changeStatus(actor(kw), id, { status: 'moved_on', reason: 'work' });
    await svc.changeStatus(actor(kw), id, { status: 'active', reason: 're_engaged' });
    const record = await svc.view(actor(kw), id);
    expect(record.status).toBe('active');
    expect(record.statusHistory?.map((h) => h.status)).toEqual(['active', 'moved_on', 'paused', 'active']);
  });
});
