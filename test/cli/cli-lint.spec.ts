import { readFileSync } from 'node:fs';
import { analyze, findings, parseDocuments } from '../../src/engine/index.js';
import { run } from './run.js';

// `policyscope lint`: the engine's findings from files, and exit 4 at or above --fail-on.
const BROAD = 'test/fixtures/findings/overly-broad.yaml';
const KINDNET = 'test/fixtures/findings/not-enforcing.yaml';

describe('policyscope lint', () => {
  it('json: the engine\'s findings for the files; exit 0 without --fail-on', async () => {
    const r = await run(['lint', BROAD, '--format', 'json']);
    expect(r.code).toBe(0);
    const expected = findings(analyze(parseDocuments([{ name: BROAD, content: readFileSync(BROAD, 'utf8') }]).snapshot));
    const body = JSON.parse(r.stdout);
    expect(body.findings).toEqual(expected);
    expect(body.optionSources).toBeDefined();
  });

  it('txt: one line per finding (severity, code, message) and a count per severity', async () => {
    const r = await run(['lint', BROAD]);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^high +rule\.overly-broad +NetworkPolicy shop\/open ingress\[0\] allows 0\.0\.0\.0\/0 on all ports/);
    expect(lines.at(-1)).toMatch(/^\d+ findings: 1 high, \d+ medium/);
  });

  it('--fail-on: exit 4 when a finding is at or above it, 0 when none is', async () => {
    expect((await run(['lint', BROAD, '--fail-on', 'high'])).code).toBe(4);
    expect((await run(['lint', BROAD, '--fail-on', 'critical'])).code).toBe(0);
    const kind = await run(['lint', KINDNET, '--fail-on', 'critical']);
    expect(kind.code).toBe(4);
    expect(kind.stdout).toContain('critical  network-plugin.not-enforcing');
    expect(kind.stderr).toContain('1 finding at or above critical');
    // The plugin is taken as enforcing when told so: no critical finding left.
    expect((await run(['lint', KINDNET, '--fail-on', 'critical', '--enforcement', 'enforced'])).code).toBe(0);
  });

  it('an unknown severity is a usage error (exit 2)', async () => {
    const r = await run(['lint', BROAD, '--fail-on', 'severe']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('critical, high, medium, low, info, never');
  });
});
