import { beforeAll, describe, expect, it } from 'vitest';
import { useScenario } from '../../../tests/support/scenario.ts';
import { Pair } from './matching-gates.ts';
import { sampleOpportunities, sampleProfiles, seeded } from './matching-sample.ts';
import { DEFAULT_WEIGHTS, scoreOf } from './matching-score.ts';
import type { OpportunityForMatch, WorkProfile } from './matching-types.ts';
import { workProfiles } from './schema.ts';
import { womanBound } from './woman-bound.ts';

/**
 * The bound an opportunity's list of women is read by (woman-bound.ts), worked out by PostgreSQL
 * for every woman, against the score the pure matcher gives her (matching-score.ts): never below
 * it, whatever gate she fails (so no one who could be listed is left unread), and at most two
 * points above it (so the list reads little beyond the women it shows). Every pair of a generated
 * spread, and the edges one by one: no modes, no limit, no place, no pay, remote and hybrid work.
 */
const { t, org } = useScenario({ organisations: { own: 'Own' } });
const today = '2026-12-07';
const LS1 = { lat: 53.7974, lng: -1.55307 };
const base: WorkProfile = sampleProfiles(seeded(21), 1, today)[0]!;
const edges: WorkProfile[] = [
  { ...base, id: 'no-modes', modes: [] },
  { ...base, id: 'no-limit', maxJourneyMinutes: null },
  { ...base, id: 'zero-limit', maxJourneyMinutes: 0 },
  { ...base, id: 'no-place', point: null },
  { ...base, id: 'no-pay', payNeededPence: null },
  { ...base, id: 'zero-pay', payNeededPence: 0 },
  { ...base, id: 'at-centre', point: LS1, maxJourneyMinutes: 30, modes: ['walk'] },
  { ...base, id: 'nothing', skills: [], sectors: [], aspirations: [] },
];
const women = [...sampleProfiles(seeded(22), 300, today), ...edges];
const opps: OpportunityForMatch[] = [
  ...sampleOpportunities(seeded(23), 80, today),
  { ...sampleOpportunities(seeded(24), 1, today)[0]!, remote: 'hybrid', point: LS1 },
  { ...sampleOpportunities(seeded(25), 1, today)[0]!, remote: 'on_site', point: null },
  { ...sampleOpportunities(seeded(26), 1, today)[0]!, remote: 'remote', point: null },
  { ...sampleOpportunities(seeded(27), 1, today)[0]!, point: LS1, hourlyPayPence: null, skills: [] },
  { ...sampleOpportunities(seeded(28), 1, today)[0]!, point: LS1, skills: ['care', 'care', 'cleaning'] },
];
const ids = new Map<string, WorkProfile>();

beforeAll(async () => {
  const pool = t.database.pool;
  for (const w of women) {
    const { rows } = await pool.query<{ id: string }>(
      `insert into participants (organisation_id, status, preferred_name, given_name, family_name, languages,
         english_level, never_contact_at_home, contact_methods)
       values ($1, 'active', 'Woman', 'Test', 'Woman', array['Arabic'], 'entry_2', false, array['sms']) returning id`,
      [org.own],
    );
    ids.set(rows[0]!.id, w);
    await pool.query(
      `insert into employment_work_profiles (participant_id, organisation_id, skills, sectors, latitude, longitude,
         max_journey_minutes, modes, pay_needed_pence, aspirations)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        rows[0]!.id,
        org.own,
        w.skills,
        w.sectors,
        w.point?.lat ?? null,
        w.point?.lng ?? null,
        w.maxJourneyMinutes,
        w.modes,
        w.payNeededPence,
        w.aspirations,
      ],
    );
  }
});

describe('the bound an opportunity reads women by', () => {
  it('is never below the score the matcher gives her, and at most two points above it', async () => {
    const c = new Pair();
    let pairs = 0;
    let exact = 0;
    for (const o of opps) {
      const rows = await t.database.db
        .select({ id: workProfiles.participantId, bound: womanBound({ ...o, ...rowPlace(o) }) })
        .from(workProfiles);
      c.setOpp(o);
      for (const r of rows) {
        c.setProfile(ids.get(r.id)!);
        const score = scoreOf(c, DEFAULT_WEIGHTS);
        const at = `${o.id} (${o.remote}) for ${ids.get(r.id)!.id}`;
        expect(r.bound, at).toBeGreaterThanOrEqual(score);
        expect(r.bound - score, at).toBeLessThanOrEqual(2);
        pairs++;
        if (r.bound === score) exact++;
      }
    }
    expect(pairs).toBe(opps.length * women.length);
    // Mostly exact: only the skills' rounding up and a journey on a whole minute's edge differ.
    expect(exact / pairs).toBeGreaterThan(0.8);
  });
});

/** The opportunity's place as its row stores it. */
const rowPlace = (o: OpportunityForMatch) => ({
  latitude: o.point?.lat ?? null,
  longitude: o.point?.lng ?? null,
});
