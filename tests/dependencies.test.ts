import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

interface Manifest {
  name: string;
  version: string;
  engines?: { node?: string };
}

function readManifest(dir: string): Manifest | undefined {
  const file = path.join(dir, 'package.json');
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Manifest) : undefined;
}

/** Every installed package, nested node_modules included, as npm lays them out. */
function installedPackages(modules: string, found: Manifest[] = []): Manifest[] {
  if (!existsSync(modules)) return found;
  for (const entry of readdirSync(modules)) {
    if (entry.startsWith('.')) continue;
    const dirs = entry.startsWith('@')
      ? readdirSync(path.join(modules, entry)).map((s) => path.join(modules, entry, s))
      : [path.join(modules, entry)];
    for (const dir of dirs) {
      const manifest = readManifest(dir);
      if (manifest) found.push(manifest);
      installedPackages(path.join(dir, 'node_modules'), found);
    }
  }
  return found;
}

describe('dependencies', () => {
  // The README promises the oldest Node that package.json's engines allows; npm warns EBADENGINE
  // (and the package may not run) when a dependency asks for a newer one. cookie 2 and
  // content-disposition 3 ask for Node 22, so package.json's `overrides` give their consumers the
  // previous majors, which have the same functions with the same arguments (read in their source):
  // @fastify/cookie calls parseCookie(header, opts) and stringifySetCookie({ name, value, ...attrs },
  // { encode }), light-my-request stringifySetCookie({ name, value }) (cookie 1.1.1 has both forms);
  // @fastify/static calls content-disposition's create(filename) (the same code in 2.0.1 and 3.0.0).
  // Remove the overrides when Node 20 support ends.
  it('every installed package runs on the oldest Node the README names', () => {
    const own = readManifest(root);
    const oldest = semver.minVersion(own?.engines?.node ?? '')?.version;
    expect(oldest).toBe('20.19.0');
    expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain('Node.js 20.19 or later');
    const needNewer = installedPackages(path.join(root, 'node_modules'))
      .filter((p) => p.engines?.node && !semver.satisfies(oldest!, p.engines.node))
      .map((p) => `${p.name}@${p.version} needs node ${p.engines?.node}`);
    expect(needNewer).toEqual([]);
  });

  // Floors below which a dependency has a published advisory that touches how Wayfinder uses it.
  it('no installed copy of a dependency is older than its advisory fix', () => {
    const floors: Record<string, string> = { nodemailer: '9.0.1' };
    const below = installedPackages(path.join(root, 'node_modules'))
      .filter((p) => floors[p.name] && semver.lt(p.version, floors[p.name]!))
      .map((p) => `${p.name}@${p.version}`);
    expect(below).toEqual([]);
  });
});
