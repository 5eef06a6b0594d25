// The open opportunities kept in memory for her work page: never stale across app instances on one
// database, and never showing an opportunity the user may not see.
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, registerWalkIn, type TestApp } from '../../../../tests/support/app.ts';
import { useScenario } from '../../../../tests/support/scenario.ts';
import type { Actor } from '../../../platform/auth/actor.ts';
import { organisations } from '../../../platform/auth/schema.ts';
import { openIndex, openIndexBuilds, openIndexRowsRead } from './open-opportunities.ts';

const { t, org, users, actor, agents } = useScenario({
  organisations: { own: 'Harbour Women', hotel: 'Grand Northern Hotels', partner: 'Partner Skills' },
  users: { kw: 'key_worker', partnerKw: ['key_worker', 'partner'], employer: ['employer', 'hotel'] },
  signedIn: ['kw'],
});
/** A second app process on the same database: its own pool, its own index. */
let other: TestApp;
let her: string;

const profile = {
  skills: ['cleaning'],
  sectors: ['hospitality'],
  qualificationLevel: null,
  spokenEnglish: 'B1' as const,
  writtenEnglish: 'B1' as const,
  availability: [],
  schoolHoursOnly: false,
  termTimeOnly: false,
  postcodeDistrict: 'LS2',
  maxJourneyMinutes: 60,
  modes: ['bus' as const],
  payNeededPence: null,
  aspirations: [],
  careNotes: null,
  // None recorded: the second instance has field keys of its own (createTestApp), so nothing of hers
  // is encrypted here; the opportunities below are volunteering, which asks for no basis.
  rightToWork: null,
};
const post = (
  by: Actor,
  title: string,
  share: { shareScope: 'partnership' | 'named'; sharedWith?: string[] },
) =>
  t.services.employment.createOpportunity(by, {
    employerId: by.role === 'employer' ? null : org.hotel,
    kind: 'volunteering',
    title,
    description: 'Housekeeping',
    sector: 'hospitality',
    postcodeDistrict: 'LS1',
    contract: 'unpaid',
    rightToWorkAllowed: [],
    skills: ['cleaning'],
    ...share,
  });

beforeAll(async () => {
  await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org.hotel));
  other = await createTestApp({ sameDatabaseAs: t });
  her = await registerWalkIn(t, users.kw, 'Amira Index');
  await t.services.participants.recordConsent(actor(users.kw), her, {
    purpose: 'matching',
    organisationId: null,
    given: true,
    method: 'verbal',
  });
  await t.services.employment.saveWorkProfile(actor(users.kw), her, profile);
});
afterAll(async () => {
  await other?.close();
});

const generation = async (app: TestApp) => {
  const { rows } = await app.database.pool.query<{ n: string }>(
    'select n from employment_open_generation where id = 1',
  );
  return BigInt(rows[0]!.n);
};
/** Every opportunity her page names (fits, near misses, the newest others), by title. */
const named = async (app: TestApp) => {
  const page = await app.services.employment.workPage(actor(users.kw), her);
  const m = page.matches!;
  return {
    fits: m.fits.map((f) => f.opportunity.title),
    all: [...m.fits, ...m.nearMisses, ...m.others].map((f) => f.opportunity.title),
  };
};

describe('the generation of the open opportunities', () => {
  it('moves on once per committed write to them, and not for one rolled back', async () => {
    const before = await generation(t);
    await t.database.db.transaction(async (tx) => {
      await tx.execute(sql`update employment_opportunities set title = title`);
      await tx.execute(sql`update employment_opportunities set description = description`);
      // Not seen before the commit, by anyone.
      expect(await generation(other)).toBe(before);
    });
    expect(await generation(other)).toBe(before + 1n);
    await t.database.db
      .transaction(async (tx) => {
        await tx.execute(sql`update employment_opportunities set title = title`);
        throw new Error('rolled back');
      })
      .catch(() => {});
    expect(await generation(t)).toBe(before + 1n);
  });
});

