// The bound her page ranks by is never below the matcher's score (else a fit could be left unranked).
import { describe, expect, it } from 'vitest';
import type { ProfileForMatch } from '../match.ts';
import { matchOne } from '../matching.ts';
import { sampleOpportunities, sampleProfiles, seeded } from '../matching-sample.ts';
import type { WorkProfile } from '../matching-types.ts';
import { ScoreBounds } from './bound.ts';

const today = '2026-06-01';
const asProfile = (w: WorkProfile): ProfileForMatch => ({
  ...w,
  participantId: w.id,
  latitude: w.point?.lat ?? null,
  longitude: w.point?.lng ?? null,
});

describe('the score bound of an open opportunity for her', () => {
  const opps = sampleOpportunities(seeded(31), 400, today);
  const women = sampleProfiles(seeded(32), 60, today);
  const bounds = new ScoreBounds(opps);

  it('is at least the score of every fit and near miss, and equal to it for some', () => {
    let scored = 0;
    let exact = 0;
    for (const w of women) {
      const boundOf = bounds.forHer(asProfile(w));
      for (const [i, o] of opps.entries()) {
        const m = matchOne(w, o, today);
        if (!m.passes && !m.nearMiss) continue;
        scored++;
        expect(boundOf(i)).toBeGreaterThanOrEqual(m.score);
        if (boundOf(i) === m.score) exact++;
      }
    }
    expect(scored).toBeGreaterThan(500);
    expect(exact).toBeGreaterThan(0);
  });

  it.each([
    [
      'a skill listed twice counts twice',
      { skills: ['cooking', 'cooking', 'cleaning'] },
      { skills: ['cooking'] },
    ],
    ['no skills listed: neutral', { skills: [] }, { skills: ['cooking'] }],
    ['her aspiration is one of its skills', { skills: ['cooking'] }, { aspirations: ['cooking'] }],
    ['remote: the whole distance part', { remote: 'remote' as const, point: null }, {}],
    ['pay just above the shortfall at zero', { hourlyPayPence: 901 }, { payNeededPence: 1200 }],
    ['pay at the shortfall at zero', { hourlyPayPence: 900 }, { payNeededPence: 1200 }],
  ])('holds when %s', (_, opp, her) => {
    const o = { ...opps.find((x) => x.remote !== 'remote' && x.point)!, ...opp };
    const w = { ...women[0]!, ...her };
    const m = matchOne(w, o, today);
    expect(new ScoreBounds([o]).forHer(asProfile(w))(0)).toBeGreaterThanOrEqual(
      m.parts.reduce((s, p) => s + p.points, 0),
    );
  });
});
