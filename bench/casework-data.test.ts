import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrganisation, createTestApp, type TestApp } from '../tests/support/app.ts';
import { generateCasework } from './casework-data.ts';
import { generateParticipants } from './participants.bench.ts';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
  await createOrganisation(t, 'Bench One');
  await createOrganisation(t, 'Bench Two');
  await generateParticipants(t.database.pool, 2_000);
}, 120_000);
afterAll(() => t.close());

describe('the casework bench generator', () => {
  it('writes exactly the contacts asked for, skewed over the women, each in her organisation by her key worker', async () => {
    const counts = await generateCasework(t.database.pool, 20_000);
    expect(counts.contacts).toBe(20_000);
    const q = async (text: string) => (await t.database.pool.query(text)).rows[0];
    expect(await q('select count(*)::int as n from casework_contacts')).toEqual({ n: 20_000 });
    // Each contact is hers: her organisation, written by her key worker.
    expect(
      await q(`select count(*)::int as n from casework_contacts c join participants p on p.id = c.participant_id
               where c.organisation_id = p.organisation_id
                 and c.author_user_id is not distinct from p.key_worker_user_id`),
    ).toEqual({ n: 20_000 });
    // Skewed: most women have a handful, about one in a hundred has hundreds.
    const shape = await q(`
      select percentile_cont(0.5) within group (order by n) as median, max(n) as max,
             count(*) filter (where n >= 150)::int as heavy
      from (select p.id, count(c.id)::int as n from participants p
            left join casework_contacts c on c.participant_id = p.id group by p.id) x`);
    expect(shape.median).toBeGreaterThanOrEqual(3);
    expect(shape.median).toBeLessThanOrEqual(10);
    expect(shape.max).toBeGreaterThanOrEqual(150);
    expect(shape.heavy).toBeGreaterThanOrEqual(5);
    expect(shape.heavy).toBeLessThanOrEqual(40);
    // Some restricted, some with a next contact; edited ones keep their earlier version.
    const mix = await q(`select avg(restricted::int)::float as restricted,
      avg((next_contact_on is not null)::int)::float as next,
      count(*) filter (where version = 2)::int as edited from casework_contacts`);
    expect(mix.restricted).toBeGreaterThan(0.01);
    expect(mix.restricted).toBeLessThan(0.06);
    expect(mix.next).toBeGreaterThan(0.2);
    expect(mix.edited).toBe(counts.contactVersions);
    expect(counts.contactVersions).toBeGreaterThan(0);
    // Referrals for about three in ten women, some still waiting; at most one review each.
    expect(counts.referrals / 2_000).toBeGreaterThan(0.2);
    expect(counts.referrals / 2_000).toBeLessThan(0.4);
    expect(
      await q(`select count(*)::int > 0 as waiting from casework_referrals where status = 'sent'`),
    ).toEqual({
      waiting: true,
    });
    expect(
      await q(
        `select max(n)::int as n from (select count(*) as n from casework_plan_reviews group by participant_id) r`,
      ),
    ).toEqual({ n: 1 });
  });
});