describe('never stale across app instances', () => {
  it('shows in the other instance, at once, what one posts, edits, closes and deletes', async () => {
    expect((await named(other)).all).not.toContain('Index housekeeper');
    // Asked again with nothing written: answered from memory, not read again.
    const builds = openIndexBuilds(other.database.db);
    await named(other);
    expect(openIndexBuilds(other.database.db)).toBe(builds);

    const job = await post(actor(users.kw), 'Index housekeeper', { shareScope: 'partnership' });
    expect((await named(other)).fits).toContain('Index housekeeper');
    expect(openIndexBuilds(other.database.db)).toBe(builds + 1);

    // Edited by bulk SQL, as an import would: the new title, at once, reading that one row again.
    const rowsRead = openIndexRowsRead(other.database.db);
    await t.database.pool.query('update employment_opportunities set title = $2 where id = $1', [
      job.id,
      'Index room attendant',
    ]);
    const edited = await named(other);
    expect(edited.fits).toContain('Index room attendant');
    expect(edited.all).not.toContain('Index housekeeper');
    expect(openIndexRowsRead(other.database.db)).toBe(rowsRead + 1);

    // Past its closing date, then closed, then deleted: gone each time.
    const yesterday = new Date(Date.now() - 864e5).toISOString().slice(0, 10);
    await t.database.pool.query('update employment_opportunities set closing_date = $2 where id = $1', [
      job.id,
      yesterday,
    ]);
    expect((await named(other)).all).not.toContain('Index room attendant');
    await t.database.pool.query(
      "update employment_opportunities set closing_date = null, status = 'closed' where id = $1",
      [job.id],
    );
    expect((await named(other)).all).not.toContain('Index room attendant');
    await t.database.pool.query("update employment_opportunities set status = 'open' where id = $1", [
      job.id,
    ]);
    expect((await named(other)).fits).toContain('Index room attendant');
    await t.database.pool.query('delete from employment_opportunities where id = $1', [job.id]);
    expect((await named(other)).all).not.toContain('Index room attendant');
    expect((await named(t)).all).not.toContain('Index room attendant');
  });

  it('a page asked for while the opportunities are read again waits for that read, and all agree', async () => {
    await post(actor(users.kw), 'Index cleaner', { shareScope: 'partnership' });
    const builds = openIndexBuilds(other.database.db);
    const pages = await Promise.all(Array.from({ length: 4 }, () => named(other)));
    for (const p of pages) expect(p.fits).toContain('Index cleaner');
    expect(openIndexBuilds(other.database.db)).toBe(builds + 1);
  });
});

describe('never an opportunity the user may not see', () => {
  it('names none shared only with another organisation; names one shared with hers by name', async () => {
    await post(actor(users.partnerKw), 'Index partner-only job', {
      shareScope: 'named',
      sharedWith: [org.partner],
    });
    await post(actor(users.partnerKw), 'Index shared with Harbour', {
      shareScope: 'named',
      sharedWith: [org.own],
    });
    for (const app of [t, other]) {
      const page = await named(app);
      expect(page.all).not.toContain('Index partner-only job');
      expect(page.fits).toContain('Index shared with Harbour');
    }
    // The partner's key worker, and the employer (its own only), through the same kept index.
    const index = await openIndex(t.database.db);
    const on = new Date().toISOString().slice(0, 10);
    const titles = (a: Actor) => index.newest(a, on, 1000).map((o) => o.title);
    expect(titles(actor(users.partnerKw))).toContain('Index partner-only job');
    expect(titles(actor(users.kw))).not.toContain('Index partner-only job');
    const employerSees = index.newest(actor(users.employer), on, 1000);
    expect(employerSees.length).toBeGreaterThan(0);
    for (const o of employerSees) expect(o.organisationId).toBe(org.hotel);
  });
});

describe('her work page a page at a time (docs/decisions/0009)', () => {
  it('lists the best 20 fits, links to the next ones without JavaScript, and reaches every fit', async () => {
    for (let i = 0; i < 23; i++)
      await post(actor(users.kw), `Paged job ${String(i).padStart(2, '0')}`, { shareScope: 'partnership' });
    const url = `/participants/${her}/work`;
    const putForwardLinks = (html: string) => html.split('/put-forward"').length - 1;
    const first = await agents.kw.get(url);
    expect(first.statusCode).toBe(200);
    expect(putForwardLinks(first.body)).toBe(20);
    const next = /<a[^>]+href="([^"]+)"[^>]*rel="next"/.exec(first.body)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBe(`${url}?fits=2&near=1#fits`);
    const second = await agents.kw.get(next!.replace('#fits', ''));
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('Better fits');
    expect(putForwardLinks(second.body)).toBeGreaterThan(2);
    const fitsOf = async (n: number) => {
      const page = await t.services.employment.workPage(actor(users.kw), her, { fitsPage: n });
      return page.matches!.fits.map((f) => f.opportunity.title);
    };
    const all = [...(await fitsOf(1)), ...(await fitsOf(2))];
    expect(all.length).toBeGreaterThan(20);
    expect(new Set(all).size).toBe(all.length);
    for (let i = 0; i < 23; i++) expect(all).toContain(`Paged job ${String(i).padStart(2, '0')}`);
    // A page number that is not one: the first page, never an error.
    for (const bad of ['?fits=abc', '?fits=0&near=-1', '?near=99999999'])
      expect((await agents.kw.get(`${url}${bad}`)).statusCode).toBe(200);
  });
});
