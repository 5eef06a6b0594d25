/**
 * The pieces of the fuzz test (tests/fuzz.test.ts): the route table as Fastify printed it, the
 * forms and links a page offers (so generated requests start from what a browser would send and
 * change a field or two), and fast-check arbitraries for hostile values.
 */
import fc from 'fast-check';

export interface Route {
  method: 'GET' | 'POST';
  pattern: string;
}

/** The GET and POST routes of buildApp's route table (static files and CORS preflights left out). */
export function fuzzableRoutes(table: { method: string; url: string }[]): Route[] {
  const routes = new Map<string, Route>();
  for (const { method, url } of table)
    if ((method === 'GET' || method === 'POST') && !url.includes('*'))
      routes.set(`${method} ${url}`, { method, pattern: url });
  return [...routes.values()];
}

export const paramNames = (pattern: string) => [...pattern.matchAll(/:(\w+)/g)].map((m) => m[1]!);

/** The route a concrete path belongs to; static routes win over parametric ones, as in the router. */
export function routeOf(patterns: string[], path: string): string | undefined {
  const ordered = [...patterns].sort((a, b) => paramNames(a).length - paramNames(b).length);
  return ordered.find((p) =>
    new RegExp(`^${p.replace(/[.]/g, '\\.').replace(/:\w+/g, '[^/]+')}$`).test(path),
  );
}

export type Fields = [string, string][];
export interface Form {
  method: 'GET' | 'POST';
  action: string;
  fields: Fields;
}

const decode = (s: string) =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
const attr = (tag: string, name: string) => new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? undefined;

/** Each form on a page with the values a browser would submit unchanged (CSRF token left out). */
export function formsIn(html: string, pagePath: string): Form[] {
  const forms: Form[] = [];
  for (const m of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)) {
    const open = m[1]!;
    const inner = m[2]!;
    const method = (attr(open, 'method') ?? 'get').toUpperCase() === 'POST' ? 'POST' : 'GET';
    const action = decode(attr(open, 'action') ?? pagePath)
      .split('?')[0]!
      .split('#')[0]!;
    const fields: Fields = [];
    const seenRadio = new Set<string>();
    for (const tag of inner.matchAll(/<(input|textarea|select)\b([^>]*)>([\s\S]*?<\/\1>)?/g)) {
      const [, kind, attrs, rest = ''] = tag;
      const name = attr(attrs!, 'name');
      if (!name || name === '_csrf') continue;
      if (kind === 'textarea') fields.push([name, decode(rest.replace(/<\/textarea>$/, ''))]);
      else if (kind === 'select') {
        const options = [...rest.matchAll(/<option\b([^>]*)>/g)].map((o) => o[1]!);
        const chosen = options.find((o) => /\sselected/.test(o)) ?? options[0];
        fields.push([name, decode(chosen ? (attr(chosen, 'value') ?? '') : '')]);
      } else {
        const type = attr(attrs!, 'type') ?? 'text';
        const value = decode(attr(attrs!, 'value') ?? '');
        if (type === 'submit' || type === 'button' || type === 'file') continue;
        if (type === 'radio') {
          if (seenRadio.has(name) && !/\schecked/.test(attrs!)) continue;
          if (seenRadio.has(name))
            fields.splice(
              fields.findIndex((f) => f[0] === name),
              1,
            );
          seenRadio.add(name);
        } else if (type === 'checkbox' && !/\schecked/.test(attrs!) && fields.some((f) => f[0] === name))
          continue;
        fields.push([name, value]);
      }
    }
    forms.push({ method, action, fields });
  }
  return forms;
}

/** Same-site links on a page: their path and query pairs. */
export function linksIn(html: string): { path: string; query: Fields }[] {
  const links: { path: string; query: Fields }[] = [];
  for (const m of html.matchAll(/\shref="(\/[^"]*)"/g)) {
    const href = decode(m[1]!);
    if (href.startsWith('//')) continue;
    const url = new URL(href, 'http://x');
    links.push({ path: url.pathname, query: [...url.searchParams] });
  }
  return links;
}

/** A value to put in a field: text (percent-encoded when sent), raw (sent as is), a list, or JSON. */
export type Value = { text: string } | { raw: string } | { list: string[] } | { json: unknown };

const pad = (n: number) => (n >= 0 && n < 10 ? `0${n}` : String(n));

