// Browser journeys: a real Wayfinder server (own database, real HTTP on 127.0.0.1) driven by Debian's
// chromium through playwright-core, with axe-core checking every page a journey reaches.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { generate } from 'otplib';
import {
  type BrowserContext,
  type CDPSession,
  chromium,
  type Locator,
  type Page,
  type Response,
} from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { createI18n } from '../../src/platform/i18n/index.ts';
import type { Mailer } from '../../src/platform/mail.ts';
import { createOrganisation, createTestApp, TEST_PASSWORD, type TestApp, type TestUser } from './app.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The WCAG 2.2 AA rule set every page must pass. */
export const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  // Small on a 2-core machine: one renderer for our one origin, no extensions or audio.
  '--renderer-process-limit=1',
  '--disable-extensions',
  '--mute-audio',
  '--disable-features=Translate,MediaRouter,OptimizationHints',
];

export interface PageOptions {
  /** false: the page runs none of its scripts (and neither do the pages it navigates to). */
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
}

export interface BrowserApp {
  /** The server under test (database, services, config), as tests/support/app.ts gives it. */
  readonly t: TestApp;
  /** http://127.0.0.1:<port> */
  readonly baseUrl: string;
  readonly context: BrowserContext;
  /** An organisation created for the file's journeys. */
  readonly organisationId: string;
  /** A fresh tab with no cookies (nobody signed in, no language chosen). */
  newPage(opts?: PageOptions): Promise<Page>;
  /** The app's own translation of a key, for asserting what a user reads. */
  text(lang: string, key: string, values?: Record<string, unknown>): string;
}

interface Tracked {
  /** Documents loaded in the tab so far, and the URL of each. */
  loads: string[];
  /** How many of those loads axe has checked (a check covers the document showing at the time). */
  checked: number;
}
const tracked = new WeakMap<Page, Tracked>();
/** Relative URLs in `visit` resolve against the tab's server. */
const baseUrls = new WeakMap<Page, string>();
/** Tabs opened with JavaScript off, and the DevTools session that keeps it off. */
const scriptless = new WeakMap<Page, CDPSession>();

/**
 * Sets up one server and one chromium for the test file it is called in (at the top level), and
 * after each test fails it if any page the test loaded was not checked with axe. `options` may be a
 * function, run before the server is built (to start a local SMTP server for its mailer, say).
 */
export interface BrowserAppOptions {
  env?: Record<string, string>;
  mailer?: Mailer;
}

