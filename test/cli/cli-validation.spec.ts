// `--validation` on every command that reads manifests: the basic fixture (x/a may reach y/c on
// TCP 80, y isolated for ingress) with the allow rule's `from` misspelled `form`, in a temporary
// copy. Strict (the default) exits 1 as `kubectl apply` would refuse it; warn analyses what a
// cluster that dropped the field would do (y/c open to every source on 80) and says why.

import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, run } from './run.js';

let dir: string;
let typo: string;
const BASIC = `${FIXTURES}/basic`;

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'policyscope-validation-'));
  typo = path.join(dir, 'typo');
  cpSync(BASIC, typo, { recursive: true });
  const policy = path.join(typo, 'policies', 'allow-a-to-c.yml');
  writeFileSync(policy, readFileSync(policy, 'utf8').replace('- from:', '- form:'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

describe('policyscope --validation', () => {
  it('strict by default: exits 1 naming the file, document, field path and the field meant, with nothing analysed', async () => {
    const r = await run(['analyze', typo]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([
      `${typo}/policies/allow-a-to-c.yml: document 0: spec.ingress[0].form: unknown field \`form\`; did you mean \`from\`?`,
      `error: ${typo}: input has errors, nothing analysed`,
    ]);
    expect((await run(['analyze', '--validation', 'strict', typo])).code).toBe(1);
  });

  it('warn: analyses with the field dropped and warns on stderr', async () => {
    const r = await run(['analyze', '--validation', 'warn', typo]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`warning: ${typo}/policies/allow-a-to-c.yml: document 0: spec.ingress[0].form: unknown field \`form\` (ignored); did you mean \`from\`?`);
    // Without `from`, the rule admits every source on TCP 80.
    expect(lines(r.stdout)).toEqual(expect.arrayContaining(['x/a[Pod] => y/c[Pod] : TCP 80', 'x/b[Pod] => y/c[Pod] : TCP 80']));
  });

  it('ignore: analyses the same, saying nothing about the field', async () => {
    const warned = await run(['analyze', '--validation', 'warn', typo]);
    const r = await run(['analyze', '--validation=ignore', typo]);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('form');
    expect(r.stdout).toBe(warned.stdout);
  });

  it('is taken by diff and explain too', async () => {
    expect((await run(['diff', BASIC, typo])).code).toBe(1);
    const diff = await run(['diff', '--validation', 'warn', BASIC, typo]);
    expect(diff.code).toBe(0);
    expect(diff.stdout).toContain('x/b[Pod] => y/c[Pod]');
    expect((await run(['explain', typo, '--from', 'x/b', '--to', 'y/c', '--port', '80'])).code).toBe(1);
    const explain = await run(['explain', typo, '--validation', 'warn', '--from', 'x/b', '--to', 'y/c', '--port', '80', '--format', 'json']);
    expect(explain.code).toBe(0);
    expect(JSON.parse(explain.stdout).allowed).toBe(true);
  });

  it('refuses an unknown mode as a usage error', async () => {
    const r = await run(['analyze', '--validation', 'lenient', BASIC]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('strict, warn, ignore');
  });

  it('says once, with the fix, that manifests were joined without ---', async () => {
    const joined = path.join(dir, 'joined.yaml');
    // `cat namespaces.yaml workloads.yaml`, with the separators lost.
    const cat = ['namespaces.yaml', 'workloads.yaml'].map((f) => readFileSync(path.join(BASIC, f), 'utf8')).join('\n');
    writeFileSync(joined, cat.replace(/^---\n/gm, ''));
    const r = await run(['analyze', joined]);
    expect(r.code).toBe(1);
    const errors = lines(r.stderr).filter((l) => !l.startsWith('error: '));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^.*joined\.yaml: document 0: this looks like several manifests joined without `---` separators \(`apiVersion` at lines 1, \d+.*\); put `---` between them$/);
    expect(r.stderr).not.toContain('Map keys must be unique');
  });
});
