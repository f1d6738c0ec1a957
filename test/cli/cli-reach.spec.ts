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

describe('policyscope explain --to a Service', () => {
  const SHOP = 'examples/shop-v1';

  it('maps Service port 443 to the named targetPort https (pod port 8443) and prints each endpoint\'s verdict', async () => {
    const r = await run(['explain', SHOP, '--from', 'shop/checkout', '--to', 'payments/payments-api[Service]', '--port', '443']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toMatch(/^shop\/checkout => Service payments\/payments-api : TCP 443 \(https\) → targetPort https: ALLOWED \((\d+) of \1 endpoints reached\)$/);
    expect(lines[1]).toMatch(/^ {2}payments\/payments-api\S* port 8443: allowed: /);
    const json = JSON.parse((await run(['explain', SHOP, '--from', 'shop/checkout', '--to', 'Service payments/payments-api', '--port', '443', '--format', 'json'])).stdout);
    expect(json.service).toMatchObject({ kind: 'Service', namespace: 'payments', name: 'payments-api' });
    expect(json.servicePort).toEqual({ name: 'https', port: 443, targetPort: 'https' });
    expect(json.endpoints.map((e: { targetPort: number; allowed: boolean }) => [e.targetPort, e.allowed])).toEqual([[8443, true]]);
    const frontend = await run(['explain', SHOP, '--from', 'shop/frontend', '--to', 'payments/payments-api[Service]', '--port', '443']);
    expect(frontend.stdout.split('\n')[0]).toMatch(/: DENIED \(0 of 1 endpoints reached\)$/);
  });

  it('a port the Service does not have is a usage error naming its ports', async () => {
    const r = await run(['explain', SHOP, '--from', 'shop/checkout', '--to', 'payments/payments-api[Service]', '--port', '1']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Service payments\/payments-api has no TCP port 1; its ports: /);
  });
});
