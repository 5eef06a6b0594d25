import { describe, expect, it } from 'vitest';
import { registerWalkIn, shareHerRecord } from '../../../tests/support/app.ts';
import { findAnywhere } from '../../../tests/support/find-anywhere.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, org, users, agents, actor } = useScenario({
  organisations: { owner: 'Owner', partner: 'Partner' },
  users: { kw: 'key_worker', kw2: 'key_worker', manager: 'manager' },
  signedIn: ['kw', 'manager'],
});
const { kw, kw2, manager } = users;
const { kw: kwAgent, manager: managerAgent } = agents;

// Her details: distinctive, so that finding any of them anywhere means erasure missed it.
const her = {
  preferredName: 'Zewditu-Pref',
  givenName: 'Zewditu Almaz',
  familyName: 'Quarshie-Erasetest',
  dob: '1987-11-23',
  phone: '07700 900321',
  email: 'zewditu.erasetest@example.org',
};
const needles = ['Zewditu', 'Quarshie', 'Erasetest', '900321', '07700900321', 'zewditu.erasetest', her.dob];

describe('erasure', () => {
  it('leaves none of her personal data anywhere in the database, while aggregate counts stay', async () => {
    // A full record, used every way the module offers.
    await kwAgent.submit('/participants/register', {
      purposes: ['support', 'contact_email'],
      method: 'written',
    });
    const created = await kwAgent.submit('/participants/register/details', {
      preferredName: her.preferredName,
      givenName: her.givenName,
      familyName: her.familyName,
      'dateOfBirth-day': '23',
      'dateOfBirth-month': '11',
      'dateOfBirth-year': '1987',
      neverContactAtHome: 'yes',
      contactMethods: 'email',
      safeTimes: 'Zewditu prefers afternoons',
      phone: her.phone,
      email: her.email,
      languages: 'Amharic',
      interpreterNeeded: 'no',
      interpreterLanguage: '',
      englishLevel: 'b1',
    });
    const id = String(created.headers.location).split('/').pop()!;
    const svc = t.services.participants;
    await svc.updateSection(actor(kw), id, {
      section: 'circumstances',
      data: {
        homeAreaCode: 'E08000035',
        careCommitments: 'Zewditu cares for her mother',
        availableDays: ['mon'],
        schoolHoursOnly: true,
        availabilityNotes: null,
        travelLimitMinutes: 30,
      },
    });
    await svc.updateSection(actor(kw), id, {
      section: 'aspirations',
      data: { skills: ['Quarshie-Erasetest bookkeeping'], aspirations: 'Zewditu wants to be a midwife' },
    });
    await svc.updateSpecialCategory(actor(kw), id, {
      immigrationStatus: 'refugee',
      rightToWorkCheckedOn: '2025-01-02',
      rightToWorkMethod: 'online_share_code',
      rightToWorkOutcome: 'unlimited',
      rightToWorkRecheckOn: null,
      ethnicity: 'Zewditu-ethnicity',
      religion: null,
      sexuality: null,
      healthNotes: 'Zewditu health note',
    });
    await svc.addQualification(actor(kw), id, {
      title: 'Zewditu diploma',
      subject: null,
      overseas: true,
      country: 'Ethiopia',
      yearAwarded: 2010,
      enicLevel: 'rqf_5',
    });
    await svc.addWorkHistory(actor(kw), id, {
      role: 'Nurse',
      employer: 'Quarshie-Erasetest clinic',
      country: 'Ethiopia',
      kind: 'paid',
      fromYear: 2010,
      toYear: 2018,
    });
    await shareHerRecord(t, kw, id, org.partner, ['names']);
    await svc.changeStatus(actor(kw), id, { status: 'paused', reason: 'health' });
    await svc.assignKeyWorker(actor(kw), id, kw2.id);
    await kwAgent.get(`/participants/${id}`);
    await kwAgent.get(`/participants/search?q=${encodeURIComponent('Zewditu')}`);
    await managerAgent.get(`/participants/${id}/export.json`);
    await managerAgent.get(`/participants/${id}/export.pdf`);
    expect((await findAnywhere(t, needles)).length).toBeGreaterThan(0); // the search can find her

    const erasing: string[] = [];
    svc.onErase(async (_tx, participantId) => void erasing.push(participantId));
    const before = await t.database.pool.query(
      `select count(*)::int as n from participants where organisation_id = $1 and status = 'paused'`,
      [org.owner],
    );
    const res = await managerAgent.submit(`/participants/${id}/erase`, {});
    expect(res.statusCode).toBe(302);
    expect(erasing).toEqual([id]);

    expect(await findAnywhere(t, needles)).toEqual([]);
    // The anonymous line is still counted: organisation, status, area, month.
    const after = await t.database.pool.query(
      `select count(*)::int as n from participants where organisation_id = $1 and status = 'paused'`,
      [org.owner],
    );
    expect(after.rows[0].n).toBe(before.rows[0].n);
    const { rows } = await t.database.pool.query(
      'select home_area_code, erased_at, created_at from participants where id = $1',
      [id],
    );
    expect(rows[0].home_area_code).toBe('E08000035');
    expect(rows[0].erased_at).not.toBeNull();
    expect(new Date(rows[0].created_at).getUTCDate()).toBe(1);
    const { rows: special } = await t.database.pool.query(
      'select count(*)::int as n from participant_special_category where participant_id = $1',
      [id],
    );
    expect(special[0].n).toBe(0);
    const events = await t.services.audit.list({ recordId: id, action: 'participant.erased' });
    expect(events[0]?.actorUserId).toBe(manager.id);
    expect(events[0]?.details).toEqual({ reason: 'request' });
    expect((await kwAgent.get(`/participants/${id}`)).statusCode).toBe(404);
  });

  it('refuses erasure to key workers', async () => {
    const id = await registerWalkIn(t, kw, 'Kept');
    await expect(t.services.participants.erase(actor(kw), id)).rejects.toMatchObject({ status: 403 });
    expect((await kwAgent.get(`/participants/${id}`)).statusCode).toBe(200);
  });
});

describe('retention rule', () => {
  it('anonymises records whose last contact is older than the retention period, audited', async () => {
    const svc = t.services.participants;
    const quick = (name: string) => registerWalkIn(t, kw, name);
    const old = await quick('Retention-Old-Ruth');
    const recentContact = await quick('Retention-Recent-Rahel');
    const fresh = await quick('Retention-Fresh-Feven');
    const sevenYearsAgo = new Date(Date.now() - 7 * 365.25 * 86_400_000);
    await t.database.pool.query('update participants set updated_at = $2 where id = any($1)', [
      [old, recentContact],
      sevenYearsAgo,
    ]);
    // Casework records a contact a year ago: that keeps her record.
    await t.database.db.transaction((tx) =>
      svc.touchLastContact(tx, recentContact, new Date(Date.now() - 365 * 86_400_000)),
    );
    expect(t.config.RETENTION_YEARS_AFTER_LAST_CONTACT).toBe(6);

    expect(await svc.runRetention()).toBe(1);
    expect(await findAnywhere(t, ['Retention-Old-Ruth'])).toEqual([]);
    expect(await findAnywhere(t, ['Retention-Recent-Rahel', 'Retention-Fresh-Feven'])).toHaveLength(2);
    const events = await t.services.audit.list({ recordId: old, action: 'participant.erased' });
    expect(events[0]?.actorUserId).toBeNull();
    expect(events[0]?.details).toEqual({ reason: 'retention' });
    expect(await svc.runRetention()).toBe(0);
    void fresh;
  });
});
