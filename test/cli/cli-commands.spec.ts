// The commands end to end on small fixture folders (test/fixtures/cli): namespaces x and y, pods
// x/a, x/b, y/c and a Deployment x/web without live pods; in y a default-deny for ingress and a
// rule letting x/a reach y/c on TCP 80. `changed/` widens that rule to TCP 80 and 8080 and adds
// a ConfigMap (a kind that is skipped with a warning).

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIXTURES, run } from './run.js';

const BASIC = `${FIXTURES}/basic`;
const CHANGED = `${FIXTURES}/changed`;
const BAD = `${FIXTURES}/bad-yaml`;

function nonEmptyLines(text: string): string[] {
  return text.split('\n').filter((l) => l !== '');
}

describe('policyscope analyze', () => {
  it('prints workload connectivity as text by default', async () => {
    const r = await run(['analyze', BASIC]);
    expect(r.code).toBe(0);
    const lines = nonEmptyLines(r.stdout);
    expect(lines).toContain('x/a[Pod] => y/c[Pod] : TCP 80');
    expect(lines).toContain('x/b[Pod] => x/a[Pod] : All Connections');
    expect(lines).toContain('x/a[Pod] => x/web[Deployment] : All Connections');
    // y/c is isolated for ingress: only x/a gets in.
    expect(lines.filter((l) => l.includes('=> y/c[Pod]'))).toEqual(['x/a[Pod] => y/c[Pod] : TCP 80']);
  });

  it('prints pod names without kinds at pod granularity', async () => {
    const r = await run(['analyze', '--granularity', 'pod', BASIC]);
    expect(r.code).toBe(0);
    expect(nonEmptyLines(r.stdout)).toContain('x/a => y/c : TCP 80');
  });

  it('summarises namespaces at namespace granularity', async () => {
    const r = await run(['analyze', '--granularity', 'namespace', BASIC]);
    expect(r.code).toBe(0);
    const lines = nonEmptyLines(r.stdout);
    expect(lines).toContain('x => y : TCP 80');
    expect(lines.some((l) => l.startsWith('y => x : '))).toBe(true);
  });

  it('writes the public JSON shape, named after the paths', async () => {
    const r = await run(['analyze', '--format', 'json', BASIC]);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout);
    expect(json.snapshot).toBe(BASIC);
    expect(json.granularity).toBe('workload');
    expect(json.options.ipBlockMatchesPods).toBe(false);
    expect(json.connections).toContainEqual({
      src: { kind: 'Pod', namespace: 'x', name: 'a' },
      dst: { kind: 'Pod', namespace: 'y', name: 'c' },
      allPorts: false,
      ports: [{ protocol: 'TCP', from: 80, to: 80 }],
    });
  });

  it('echoes --admin-networks-match-pods in the options, on every command', async () => {
    const analyzed = await run(['analyze', '--format', 'json', '--admin-networks-match-pods', BASIC]);
    expect(JSON.parse(analyzed.stdout).options).toMatchObject({ adminNetworksMatchPods: true, ipBlockMatchesPods: false });
    const plain = await run(['analyze', '--format', 'json', BASIC]);
    expect(JSON.parse(plain.stdout).options.adminNetworksMatchPods).toBe(false);
    for (const command of ['diff', 'explain']) {
      const help = await run([command, '--help']);
      expect(help.stdout).toContain('--admin-networks-match-pods');
    }
  });

  it('writes external blocks as CIDRs, and as np-guard-style ranges with --addresses range', async () => {
    const cidrs = await run(['analyze', BASIC]);
    expect(cidrs.code).toBe(0);
    expect(nonEmptyLines(cidrs.stdout)).toContain('x/a[Pod] => 0.0.0.0/0, ::/0 : All Connections');
    const ranges = await run(['analyze', '--addresses', 'range', BASIC]);
    expect(ranges.code).toBe(0);
    expect(nonEmptyLines(ranges.stdout)).toContain(
      'x/a[Pod] => 0.0.0.0-255.255.255.255,::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff : All Connections',
    );
    expect((await run(['analyze', '--addresses', 'dotted', BASIC])).code).toBe(2);
  });

  it('echoes --ipblock-matches-pods in the options', async () => {
    const r = await run(['analyze', '--format', 'json', '--ipblock-matches-pods', BASIC]);
    expect(JSON.parse(r.stdout).options.ipBlockMatchesPods).toBe(true);
  });

  it.each([
    ['csv', (out: string) => expect(out.split('\n')[0]).toBe('src,dst,conn')],
    ['md', (out: string) => expect(out.split('\n')[0]).toBe('| src | dst | conn |')],
    ['dot', (out: string) => expect(out).toMatch(/^digraph /)],
    ['mermaid', (out: string) => expect(out).toMatch(/^flowchart LR\n/)],
  ])('writes %s', async (format, check) => {
    const r = await run(['analyze', '--format', format, BASIC]);
    expect(r.code).toBe(0);
    check(r.stdout);
  });

  it('reads several paths as one snapshot named by all of them', async () => {
    const paths = [`${BASIC}/namespaces.yaml`, `${BASIC}/workloads.yaml`, `${BASIC}/policies`];
    const r = await run(['analyze', '--format', 'json', ...paths]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).snapshot).toBe(paths.join(','));
    expect(JSON.parse(r.stdout).connections).toEqual(JSON.parse((await run(['analyze', '--format', 'json', BASIC])).stdout).connections);
  });

  it('--focus keeps the connections of one workload only', async () => {
    const r = await run(['analyze', '--focus', 'y/c', BASIC]);
    expect(r.code).toBe(0);
    const lines = nonEmptyLines(r.stdout);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line).toContain('y/c[Pod]');
  });

  it('--focus on an unknown name warns and prints nothing', async () => {
    const r = await run(['analyze', '--focus', 'y/nothing', BASIC]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('warning: --focus y/nothing');
  });

  it('-o writes the result to a file and nothing to stdout', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'policyscope-out-'));
    try {
      const file = path.join(dir, 'out.csv');
      const r = await run(['analyze', '--format', 'csv', '-o', file, BASIC]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      expect(readFileSync(file, 'utf8')).toBe((await run(['analyze', '--format', 'csv', BASIC])).stdout);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('prints warnings on stderr and still analyses', async () => {
    const r = await run(['analyze', CHANGED]);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/^warning: .*ConfigMap/m);
    expect(r.stdout).toContain('x/a[Pod] => y/c[Pod] : TCP 80,8080');
  });

  it('exits 1 on bad YAML, naming the file and document, with nothing on stdout', async () => {
    const r = await run(['analyze', BAD]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`^${BAD}/broken\\.yaml: document \\d+\\b`, 'm'));
  });

  it('shows progress on a terminal for a large input, and never on stdout', async () => {
    const quiet = await run(['analyze', BASIC], { isTTY: true });
    expect(quiet.stderr).not.toContain('parsing');
    const loud = await run(['analyze', BASIC], { isTTY: true, largeInputBytes: 10 });
    expect(loud.stderr).toContain('parsing');
    expect(loud.stdout).toBe(quiet.stdout);
  });
});

