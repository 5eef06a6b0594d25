import http from 'node:http';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { DEMO_PASSWORD, demoAccounts } from '../src/seed/demo.ts';
import { type BenchContext, load, recordPercentiles } from './harness.ts';

/** Sign-in page and /ping throughput and latency, the sign-in page's weight, and its form without JavaScript. */
export default async function platform(ctx: BenchContext) {
  const seconds = ctx.quick ? 2 : 5;
  const rps: Record<string, number> = {};
  for (const path of ['/sign-in', '/ping']) {
    await load(ctx.baseUrl + path, { seconds: 1 }); // warm-up, not recorded
    const r = await load(ctx.baseUrl + path, { seconds });
    if (r.errors || r.non2xx)
      throw new Error(`GET ${path}: ${r.errors} errors, ${r.non2xx} non-2xx responses`);
    rps[path] = r.requestsPerSecond;
    ctx.record({ name: `GET ${path} throughput`, value: r.requestsPerSecond, unit: 'req/s' });
    recordPercentiles(ctx, `GET ${path} latency`, r.latencies);
  }
  ctx.record({
    name: 'GET /ping : GET /sign-in throughput',
    value: rps['/ping']! / rps['/sign-in']!,
    unit: 'x',
  });

  const weight = await pageWeight(`${ctx.baseUrl}/sign-in`);
  for (const [url, bytes] of weight.parts)
    ctx.record({ name: `sign-in page: ${new URL(url).pathname}`, value: bytes / 1024, unit: 'KB' });
  ctx.record({ name: 'sign-in page total, compressed', value: weight.total / 1024, unit: 'KB', target: 80 });
  ctx.record({
    name: 'sign-in form posts without JavaScript (reaches second factor)',
    value: (await signInWithoutJavaScript(ctx)) ? 1 : 0,
    unit: 'yes',
    target: 1,
    compare: '>=',
  });
}

interface Fetched {
  status: number;
  /** Body bytes as they crossed the wire (compressed when the server compressed). */
  wire: number;
  body: string;
  headers: http.IncomingHttpHeaders;
}

function get(url: string, headers: Record<string, string> = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { headers: { 'accept-encoding': 'br, gzip', ...headers } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const raw = Buffer.concat(chunks);
          const enc = res.headers['content-encoding'];
          const body = enc === 'br' ? brotliDecompressSync(raw) : enc === 'gzip' ? gunzipSync(raw) : raw;
          resolve({
            status: res.statusCode ?? 0,
            wire: raw.length,
            body: body.toString('utf8'),
            headers: res.headers,
          });
        });
      })
      .on('error', reject);
  });
}

const attr = (tag: string, name: string) =>
  new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(tag)?.[1]?.replace(/&amp;/g, '&');

/** The HTML, then every stylesheet, script, icon and image it references (and fonts the CSS declares). */
export async function pageWeight(pageUrl: string) {
  const page = await get(pageUrl);
  if (page.status !== 200) throw new Error(`GET ${pageUrl}: ${page.status}`);
  const parts = new Map<string, number>([[pageUrl, page.wire]]);
  const refs: string[] = [];
  for (const tag of page.body.match(/<(link|script|img)\b[^>]*>/gi) ?? []) {
    const rel = attr(tag, 'rel')?.toLowerCase() ?? '';
    if (/^<link/i.test(tag) && /stylesheet|icon|preload|modulepreload/.test(rel))
      refs.push(attr(tag, 'href') ?? '');
    else if (!/^<link/i.test(tag)) refs.push(attr(tag, 'src') ?? '');
  }
  const queue = refs.filter((r) => r && !r.startsWith('data:')).map((r) => new URL(r, pageUrl).href);
  while (queue.length) {
    const url = queue.shift()!;
    if (parts.has(url)) continue;
    const res = await get(url);
    if (res.status !== 200) throw new Error(`GET ${url}: ${res.status}`);
    parts.set(url, res.wire);
    if (/text\/css/.test(String(res.headers['content-type'])))
      for (const face of res.body.match(/@font-face\s*{[^}]*}/g) ?? [])
        for (const m of face.matchAll(/url\(\s*['"]?([^'")]+)/g))
          if (!m[1]!.startsWith('data:')) queue.push(new URL(m[1]!, url).href);
  }
  return { parts, total: [...parts.values()].reduce((a, b) => a + b, 0) };
}

/** A browser with scripts off: GET the page, post its form with the cookie and token it gave. */
async function signInWithoutJavaScript(ctx: BenchContext): Promise<boolean> {
  const page = await get(`${ctx.baseUrl}/sign-in`);
  const form = /<form\b[^>]*method="post"[^>]*>([\s\S]*?)<\/form>/i.exec(page.body);
  if (!form || !/name="email"/.test(form[1]!) || !/name="password"/.test(form[1]!)) return false;
  const action = attr(form[0].slice(0, form[0].indexOf('>') + 1), 'action') ?? '/sign-in';
  const fields = new URLSearchParams();
  for (const input of form[1]!.match(/<input\b[^>]*type="hidden"[^>]*>/gi) ?? [])
    fields.set(attr(input, 'name') ?? '', attr(input, 'value') ?? '');
  const [account] = await demoAccounts(ctx.database.db, ctx.services);
  fields.set('email', account!.email);
  fields.set('password', DEMO_PASSWORD);
  const cookie = (page.headers['set-cookie'] ?? []).map((c) => c.split(';')[0]).join('; ');
  const res = await new Promise<http.IncomingMessage>((resolve, reject) => {
    const req = http.request(new URL(action, ctx.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', cookie },
    });
    req.on('response', (r) => resolve(r.resume())).on('error', reject);
    req.end(fields.toString());
  });
  return res.statusCode === 302 && /^\/sign-in\/code\b/.test(res.headers.location ?? '');
}
