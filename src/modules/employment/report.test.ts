import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';

/**
 * Issue 13, point 7: managers see their organisation's figures; commissioners (and admins) the
 * partnership's, split by partner organisation; every count from 1 to 4 is "fewer than 5", and
 * others are hidden where they would let one be worked out (see report-funnel.ts).
 */
const { t, org, users, actor, as } = useScenario({
  organisations: { harbour: 'Harbour Report', bridge: 'Bridge Report', hotel: 'Report Hotel' },
  users: {
    harbourManager: ['manager', 'harbour'],
    bridgeManager: ['manager', 'bridge'],
    commissioner: ['commissioner', 'harbour'],
    employer: ['employer', 'hotel'],
  },
});

beforeAll(async () => {
  await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org.hotel));
  const opp = await t.services.employment.createOpportunity(actor(users.employer), {
    employerId: null,
    kind: 'job',
    title: 'Report job',
    description: 'Work',
    sector: 'hospitality',
    postcodeDistrict: 'LS1',
    contract: 'part_time',
  });
  // Six women of Harbour and two of Bridge put forward (rows as the put-forward service writes them).
  const put = async (organisationId: string, n: number) => {
    for (let i = 0; i < n; i++)
      await t.database.pool.query(
        `with pf as (
           insert into employment_put_forwards (participant_id, organisation_id, opportunity_id,
             employer_organisation_id, shared_fields, shared_enc, consent_method, rtw_assessed_on)
           values (gen_random_uuid(), $1, $2, $3, '{name}', $4, 'verbal', current_date) returning id)
         insert into employment_put_forward_events (put_forward_id, stage) select id, 'put_forward' from pf`,
        [organisationId, opp.id, org.hotel, t.services.cipher.encrypt('{}')],
      );
  };
  await put(org.harbour, 6);
  await put(org.bridge, 2);
});

describe('the employment report, by organisation', () => {
  it("shows a manager her own organisation's figures only", async () => {
    const harbour = await t.services.employment.report(actor(users.harbourManager));
    expect(harbour.scope).toBe('organisation');
    expect(harbour.funnel.find((s) => s.key === 'put_forward')?.count).toBe(6);
    expect(harbour.byOrganisation).toEqual([]);
    const bridge = await t.services.employment.report(actor(users.bridgeManager));
    // Two of Bridge's women: fewer than 5, never 2, and nothing of Harbour's six.
    expect(bridge.funnel.find((s) => s.key === 'put_forward')?.count).toBeNull();
    const page = mainOf((await (await as(users.bridgeManager)).get('/reports/employment')).body);
    expect(page).toContain('Counts for Bridge Report');
    expect(page).not.toContain('Harbour Report');
  });

  it('shows a commissioner the partnership, split by partner organisation, small counts suppressed', async () => {
    const r = await t.services.employment.report(actor(users.commissioner));
    expect(r.scope).toBe('partnership');
    expect(r.funnel.find((s) => s.key === 'put_forward')?.count).toBe(8);
    const split = Object.fromEntries(r.byOrganisation.map((o) => [o.name, o.stages[0]!]));
    // Harbour's 6 beside the whole 8 would give Bridge's 2 away, so Harbour's is hidden too (not "fewer than 5").
    expect(split['Harbour Report']).toMatchObject({ count: null, hidden: true });
    expect(split['Bridge Report']).toMatchObject({ count: null });
    expect(split['Bridge Report']?.hidden).toBeUndefined();
    expect(split['Report Hotel']).toBeUndefined();
    const a = await as(users.commissioner);
    const page = mainOf((await a.get('/reports/employment')).body);
    expect(page).toContain('by partner organisation');
    expect(page).toContain('Bridge Report');
    const csv = (await a.get('/reports/employment.csv')).body;
    expect(csv).toContain('stage,put_forward,8');
    expect(csv).toContain('organisation:Harbour Report,put_forward,hidden');
    expect(csv).toContain('organisation:Bridge Report,put_forward,<5');
  });
});
