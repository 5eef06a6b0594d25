import { gunzipSync } from 'node:zlib';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Agent } from '../../../tests/support/agent.ts';
import {
  createOrganisation,
  createTestApp,
  createUser,
  signIn,
  type TestApp,
} from '../../../tests/support/app.ts';
import { writeServices } from '../../../tests/support/coverage.ts';
import { AREA, knownServices, westminsterNeighbours } from '../../../tests/support/known-directory.ts';
import { parseCsv } from '../directory/csv.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await writeServices(t.database.db, knownServices);
});
afterAll(() => t?.close());

const decode = (s: string) =>
  s
    .replace(/&#39;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const textOf = (html: string, id: string) =>
  decode(new RegExp(`id="${id}"[^>]*>([\\s\\S]*?)</`).exec(html)?.[1]?.trim() ?? '');
const rowsOf = (html: string) =>
  [...html.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)]
    .map((m) =>
      [...m[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) =>
        decode(c[1]!.replace(/<[^>]+>/g, '').trim()),
      ),
    )
    .filter((r) => r.length);

describe('the map of the maze, open to the public (the default)', () => {
  it('shows the headline in the seed’s words, the map with a link per area, and the matrix', async () => {
    const res = await new Agent(t.app).get('/coverage');
    expect(res.statusCode).toBe(200);
    const html = res.body;
    expect(html).toContain('Exit this page');
    expect(textOf(html, 'headline-all')).toBe(
      'In 2 areas of England and Wales (out of 175) there are services for women that address all of the following: Substance use, Mental health, Housing and homelessness, Offending and the justice system and Complex needs.',
    );
    expect(textOf(html, 'headline-some')).toBe(
      'All but 171 areas of England and Wales have at least one of these services for women.',
    );
    expect(html).toContain('Substance use: 2 of 175 areas (1.1%)');
    // Every area is a link on the map (London's in the inset), with an accessible name.
    const svg = /<svg class="app-coverage-map"[\s\S]*?<\/svg>/.exec(html)![0];
    const links = [...svg.matchAll(/<a href="\/coverage\/areas\/([EW]\d{8})[^"]*" aria-label="([^"]+)"/g)];
    expect(links).toHaveLength(175);
    expect(new Set(links.map((l) => l[1])).size).toBe(175);
    expect(links.find((l) => l[1] === AREA.powys)![2]).toBe('Powys: 5 of 5 needs');
    expect(links.find((l) => l[1] === AREA.westminster)![2]).toBe('Westminster: 3 of 5 needs');
    expect(html).toContain(
      'Source: Office for National Statistics licensed under the Open Government Licence v.3.0. Contains OS data © Crown copyright and database right 2023.',
    );
    // The matrix: one row per area, counts per need, needs covered and services.
    const rows = rowsOf(/<table[^>]*id="coverage-matrix"[\s\S]*?<\/table>/.exec(html)![0]);
    expect(rows).toHaveLength(176);
    expect(rows[0]!.slice(0, 2).map((h) => h.replace(/ \(sort .*\)$/, ''))).toEqual([
      'Area',
      'Substance use',
    ]);
    expect(rows.find((r) => r[0] === 'Powys')).toEqual(['Powys', '1', '1', '1', '2', '2', '5 of 5', '2']);
    expect(rows.find((r) => r[0] === 'Westminster')).toEqual([
      'Westminster',
      '0',
      '0',
      '1',
      '1',
      '1',
      '3 of 5',
      '2',
    ]);
    expect(rows.find((r) => r[0] === 'Bristol, City of')).toEqual([
      'Bristol, City of',
      '0',
      '0',
      '0',
      '0',
      '0',
      '0 of 5',
      '0',
    ]);
  });

  it('writes its lists and numbers in English while its words are English (on an Arabic page)', async () => {
    // The map has no Arabic words yet: an English sentence joined by the Arabic "و" was read out of
    // order ("Mental health و Substance use ...").
    const html = (await new Agent(t.app).get('/coverage?lang=ar')).body;
    const headline = /id="headline-all"[^>]*>([\s\S]*?)<\/p>/.exec(html)![1]!.replace(/<[^>]+>/g, '');
    expect(headline).toContain(
      'Substance use, Mental health, Housing and homelessness, Offending and the justice system and Complex needs.',
    );
    expect(headline).not.toContain('و');
  });

  it('changes the headline with the filters, and keeps them in every link', async () => {
    const agent = new Agent(t.app);
    const q =
      'domains=substance-use&domains=mental-health&domains=homelessness&domains=offending&domains=complex-needs&group=refugees-asylum-seekers&filtered=1';
    const res = await agent.get(`/coverage?${q}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body, 'headline-all')).toBe(
      'In 1 area of England and Wales (out of 175) there are services for refugee and asylum-seeking women that address all of the following: Substance use, Mental health, Housing and homelessness, Offending and the justice system and Complex needs.',
    );
    expect(textOf(res.body, 'headline-some')).toBe(
      'All but 173 areas of England and Wales have at least one of these services for refugee and asylum-seeking women.',
    );
    expect(res.body).toContain(
      'id="group-4" name="group" type="radio" value="refugees-asylum-seekers" checked',
    );
    expect(res.body).toMatch(
      /href="\/coverage\/areas\/W06000023\?domains=substance-use[^"]*group=refugees-asylum-seekers"/,
    );
    expect(res.body).toMatch(/href="\/coverage.csv\?domains=[^"]*group=refugees-asylum-seekers"/);

    const only = await agent.get('/coverage?domains=homelessness&women=only&delivery=phone');
    expect(textOf(only.body, 'headline-all')).toBe(
      'In 1 area of England and Wales (out of 175) there are women-only services (by phone) that address Housing and homelessness.',
    );
  });

  it('asks for at least one need when the form is sent with none ticked', async () => {
    const res = await new Agent(t.app).get('/coverage?filtered=1&group=lbtqi');
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('There is a problem');
    expect(res.body).toContain('href="#domains">Select at least one need</a>');
  });

  it('sorts the matrix by any column through the query string', async () => {
    const agent = new Agent(t.app);
    const matrix = async (q: string) =>
      rowsOf(
        /<table[^>]*id="coverage-matrix"[\s\S]*?<\/table>/.exec((await agent.get(`/coverage?${q}`)).body)![0],
      )
        .slice(1)
        .map((r) => r[0]);
    expect((await matrix('sort=covered&dir=desc')).slice(0, 4)).toEqual([
      'Hartlepool',
      'Powys',
      'Westminster',
      'Middlesbrough',
    ]);
    expect((await matrix('sort=offending&dir=desc')).slice(0, 3)).toEqual([
      'Powys',
      'Hartlepool',
      'Westminster',
    ]);
    expect((await matrix('')).slice(0, 2)).toEqual(['Barking and Dagenham', 'Barnet']);
    expect((await matrix('sort=name&dir=desc'))[0]).toBe('York');
    const page = (await agent.get('/coverage?sort=covered&dir=desc')).body;
    expect(page).toMatch(
      /<th scope="col" class="govuk-table__header govuk-table__header--numeric" aria-sort="descending"><a [^>]*href="\/coverage\?[^"]*sort=covered&amp;dir=asc#matrix"/,
    );
  });

  it('exports the matrix as CSV with one row per area', async () => {
    const res = await new Agent(t.app).get('/coverage.csv?group=refugees-asylum-seekers');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /^attachment; filename="coverage-\d{4}-\d\d-\d\d\.csv"$/,
    );
    const rows = parseCsv(res.body);
    expect(rows).toHaveLength(176);
    expect(rows[0]).toEqual([
      'area_code',
      'area_name',
      'area_type',
      'substance-use',
      'mental-health',
      'homelessness',
      'offending',
      'complex-needs',
      'needs_covered',
      'needs_chosen',
      'services',
    ]);
    expect(rows.find((r) => r[0] === AREA.powys)).toEqual([
      AREA.powys,
      'Powys',
      'Welsh unitary authority',
      '1',
      '1',
      '1',
      '1',
      '1',
      '5',
      '5',
      '1',
    ]);
    expect(rows.find((r) => r[0] === AREA.middlesbrough)!.slice(3)).toEqual([
      '0',
      '1',
      '0',
      '0',
      '0',
      '1',
      '5',
      '1',
    ]);
    expect(rows.find((r) => r[0] === AREA.hartlepool)!.slice(3)).toEqual([
      '0',
      '0',
      '0',
      '0',
      '0',
      '0',
      '5',
      '0',
    ]);
    expect(new Set(rows.slice(1).map((r) => r[0])).size).toBe(175);
  });

  it('exports the matrix as a spreadsheet, the map as SVG and PNG, and a tagged PDF summary', async () => {
    const agent = new Agent(t.app);
    const xlsx = await agent.get('/coverage.xlsx');
    expect(xlsx.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = wb.getWorksheet('Coverage')!;
    expect(sheet.rowCount).toBe(176);
    const powys = sheet.getRows(2, 175)!.find((r) => r.getCell(1).value === AREA.powys)!;
    expect(powys.values).toEqual([
      undefined,
      AREA.powys,
      'Powys',
      'Welsh council',
      1,
      1,
      1,
      2,
      2,
      5,
      2,
      'Yes',
    ]);
    expect(String(wb.getWorksheet('About')!.getCell('A5').value)).toMatch(/^In 2 areas of England and Wales/);

    const svg = await agent.get('/coverage/map.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml; charset=utf-8');
    expect(
      svg.body.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"'),
    ).toBe(true);
    expect(svg.body.match(/<path /g)).toHaveLength(175 + 33);
    expect(svg.body).toContain('Contains OS data © Crown copyright and database right 2023.');

    const png = await agent.get('/coverage/map.png');
    expect(png.headers['content-type']).toBe('image/png');
    const bytes = png.rawPayload;
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.readUInt32BE(16)).toBe(1040); // IHDR width
    expect(bytes.readUInt32BE(20)).toBeGreaterThan(1040);

    const pdf = await agent.get('/coverage/summary.pdf');
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const raw = pdf.rawPayload.toString('latin1');
    expect(raw.startsWith('%PDF-')).toBe(true);
    expect(raw.trimEnd().endsWith('%%EOF')).toBe(true);
    expect(raw).toContain('/StructTreeRoot');
    expect(raw).toMatch(/\/Lang \(en-GB\)/);
    expect(raw).toContain('/Figure');
    expect(raw).toContain('/Subtype /Image');
  });

  it('profiles an area, linking each service to its public page', async () => {
    const res = await new Agent(t.app).get(`/coverage/areas/${AREA.westminster}`);
    expect(res.statusCode).toBe(200);
    expect(textOf(res.body, 'area-summary')).toBe(
      'Westminster has services for women for 3 of the 5 chosen needs (2 services).',
    );
    expect(res.body).toContain(
      `href="/find-support/services/${knownServices[3]!.id}">Westminster Refuge</a>`,
    );
    expect(
      rowsOf(/<ul class="govuk-list govuk-list--bullet" id="area-missing">[\s\S]*?<\/ul>/.exec(res.body)![0]),
    ).toEqual([]);
    expect(res.body).toMatch(/id="area-missing">\s*<li>Substance use<\/li><li>Mental health<\/li>/);
    const neighbours = rowsOf(/<table[^>]*id="area-neighbours"[\s\S]*?<\/table>/.exec(res.body)![0]);
    expect(neighbours.map((r) => r[0])).toEqual(['Area', 'Westminster', ...westminsterNeighbours]);
    const comparison = rowsOf(/<table[^>]*id="area-comparison"[\s\S]*?<\/table>/.exec(res.body)![0]);
    expect(comparison[3]).toEqual(['Housing and homelessness', '1', '0', '1.7%']);
    expect((await new Agent(t.app).get('/coverage/areas/E99999999')).statusCode).toBe(404);
    expect((await new Agent(t.app).get('/coverage/areas/e09000033')).statusCode).toBe(200);
  });

  it('ranks where to act first against Census 2021 residents born outside the UK', async () => {
    const res = await new Agent(t.app).get('/coverage/priorities');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Residents born outside the UK (Census 2021)');
    // Inside a sentence the measure starts in lower case, and its names keep their capitals.
    expect(res.body).toContain('The measure is residents born outside the UK (Census 2021) for each');
    const rows = rowsOf(/<table[^>]*id="priorities"[\s\S]*?<\/table>/.exec(res.body)![0]);
    // 175 areas, 25 to a page (all at once was 45,000 px long on a phone).
    expect(rows).toHaveLength(26);
    expect(res.body).toContain('Areas 1 to 25 of 175');
    expect(rows[1]!.slice(0, 2)).toEqual(['1', 'Birmingham']); // the most residents born outside the UK, and no service
    expect(rows[1]![4]).toBe('No service');
    const next = /<a[^>]*href="([^"]+)"[^>]*rel="next"|rel="next"[^>]*href="([^"]+)"/.exec(res.body);
    const nextUrl = (next?.[1] ?? next?.[2])!.replace(/&amp;/g, '&');
    expect(nextUrl).toMatch(/^\/coverage\/priorities\?.*page=2$/);
    const second = await new Agent(t.app).get(nextUrl);
    expect(rowsOf(/<table[^>]*id="priorities"[\s\S]*?<\/table>/.exec(second.body)![0])[1]![0]).toBe('26');
    const last = await new Agent(t.app).get(nextUrl.replace('page=2', 'page=99'));
    const lastRows = rowsOf(/<table[^>]*id="priorities"[\s\S]*?<\/table>/.exec(last.body)![0]);
    expect(lastRows).toHaveLength(1 + 175 - 150);
    expect(last.body).toContain('Areas 151 to 175 of 175');
    expect(last.body).not.toContain('rel="next"');
  });

  it('answers a NUL character in a filter with a 400 page, not a 500', async () => {
    for (const url of [
      '/coverage/priorities?measure=%00',
      '/coverage?need=%00',
      '/coverage/areas/E09%0000033',
    ]) {
      const res = await new Agent(t.app).get(url);
      expect(res.statusCode, url).toBe(400);
    }
  });

  it('is sent compressed when the browser accepts it (page weight)', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/coverage',
      headers: { 'accept-encoding': 'gzip' },
    });
    expect(res.headers['content-encoding']).toBe('gzip');
    const html = gunzipSync(res.rawPayload).toString('utf8');
    expect(html).toContain('id="coverage-matrix"');
    expect(res.rawPayload.length).toBeLessThan(120 * 1024);
  });
});

describe('the map of the maze when the partnership keeps it private', () => {
  let p: TestApp;
  beforeAll(async () => {
    p = await createTestApp({ env: { COVERAGE_PUBLIC: 'false' } });
  });
  afterAll(() => p?.close());

  it('sends visitors to sign in, refuses roles without coverage:view, and opens for a commissioner', async () => {
    for (const url of ['/coverage', '/coverage.csv', `/coverage/areas/${AREA.powys}`, '/coverage/map.png']) {
      const res = await new Agent(p.app).get(url);
      expect(res.statusCode, url).toBe(302);
      expect(res.headers.location).toBe(`/sign-in?next=${encodeURIComponent(url)}`);
    }
    const org = await createOrganisation(p, 'Commissioning Team');
    const mentor = await signIn(p, await createUser(p, org, 'mentor'));
    expect((await mentor.get('/coverage')).statusCode).toBe(403);
    expect((await mentor.get('/coverage.csv')).statusCode).toBe(403);
    const commissioner = await signIn(p, await createUser(p, org, 'commissioner'));
    const page = await commissioner.get('/coverage');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain('Exit this page');
    expect(page.body).toContain('href="/coverage"'); // in her navigation
    expect(parseCsv((await commissioner.get('/coverage.csv')).body)).toHaveLength(176);
  });
});
