import { beforeAll, describe, expect, it } from 'vitest';
import { type Agent, mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { expectPage } from '../../../tests/support/expect.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { needDomains } from './assessment.ts';
import { scales } from './schema.ts';

const { t, users, as, actor } = useScenario({ users: { kw: 'key_worker', admin: 'admin' } });
const { kw, admin } = users;
let id: string;
const scores = (base: number) => ({
  ...Object.fromEntries(scales.map((s, i) => [`scale-${s}`, String(Math.min(10, base + (i % 3)))])),
  ...Object.fromEntries(needDomains.map((d) => [`need-${d}`, 'not_asked'])),
});

/** Submits the assessment form with the template version it shows (a hidden field, as a browser would). */
async function assess(a: Agent, form: Record<string, string>, who = id) {
  const page = await a.get(`/participants/${who}/assessments/new`);
  const templateId = /name="templateId" value="([^"]+)"/.exec(page.body)![1]!;
  return a.submit(`/participants/${who}/assessments/new`, { templateId, ...form });
}

beforeAll(async () => {
  id = await registerWalkIn(t, kw, 'Grace');
});

describe('holistic assessment', () => {
  it('refuses scores outside 1-10, keeping what was typed', async () => {
    const a = await as(kw);
    const res = await assess(a, {
      ...scores(3),
      'scale-confidence': '11',
      strengths: 'Good cook, speaks three languages',
    });
    expectPage(res, 400, 'Good cook, speaks three languages');
    // The error names the score it is about, once, and no other score is blamed.
    expect(mainOf(res.body)).toContain('Enter a whole number from 1 to 10 for Confidence');
    expect(mainOf(res.body)).not.toContain('for English');
  });

  it('starts every need unanswered; a skipped need is an error naming it, not "no help needed"', async () => {
    const a = await as(kw);
    const her = await registerWalkIn(t, kw, 'Hana');
    const page = await a.get(`/participants/${her}/assessments/new`);
    // No answer is chosen for her, and "Not asked" is an answer of its own.
    expect(page.body).not.toMatch(/name="need-[a-z_]+" type="radio" value="[a-z_]+" checked/);
    expect(page.body).toContain('value="not_asked"');
    const { 'need-domestic_abuse': _skipped, ...rest } = scores(4);
    const res = await assess(a, rest, her);
    expectPage(res, 400, 'Answer the question about Safety, domestic abuse and sexual violence');
    expect(mainOf(res.body)).not.toContain('Answer the question about Housing');
    // Every score left empty is named in the summary, each once.
    const none = await assess(a, Object.fromEntries(needDomains.map((d) => [`need-${d}`, 'none'])), her);
    for (const s of ['Confidence', 'Ready for work', 'Managing money'])
      expect(none.body.split(`>Enter a whole number from 1 to 10 for ${s}</a>`)).toHaveLength(2);
    // "Not asked" is kept as that, not as "no need".
    const ok = await assess(
      a,
      { ...scores(4), 'need-domestic_abuse': 'not_asked', 'need-housing': 'none' },
      her,
    );
    expect(ok.statusCode).toBe(303);
    const view = await a.get(String(ok.headers.location));
    expect(view.body).toMatch(/Safety, domestic abuse and sexual violence[\s\S]*?Not asked/);
  });

  it('records assessments on their template version and shows distance travelled as a chart and a table', async () => {
    const a = await as(kw);
    const first = await assess(a, {
      ...scores(3),
      'scale-confidence': '2',
      'need-english': 'urgent',
      'note-english': 'Wants evening ESOL',
      strengths: 'Good cook, speaks three languages',
    });
    expect(first.statusCode).toBe(303);
    const firstUrl = String(first.headers.location);

    // A new version of the form drops a domain; the first assessment keeps its own version.
    await t.services.casework.publishTemplate(actor(admin), {
      domains: ['english', 'employment', 'housing'],
      scales: [...scales],
    });
    const form = await a.get(`/participants/${id}/assessments/new`);
    expect(form.body).toContain('Form version 2');
    expect(form.body).not.toContain('name="need-domestic_abuse"');
    const second = await assess(a, {
      ...scores(5),
      'scale-confidence': '7',
      'need-english': 'some',
    });
    expect(second.statusCode).toBe(303);

    const old = await a.get(firstUrl);
    expect(old.body).toContain('Form version 1');
    expect(old.body).toContain('Wants evening ESOL');
    expect(old.body).toContain('Safety, domestic abuse and sexual violence');
    expect((await a.get(String(second.headers.location))).body).toContain('Form version 2');

    const progress = await a.get(`/participants/${id}/assessments`);
    expectPage(progress, 200, '<svg', 'role="img"');
    expect((progress.body.match(/<polyline/g) ?? []).length).toBe(scales.length);
    // Confidence: 2 then 7, a change of +5.
    const row = /Confidence<\/th>([\s\S]*?)<\/tr>/.exec(progress.body)![1]!;
    expect(
      row
        .replace(/<[^>]+>/g, ' ')
        .replace(/\s+/g, ' ')
        .trim(),
    ).toBe('2 7 +5');
  });

  it('an old form posted after a new version is refused, not filed under the wrong version', async () => {
    const a = await as(kw);
    const page = await a.get(`/participants/${id}/assessments/new`);
    await t.services.casework.publishTemplate(actor(admin), { domains: ['english'], scales: [...scales] });
    const token = /name="_csrf" value="([^"]+)"/.exec(page.body)![1]!;
    const templateId = /name="templateId" value="([^"]+)"/.exec(page.body)![1]!;
    const res = await a.post(`/participants/${id}/assessments/new`, {
      ...scores(4),
      templateId,
      _csrf: token,
    });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('The assessment form has changed');
  });

  it('only admins publish template versions', async () => {
    await expect(
      t.services.casework.publishTemplate(actor(kw), {
        domains: ['english'],
        scales: [...scales],
      }),
    ).rejects.toThrow('Forbidden');
  });
});