describe('policyscope diff', () => {
  it('reports the widened rule as a changed pair and the modified policy', async () => {
    const r = await run(['diff', '--format', 'json', BASIC, CHANGED]);
    expect(r.code).toBe(0);
    const diff = JSON.parse(r.stdout);
    expect(diff.from).toBe(BASIC);
    expect(diff.to).toBe(CHANGED);
    expect(diff.changes).toEqual([
      {
        type: 'changed',
        src: { kind: 'Pod', namespace: 'x', name: 'a' },
        dst: { kind: 'Pod', namespace: 'y', name: 'c' },
        before: { allPorts: false, ports: [{ protocol: 'TCP', from: 80, to: 80 }] },
        after: { allPorts: false, ports: [{ protocol: 'TCP', from: 80, to: 80 }, { protocol: 'TCP', from: 8080, to: 8080 }] },
        note: null,
        causes: [
          {
            kind: 'policy modified',
            object: 'NetworkPolicy y/allow-a-to-c',
            details: ['spec.ingress[0].ports[1] added: {"port":8080,"protocol":"TCP"}'],
            rulesBefore: [{ kind: 'NetworkPolicy', namespace: 'y', name: 'allow-a-to-c', tier: 'networkpolicy', action: 'Isolate' }],
            rulesAfter: [{ kind: 'NetworkPolicy', namespace: 'y', name: 'allow-a-to-c', rule: 'ingress[0]', tier: 'networkpolicy', action: 'Allow' }],
          },
        ],
        sample: expect.objectContaining({ src: 'x/a', dst: 'y/c', protocol: 'TCP', port: 8080 }),
      },
    ]);
    expect(diff.policies).toEqual({
      added: [],
      removed: [],
      modified: ['NetworkPolicy y/allow-a-to-c'],
      fieldChanges: [
        { policy: 'NetworkPolicy y/allow-a-to-c', fields: [{ path: 'spec.ingress[0].ports[1]', type: 'added', after: { protocol: 'TCP', port: 8080 } }] },
      ],
    });
    expect(diff.sides).toEqual({ from: { snapshot: BASIC }, to: { snapshot: CHANGED } });
    expect(diff.crossCluster).toBe(false);
  });

  it('--format md is a pull-request comment: sides, summary, riskiest changes with causes, then tables', async () => {
    const r = await run(['diff', '--format', 'md', BASIC, CHANGED]);
    expect(r.code).toBe(0);
    const md = r.stdout;
    expect(md).toContain(`| snapshot | ${BASIC} | ${CHANGED} |`);
    const at = (text: string) => {
      expect(md).toContain(text);
      return md.indexOf(text);
    };
    const order = [
      at('**Summary**: 1 connection change (1 changed, 0 added, 0 removed); policies: 0 added, 0 removed, 1 modified'),
      at('1. **new reach**: `x/a[Pod]` → `y/c[Pod]`: TCP 80 → TCP 80,8080\n   - policy modified NetworkPolicy y/allow-a-to-c [before: Isolate; after: Allow ingress[0]]'),
      at('| diff-type | src | dst | before | after | note | causes |'),
      at('- `NetworkPolicy y/allow-a-to-c`\n  - `spec.ingress[0].ports[1] added: {"port":8080,"protocol":"TCP"}`'),
    ];
    expect(order).toEqual([...order].sort((a, b) => a - b));
  });

  it('prints text by default', async () => {
    const r = await run(['diff', BASIC, CHANGED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('changed: x/a[Pod] => y/c[Pod] : TCP 80 -> TCP 80,8080');
    expect(r.stdout).toContain('  sample: x/a => y/c : TCP 8080: denied -> allowed');
  });

  it.each([['csv'], ['md']])('writes %s', async (format) => {
    const r = await run(['diff', '--format', format, BASIC, CHANGED]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('x/a[Pod]');
  });

  it('--fail-on-change exits 3 when connectivity changed', async () => {
    const r = await run(['diff', '--fail-on-change', BASIC, CHANGED]);
    expect(r.code).toBe(3);
    expect(r.stdout).toContain('changed:');
  });

  it('--fail-on-change exits 0 when nothing changed', async () => {
    const r = await run(['diff', '--fail-on-change', BASIC, BASIC]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('no connectivity changes');
  });

  it('exits 1 when either side has errors', async () => {
    const r = await run(['diff', BASIC, BAD]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${BAD}/broken.yaml`);
  });
});

describe('policyscope explain', () => {
  it('explains an allowed connection', async () => {
    const r = await run(['explain', BASIC, '--from', 'x/a', '--to', 'y/c', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('x/a => y/c : TCP 80: ALLOWED');
    expect(r.stdout).toContain('allow-a-to-c');
  });

  it('explains a denied connection, naming the policy that isolates the destination', async () => {
    const r = await run(['explain', BASIC, '--from', 'x/b', '--to', 'y/c', '--port', '80/TCP', '--format', 'json']);
    expect(r.code).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.allowed).toBe(false);
    expect(e.protocol).toBe('TCP');
    expect(e.port).toBe(80);
    expect(e.egress.allowed).toBe(true);
    expect(e.ingress.allowed).toBe(false);
    expect(JSON.stringify(e.ingress.decidedBy)).toMatch(/default-deny|allow-a-to-c/);
  });

  it('denies the allowed pair on a port the rule does not list', async () => {
    const r = await run(['explain', BASIC, '--from', 'x/a', '--to', 'y/c', '--port', '53/UDP']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n')[0]).toBe('x/a => y/c : UDP 53: DENIED');
  });

  it('exits 2 for an endpoint that is not in the snapshot', async () => {
    const r = await run(['explain', BASIC, '--from', 'x/nobody', '--to', 'y/c', '--port', '80']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^error: /);
    expect(r.stdout).toBe('');
  });
});
