import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { schoolHoursProfile } from '../../../tests/support/employment.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';

/** Her work data in her subject access export, gone on erasure, and unused once she withdraws consent. */
const { t, org, users, actor, as } = useScenario({
  organisations: { harbour: 'Harbour', hotel: 'Rights Hotel' },
  users: { kw: 'key_worker', manager: 'manager', employer: ['employer', 'hotel'] },
});

const profile = schoolHoursProfile({ careNotes: 'Rights-care-words' });
let opportunity: string;

beforeAll(async () => {
  await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org.hotel));
  opportunity = (
    await t.services.employment.createOpportunity(actor(users.employer), {
      employerId: null,
      kind: 'job',
      title: 'Rights job',
      description: 'Work',
      sector: 'hospitality',
      postcodeDistrict: 'LS1',
      hours: [{ day: 'mon', from: '09:30', to: '14:30' }],
      contract: 'part_time',
    })
  ).id;
});

async function herWithProfile(name: string) {
  const k = actor(users.kw);
  const id = await registerWalkIn(t, users.kw, name);
  await t.services.participants.assignKeyWorker(k, id, users.kw.id);
  await t.services.participants.recordConsent(k, id, {
    purpose: 'matching',
    organisationId: null,
    given: true,
    method: 'verbal',
  });
  await t.services.employment.saveWorkProfile(k, id, profile);
  const pf = await t.services.employment.putForward(k, id, opportunity, {
    fields: ['name', 'skills'],
    consentMethod: 'verbal',
    consented: true,
  });
  return { id, pf: pf.id };
}

describe('her work data and her rights', () => {
  it('is in her subject access export: her profile and what each put-forward shared', async () => {
    const { id } = await herWithProfile('Rights-Export');
    const all: unknown = await t.services.participants.subjectAccessExport(actor(users.kw), id, 'json');
    const work = (
      all as {
        employment: { workProfile: { careNotes: string }; putForwards: { sharedWithEmployer: unknown }[] };
      }
    ).employment;
    expect(work.workProfile.careNotes).toBe('Rights-care-words');
    expect(work.putForwards[0]!.sharedWithEmployer).toEqual({ name: 'Rights-Export', skills: ['cleaning'] });
  });

  it('erasure deletes her profile and blanks what the employer was shown, keeping the stage for counts', async () => {
    const { id, pf } = await herWithProfile('Rights-Erase');
    await t.services.participants.erase(actor(users.manager), id);
    const { rows: profiles } = await t.database.pool.query(
      'select 1 from employment_work_profiles where participant_id = $1',
      [id],
    );
    expect(profiles).toEqual([]);
    const { rows } = await t.database.pool.query(
      'select stage, shared_fields from employment_put_forwards where id = $1',
      [pf],
    );
    expect(rows[0]).toEqual({ stage: 'put_forward', shared_fields: [] });
    const page = await (await as(users.employer)).get(`/put-forwards/${pf}`);
    expect(page.body).not.toContain('Rights-Erase');
  });

  it('once she withdraws her consent to matching, her profile is not used nor shown', async () => {
    const { id } = await herWithProfile('Rights-Withdraw');
    await t.services.participants.recordConsent(actor(users.kw), id, {
      purpose: 'matching',
      organisationId: null,
      given: false,
      method: 'verbal',
    });
    const a = await as(users.kw);
    const page = await a.get(`/participants/${id}/work`);
    expect(page.body).toContain('has not agreed to be matched');
    expect(page.body).not.toContain('Rights-care-words');
    // Still listed where she was put forward (she agreed to that apart), but no longer among those who fit.
    const fit = (await a.get(`/opportunities/${opportunity}`)).body.split(
      'Women on your caseload who fit',
    )[1];
    expect(fit).toContain('Rights-Export');
    expect(fit).not.toContain('Rights-Withdraw');
  });

  it('a recruitment day signs women up to its capacity, and no further', async () => {
    const e = t.services.employment;
    const day = await e.createOpportunity(actor(users.employer), {
      employerId: null,
      kind: 'recruitment_day',
      title: 'Rights recruitment day',
      description: 'Meet the team',
      sector: 'hospitality',
      postcodeDistrict: 'LS1',
      hours: [{ day: 'sat', from: '10:00', to: '14:00' }],
      contract: 'unpaid',
      capacity: 1,
      eventPlace: 'The hotel',
    });
    const first = await herWithProfile('Rights-Day-One');
    const second = await herWithProfile('Rights-Day-Two');
    const k = actor(users.kw);
    const input = { fields: ['name' as const], consentMethod: 'verbal' as const, consented: true };
    await e.putForward(k, first.id, day.id, input);
    await expect(e.putForward(k, second.id, day.id, input)).rejects.toMatchObject({
      fields: { fields: 'employment.errors.full' },
    });
  });
});
