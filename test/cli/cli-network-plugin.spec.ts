// The network plugin on the command line: analyze and explain name it on stderr (a warning when it
// does not enforce policies), take --enforcement, and JSON results carry cni and optionSources.
// Fixtures: test/fixtures/cli/basic (y/c isolated, only x/a reaches it on TCP 80) plus a kindnet
// (v0.23, enforces nothing) or Calico DaemonSet in kube-system.

import { FIXTURES, run } from './run.js';

const BASIC = `${FIXTURES}/basic`;
const KINDNET = `${FIXTURES}/network-plugins/kindnet.yaml`;
const CALICO = `${FIXTURES}/network-plugins/calico.yaml`;

describe('policyscope and the network plugin', () => {
  it('analyze with kindnet: a stderr warning, every pair allowed, and the evidence in the JSON', async () => {
    const r = await run(['analyze', BASIC, KINDNET, '--format', 'json', '--granularity', 'pod']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('network plugin: kindnet (does not enforce NetworkPolicy;');
    expect(r.stderr).toContain('warning: policies are not enforced (kindnet does not enforce NetworkPolicy)');
    const result = JSON.parse(r.stdout);
    expect(result.cni).toMatchObject({ plugin: 'kindnet', enforcesNetworkPolicy: false, evidence: [{ kind: 'DaemonSet', namespace: 'kube-system', name: 'kindnet', matched: 'name' }] });
    expect(result.enforcement).toEqual({ mode: 'auto', enforced: false });
    expect(result.optionSources.enforcement).toBe('detected');
    const toC = result.connections.filter((c: { dst: { name?: string } }) => c.dst.name === 'c').map((c: { src: { name?: string } }) => c.src.name);
    expect(toC).toEqual(expect.arrayContaining(['a', 'b']));
  });

  it('--enforcement enforced applies the policies whatever the plugin; the source says option', async () => {
    const r = await run(['analyze', BASIC, KINDNET, '--format', 'json', '--granularity', 'pod', '--enforcement', 'enforced']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('warning: policies are not enforced');
    const result = JSON.parse(r.stdout);
    expect(result.optionSources.enforcement).toBe('option');
    const toC = result.connections.filter((c: { src: { kind: string }; dst: { name?: string } }) => c.dst.name === 'c' && c.src.kind === 'Pod');
    expect(toC.map((c: { src: { name?: string } }) => c.src.name)).toEqual(['a']);
  });

  it('explain with kindnet: allowed, with what the policies intend; with no plugin nothing is said', async () => {
    const r = await run(['explain', BASIC, KINDNET, '--from', 'x/b', '--to', 'y/c', '--port', '80']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(': ALLOWED');
    expect(r.stdout).toContain('the policies intend: DENIED');
    expect(r.stdout).toContain('enforcement: auto → policies NOT enforced');
    const plain = await run(['explain', BASIC, '--from', 'x/b', '--to', 'y/c', '--port', '80']);
    expect(plain.stdout).toContain(': DENIED');
    expect(plain.stderr).toBe('');
  });

  it('Calico: ipBlockMatchesPods from the plugin, --no-ipblock-matches-pods overrides it', async () => {
    const detected = JSON.parse((await run(['explain', BASIC, CALICO, '--from', 'x/a', '--to', 'y/c', '--port', '80', '--format', 'json'])).stdout);
    expect(detected.options.ipBlockMatchesPods).toBe(true);
    expect(detected.optionSources).toEqual({ ipBlockMatchesPods: 'detected', hostNetwork: 'default', adminNetworksMatchPods: 'default', enforcement: 'detected', podCIDRs: 'default', serviceCIDRs: 'default' });
    const r = await run(['explain', BASIC, CALICO, '--from', 'x/a', '--to', 'y/c', '--port', '80', '--format', 'json', '--no-ipblock-matches-pods']);
    expect(r.stderr).toContain('network plugin: calico (enforces NetworkPolicy;');
    const explicit = JSON.parse(r.stdout);
    expect(explicit.options.ipBlockMatchesPods).toBe(false);
    expect(explicit.optionSources.ipBlockMatchesPods).toBe('option');
  });

  it('rejects an unknown --enforcement mode', async () => {
    const r = await run(['analyze', BASIC, '--enforcement', 'sometimes']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Allowed choices are enforced, not-enforced, auto/);
  });
});
