/**
 * The module rule (docs/ARCHITECTURE.md, "Front doors"), checked over every import in src/ and every
 * template reference in src/modules. `npm run check` runs this file; tests/architecture.test.ts
 * runs it too and shows that each part of the rule catches a violation.
 *
 * 1. A module (src/modules/<name>/, sub-folders included) is entered only through its front door,
 *    src/modules/<name>/index.ts. Its own files import each other directly, never their own door.
 * 2. src/platform imports no module (nor app.ts, the seed or the scripts).
 * 3. No src/ file imports from tests/ or bench/; a test file (*.test.ts) under src/ may import
 *    tests/support/.
 * 4. src/app.ts imports one file per module: its door.
 * 5. A template includes another module's template only when that module's door lists it in
 *    `sharedViews`.
 *
 * Tests are not modules: a *.test.ts file, and anything under tests/ or bench/, may import any
 * module's internals (a test exercises the inside of what it tests).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** One import: the importing file and the file it names, both relative to the repository, with `/`. */
export interface ImportEdge {
  from: string;
  specifier: string;
  to: string;
}

/** One template reference ({% from/import/include/extends "x" %}) in a module's view. */
export interface TemplateRef {
  from: string;
  template: string;
}

const isTest = (file: string) =>
  file.endsWith('.test.ts') || file.startsWith('tests/') || file.startsWith('bench/');
const moduleOf = (file: string) => /^src\/modules\/([^/]+)\//.exec(file)?.[1];
const doorOf = (name: string) => `src/modules/${name}/index.ts`;

export function importViolations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  const appModules = new Map<string, Set<string>>();
  for (const { from, specifier, to } of edges) {
    const say = (why: string) => out.push(`${from}: import '${specifier}' ${why}`);
    const fromTest = isTest(from);
    const fromModule = moduleOf(from);
    const toModule = moduleOf(to);

    if (from.startsWith('src/') && (to.startsWith('tests/') || to.startsWith('bench/'))) {
      const allowed = from.endsWith('.test.ts') && to.startsWith('tests/support/');
      if (!allowed)
        say(
          from.endsWith('.test.ts')
            ? 'reaches outside tests/support/: a test under src/ may import tests/support/ only'
            : 'reaches into tests/ or bench/: src/ code never depends on test code (move what it needs into src/, or the caller into tests/)',
        );
      continue;
    }
    if (fromTest) continue;

    if (
      from.startsWith('src/platform/') &&
      (toModule || /^src\/(app|main)\.ts$|^src\/(seed|scripts)\//.test(to))
    ) {
      say(
        'reaches into a module: src/platform imports no module (let the module register with the platform, or move the shared piece into src/platform)',
      );
      continue;
    }
    if (from === 'src/app.ts' && toModule) {
      const files = appModules.get(toModule) ?? new Set<string>();
      appModules.set(toModule, files.add(to));
    }
    if (!toModule || toModule === fromModule) {
      if (toModule && to === doorOf(toModule) && from !== to)
        say(`goes through its own module's door: files inside ${toModule} import each other directly`);
      continue;
    }
    if (to !== doorOf(toModule))
      say(
        `is a side door into the ${toModule} module: import from ${doorOf(toModule)} (export it there if it is part of ${toModule}'s public surface)`,
      );
  }
  for (const [name, files] of appModules)
    if (files.size > 1)
      out.push(
        `src/app.ts: imports ${files.size} files of the ${name} module (${[...files].join(', ')}); import only ${doorOf(name)}`,
      );
  return out;
}

export function templateViolations(
  refs: readonly TemplateRef[],
  sharedViews: Readonly<Record<string, readonly string[]>>,
): string[] {
  const out: string[] = [];
  for (const { from, template } of refs) {
    const owner = /^([^/]+)\//.exec(template)?.[1];
    if (!owner || !(owner in sharedViews) || owner === moduleOf(from)) continue;
    if (!sharedViews[owner]!.includes(template))
      out.push(
        `${from}: uses template '${template}' of the ${owner} module, which its door does not share: add it to \`sharedViews\` in ${doorOf(owner)}, or keep the template inside ${owner}`,
      );
  }
  return out;
}

function walk(dir: string, ext: string, found: string[] = []): string[] {
  for (const entry of readdirSync(dir)) {
    const full = path.join(dir, entry);
    if (statSync(full).isDirectory()) walk(full, ext, found);
    else if (entry.endsWith(ext)) found.push(full);
  }
  return found;
}

const relative = (file: string) => path.relative(root, file).split(path.sep).join('/');

/** Every relative import (static, dynamic, `import type`, `export ... from`) in src/**\/*.ts. */
export function sourceImports(): ImportEdge[] {
  const edges: ImportEdge[] = [];
  for (const file of walk(path.join(root, 'src'), '.ts')) {
    const { importedFiles } = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    for (const { fileName } of importedFiles) {
      if (!fileName.startsWith('.')) continue;
      edges.push({
        from: relative(file),
        specifier: fileName,
        to: relative(path.resolve(path.dirname(file), fileName)),
      });
    }
  }
  return edges;
}

/** Every {% from/import/include/extends "..." %} in the modules' templates. */
export function templateRefs(): TemplateRef[] {
  const refs: TemplateRef[] = [];
  const tag = /\{%-?\s*(?:from|import|include|extends)\s+["']([^"']+)["']/g;
  for (const file of walk(path.join(root, 'src/modules'), '.njk'))
    for (const m of readFileSync(file, 'utf8').matchAll(tag))
      refs.push({ from: relative(file), template: m[1]! });
  return refs;
}

/** Each module's shared templates, as its door exports them (an empty list when it shares none). */
export async function doorSharedViews(): Promise<Record<string, readonly string[]>> {
  const shared: Record<string, readonly string[]> = {};
  for (const name of moduleNames()) {
    if (!existsSync(path.join(root, doorOf(name)))) continue;
    const door = (await import(pathToFileURL(path.join(root, doorOf(name))).href)) as {
      sharedViews?: Record<string, string>;
    };
    shared[name] = Object.values(door.sharedViews ?? {});
  }
  return shared;
}

const moduleNames = () => readdirSync(path.join(root, 'src/modules'));

export async function architectureViolations(): Promise<string[]> {
  const doorless = moduleNames()
    .filter((name) => !existsSync(path.join(root, doorOf(name))))
    .map((name) => `src/modules/${name}: has no front door; create ${doorOf(name)}`);
  return [
    ...doorless,
    ...importViolations(sourceImports()),
    ...templateViolations(templateRefs(), await doorSharedViews()),
  ];
}

// `tsx tests/support/architecture.ts` (part of `npm run check`): prints each violation, exits 1 if any.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const found = await architectureViolations();
  for (const v of found) process.stderr.write(`${v}\n`);
  if (found.length) {
    process.stderr.write(
      `${found.length} import(s) break the module rule (docs/ARCHITECTURE.md, "Front doors")\n`,
    );
    process.exitCode = 1;
  } else process.stdout.write('Module doors: every import goes through a front door\n');
}
