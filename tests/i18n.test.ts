// Every translation key the code uses exists in English, and Arabic has no key English lacks.
// Keys are found by reading the sources: t("...") in templates, t('...') in TypeScript, and string
// literals that look like keys (zod messages, `errors: { field: 'area.key' }`, navigation items).
// Keys built at run time (t("errors." + kind + ".title")) are checked family by family below.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { organisationKinds } from '../src/modules/admin/service.ts';
import { roles } from '../src/platform/auth/schema.ts';
import { loadTranslations } from '../src/platform/i18n/index.ts';

const root = path.resolve(import.meta.dirname, '..');
const translations = loadTranslations();
const en = translations.en!;

type Tree = Record<string, unknown>;

/** The value at a dotted key, or undefined. */
function lookup(tree: Tree, key: string): unknown {
  let node: unknown = tree;
  for (const part of key.split('.')) {
    if (!node || typeof node !== 'object' || Array.isArray(node)) return undefined;
    node = (node as Tree)[part];
  }
  return node;
}

/** A key i18next can render: the key itself, or its plural forms (key_one, key_other). */
const inEnglish = (key: string) => lookup(en, key) !== undefined || lookup(en, `${key}_other`) !== undefined;

/** Every leaf (string, or array of strings) of a translation tree, as dotted keys. */
function leaves(tree: Tree, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([k, v]) =>
    v && typeof v === 'object' && !Array.isArray(v) ? leaves(v as Tree, `${prefix}${k}.`) : [`${prefix}${k}`],
  );
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile() && ext.test(d.name))
    .map((d) => path.join(d.parentPath, d.name));
}

interface Use {
  key: string;
  where: string;
}
/** A key built at run time: a literal start, something computed, maybe a literal end. */
interface DynamicUse {
  prefix: string;
  suffix: string;
  where: string;
}

const namespaces = new Set(Object.keys(en));
/** A string that is shaped like a translation key of one of English's top-level areas. */
const looksLikeKey = (s: string) =>
  /^[a-zA-Z][\w-]*(\.[\w-]+)+$/.test(s) &&
  namespaces.has(s.split('.')[0]!) &&
  !/\.(njk|json|ts|js|css|svg|png|csv|html|sql|pdf)$/.test(s);

const lineOf = (text: string, index: number) => text.slice(0, index).split('\n').length;