export function useBrowserApp(
  options: BrowserAppOptions | (() => Promise<BrowserAppOptions>) = {},
): BrowserApp {
  let t: TestApp;
  let baseUrl: string;
  let context: BrowserContext;
  let organisationId: string;
  let profileDir: string;
  let translate: Awaited<ReturnType<typeof createI18n>>;
  let pages: Page[] = [];

  beforeAll(async () => {
    // The port is known before the app is built, so emailed links (PUBLIC_BASE_URL) point at it.
    const opts = typeof options === 'function' ? await options() : options;
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await createTestApp({
      env: { PORT: String(port), PUBLIC_BASE_URL: baseUrl, ...opts.env },
      mailer: opts.mailer,
    });
    await t.app.listen({ host: '127.0.0.1', port });
    organisationId = await createOrganisation(t, 'Journeys Test Partnership');
    translate = await createI18n();
    profileDir = mkdtempSync(path.join(os.tmpdir(), 'wayfinder-chromium-'));
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      viewport: { width: 1280, height: 900 },
      locale: 'en-GB',
    });
    // The persistent context opens with one blank tab; journeys open their own.
    for (const p of context.pages()) await p.close();
  }, 60_000);

  afterEach(async () => {
    const unchecked = pages.flatMap((p) => {
      const s = tracked.get(p);
      return s ? s.loads.slice(s.checked) : [];
    });
    for (const p of pages) await p.close().catch(() => {});
    pages = [];
    expect(unchecked, 'pages loaded in this journey that axe did not check (use visit/act)').toEqual([]);
  });

  afterAll(async () => {
    await context?.close();
    if (profileDir) rmSync(profileDir, { recursive: true, force: true });
    await t?.close();
  }, 60_000);

  return {
    get t() {
      return t;
    },
    get baseUrl() {
      return baseUrl;
    },
    get context() {
      return context;
    },
    get organisationId() {
      return organisationId;
    },
    text: (lang, key, values) => translate.t(lang)(key, values ?? {}) as string,
    async newPage(pageOpts = {}) {
      // Each journey starts as a new visitor: one context per file, so its cookies are cleared here.
      for (const p of pages) await p.close().catch(() => {});
      await context.clearCookies();
      const page = await context.newPage();
      pages.push(page);
      if (pageOpts.javaScriptEnabled === false) {
        // Per tab (the context's own option is fixed at launch); kept across the tab's navigations.
        const cdp = await context.newCDPSession(page);
        await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
        scriptless.set(page, cdp);
      }
      if (pageOpts.viewport) await page.setViewportSize(pageOpts.viewport);
      const state: Tracked = { loads: [], checked: 0 };
      tracked.set(page, state);
      page.on('load', () => state.loads.push(page.url()));
      page.setDefaultTimeout(10_000);
      baseUrls.set(page, baseUrl);
      return page;
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** The text as the page renders it, which is what a user reads (Playwright's, not the DOM property). */
export const shown = (locator: Locator): Promise<string> => locator.innerText();

/** Where "Exit this page" goes (src/platform/http/web.ts); the machine has no internet, so a local stub answers. */
export const NEUTRAL_SITE = 'https://www.bbc.co.uk/weather';

/** Answers the neutral site "Exit this page" leaves for, inside the browser. */
export async function stubNeutralSite(page: Page): Promise<void> {
  await page.route('https://www.bbc.co.uk/**', (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!DOCTYPE html><html lang="en"><head><title>Weather</title></head><body><main><h1>Weather</h1><p>Sunny spells.</p></main></body></html>',
    }),
  );
}

/** The names of the services Find support lists, in page order. */
export const resultNames = (page: Page): Promise<string[]> =>
  page.locator('.app-result h3 a').allInnerTexts();

/** Opens a URL (relative to the server) and checks the page with axe. */
export async function visit(page: Page, url: string): Promise<Response | null> {
  const base = baseUrls.get(page);
  const response = await page.goto(base ? new URL(url, base).toString() : url, { waitUntil: 'load' });
  await expectNoAxeViolations(page);
  return response;
}

/**
 * Does something that loads a new page (submits a form, follows a link), waits for that page, and
 * checks it with axe: every step of a journey goes through here or `visit`.
 */
export async function act(page: Page, action: () => Promise<unknown>): Promise<void> {
  const loaded = page.waitForEvent('load');
  await action();
  await loaded;
  await expectNoAxeViolations(page);
}

const passedDocuments = new Set<string>();

/** Fails with a readable list (rule, what it means, where) when axe finds any WCAG 2.2 AA violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  const state = tracked.get(page);
  const loadsBefore = state?.loads.length ?? 0;
  // A document identical to one already checked in this file (same markup and state, same
  // viewport, scripts on or off) gets the same result: skip the second run. Only per-response
  // values (CSRF token, CSP nonce) are ignored in the comparison.
  const markup = await page.locator('html').evaluate((el) => el.outerHTML);
  const key = createHash('sha256')
    .update(JSON.stringify([page.viewportSize(), scriptless.has(page)]))
    .update(markup.replace(/(name="_csrf" value|data-csrf|nonce)="[^"]*"/g, '$1=""'))
    .digest('hex');
  if (passedDocuments.has(key)) {
    if (state) state.checked = Math.max(state.checked, loadsBefore);
    return;
  }
  // axe is itself a script: in a tab without JavaScript it runs with scripts allowed for the moment
  // of the check, on the document as it loaded without them (nothing the page had is re-run).
  const cdp = scriptless.get(page);
  await cdp?.send('Emulation.setScriptExecutionDisabled', { value: false });
  // Legacy mode runs axe.run in the page (same-origin frames included; Wayfinder has no other kind)
  // instead of opening a blank tab for every check: several times faster on two cores.
  const results = await new AxeBuilder({ page })
    .options({ resultTypes: ['violations'] })
    .withTags(AXE_TAGS)
    .setLegacyMode()
    .analyze()
    .finally(() => cdp?.send('Emulation.setScriptExecutionDisabled', { value: true }));
  const found = results.violations.map(
    (v) =>
      `${v.id} (${v.impact ?? 'unknown'}): ${v.help} — ${v.nodes
        .map((n) => n.target.map(String).join(' '))
        .slice(0, 5)
        .join(' | ')}${v.nodes.length > 5 ? ` and ${v.nodes.length - 5} more` : ''}`,
  );
  expect(found, `axe found WCAG violations on ${page.url()}`).toEqual([]);
  passedDocuments.add(key);
  if (state) state.checked = Math.max(state.checked, loadsBefore);
}

const usedSteps = new Map<string, number>();

/**
 * A TOTP code the server has not yet seen for this user: each 30-second step is accepted once per
 * user, so a second sign-in inside the same step waits for the next one.
 */
export async function freshCode(user: Pick<TestUser, 'id' | 'totpSecret'>): Promise<string> {
  const step = () => Math.floor(Date.now() / 30_000);
  const last = usedSteps.get(user.id) ?? -1;
  if (step() <= last) await new Promise((r) => setTimeout(r, (last + 1) * 30_000 - Date.now() + 50));
  usedSteps.set(user.id, step());
  return generate({ secret: user.totpSecret });
}

/**
 * Signs in through the real pages, as a person would: email and password, then a code from the
 * authenticator app. Ends on the page sign-in leads to (home, unless `next` said otherwise).
 */
export async function signInAs(
  page: Page,
  user: TestUser,
  opts: { from?: string; password?: string } = {},
): Promise<void> {
  await visit(page, opts.from ?? '/sign-in');
  const password = opts.password ?? TEST_PASSWORD;
  await page.locator('#email').fill(user.email);
  await page.locator('#password').fill(password);
  await act(page, () => page.locator('#main-content form button[type="submit"]').click());
  expect(new URL(page.url()).pathname, 'after the password, the code page').toBe('/sign-in/code');
  await page.locator('#code').fill(await freshCode(user));
  await act(page, () => page.locator('#main-content form button[type="submit"]').click());
  expect(new URL(page.url()).pathname, 'signed in, away from the sign-in pages').not.toMatch(/^\/sign-in/);
}