describe('support plan', () => {
  it('builds goals in her words with owned, dated steps, records a review, and prints', async () => {
    const a = await as(kw);
    const empty = await a.submit(`/participants/${id}/plan/goals/new`, { goal: '' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Write her goal');
    const goal = await a.submit(`/participants/${id}/plan/goals/new`, {
      goal: 'I want to work in a nursery',
      domains: ['employment', 'education'],
    });
    expect(goal.statusCode).toBe(303);
    const plan = await a.get(`/participants/${id}/plan`);
    const stepUrl = /href="(\/plan\/goals\/[0-9a-f-]{36}\/steps\/new)"/.exec(plan.body)![1]!;
    const step = await a.submit(stepUrl, {
      step: 'Apply for the childcare level 2 course',
      owner: 'her',
      'dueOn-day': '15',
      'dueOn-month': '1',
      'dueOn-year': '2027',
    });
    expect(step.statusCode).toBe(303);
    await a.submit(stepUrl, { step: 'Ask Partner Skills about a placement', owner: 'partner' });
    const review = await a.submit(`/participants/${id}/plan`, {
      'nextReviewOn-day': '1',
      'nextReviewOn-month': '2',
      'nextReviewOn-year': '2099',
    });
    expect(review.statusCode).toBe(303);
    const print = await a.get(`/participants/${id}/plan/print`);
    expectPage(
      print,
      200,
      'Support plan: Grace',
      'Her key worker: Test key_worker, ',
      'I want to work in a nursery',
      'Apply for the childcare level 2 course',
      'Who: Her',
      'by 15 January 2027',
      'Who: Partner organisation',
      'Next review: 1 February 2099',
    );
    expect(mainOf(print.body)).not.toContain('name="_csrf"');
    expect(print.body).toContain('app-no-print');
    const caseload = await a.get('/caseload');
    expect(caseload.body).toContain('Review due');
  });
});