function scan() {
  const uses: Use[] = [];
  const dynamic: DynamicUse[] = [];
  const auditActions = new Set<string>();
  const sources = [
    ...files(path.join(root, 'src'), /\.njk$/),
    ...files(path.join(root, 'src'), /\.ts$/),
  ].filter((f) => !/\.test\.ts$|[/\\]testing\.ts$/.test(f));
  for (const file of sources) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    const at = (i: number) => `${rel}:${lineOf(text, i)}`;
    // Every quoted string shaped like a key: t("a.b"), 'a.b' in a zod message, { key: "a.b" }.
    for (const m of text.matchAll(/(["'])([a-zA-Z][\w.-]*)\1/g)) {
      if (looksLikeKey(m[2]!)) uses.push({ key: m[2]!, where: at(m.index) });
    }
    // Audit action names (`action: 'directory.service.created'`) share the shape but are not keys.
    for (const m of text.matchAll(/\baction\s*:([^\n]*)/g)) {
      for (const a of m[1]!.matchAll(/(["'])([\w.-]+)\1/g)) auditActions.add(a[2]!);
    }
    // And as the action argument of a module's audit helper: audit(deps, tx, actor, 'work-profile.viewed', ...).
    for (const m of text.matchAll(/\baudit\(\s*\w+,\s*[\w.]+,\s*[\w.]+,\s*(?:id,\s*)?(["'])([\w.-]+)\1/g)) {
      auditActions.add(m[2]!);
    }
    // t("prefix." + x + ".suffix") in templates, t('prefix.' + x) in TypeScript.
    for (const m of text.matchAll(/\bt\(\s*(["'])([\w.-]*)\1\s*\+([^)]*)\)/g)) {
      const suffix = /\+\s*(["'])([\w.-]*)\1\s*$/.exec(m[3]!)?.[2] ?? '';
      dynamic.push({ prefix: m[2]!, suffix, where: at(m.index) });
    }
    // t(`prefix.${x}.suffix`) in TypeScript.
    for (const m of text.matchAll(/\bt\(\s*`([\w.-]*)\$\{[^}]*\}([\w.-]*)`/g)) {
      dynamic.push({ prefix: m[1]!, suffix: m[2]!, where: at(m.index) });
    }
    // const u = 'area.errors.'; ... `${u}nameMissing`: the keys zod schemas build from a prefix.
    for (const c of text.matchAll(/const (\w+) = (["'])([\w.-]+\.)\2/g)) {
      for (const m of text.matchAll(new RegExp(`\`\\$\\{${c[1]}\\}([\\w.-]+)\``, 'g'))) {
        uses.push({ key: c[3]! + m[1]!, where: at(m.index) });
      }
    }
  }
  return { uses: uses.filter((u) => !auditActions.has(u.key)), dynamic };
}

const { uses, dynamic } = scan();

/**
 * Keys built at run time, with every value the computed part can take. A new t("x." + y) in the
 * code fails the last test below until its family is added here (or, for a module's own code
 * lists, until its prefix exists in English).
 */
const errorKinds = ['notFound', 'forbidden', 'badRequest', 'csrf', 'tooMany', 'server'];
/** The kinds src/platform/http/web.ts can render: its status map, kinds it names, its default. */
function errorKindsInCode(): string[] {
  const web = readFileSync(path.join(root, 'src/platform/http/web.ts'), 'utf8');
  const map = /const kinds[^=]*=\s*\{([^}]*)\}/.exec(web)?.[1] ?? '';
  return [
    ...[...map.matchAll(/:\s*'(\w+)'/g)].map((m) => m[1]!),
    ...[...web.matchAll(/sendError\([^)]*'(\w+)'\)/g)].map((m) => m[1]!),
    ...[...web.matchAll(/\?\? '(\w+)'/g)].map((m) => m[1]!),
  ];
}
const families: { prefix: string; suffix?: string; values: readonly string[] }[] = [
  { prefix: 'errors.', suffix: '.title', values: errorKinds },
  { prefix: 'errors.', suffix: '.body', values: errorKinds },
  { prefix: 'roles.', values: roles },
  { prefix: 'admin.organisations.kinds.', values: organisationKinds },
];

describe('translations', () => {
  it('finds the keys the code uses (the scan works)', () => {
    const keys = new Set(uses.map((u) => u.key));
    for (const known of ['signIn.title', 'signIn.errors.emailMissing', 'common.signOut', 'errors.home'])
      expect(keys, known).toContain(known);
    expect(dynamic.some((d) => d.prefix === 'errors.' && d.suffix === '.title')).toBe(true);
    expect(dynamic.some((d) => d.prefix === 'roles.')).toBe(true);
    const kinds = errorKindsInCode();
    expect(kinds).toContain('notFound');
    expect(errorKinds, 'error kinds the platform renders').toEqual(expect.arrayContaining(kinds));
  });

  it('has every key the templates and code use in English', () => {
    const missing = uses.filter((u) => !inEnglish(u.key)).map((u) => `${u.key}  (${u.where})`);
    expect([...new Set(missing)], 'keys used but missing from locales/en/*.json').toEqual([]);
  });

  it('has every key of the families built at run time in English', () => {
    const missing = families.flatMap((f) =>
      f.values
        .map((v) => `${f.prefix}${v}${f.suffix ?? ''}`)
        .filter((k) => typeof lookup(en, k) !== 'string'),
    );
    expect(missing, 'run-time keys missing from locales/en/*.json').toEqual([]);
  });

  it('knows every family of run-time keys, or at least finds its prefix in English', () => {
    const problems = dynamic.flatMap((d) => {
      const family = families.find((f) => f.prefix === d.prefix && (f.suffix ?? '') === d.suffix);
      if (family) return [];
      // Not listed above: its prefix must at least be an area of English with keys under it.
      // With a literal end (t("x." + y + ".title")), some key under it must have that end.
      const node = lookup(en, d.prefix.replace(/\.$/, ''));
      const children = node && typeof node === 'object' ? Object.values(node as Tree) : [];
      const ok =
        d.prefix.endsWith('.') &&
        children.length > 0 &&
        (!d.suffix.startsWith('.') ||
          children.some(
            (c) => c && typeof c === 'object' && lookup(c as Tree, d.suffix.slice(1)) !== undefined,
          ));
      return ok ? [] : [`t("${d.prefix}" + … + "${d.suffix}")  (${d.where})`];
    });
    expect(
      problems,
      'run-time keys whose prefix is not in English (add the family to tests/i18n.test.ts)',
    ).toEqual([]);
  });

  for (const [lang, tree] of Object.entries(translations).filter(([l]) => l !== 'en')) {
    it(`has no ${lang} key that English lacks, and no placeholder English does not fill`, () => {
      // Plural forms follow each language's rules: Arabic's x_few is English's x_one / x_other.
      const plural = /_(zero|one|two|few|many|other)$/;
      const extra = leaves(tree).filter(
        (k) => lookup(en, k) === undefined && !(plural.test(k) && inEnglish(k.replace(plural, ''))),
      );
      expect(extra, `keys in locales/${lang}/*.json missing from English`).toEqual([]);
      const placeholders = (s: unknown) => new Set(JSON.stringify(s ?? '').match(/\{\{\s*\w+\s*\}\}/g) ?? []);
      const drift = leaves(tree).filter((k) => {
        const base = k.replace(plural, '');
        const ours = new Set([
          ...placeholders(lookup(en, k)),
          ...placeholders(lookup(en, `${base}_one`)),
          ...placeholders(lookup(en, `${base}_other`)),
        ]);
        return [...placeholders(lookup(tree, k))].some((p) => !ours.has(p));
      });
      expect(drift, `${lang} strings with a {{placeholder}} the English string does not have`).toEqual([]);
    });
  }
});
