// "Find support" through HTTP: search, filters, the service page, withheld addresses, Arabic, cookies.
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { addServices, type FixtureService } from '../../../tests/support/directory.ts';
import { expectPage } from '../../../tests/support/expect.ts';

const LEEDS = 'E08000035';
const BRADFORD = 'E08000032';
const MANCHESTER = 'E08000003';

const services: FixtureService[] = [
  {
    name: 'Calm Minds women’s counselling',
    description: 'Counselling and peer support for women living with anxiety, depression or trauma.',
    terms: ['mental-health', 'women-only'],
    areaCodes: [LEEDS],
    locations: [
      {
        latitude: 53.8,
        longitude: -1.55,
        areaCode: LEEDS,
        address1: '1 Fictional Row',
        city: 'Leeds',
        postcode: 'LS1 1ZZ',
      },
    ],
    languages: ['ar', 'fa'],
    free: true,
    schedules: [{ byday: 'MO,TU,WE,TH,FR', opens: '10:00', closes: '16:00' }],
    email: 'calm@example.org',
  },
  {
    name: 'Safe Haven refuge',
    description: 'Emergency housing and safety planning for women escaping violence at home.',
    terms: ['domestic-abuse', 'women-only', 'homelessness'],
    areaCodes: [BRADFORD],
    locations: [
      {
        name: 'Secret house name',
        latitude: 53.79,
        longitude: -1.75,
        withheld: true,
        areaCode: BRADFORD,
        address1: '99 Hidden Street',
        city: 'Bradford',
        postcode: 'BD1 1ZZ',
      },
    ],
    free: true,
    schedules: [{ byday: 'MO,TU,WE,TH,FR,SA,SU', opens: '00:00', closes: '23:59' }],
  },
  {
    name: 'Roof Over Us housing advice',
    description: 'Housing advice, help with homelessness applications and tenancy problems.',
    terms: ['homelessness', 'drop-in'],
    areaCodes: [LEEDS],
    locations: [
      { latitude: 53.81, longitude: -1.52, areaCode: LEEDS, address1: '2 Imaginary Street', city: 'Leeds' },
    ],
    free: false,
    schedules: [{ byday: 'TU', opens: '09:30', closes: '12:00' }],
  },
  {
    name: 'Manchester Housing Women’s Project',
    description: 'Housing support for women in Manchester.',
    terms: ['homelessness', 'women-only'],
    areaCodes: [MANCHESTER],
    locations: [
      {
        latitude: 53.48,
        longitude: -2.24,
        areaCode: MANCHESTER,
        address1: '3 Pretend Road',
        city: 'Manchester',
      },
    ],
    free: true,
  },
];
// Enough housing services in Leeds to need a second page of results (10 a page).
for (let i = 1; i <= 12; i++) {
  services.push({
    name: `Leeds tenancy help ${String(i).padStart(2, '0')}`,
    description: 'Help to keep your home and deal with a landlord.',
    terms: ['homelessness'],
    areaCodes: [LEEDS],
  });
}

let t: TestApp;
let ids: string[];
beforeAll(async () => {
  t = await createTestApp();
  ids = await addServices(t.database.db, services);
}, 60_000);
afterAll(async () => t?.close());

