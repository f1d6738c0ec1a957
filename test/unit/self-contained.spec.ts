// A fresh clone stands alone: nothing the project builds, runs or tests may read a path outside the
// repository (the team's shared folder beside it, or an absolute path on one machine). The
// patterns are assembled at run time so that this file does not match itself.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const ROOTS = ['src', 'test', 'scripts', 'bench', '.ci', 'package.json', 'jest.config.js', 'tsconfig.json', 'prisma.config.ts'];
const SKIP = new Set(['node_modules', 'generated', 'data']);
const TEXT = /\.(ts|mts|js|mjs|cjs|json|sh|ya?ml)$|^run$/;
const FORBIDDEN = [new RegExp(['\\.\\.', 'shared'].join('/')), new RegExp(['', 'work', ''].join('/')), new RegExp(['shared', '(conformance|bench|docs)'].join('/'))];

function files(entry: string): string[] {
  if (!statSync(entry).isDirectory()) return TEXT.test(path.basename(entry)) ? [entry] : [];
  return readdirSync(entry)
    .filter((name) => !SKIP.has(name))
    .flatMap((name) => files(path.join(entry, name)));
}

describe('the repository is self-sufficient', () => {
  const all = ROOTS.flatMap(files);

  it('scans the project files', () => {
    expect(all.length).toBeGreaterThan(100);
    expect(all).toContain(path.join('.ci', 'run'));
  });

  it('names no path outside the repository', () => {
    const offenders = all.flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, where: `${file}:${i + 1}` }))
        .filter(({ line }) => FORBIDDEN.some((pattern) => pattern.test(line)))
        .map(({ where, line }) => `${where}: ${line.trim()}`),
    );
    expect(offenders).toEqual([]);
  });

  it('would catch a read of the shared folder', () => {
    const sample = `readFileSync('${['..', 'shared', 'conformance'].join('/')}/README.md')`;
    expect(FORBIDDEN.some((pattern) => pattern.test(sample))).toBe(true);
  });
});
