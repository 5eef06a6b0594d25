import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { searchServices } from '../src/modules/directory/search.ts';
import { addServices, type FixtureService } from '../tests/support/directory.ts';
import type { BenchContext } from './harness.ts';
import { pageWeight } from './platform.bench.ts';

const LEEDS = { code: 'E08000035', latitude: 53.82273, longitude: -1.50736 };
/** The page a woman sees after searching: a full page of results (10) with pagination. */
const RESULTS_URL = '/find-support?q=housing&place=Leeds&womenOnly=yes';

/** "Find support" page weight: the search results page, HTML + CSS + JS + images, as sent over the wire. */
export default async function directoryPages(ctx: BenchContext) {
  const db = ctx.database.db;
  // Make sure the page is full (more than one page of results): add clearly fictional services if the
  // directory does not already give 11 women-only housing services in Leeds.
  const found = await searchServices(db, {
    text: 'housing',
    womenOnly: true,
    areaCode: LEEDS.code,
    perPage: 1,
  });
  const missing = Math.max(0, 11 - found.total);
  if (missing) {
    const services: FixtureService[] = Array.from({ length: missing }, (_, i) => ({
      name: `Bench Women’s Housing Project ${i + 1} (fictional)`,
      description:
        'Housing advice, emergency accommodation and help to keep a home, for women only. Interpreters on request; ' +
        'drop in or book an appointment with a housing key worker.',
      terms: ['homelessness', 'women-only', 'drop-in'],
      areaCodes: [LEEDS.code],
      locations: [
        {
          latitude: LEEDS.latitude + i * 0.003,
          longitude: LEEDS.longitude - i * 0.003,
          areaCode: LEEDS.code,
          address1: `${i + 1} Fictional Street`,
          city: 'Leeds',
          postcode: 'LS1 1ZZ',
        },
      ],
      languages: ['ar', 'ur'],
      free: i % 2 === 0,
      schedules: [{ byday: 'MO,TU,WE,TH,FR', opens: '09:00', closes: '17:00' }],
    }));
    await addServices(db, services);
  }
  const weight = await pageWeight(`${ctx.baseUrl}${RESULTS_URL}`);
  // pageWeight follows <script src>; the browser also loads the modules those scripts import.
  const queue = [...weight.parts.keys()].filter((u) => u.endsWith('.js'));
  while (queue.length) {
    const url = queue.shift()!;
    const { body } = await fetchWire(url);
    for (const m of body.matchAll(/\bimport\s*(?:[^'"]*?\bfrom\s*)?['"]([^'"]+)['"]/g)) {
      const dep = new URL(m[1]!, url).href;
      if (weight.parts.has(dep)) continue;
      const res = await fetchWire(dep);
      if (res.status !== 200) throw new Error(`GET ${dep}: ${res.status}`);
      weight.parts.set(dep, res.wire);
      weight.total += res.wire;
      queue.push(dep);
    }
  }
  for (const [url, bytes] of weight.parts) {
    const u = new URL(url);
    const name = u.pathname === '/find-support' ? 'HTML' : u.pathname;
    ctx.record({ name: `Find support results page: ${name}`, value: bytes / 1024, unit: 'KB' });
  }
  ctx.record({
    name: 'Find support results page total (as transferred)',
    value: weight.total / 1024,
    unit: 'KB',
    target: 60,
  });
}

function fetchWire(url: string): Promise<{ status: number; wire: number; body: string }> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'br, gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const body = enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw;
          resolve({ status: res.statusCode ?? 0, wire: raw.length, body: body.toString('utf8') });
        });
      })
      .on('error', reject);
  });
}
