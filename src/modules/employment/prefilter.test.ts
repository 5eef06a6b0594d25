import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';
import type { EmploymentDeps } from './deps.ts';
import { rankOpportunities, rankWomen } from './matching.ts';
import {
  anyBox,
  cubeText,
  OPPORTUNITY_DIMENSIONS,
  PROFILE_DIMENSIONS,
  queryBoxForHer,
} from './matching-prefilter.ts';
import { sampleOpportunities, sampleProfiles, seeded } from './matching-sample.ts';
import type { Match } from './matching-types.ts';
import { WORK_PAGE, workPage } from './profiles.ts';
import { womenWhoFit } from './women.ts';

/**
 * The database prefilters (right to work, and the boxes of matching-prefilter.ts: reach, English,
 * qualification, term time, hours, closing date; the days), reading best score bound first, and
 * checking consent and decrypting the right to work only for the women ranked high enough change no
 * list: the pages' fits and near misses are exactly what the pure matcher gives over every open
 * opportunity she may see, and over every consenting woman of the organisation, read in full.
 */
const { t, org, users, actor } = useScenario({
  organisations: { own: 'Own', hotel: 'Hotel Employer', partner: 'Partner' },
  users: { kw: 'key_worker', partnerKw: ['key_worker', 'partner'] },
});
const today = new Date().toISOString().slice(0, 10);
const opps = sampleOpportunities(seeded(13), 600, today);
const women = sampleProfiles(seeded(14), 400, today);
const oppId = new Map<string, string>();
const herId = new Map<string, string>();
const consenting = new Set<string>();

beforeAll(async () => {
  await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org.hotel));
  const pool = t.database.pool;
  const { rows: o } = await pool.query<{ id: string; title: string }>(
    `insert into employment_opportunities (organisation_id, kind, title, description, sector, remote, latitude,
       longitude, hours, term_time_only, contract, hourly_pay_pence, closing_date, start_date, min_spoken_english,
       min_written_english, min_qualification_level, skills, right_to_work_allowed, on_immigration_salary_list,
       dbs_level, created_at, share_scope, status)
     select $2::uuid, kind, title, 'Fictional', sector, remote, latitude, longitude, hours, term_time_only,
       'part_time', hourly_pay_pence, closing_date, start_date, min_spoken_english, min_written_english,
       min_qualification_level, skills, right_to_work_allowed, on_immigration_salary_list, dbs_level, created_at,
       share_scope, status
     from json_populate_recordset(null::employment_opportunities, $1::json) returning id, title`,
    [
      JSON.stringify(
        opps.map((x, i) => ({
          ...x,
          id: undefined,
          title: x.id,
          latitude: x.point?.lat ?? null,
          longitude: x.point?.lng ?? null,
          term_time_only: x.termTimeOnly,
          hourly_pay_pence: x.hourlyPayPence,
          closing_date: x.closingDate,
          start_date: x.startDate,
          min_spoken_english: x.minSpokenEnglish,
          min_written_english: x.minWrittenEnglish,
          min_qualification_level: x.minQualificationLevel,
          right_to_work_allowed: x.rightToWorkAllowed,
          on_immigration_salary_list: x.onImmigrationSalaryList,
          dbs_level: x.dbsLevel,
          // Some closed, some shared only with the partner: neither may be matched here.
          status: i % 17 === 0 ? 'closed' : 'open',
          share_scope: i % 13 === 0 ? 'named' : 'partnership',
          created_at: new Date(Date.parse('2026-01-01T00:00:00Z') + (i % 50) * 60_000).toISOString(),
        })),
      ),
      org.hotel,
    ],
  );
  for (const r of o) oppId.set(r.title, r.id);
  for (const [i, w] of women.entries()) {
    // Most are ours, a few the partner's; most consent, some never asked, some withdrew.
    const mine = i % 10 !== 0;
    const { rows } = await pool.query<{ id: string }>(
      `insert into participants (organisation_id, status, preferred_name, given_name, family_name, languages,
         english_level, never_contact_at_home, contact_methods)
       values ($1, 'active', $2, 'Test', 'Woman', array['Arabic'], 'entry_2', false, array['sms']) returning id`,
      [mine ? org.own : org.partner, `Woman ${w.id}`],
    );
    const id = rows[0]!.id;
    herId.set(w.id, id);
    await pool.query(
      `insert into employment_work_profiles (participant_id, organisation_id, skills, sectors, qualification_level,
         spoken_english, written_english, availability, school_hours_only, term_time_only, latitude, longitude,
         max_journey_minutes, modes, pay_needed_pence, aspirations, right_to_work_enc)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)`,
      [
        id,
        mine ? org.own : org.partner,
        w.skills,
        w.sectors,
        w.qualificationLevel,
        w.spokenEnglish,
        w.writtenEnglish,
        JSON.stringify(w.availability),
        w.schoolHoursOnly,
        w.termTimeOnly,
        w.point?.lat ?? null,
        w.point?.lng ?? null,
        w.maxJourneyMinutes,
        w.modes,
        w.payNeededPence,
        w.aspirations,
        w.rightToWork === 'unknown'
          ? null
          : t.services.cipher.encrypt(
              JSON.stringify({ basis: w.rightToWork, expires: w.rightToWorkExpires, reviewOn: null }),
            ),
      ],
    );
    if (i % 7 === 3) continue; // never asked
    const answers = i % 11 === 5 ? [true, false] : [true];
    for (const [n, given] of answers.entries())
      await pool.query(
        `insert into participant_consents (participant_id, purpose, given, method, recorded_at)
         values ($1, 'matching', $2, 'verbal', now() - $3 * interval '1 day')`,
        [id, given, 10 - n],
      );
    if (mine && answers.at(-1)) consenting.add(w.id);
  }
  // Written by SQL, as a bulk load would: the boxes are filled in as at start-up.
  await t.services.employment.ensureReferenceData();
});

