// The repository says under which licence it is published, and credits the test data it carries.
import { readFileSync } from 'node:fs';

describe('licence files', () => {
  it('has the Apache-2.0 text that package.json names', () => {
    expect(JSON.parse(readFileSync('package.json', 'utf8')).license).toBe('Apache-2.0');
    const licence = readFileSync('LICENSE', 'utf8');
    expect(licence).toContain('Apache License');
    expect(licence).toContain('Version 2.0, January 2004');
    expect(licence).toContain('TERMS AND CONDITIONS FOR USE, REPRODUCTION, AND DISTRIBUTION');
  });

  it('credits the conformance data in NOTICE, and the README names the licence', () => {
    const notice = readFileSync('NOTICE', 'utf8');
    expect(notice).toContain('kubernetes/kubernetes');
    expect(notice).toContain('np-guard/netpol-analyzer');
    expect(readFileSync('test/conformance/data/README.md', 'utf8')).toMatch(/Apache-2\.0/);
    expect(readFileSync('README.md', 'utf8')).toMatch(/## Licence[\s\S]*Apache License 2\.0: see `LICENSE`/);
  });
});
