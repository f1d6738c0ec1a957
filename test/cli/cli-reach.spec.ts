// `who-can-reach` and `reachable-from` on test/fixtures/cli/basic: namespaces x and y, pods x/a,
// x/b, y/c, a Deployment x/web without live pods; y denies ingress except x/a → y/c on TCP 80.

import { FIXTURES, run } from './run.js';

const BASIC = `${FIXTURES}/basic`;

describe('policyscope who-can-reach / reachable-from', () => {
  it('who-can-reach lists only x/a for the isolated y/c, with its port', async () => {
    const r = await run(['who-can-reach', BASIC, '--to', 'y/c']);
    expect(r.code).toBe(0);
    expect(r.stdout.split('\n').filter((l) => l.includes('=>'))).toEqual(['x/a[Pod] => y/c[Pod] : TCP 80']);
  });

  it('--port filters the rows; JSON carries the subject, the rows and the network context', async () => {
    const none = await run(['who-can-reach', BASIC, '--to', 'y/c', '--port', '443']);
    expect(none.stdout).toContain('nothing can reach y/c[Pod] on TCP 443');
    const json = JSON.parse((await run(['who-can-reach', BASIC, '--to', 'y/c', '--port', '80/TCP', '--format', 'json'])).stdout);
    expect(json.subject).toEqual({ kind: 'Pod', namespace: 'y', name: 'c' });
    expect(json.sources).toEqual([{ endpoint: { kind: 'Pod', namespace: 'x', name: 'a' }, allPorts: false, ports: [{ protocol: 'TCP', from: 80, to: 80 }] }]);
    expect(json).toMatchObject({ port: 80, protocol: 'TCP', enforcement: { mode: 'auto', enforced: true }, cni: { plugin: null } });
  });

  it('reachable-from x/a includes y/c on TCP 80 and the unisolated pods on every port; x/b does not reach y/c', async () => {
    const a = (await run(['reachable-from', BASIC, '--from', 'x/a', '--granularity', 'pod'])).stdout.split('\n');
    expect(a).toContain('x/a => y/c : TCP 80');
    expect(a).toContain('x/a => x/b : All Connections');
    const b = (await run(['reachable-from', BASIC, '--from', 'x/b', '--granularity', 'pod'])).stdout;
    expect(b).not.toContain('y/c');
  });

  it('an endpoint not in the snapshot is a usage error (exit 2)', async () => {
    const r = await run(['who-can-reach', BASIC, '--to', 'x/nothing']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no pod or workload x/nothing in the snapshot');
  });
});