/** The module's own dependencies, to call its functions with a small first read. */
const deps = (): EmploymentDeps => ({
  db: t.database.db,
  audit: t.services.audit,
  cipher: t.services.cipher,
  participants: t.services.participants,
  directory: t.services.directory,
});

// Ties are ordered by id: the pure matcher is given the rows' ids, as the service gives it.
const withDbIds = () => ({
  opps: opps.map((o) => ({ ...o, id: oppId.get(o.id)! })),
  women: women.map((w) => ({ ...w, id: herId.get(w.id)! })),
});
const oppIds = (list: Match[]) => list.map((m) => m.opportunityId);
const womenIds = (list: Match[]) => list.map((m) => m.profileId);

describe('matching over the database reads less and shows the same', () => {
  // The page's own lists, then short lists read a few at a time, so that reading best bound first
  // stops early, or reads again from the lists' threshold.
  const reads = [
    ['read at once', {}],
    ['page lists, 5 read first', { firstRead: 5 }],
    ['3 fits and 2 near misses, 10 read first', { firstRead: 10, shown: { fits: 3, nearMisses: 2 } }],
    ['8 fits and 5 near misses, 25 read first', { firstRead: 25, shown: { fits: 8, nearMisses: 5 } }],
  ] as const;

  it.each(reads)(
    'her page lists exactly the fits and near misses of every open opportunity she may see (%s)',
    async (_, opts) => {
      const size = 'shown' in opts ? opts.shown : WORK_PAGE;
      const visible = withDbIds().opps.filter((_, i) => i % 17 !== 0 && i % 13 !== 0);
      const mine = women.filter((w) => consenting.has(w.id)).slice(0, 40);
      let compared = 0;
      for (const w of mine) {
        const page = await workPage(deps(), actor(users.kw), herId.get(w.id)!, new Date(), opts);
        const want = rankOpportunities({ ...w, id: herId.get(w.id)! }, visible, today);
        const got = page.matches!;
        expect(got.fits.map((f) => f.opportunity.id)).toEqual(oppIds(want.fits.slice(0, size.fits)));
        expect(got.nearMisses.map((f) => f.opportunity.id)).toEqual(
          oppIds(want.nearMisses.slice(0, size.nearMisses)),
        );
        expect(got.fits.map((f) => f.match.score)).toEqual(want.fits.slice(0, size.fits).map((m) => m.score));
        compared += got.fits.length + got.nearMisses.length;
      }
      expect(compared).toBeGreaterThan(40);
    },
  );

  it("her page lists every fit and near miss a page at a time, in the matcher's order", async () => {
    const visible = withDbIds().opps.filter((_, i) => i % 17 !== 0 && i % 13 !== 0);
    const w = women
      .filter((x) => consenting.has(x.id))
      .map((x) => ({
        x,
        all: rankOpportunities({ ...x, id: herId.get(x.id)! }, visible, today, { limit: 1e6 }),
      }))
      .find(
        ({ all }) => all.fits.length > 2 * WORK_PAGE.fits && all.nearMisses.length > WORK_PAGE.nearMisses,
      )!;
    expect(w).toBeTruthy();
    const pages = Math.ceil(w.all.fits.length / WORK_PAGE.fits);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const page = await workPage(deps(), actor(users.kw), herId.get(w.x.id)!, new Date(), {
        fitsPage: n,
        nearPage: 2,
        firstRead: 25,
      });
      const m = page.matches!;
      seen.push(...m.fits.map((f) => f.opportunity.id));
      expect(m.moreFits).toBe(n < pages);
      expect(m.nearMisses.map((f) => f.opportunity.id)).toEqual(
        oppIds(w.all.nearMisses.slice(WORK_PAGE.nearMisses, 2 * WORK_PAGE.nearMisses)),
      );
    }
    expect(seen).toEqual(oppIds(w.all.fits));
  });

  it.each(reads)(
    'an opportunity lists exactly the fits and near misses of every consenting woman of the organisation (%s)',
    async (_, opts) => {
      const size = 'shown' in opts ? opts.shown : { fits: 30, nearMisses: 15 };
      const db = withDbIds();
      const ours = db.women.filter((_, i) => consenting.has(women[i]!.id));
      const visible = db.opps.filter((_, i) => i % 17 !== 0 && i % 13 !== 0).slice(0, 60);
      let compared = 0;
      for (const o of visible) {
        const got = await womenWhoFit(deps(), actor(users.kw), o.id, new Date(), opts);
        const want = rankWomen(o, ours, today);
        expect(got.fits.map((f) => f.id)).toEqual(womenIds(want.fits.slice(0, size.fits)));
        expect(got.nearMisses.map((f) => f.id)).toEqual(womenIds(want.nearMisses.slice(0, size.nearMisses)));
        expect(got.fits.map((f) => f.match.failures)).toEqual(
          want.fits.slice(0, size.fits).map((m) => m.failures),
        );
        compared += got.fits.length + got.nearMisses.length;
      }
      expect(compared).toBeGreaterThan(40);
    },
  );

  it('reads a fraction of the rows: every row has its own box, and a woman with a limit overlaps few', async () => {
    const pool = t.database.pool;
    const unfilled = await pool.query(
      'select 1 from employment_opportunities where match_box = $1::cube union all select 1 from employment_work_profiles where match_box = $2::cube',
      [cubeText(anyBox(OPPORTUNITY_DIMENSIONS)), cubeText(anyBox(PROFILE_DIMENSIONS))],
    );
    expect(unfilled.rowCount).toBe(0);
    const w = women.find((x) => x.maxJourneyMinutes !== null && x.point !== null)!;
    const { rows } = await pool.query<{ n: number }>(
      'select count(*)::int n from employment_opportunities where match_box && $1::cube',
      [cubeText(queryBoxForHer(w, today))],
    );
    expect(rows[0]!.n).toBeLessThan(opps.length / 2);
  });

  it('never lists a woman of another organisation, nor one without her consent', async () => {
    const theirs = await t.services.employment.womenWhoFit(actor(users.partnerKw), oppId.get(opps[1]!.id)!);
    const partnerWomen = new Set(women.filter((_, i) => i % 10 === 0).map((w) => herId.get(w.id)));
    for (const w of [...theirs.fits, ...theirs.nearMisses]) expect(partnerWomen.has(w.id)).toBe(true);
  });
});
