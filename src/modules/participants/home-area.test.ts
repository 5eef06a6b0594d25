// Issue 12 point 5: her home area is chosen from the list of local authority areas by name (a
// select that works without JavaScript), never typed as an ONS code.
import { describe, expect, it } from 'vitest';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { useScenario } from '../../../tests/support/scenario.ts';

const { t, users, as } = useScenario({ users: { kw: 'key_worker' } });

const circumstances = { schoolHoursOnly: 'no', travelLimitMinutes: '' };

describe('her home area', () => {
  it('is chosen from the named areas, shown by name, and refused when not on the list', async () => {
    const a = await as(users.kw);
    const her = await registerWalkIn(t, users.kw, 'Leyla Area');
    const url = `/participants/${her}/edit/circumstances`;
    const form = await a.get(url);
    expect(form.statusCode).toBe(200);
    expect(form.body).toMatch(/<select[^>]*name="homeAreaCode"/);
    expect(form.body).toContain('<option value="E08000035">Leeds</option>');
    expect(form.body).not.toContain('E08000035"</');
    expect(form.body).not.toMatch(/ONS code/i);

    const unknown = await a.submit(url, { ...circumstances, homeAreaCode: 'E99999999' });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.body).toContain('Choose her home area from the list');

    const saved = await a.submit(url, { ...circumstances, homeAreaCode: 'E08000035' });
    expect(saved.statusCode).toBe(302);
    const record = await a.get(`/participants/${her}`);
    expect(record.body).toContain('Leeds');
    const again = await a.get(url);
    expect(again.body).toContain('<option value="E08000035" selected>Leeds</option>');
  });
});
