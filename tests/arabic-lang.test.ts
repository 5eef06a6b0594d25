// In Arabic, every English word on every page is marked as English (WCAG 3.1.2, language of parts):
// signed in as each staff role, and signed out, the walk opens every GET page the app registered
// (tests/support/page-walk.ts) in Arabic, parses it with a real HTML parser (htmlparser2, not the
// app's own tokenizer) and fails on any Latin word whose nearest lang is still Arabic.
// A new page, or a new string no one translated, is caught the day it lands.
import { parseDocument } from 'htmlparser2';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { roles } from '../src/platform/auth/schema.ts';
import { Agent } from './support/agent.ts';
import { createTestApp, type TestApp } from './support/app.ts';
import {
  patternsMissed,
  seedWalkScenario,
  type WalkedPage,
  walkers,
  walkPages,
} from './support/page-walk.ts';

let t: TestApp;
let seeds: string[];
const walked: { who: string; pages: WalkedPage[] }[] = [];
const seen = new Set<string>();

/** Latin text that is not a language's words: e-mail addresses, web addresses, UK postcodes. */
const notWords = [/[\w.+-]+@[\w.-]+/g, /https?:\/\/\S+/g, /\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b/g];
const LATIN_WORDS = /[A-Za-z]{2,}/g;
const ARABIC_WORDS = /[\u0600-\u06FF]{2,}/g;

/** The parsed nodes this test reads (htmlparser2's DOM, as far as it needs it). */
interface Node {
  type: string;
  parent: Node | null;
  name?: string;
  attribs?: Record<string, string>;
  children?: Node[];
  data?: string;
}

/** Where the text node's language comes from: its nearest ancestor with a lang attribute. */
function langOf(node: Node): string | undefined {
  for (let p = node.parent; p; p = p.parent) if (p.attribs?.lang) return p.attribs.lang;
  return undefined;
}

/** Text nodes of the page a reader meets (not scripts, styles, her own typing in a textarea). */
function* texts(node: Node): Generator<Node & { data: string }> {
  if (node.type === 'text' && node.data !== undefined) yield node as Node & { data: string };
  if (!['tag', 'root'].includes(node.type)) return;
  if (['script', 'style', 'textarea', 'template', 'head'].includes(node.name ?? '')) return;
  for (const c of node.children ?? []) yield* texts(c);
}

/** Each text in Latin words that reads as Arabic, with the element it sits in. */
function unmarkedEnglish(html: string): string[] {
  const out: string[] = [];
  const doc = parseDocument(html) as unknown as Node;
  for (const top of doc.children ?? []) {
    for (const node of texts(top)) {
      let text = node.data.replace(/&[#\w]+;/g, ' ');
      for (const re of notWords) text = text.replace(re, ' ');
      // Any Latin word, even one inside an Arabic sentence (Leeds, JavaScript), must sit in an
      // element marked with its language. Except in an option, which can hold no element: there
      // an Arabic label naming an English acronym ("(ESOL)") is Arabic.
      const latin = text.match(LATIN_WORDS)?.length ?? 0;
      const arabic = text.match(ARABIC_WORDS)?.length ?? 0;
      if (!latin || (node.parent?.name === 'option' && arabic >= latin)) continue;
      if (langOf(node) !== 'ar') continue;
      const parent = node.parent;
      const cls = parent?.attribs?.class ? ` class="${parent.attribs.class}"` : '';
      out.push(`<${parent?.name ?? '?'}${cls}> "${node.data.trim().slice(0, 80)}"`);
    }
  }
  return out;
}

beforeAll(async () => {
  t = await createTestApp();
  const scenario = await seedWalkScenario(t);
  seeds = scenario.seeds;
  for (const w of await walkers(t, scenario.harbour, roles)) {
    w.agent.cookies.set('lang', 'ar');
    const result = await walkPages(t, w.agent, seeds);
    for (const p of result.seen) seen.add(p);
    walked.push({ who: w.role, pages: result.pages });
  }
  const anonymous = new Agent(t.app);
  anonymous.cookies.set('lang', 'ar');
  const result = await walkPages(t, anonymous, seeds);
  walked.push({ who: 'signed out', pages: result.pages });
}, 300_000);
afterAll(() => t?.close());

describe('Arabic pages mark their English', () => {
  it('finds the unmarked English it looks for (the check works)', () => {
    expect(unmarkedEnglish('<html lang="ar"><body><p>Caseload</p></body></html>')).toEqual([
      '<p> "Caseload"',
    ]);
    expect(
      unmarkedEnglish('<html lang="ar"><body><p><span lang="en">Caseload</span> مرحبا</p></body></html>'),
    ).toEqual([]);
    expect(
      unmarkedEnglish('<html lang="ar"><body><p>kemi@harbour.example NW1 4RY ١٢</p></body></html>'),
    ).toEqual([]);
  });

  it('walks every GET page of the route table', () => {
    expect(patternsMissed(t, seen), 'GET routes no walk reached').toEqual([]);
    for (const w of walked) expect(w.pages.length, w.who).toBeGreaterThan(3);
  });

  it('serves every page in Arabic with its English marked lang="en"', () => {
    const problems: string[] = [];
    for (const w of walked)
      for (const p of w.pages) {
        expect(p.html, `${p.url} is not in Arabic`).toContain('<html lang="ar" dir="rtl"');
        for (const found of unmarkedEnglish(p.html)) problems.push(`${w.who} ${p.pattern}: ${found}`);
      }
    expect([...new Set(problems)], 'English text in Arabic pages without lang="en"').toEqual([]);
  });
});
