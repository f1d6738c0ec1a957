// The cluster's own pod and service ranges on the command line: read from the snapshot, or given
// with --pod-cidrs / --service-cidrs; never "the internet" for attack paths and exposure.
// Fixture: shop/web reachable on TCP 80 only from 11.0.0.0/16 (a public block).

import { FIXTURES, run } from './run.js';

const WEB = `${FIXTURES}/cluster-ranges/web.yaml`;

describe('policyscope and the cluster\'s own ranges', () => {
  it('paths --from internet: a path through 11.0.0.0/16, none once it is the pod range', async () => {
    const open = await run(['paths', WEB, '--from', 'internet', '--to', 'app=web', '--format', 'json']);
    expect(open.code).toBe(0);
    expect(JSON.parse(open.stdout).paths).toHaveLength(1);
    const own = await run(['paths', WEB, '--from', 'internet', '--to', 'app=web', '--format', 'json', '--pod-cidrs', '11.0.0.0/16']);
    expect(own.code).toBe(0);
    expect(JSON.parse(own.stdout).paths).toEqual([]);
  });

  it('analyze --format json states the ranges and their source; a malformed CIDR is a usage error', async () => {
    const r = await run(['analyze', WEB, '--format', 'json', '--service-cidrs', '12.0.0.0/24,fd00::/108']);
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.clusterRanges).toEqual({ podCIDRs: [], serviceCIDRs: ['12.0.0.0/24', 'fd00::/108'] });
    expect(result.optionSources).toMatchObject({ podCIDRs: 'default', serviceCIDRs: 'option' });
    const bad = await run(['analyze', WEB, '--pod-cidrs', '11.0.0.0/33']);
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain('"11.0.0.0/33" is not a CIDR');
  });
});
