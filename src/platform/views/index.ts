import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import nunjucks from 'nunjucks';
import { finishPage } from './page-html.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const publicDir = path.join(root, 'public');
export const assetManifestPath = path.join(publicDir, 'assets', 'manifest.json');

/** Maps a logical asset name (app.css) to its content-hashed file, built by `npm run build:assets`. */
export function loadAssetManifest(): Record<string, string> {
  if (!existsSync(assetManifestPath)) {
    throw new Error('Assets are not built: run `npm run build:assets` (npm start does this for you)');
  }
  return JSON.parse(readFileSync(assetManifestPath, 'utf8')) as Record<string, string>;
}

export type FieldError = string | { key: string; values: Record<string, string | number> };
export type FieldErrors = Record<string, FieldError>;
type Translate = (key: string, values?: Record<string, string | number>) => string;
const translateError = (e: FieldError, t: Translate) => (typeof e === 'string' ? t(e) : t(e.key, e.values));

/** `watch`: recompile each template on every render instead of once (TEMPLATE_WATCH, for template work). */
export function createNunjucks(watch = false): nunjucks.Environment {
  const env = new nunjucks.Environment(
    new nunjucks.FileSystemLoader(
      [
        path.join(root, 'src/platform/views/templates'),
        path.join(root, 'src/platform'),
        path.join(root, 'src/modules'),
        path.join(root, 'node_modules/govuk-frontend/dist'),
        path.join(root, 'node_modules/@ministryofjustice/frontend'),
      ],
      { noCache: watch },
    ),
    { autoescape: true, throwOnUndefined: false, trimBlocks: true, lstripBlocks: true },
  );
  const manifest = loadAssetManifest();
  env.addGlobal('asset', (name: string) => `/assets/${manifest[name] ?? name}`);
  env.addFilter('isoDate', (d: Date | string | null | undefined) =>
    d ? new Date(d).toISOString().slice(0, 10) : '',
  );
  // Building an Intl formatter costs far more than using one: one per language and style, reused.
  const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
  const locale = (lang: string) => (lang === 'en' ? 'en-GB' : lang);
  const dateFormat = (lang: string, kind: 'date' | 'dateTime') => {
    const key = `${kind}:${lang}`;
    let f = formatters.get(key) as Intl.DateTimeFormat | undefined;
    if (!f) {
      const style =
        kind === 'date'
          ? { dateStyle: 'long' as const }
          : { dateStyle: 'medium' as const, timeStyle: 'short' as const };
      f = new Intl.DateTimeFormat(locale(lang), { ...style, timeZone: 'Europe/London' });
      formatters.set(key, f);
    }
    return f;
  };
  env.addFilter('dateTime', (d: Date | string | null | undefined, lang = 'en') =>
    d ? dateFormat(lang, 'dateTime').format(new Date(d)) : '',
  );
  env.addFilter('date', (d: Date | string | null | undefined, lang = 'en') =>
    d ? dateFormat(lang, 'date').format(new Date(d)) : '',
  );
  env.addFilter('number', (n: number, lang = 'en') => {
    let f = formatters.get(`number:${lang}`) as Intl.NumberFormat | undefined;
    if (!f) {
      f = new Intl.NumberFormat(locale(lang));
      formatters.set(`number:${lang}`, f);
    }
    return f.format(n);
  });
  /** Integer pence as pounds (GBP), e.g. 500000 -> "£5,000.00" (bursaries keep all money in pence). */
  env.addFilter('pounds', (pence: number | null | undefined, lang = 'en') => {
    if (pence === null || pence === undefined) return '';
    let f = formatters.get(`pounds:${lang}`) as Intl.NumberFormat | undefined;
    if (!f) {
      f = new Intl.NumberFormat(locale(lang), { style: 'currency', currency: 'GBP' });
      formatters.set(`pounds:${lang}`, f);
    }
    return f.format(pence / 100);
  });
  /** Turns {field: i18nKey | {key, values}} errors into the GOV.UK error summary list. */
  env.addFilter('errorList', (errors: FieldErrors | undefined, t: Translate) =>
    Object.entries(errors ?? {}).map(([field, e]) => ({ text: translateError(e, t), href: `#${field}` })),
  );
  env.addFilter('fieldError', (errors: FieldErrors | undefined, field: string, t: Translate) => {
    const e = errors?.[field];
    return e ? { text: translateError(e, t) } : undefined;
  });
  return env;
}

type RenderCallback = (err: Error | null, html?: string | null) => void;

/**
 * Pages rendered through this environment get their last step (page-html.ts: language marks,
 * scrolling tables). Only the pages' environment: e-mails and PDFs are not HTML pages.
 */
export function finishingPages(env: nunjucks.Environment): nunjucks.Environment {
  const render = env.render.bind(env) as (name: string, ctx: object, cb: RenderCallback) => void;
  const finished = (name: string, ctx: object, cb?: RenderCallback) => {
    if (!cb) return finishPage(render(name, ctx, undefined as never) as unknown as string);
    render(name, ctx, (err, html) => cb(err, err || html == null ? html : finishPage(html)));
  };
  env.render = finished as typeof env.render;
  return env;
}
