import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { schoolHoursProfile } from '../../../tests/support/employment.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { organisations } from '../../platform/auth/schema.ts';
import { isFirstWorkingDay, lastMonth } from './digest.ts';

describe('when the digest goes', () => {
  it.each([
    ['2026-06-01T09:00:00Z', true], // a Monday
    ['2026-08-01T09:00:00Z', false], // a Saturday
    ['2026-08-03T09:00:00Z', true], // the Monday after
    ['2026-08-04T09:00:00Z', false],
    ['2027-01-01T09:00:00Z', false], // New Year's Day, a Friday
    ['2027-01-04T09:00:00Z', true],
    ['2026-08-31T23:30:00Z', true], // 00:30 on Tuesday 1 September in London
  ])('%s is the first working day: %s', (at, expected) => {
    expect(isFirstWorkingDay(new Date(at))).toBe(expected);
  });

  it('covers the calendar month before', () => {
    expect(lastMonth(new Date('2026-01-05T09:00:00Z'))).toEqual({ start: '2025-12-01', end: '2026-01-01' });
    expect(lastMonth(new Date('2026-06-01T09:00:00Z'))).toEqual({ start: '2026-05-01', end: '2026-06-01' });
  });
});

const { t, org, users, actor, as, smtp } = useScenario({
  organisations: { harbour: 'Harbour', hotel: 'Digest Hotel' },
  users: { kw: 'key_worker', manager: 'manager', employer: ['employer', 'hotel'] },
  smtp: {},
});
const at = new Date('2026-06-01T08:00:00Z');

/** The work profile both women have: school hours on Monday, near LS2 by bus. */
const profile = schoolHoursProfile({ skills: [], writtenEnglish: 'B1' });

beforeAll(async () => {
  await t.database.db.update(organisations).set({ kind: 'employer' }).where(eq(organisations.id, org.hotel));
  const e = t.services.employment;
  const opp = await e.createOpportunity(actor(users.employer), {
    employerId: null,
    kind: 'job',
    title: 'Digest school-hours job',
    description: 'Work',
    sector: 'hospitality',
    postcodeDistrict: 'LS1',
    hours: [{ day: 'mon', from: '09:30', to: '14:30' }],
    contract: 'part_time',
    closingDate: '2026-07-01',
  });
  const older = await e.createOpportunity(actor(users.employer), {
    employerId: null,
    kind: 'course',
    title: 'Digest older course',
    description: 'Learning',
    sector: 'hospitality',
    postcodeDistrict: 'LS1',
    contract: 'unpaid',
  });
  await t.database.pool.query('update employment_opportunities set created_at = $2 where id = $1', [
    opp.id,
    '2026-05-12T10:00:00Z',
  ]);
  await t.database.pool.query('update employment_opportunities set created_at = $2 where id = $1', [
    older.id,
    '2026-04-12T10:00:00Z',
  ]);
  const k = actor(users.kw);
  const her = await registerWalkIn(t, users.kw, 'Digest-Woman');
  await t.services.participants.recordConsent(k, her, {
    purpose: 'matching',
    organisationId: null,
    given: true,
    method: 'verbal',
  });
  await e.saveWorkProfile(k, her, profile);
  // A second woman with the same profile who then withdrew her consent: never counted.
  const withdrew = await registerWalkIn(t, users.kw, 'Digest-Withdrew');
  const consent = (given: boolean) =>
    t.services.participants.recordConsent(k, withdrew, {
      purpose: 'matching',
      organisationId: null,
      given,
      method: 'verbal',
    });
  await consent(true);
  await e.saveWorkProfile(k, withdrew, profile);
  await consent(false);
});

describe('the monthly opportunities digest', () => {
  it("emails each partner organisation's staff last month's opportunities with how many of their women each fits, once", async () => {
    expect(await t.services.employment.sendDigests(new Date('2026-06-02T08:00:00Z'))).toBe(0);
    const sent = await t.services.employment.sendDigests(at);
    expect(sent).toBeGreaterThanOrEqual(2);
    const mail = smtp.lastTo(users.kw.email);
    expect(mail?.subject).toBe('Opportunities opened in 2026-05');
    expect(mail?.text).toContain('Digest school-hours job (Job): fits 1');
    expect(mail?.text).not.toContain('Digest older course');
    expect(mail?.text).not.toContain('Digest-Woman');
    // The employer is not a partner organisation: no digest for it.
    expect(smtp.lastTo(users.employer.email)).toBeUndefined();
    expect(await t.services.employment.sendDigests(at)).toBe(0);
  });

  it('asks about the consent of the whole caseload at once, not one woman at a time', async () => {
    const participants = t.services.participants;
    const one = vi.spyOn(participants, 'hasConsent');
    const bulk = vi.spyOn(participants, 'womenWithConsent');
    try {
      const digest = await t.services.employment.digestPage(actor(users.manager), at);
      expect(digest.rows).toEqual([expect.objectContaining({ title: 'Digest school-hours job', fits: 1 })]);
      expect(one).not.toHaveBeenCalled();
      expect(bulk).toHaveBeenCalledTimes(1);
    } finally {
      one.mockRestore();
      bulk.mockRestore();
    }
  });

  it('shows the same on a page for staff', async () => {
    const page = await (await as(users.manager)).get('/opportunities/digest');
    expect(page.statusCode).toBe(200);
    // The page covers the month before today; the test's month is fixed, so only its shape is checked.
    expect(mainOf(page.body)).toContain('Opportunities opened last month');
    const digest = await t.services.employment.digestPage(actor(users.kw), at);
    expect(digest.rows).toEqual([expect.objectContaining({ title: 'Digest school-hours job', fits: 1 })]);
  });
});