const hostileText = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '0',
      '-1',
      '1.5',
      '1e400',
      '-1e400',
      'NaN',
      'Infinity',
      '9007199254740993',
      '99999999999999999999999999999999',
      '2026-13-01',
      '2026-02-30',
      '0000-00-00',
      '9999-99-99',
      '2026-1-1',
      '+275760-09-14',
      '10000-01-01',
      '24:00',
      '25:61',
      '1:1',
      'x',
      'true',
      'null',
      '[]',
      '{}',
      '__proto__',
      'constructor',
      '../../etc/passwd',
      '<script>alert(1)</script>',
      "'; drop table users; --",
      '\ud800',
      '\udfff',
      '\u202e',
      '\r\n',
      'a\nb',
      '\t',
      'ا',
      'javascript:alert(1)',
      '//evil.example',
      '/\\evil.example',
      'E09000001',
      'SW1A 1AA',
      '00000000-0000-0000-0000-000000000000',
      'ffffffff-ffff-ffff-ffff-ffffffffffff',
    ),
  },
  { weight: 3, arbitrary: fc.string({ maxLength: 30 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 30 }) },
  { weight: 2, arbitrary: fc.integer().map(String) },
  { weight: 1, arbitrary: fc.double().map(String) },
  {
    weight: 1,
    arbitrary: fc.bigInt({ min: -(10n ** 40n), max: 10n ** 40n }).map(String),
  },
  {
    weight: 3,
    arbitrary: fc
      .tuple(
        fc.integer({ min: -1, max: 10_001 }),
        fc.integer({ min: -1, max: 14 }),
        fc.integer({ min: -1, max: 33 }),
      )
      .map(([y, m, d]) => `${y}-${pad(m)}-${pad(d)}`),
  },
  { weight: 1, arbitrary: fc.date({ noInvalidDate: true }).map((d) => d.toISOString()) },
  {
    weight: 1,
    arbitrary: fc.constantFrom('x'.repeat(100_000), 'ا'.repeat(30_000), `${'9'.repeat(5000)}`),
  },
);

/** Percent-encodings that are not UTF-8, or not percent-encodings at all. */
const badEncoding = fc.constantFrom(
  '%C3%28',
  '%FF',
  '%',
  '%zz',
  '%E0%A4%A',
  '%ED%A0%80',
  '%00',
  '%F0%9F%98',
  '%C0%AF',
  'a%2',
  '%25%',
);

const jsonValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constant(1e308),
  fc.array(fc.oneof(fc.integer(), fc.string({ maxLength: 5 }), fc.constant(null)), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.oneof(fc.string({ maxLength: 5 }), fc.integer()), {
    maxKeys: 3,
  }),
  fc.jsonValue({ maxDepth: 3 }),
);

export const value: fc.Arbitrary<Value> = fc.oneof(
  { weight: 8, arbitrary: hostileText.map((text) => ({ text })) },
  { weight: 2, arbitrary: badEncoding.map((raw) => ({ raw })) },
  { weight: 2, arbitrary: fc.array(hostileText, { minLength: 2, maxLength: 3 }).map((list) => ({ list })) },
  { weight: 3, arbitrary: jsonValue.map((json) => ({ json })) },
);

/** Names worth trying on any route besides its own fields. */
export const extraNames = [
  'lang',
  'next',
  'page',
  'q',
  'before',
  'id',
  'back',
  'place',
  'measure',
  'sort',
  '_csrf',
  '__proto__',
  'constructor',
  'hasOwnProperty',
  'toString',
  'a[b]',
  '',
];

/** Percent-encodes text as UTF-8 (a lone surrogate, which encodeURIComponent refuses, becomes U+FFFD). */
export const encode = (s: string) =>
  encodeURIComponent(
    s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '\ufffd'),
  );

/** Text for a value sent in a form body or query (JSON values as the text a person might type). */
export function asText(v: Value): string[] {
  if ('text' in v) return [encode(v.text)];
  if ('raw' in v) return [v.raw];
  if ('list' in v) return v.list.map(encode);
  return [encode(typeof v.json === 'string' ? v.json : (JSON.stringify(v.json) ?? ''))];
}

/** The same value in a JSON body. */
export function asJson(v: Value): unknown {
  if ('text' in v) return v.text;
  if ('raw' in v) return v.raw;
  if ('list' in v) return v.list;
  return v.json;
}

/** A urlencoded string from pairs whose values are already encoded (or deliberately not). */
export const encodePairs = (pairs: [string, string][]) =>
  pairs.map(([k, v]) => `${encode(k)}=${v}`).join('&');

/** A counterexample made short enough to read: long strings give their length instead. */
export function shorten(x: unknown): string {
  return JSON.stringify(x, (_k, v) =>
    typeof v === 'string' && v.length > 400 ? `${v.slice(0, 200)}…(${v.length} chars)` : v,
  );
}