const names = (html: string) =>
  [
    ...html.matchAll(
      /<h3 class="govuk-heading-s[^"]*"><a class="govuk-link" href="\/find-support\/services\/[^"]+">(.+?)<\/a>/g,
    ),
    // In Arabic a name in English sits in <span lang="en">: the name is its text.
  ].map((m) => m[1]!.replace(/<[^>]+>/g, '').replace(/&#39;|&rsquo;/g, '’'));

describe('Find support search', () => {
  it('shows the search form with no sign-in and sets no cookie', async () => {
    const res = await t.app.inject({ url: '/find-support' });
    expectPage(res, 200, '<form method="get" action="/find-support"', 'govuk-exit-this-page');
    expect(res.headers['set-cookie']).toBeUndefined();
    // No CSRF token: a GET search needs none, so no cookie is needed to hold its secret.
    expect(res.body).not.toContain('name="_csrf"');
  });

  it('finds services by words, near a place named by its council area, and sets no cookie', async () => {
    const res = await t.app.inject({ url: '/find-support?q=housing&place=Leeds' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    // The 12 tenancy services (tagged housing) and Roof Over Us; not Manchester's, nor Bradford's refuge.
    expect(res.body).toContain('13 services found');
    expect(res.body).toContain('near Leeds');
    const both = [
      ...names(res.body),
      ...names((await t.app.inject({ url: '/find-support?q=housing&place=Leeds&page=2' })).body),
    ];
    expect(both).toHaveLength(13);
    expect(both).toContain('Roof Over Us housing advice');
    expect(both).not.toContain('Manchester Housing Women’s Project');
    expect(both).not.toContain('Safe Haven refuge');

    const advice = await t.app.inject({ url: '/find-support?q=housing+advice&place=Leeds' });
    expect(names(advice.body)).toEqual(['Roof Over Us housing advice']);
    // Distance and opening times are shown.
    expect(advice.body).toMatch(/<dd>\d+\.\d miles away<\/dd>/);
    expect(advice.body).toContain('Tuesday 09:30 to 12:00');
  });

  it('filters women-only, free, drop-in and language', async () => {
    const womenOnly = names((await t.app.inject({ url: '/find-support?q=housing&womenOnly=yes' })).body);
    expect(womenOnly.sort()).toEqual(['Manchester Housing Women’s Project', 'Safe Haven refuge']);

    const dropIn = names((await t.app.inject({ url: '/find-support?need=homelessness&dropIn=yes' })).body);
    expect(dropIn).toEqual(['Roof Over Us housing advice']);

    const arabic = names((await t.app.inject({ url: '/find-support?language=ar' })).body);
    expect(arabic).toEqual(['Calm Minds women’s counselling']);

    const freeHousing = names(
      (await t.app.inject({ url: '/find-support?need=homelessness&free=yes&place=Leeds' })).body,
    );
    expect(freeHousing).not.toContain('Roof Over Us housing advice');
  });

  it('filters to services open now (Europe/London)', async () => {
    const open = names((await t.app.inject({ url: '/find-support?q=housing&openNow=yes' })).body);
    // The refuge is open 00:00 to 23:59 every day; services with no opening times are left out.
    if (new Date().toLocaleTimeString('en-GB', { timeZone: 'Europe/London' }) < '23:59')
      expect(open).toContain('Safe Haven refuge');
    expect(open).not.toContain('Manchester Housing Women’s Project');
    expect(open.some((n) => n.startsWith('Leeds tenancy help'))).toBe(false);
  });

  it('filters by who the service is for', async () => {
    const res = await t.app.inject({ url: '/find-support?whoFor=refugees-asylum-seekers' });
    expect(res.body).toContain('No services found');
    expect(names(res.body)).toEqual([]);
  });

  it('pages results, keeping the search in the page links', async () => {
    const first = await t.app.inject({ url: '/find-support?need=homelessness&place=Leeds' });
    expect(names(first.body)).toHaveLength(10);
    expect(first.body).toContain('href="/find-support?need=homelessness&amp;place=Leeds&amp;page=2"');
    const second = await t.app.inject({ url: '/find-support?need=homelessness&place=Leeds&page=2' });
    expect(names(second.body)).toHaveLength(3);
    expect(second.body).toContain('Showing 11 to 13 of 13');
    expect(new Set([...names(first.body), ...names(second.body)]).size).toBe(13);
  });

  it('searches near a postcode, with the distance from it', async () => {
    await t.database.db.execute(sql`insert into postcodes (postcode, display, latitude, longitude, area_code, country_code)
      values ('LS11ZZ', 'LS1 1ZZ', 53.8, -1.55, ${LEEDS}, 'E92000001')`);
    const res = await t.app.inject({ url: '/find-support?q=housing+advice&place=ls1+1zz' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('near LS1 1ZZ');
    expect(names(res.body)).toEqual(['Roof Over Us housing advice']);
    // About 2.3 km from the postcode.
    expect(res.body).toMatch(/Roof Over Us housing advice[\s\S]*?<dd>1\.4 miles away<\/dd>/);
  });

  it('asks "Did you mean" for a place typed with a slip, each choice a search there', async () => {
    const res = await t.app.inject({ url: '/find-support?q=housing&place=manchestr' });
    expect(res.body).toContain('Did you mean');
    expect(res.body).toContain('href="/find-support?q=housing&amp;place=Manchester"');
    expect(names(res.body)).toEqual([]);
    const chosen = await t.app.inject({ url: '/find-support?q=housing&place=Manchester' });
    expect(chosen.body).toContain('near Manchester');
    expect(names(chosen.body)).toEqual(['Manchester Housing Women’s Project']);
  });

  it('finds a postcode offline at its district, and offers the boroughs for "London"', async () => {
    const leeds = await t.app.inject({ url: '/find-support?q=housing+advice&place=LS1+4AP' });
    expect(leeds.body).toContain('near LS1 4AP');
    expect(names(leeds.body)).toEqual(['Roof Over Us housing advice']);
    const london = await t.app.inject({ url: '/find-support?place=London' });
    expect(london.body).toContain('Did you mean');
    expect(london.body).toContain('href="/find-support?place=Lambeth"');
    expect(london.body).toContain('contains Royal Mail data');
  });

  it('links from the top of the page to its answer, which a phone shows only below the whole form', async () => {
    const skip = (html: string) =>
      /<a class="govuk-link" href="(#[\w-]+)">([^<]*)<\/a><\/p>\s*<\/div>/.exec(html)?.slice(1);
    const choices = await t.app.inject({ url: '/find-support?place=Newport' });
    expect(skip(choices.body)).toEqual(['#place-choices-heading', 'Choose which place you mean']);
    expect(choices.body).toContain('id="place-choices-heading" tabindex="-1"');
    const outside = await t.app.inject({ url: '/find-support?place=Glasgow' });
    expect(skip(outside.body)).toEqual(['#place-outside-heading', 'Glasgow is outside England and Wales']);
    expect(outside.body).toContain('id="place-outside-heading" tabindex="-1"');
    const none = await t.app.inject({ url: '/find-support?q=zzzqqq' });
    expect(skip(none.body)).toEqual(['#results-heading', 'Go to the results']);
    const ar = await t.app.inject({ url: '/find-support?place=Newport&lang=ar' });
    expect(ar.body).toContain('href="#place-choices-heading">اختاري المكان الذي تقصدينه</a>');
  });

  it('offers Newport in Wales as a choice that searches there, not the same question again', async () => {
    const asked = await t.app.inject({ url: '/find-support?place=Newport' });
    expect(asked.body).toContain('href="/find-support?place=Newport%2C+Wales">Newport, Wales</a>');
    const chosen = await t.app.inject({ url: '/find-support?place=Newport%2C+Wales' });
    expect(chosen.body).not.toContain('Did you mean');
    expect(chosen.body).toContain('id="results-heading"');
  });

  it('says a place in Scotland or Northern Ireland is outside England and Wales, in English and Arabic', async () => {
    for (const place of ['G1+1AA', 'Belfast']) {
      const res = await t.app.inject({ url: `/find-support?place=${place}` });
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('Wayfinder lists services in England and Wales only');
    }
    const ar = await t.app.inject({ url: '/find-support?place=Glasgow&lang=ar' });
    // The service named as in the page's header (وايفايندر), not in Latin letters.
    expect(ar.body).toContain('يعرض وايفايندر الخدمات في إنجلترا وويلز فقط');
    expect(ar.body).not.toContain('>Wayfinder<');
  });

  it('says when a place cannot be found, beside the field', async () => {
    const res = await t.app.inject({ url: '/find-support?q=housing&place=Atlantis' });
    expect(res.body).toContain('govuk-error-summary');
    expect(res.body).toContain('id="place-error"');
    expect(res.body).toContain('value="Atlantis"');
  });

  it('answers a NUL character in the search with a 400 page, not a 500', async () => {
    for (const url of ['/find-support?place=%00', '/find-support?q=a%00b']) {
      const res = await t.app.inject({ url });
      expect(res.statusCode, url).toBe(400);
      expect(res.body).toContain('Sorry, there is a problem with your request');
    }
    // In the path it names no service.
    expect((await t.app.inject({ url: '/find-support/services/%00' })).statusCode).toBe(404);
  });

  it('never shows a withheld address in results or on the service page', async () => {
    const refugeId = ids[1]!;
    const pages = [
      (await t.app.inject({ url: '/find-support?q=refuge' })).body,
      (await t.app.inject({ url: '/find-support?q=housing&place=Bradford&womenOnly=yes' })).body,
      (await t.app.inject({ url: `/find-support/services/${refugeId}` })).body,
      (await t.app.inject({ url: `/find-support/services/${refugeId}?lang=ar` })).body,
    ];
    expect(pages[0]).toContain('Safe Haven refuge');
    for (const html of pages) {
      expect(html).not.toContain('99 Hidden Street');
      expect(html).not.toContain('BD1 1ZZ');
      expect(html).not.toContain('Secret house name');
      expect(html).not.toContain('53.79');
    }
    expect(pages[2]).toContain('In Bradford.');
    expect(pages[2]).toContain('Contact them to find out how to get there.');
  });

  it('shows how to get help on the service page', async () => {
    const res = await t.app.inject({ url: `/find-support/services/${ids[0]}` });
    expectPage(
      res,
      200,
      '<h1 class="govuk-heading-l">Calm Minds women’s counselling</h1>',
      'mailto:calm@example.org',
      '1 Fictional Row',
      'LS1 1ZZ',
      'Monday to Friday 10:00 to 16:00',
      'Arabic',
      'Persian',
    );
    expect(res.body).toMatch(/Cost\s*<\/dt>\s*<dd class="govuk-summary-list__value">\s*Free/);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('gives 404 for an unknown service', async () => {
    expect(
      (await t.app.inject({ url: '/find-support/services/00000000-0000-4000-8000-000000000000' })).statusCode,
    ).toBe(404);
    expect((await t.app.inject({ url: '/find-support/services/not-an-id' })).statusCode).toBe(404);
  });

  it('finds in Arabic what it finds in English, and says what was searched in her words', async () => {
    const english = await t.app.inject({ url: '/find-support?q=housing' });
    const arabic = await t.app.inject({ url: `/find-support?q=${encodeURIComponent('سكن')}&lang=ar` });
    expect(arabic.statusCode).toBe(200);
    const count = /(\d+) services found/.exec(english.body)?.[1];
    expect(Number(count)).toBeGreaterThan(10);
    expect(arabic.body).toContain(`تم العثور على ${count} خدمة`);
    expect(names(arabic.body)).toEqual(names(english.body));
    // Her words are a unit of their own in the sentence (<bdi>).
    expect(arabic.body).toContain('خدمات تتعلق بـ«<bdi>سكن</bdi>»');
    expect(english.body).toContain('Services for “housing”');
    // A misspelt Arabic word is corrected, and the page says so.
    const misspelt = await t.app.inject({ url: `/find-support?q=${encodeURIComponent('الاسكام')}&lang=ar` });
    expect(names(misspelt.body)).toEqual(names(arabic.body));
    expect(misspelt.body).toContain('خدمات تتعلق بـ«<bdi>إسكان</bdi>»');
    expect(misspelt.body).toContain('بحثنا عن أقرب الكلمات التي نعرفها إلى ما كتبتِه.');
  });

  it('shows the journey in Arabic, right to left', async () => {
    const agent = new Agent(t.app);
    const search = await agent.get('/find-support?q=housing&place=Leeds&lang=ar');
    expect(search.body).toContain('<html lang="ar" dir="rtl"');
    expect(search.body).toContain('ابحثي عن الدعم');
    expect(search.body).toContain('السكن والتشرد');
    expect(search.body).toContain('الخروج من هذه الصفحة');
    // The chosen language is remembered (the one cookie, and only once she chooses).
    const page = await agent.get(`/find-support/services/${ids[0]}`);
    expect(page.body).toContain('<html lang="ar" dir="rtl"');
    expect(page.body).toContain('كيف تحصلين على المساعدة');
    expect(page.body).toContain('الاثنين');
  });
});
