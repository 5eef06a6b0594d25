import { describe, expect, it } from 'vitest';
import { Agent, csrfTokenIn, mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { caseworkReportingSql } from '../casework/index.ts';
import { mentoringReportingSql } from '../mentoring/index.ts';
import { participantFactsSql } from '../participants/index.ts';
import type { OutcomesDeps } from './deps.ts';
import { indicators } from './indicators.ts';
import { computeIndicator } from './report.ts';

/** The ONS wellbeing questions: a single-use link, answered once, counted in the wellbeing indicator. */
const { t, org, users, as } = useScenario({
  organisations: { harbour: 'Harbour Women', partner: 'Partner Skills' },
  users: { kw: 'key_worker', partnerKw: ['key_worker', 'partner'] },
});

const answers = { lifeSatisfaction: '7', worthwhile: '6', happy: '8', anxious: '3' };
const tokenOf = (location: unknown) => /^\/wellbeing\/([\w-]+)$/.exec(String(location))![1]!;

describe('the ONS wellbeing questions', () => {
  it('answered with her key worker: the link works once, a second answer is refused', async () => {
    const her = await registerWalkIn(t, users.kw, 'Wafa Wellbeing');
    const k = await as(users.kw);
    const url = `/participants/${her}/outcomes`;
    expect(mainOf((await k.get(url)).body)).toContain('She has not answered the wellbeing questions yet.');
    const opened = await k.submit(url, {}, `${url}/wellbeing/with-her`);
    expect(opened.statusCode).toBe(303);
    const token = tokenOf(opened.headers.location);
    // She answers on the spot, on the public page (no sign-in, "Exit this page").
    const anon = new Agent(t.app);
    const page = await anon.get(`/wellbeing/${token}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Overall, how satisfied are you with your life nowadays?');
    expect(page.body).toContain('how anxious did you feel yesterday?');
    expect(page.body).toContain('Exit this page');
    const _csrf = csrfTokenIn(page.body)!;
    const missing = await anon.submit(`/wellbeing/${token}`, { lifeSatisfaction: '7', anxious: '11' });
    expect(missing.statusCode).toBe(400);
    expect(mainOf(missing.body)).toContain('Choose how anxious you felt yesterday, from 0 to 10');
    expect(mainOf(missing.body)).toContain('Choose how happy you felt yesterday, from 0 to 10');
    const done = await anon.submit(`/wellbeing/${token}`, answers);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('Your answers have been saved.');
    // Single use: the same link answers nothing more and opens nothing.
    const again = await anon.post(`/wellbeing/${token}`, { ...answers, lifeSatisfaction: '10', _csrf });
    expect(again.statusCode).toBe(404);
    expect((await anon.get(`/wellbeing/${token}`)).statusCode).toBe(404);
    const stored = await t.database.pool.query(
      'select life_satisfaction, worthwhile, happy, anxious from outcome_wellbeing_answers where participant_id = $1',
      [her],
    );
    expect(stored.rows).toEqual([{ life_satisfaction: 7, worthwhile: 6, happy: 8, anxious: 3 }]);
    const herPage = mainOf((await k.get(url)).body);
    expect(herPage).toContain('Her answers, newest first');
    const audited = await t.database.pool.query(
      "select action from audit_events where record_id = $1 and action like 'outcome.wellbeing%' order by at",
      [her],
    );
    expect(audited.rows.map((r) => r.action)).toEqual([
      'outcome.wellbeing-with-her',
      'outcome.wellbeing-answered',
    ]);
  });

  it('sent through her safe messages; a new link withdraws the old one; an expired link is refused', async () => {
    const her = await registerWalkIn(t, users.kw, 'Samira Sent');
    const k = await as(users.kw);
    const url = `/participants/${her}/outcomes`;
    expect((await k.submit(url, {}, `${url}/wellbeing/send`)).statusCode).toBe(303);
    const outbox = await t.database.pool.query(
      "select status from participant_message_outbox where participant_id = $1 and kind = 'outcome.wellbeing'",
      [her],
    );
    expect(outbox.rows.length).toBeGreaterThan(0);
    // A walk-in with no consent to messages: refused by her rules, and the page says so.
    expect(mainOf((await k.get(url)).body)).toMatch(/on their way to her|Not sent: her consent/);
    const first = tokenOf((await k.submit(url, {}, `${url}/wellbeing/with-her`)).headers.location);
    const second = tokenOf((await k.submit(url, {}, `${url}/wellbeing/with-her`)).headers.location);
    const anon = new Agent(t.app);
    expect((await anon.get(`/wellbeing/${first}`)).statusCode).toBe(404);
    const open = await anon.get(`/wellbeing/${second}`);
    expect(open.statusCode).toBe(200);
    await t.database.pool.query(
      "update outcome_wellbeing_links set expires_at = now() - interval '1 minute' where participant_id = $1",
      [her],
    );
    const late = await anon.post(`/wellbeing/${second}`, { ...answers, _csrf: csrfTokenIn(open.body)! });
    expect(late.statusCode).toBe(404);
  });

  it("another organisation's key worker can neither send nor open her questions", async () => {
    const her = await registerWalkIn(t, users.kw, 'Nadia Private');
    const p = await as(users.partnerKw);
    const url = `/participants/${her}/outcomes`;
    expect((await p.submit('/outcomes/definitions', {}, `${url}/wellbeing/with-her`)).statusCode).toBe(404);
    expect((await p.submit('/outcomes/definitions', {}, `${url}/wellbeing/send`)).statusCode).toBe(404);
    const links = await t.database.pool.query(
      'select count(*)::int as n from outcome_wellbeing_links where participant_id = $1',
      [her],
    );
    expect(links.rows[0].n).toBe(0);
  });

  it('her ONS life satisfaction counts in the wellbeing indicator beside casework scores', async () => {
    const her = await registerWalkIn(t, users.kw, 'Layla Rising');
    await t.database.pool.query(
      `insert into casework_scale_readings (participant_id, organisation_id, scale, score, recorded_at)
       values ($1, $2, 'wellbeing', 4, now() - interval '30 days')`,
      [her, org.harbour],
    );
    const deps = {
      db: t.database.db,
      sources: { participants: participantFactsSql, ...caseworkReportingSql, ...mentoringReportingSql },
    } as unknown as OutcomesDeps;
    const def = indicators.find((d) => d.id === 'wellbeing_rose_by_2')!;
    const today = new Date().toISOString().slice(0, 10);
    const filter = {
      from: '2000-01-01',
      to: today,
      programmeId: null,
      organisationId: org.harbour,
      area: null,
      breakdown: 'none' as const,
    };
    const before = (await computeIndicator(deps, def, filter))[0] ?? { base: 0, yes: 0 };
    const k = await as(users.kw);
    const url = `/participants/${her}/outcomes`;
    const token = tokenOf((await k.submit(url, {}, `${url}/wellbeing/with-her`)).headers.location);
    expect((await new Agent(t.app).submit(`/wellbeing/${token}`, answers)).statusCode).toBe(200);
    const after = (await computeIndicator(deps, def, filter))[0]!;
    // From 4 (casework) to 7 (ONS life satisfaction): a second score, risen by 3.
    expect(after.base - before.base).toBe(1);
    expect(after.yes - before.yes).toBe(1);
  });
});
