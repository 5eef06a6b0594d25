// Issue 12 point 11: staff search the whole directory (every organisation's services, not only
// their own) with area, need and "uses Wayfinder" filters and a total; casework's referral picker
// uses the same search, her home area first, with the total.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { mainOf } from '../../../tests/support/agent.ts';
import { registerWalkIn } from '../../../tests/support/app.ts';
import { addServices } from '../../../tests/support/directory.ts';
import { useScenario } from '../../../tests/support/scenario.ts';
import { participants } from '../participants/schema.ts';

const LEEDS = 'E08000035';
const MANCHESTER = 'E08000003';
const { t, users, org, as } = useScenario({
  organisations: { own: 'Harbour', partner: 'Lighthouse' },
  users: { kw: 'key_worker', commissioner: 'commissioner', mentor: 'mentor' },
});

beforeAll(async () => {
  await addServices(t.database.db, [
    {
      name: 'Browsing Harbour Housing',
      description: 'Housing help in Leeds',
      terms: ['homelessness'],
      areaCodes: [LEEDS],
      organization: { id: org.own, name: 'Harbour' },
    },
    {
      name: 'Browsing Lighthouse Advice',
      description: 'Immigration advice in Manchester',
      terms: ['immigration-advice'],
      areaCodes: [MANCHESTER],
      organization: { id: org.partner, name: 'Lighthouse' },
    },
    {
      name: 'Browsing Elsewhere Housing',
      description: 'Housing help in Leeds, not on Wayfinder',
      terms: ['homelessness'],
      areaCodes: [LEEDS],
    },
  ]);
});

const names = (html: string) =>
  [...html.matchAll(/<bdi>(Browsing [^<]+)<\/bdi><\/a>/g)].map((m) => m[1]).sort();
/** The total's words (numbers are marked as their own unit in an Arabic page: <bdi>3</bdi>). */
const totalOf = (html: string) =>
  /<h2 class="govuk-heading-m" id="browse-total"[^>]*>([\s\S]*?)<\/h2>/
    .exec(html)?.[1]
    ?.replace(/<[^>]+>/g, '')
    .trim();

describe('/directory, the whole directory for staff', () => {
  it('lists every organisation’s services with a total, marking those that use Wayfinder', async () => {
    const res = await (await as(users.kw)).get('/directory?q=Browsing');
    expect(res.statusCode).toBe(200);
    const main = mainOf(res.body);
    expect(names(main)).toEqual([
      'Browsing Elsewhere Housing',
      'Browsing Harbour Housing',
      'Browsing Lighthouse Advice',
    ]);
    expect(totalOf(main)).toBe('3 services');
    expect(main.match(/>\s*Uses Wayfinder\s*<\/strong>/g)).toHaveLength(2);
  });

  it('filters by area, need and uses Wayfinder, each keeping the others', async () => {
    const a = await as(users.kw);
    const leeds = mainOf((await a.get(`/directory?q=Browsing&area=${LEEDS}`)).body);
    expect(names(leeds)).toEqual(['Browsing Elsewhere Housing', 'Browsing Harbour Housing']);
    expect(totalOf(leeds)).toBe('2 services');
    const need = mainOf((await a.get('/directory?q=Browsing&need=immigration-advice')).body);
    expect(names(need)).toEqual(['Browsing Lighthouse Advice']);
    expect(totalOf(need)).toBe('1 service');
    const onWayfinder = mainOf((await a.get(`/directory?q=Browsing&wayfinder=yes&area=${LEEDS}`)).body);
    expect(names(onWayfinder)).toEqual(['Browsing Harbour Housing']);
    expect(onWayfinder).toMatch(/<option value="E08000035" selected>/);
    expect(onWayfinder).toMatch(/name="wayfinder" type="checkbox" value="yes" checked/);
  });

  it('reads unknown or repeated filters as none, never a 500', async () => {
    const a = await as(users.kw);
    for (const q of [
      'area=XX&need=nope&wayfinder=maybe',
      'q=a&q=b&area=all&area=E1',
      'page=-3',
      'page=99999',
    ])
      expect((await a.get(`/directory?${q}`)).statusCode, q).toBe(200);
  });

  it('is for staff who work with the directory: a commissioner may, a mentor may not', async () => {
    expect((await (await as(users.commissioner)).get('/directory')).statusCode).toBe(200);
    expect((await (await as(users.mentor)).get('/directory')).statusCode).toBe(403);
  });
});

let her: string;
describe('the referral picker', () => {
  beforeAll(async () => {
    her = await registerWalkIn(t, users.kw, 'Picker-Amal');
    await t.database.db.update(participants).set({ homeAreaCode: LEEDS }).where(eq(participants.id, her));
  });

  it('searches the whole directory in her home area first, with the total', async () => {
    const main = mainOf(
      (await (await as(users.kw)).get(`/participants/${her}/referrals/new?q=Browsing`)).body,
    );
    expect(main).toMatch(/<option value="E08000035" selected>Leeds \(her area\)<\/option>/);
    expect(names(main)).toEqual(['Browsing Elsewhere Housing', 'Browsing Harbour Housing']);
    expect(totalOf(main)).toBe('2 services');
    expect(main).toMatch(new RegExp(`href="/participants/${her}/referrals/new\\?serviceId=[0-9a-f-]{36}"`));
  });

  it('searches every area once she chooses all areas', async () => {
    const main = mainOf(
      (await (await as(users.kw)).get(`/participants/${her}/referrals/new?q=Browsing&area=all`)).body,
    );
    expect(names(main)).toHaveLength(3);
    expect(totalOf(main)).toBe('3 services');
  });
});

describe('in Arabic', () => {
  // Last: choosing Arabic is remembered for the rest of her session.
  it('the directory and the picker speak Arabic', async () => {
    const a = await as(users.kw);
    const res = await a.get('/directory?q=Browsing&lang=ar');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<html lang="ar" dir="rtl"');
    expect(totalOf(mainOf(res.body))).toBe('3 خدمات');
    const picker = mainOf((await a.get(`/participants/${her}/referrals/new?q=Browsing`)).body);
    expect(picker.replace(/<[^>]+>/g, '')).toContain('Leeds (منطقتها)');
    expect(totalOf(picker)).toBe('خدمتان');
  });
});
