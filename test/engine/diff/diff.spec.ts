import { DEFAULT_OPTIONS, type RawObject } from '../../../src/engine/model.js';
import type { Connection, ConnectivityResult, Endpoint, PortEntry } from '../../../src/engine/result.js';
import { diffConnectivity } from '../../../src/engine/diff/index.js';
import { IpSet } from '../../../src/engine/sets/ip-set.js';

const wl = (name: string, kind = 'Deployment', namespace = 'shop'): Endpoint => ({ kind, namespace, name });
const ext = (...cidrs: string[]): Endpoint => ({ kind: 'External', cidrs });
const ingress: Endpoint = { kind: 'IngressController' };
const tcp = (from: number, to = from): PortEntry => ({ protocol: 'TCP', from, to });
const udp = (from: number, to = from): PortEntry => ({ protocol: 'UDP', from, to });

function conn(src: Endpoint, dst: Endpoint, ports: PortEntry[] | 'all'): Connection {
  return ports === 'all' ? { src, dst, allPorts: true, ports: [] } : { src, dst, allPorts: false, ports };
}

function result(snapshot: string, connections: Connection[], endpoints?: Endpoint[]): ConnectivityResult {
  return {
    snapshot,
    granularity: 'workload',
    options: { ...DEFAULT_OPTIONS },
    connections,
    ...(endpoints === undefined ? {} : { endpoints }),
  };
}

/** The addresses of an external endpoint, for comparing blocks by address rather than by text. */
function addresses(e: Endpoint): string {
  if (e.kind !== 'External') throw new Error(`not external: ${JSON.stringify(e)}`);
  return (e as { cidrs: string[] }).cidrs.reduce((set, c) => set.union(IpSet.fromCidr(c)), IpSet.EMPTY).toString();
}

describe('diffConnectivity: connection changes', () => {
  it('names the two results and reports nothing for identical results', () => {
    const cs = [conn(wl('a'), wl('b'), [tcp(80)]), conn(ext('0.0.0.0/0'), wl('a'), 'all')];
    const d = diffConnectivity(result('v1', cs), result('v2', cs));
    expect(d).toEqual({
      from: 'v1',
      to: 'v2',
      sides: { from: { snapshot: 'v1' }, to: { snapshot: 'v2' } },
      crossCluster: false,
      granularity: 'workload',
      changes: [],
      policies: { added: [], removed: [], modified: [], fieldChanges: [] },
      exposure: { newlyExposed: [], noLongerExposed: [] },
      unexplainedChanges: 0,
    });
  });

  it('reports an added pair with no before side', () => {
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), wl('b'), [tcp(80)])]),
      result('v2', [conn(wl('a'), wl('b'), [tcp(80)]), conn(wl('b'), wl('a'), [udp(53)])]),
    );
    expect(d.changes).toEqual([
      { type: 'added', src: wl('b'), dst: wl('a'), before: null, after: { allPorts: false, ports: [udp(53)] }, note: null },
    ]);
  });

  it('reports a removed pair with no after side', () => {
    const d = diffConnectivity(result('v1', [conn(wl('a'), wl('b'), 'all')]), result('v2', [], [wl('a'), wl('b')]));
    expect(d.changes).toEqual([
      { type: 'removed', src: wl('a'), dst: wl('b'), before: { allPorts: true, ports: [] }, after: null, note: null },
    ]);
  });

  it('reports a changed port set with both sides', () => {
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), wl('b'), [tcp(7070)])]),
      result('v2', [conn(wl('a'), wl('b'), [tcp(8000)])]),
    );
    expect(d.changes).toEqual([
      {
        type: 'changed',
        src: wl('a'),
        dst: wl('b'),
        before: { allPorts: false, ports: [tcp(7070)] },
        after: { allPorts: false, ports: [tcp(8000)] },
        note: null,
      },
    ]);
  });

  it('compares ports as sets: order, splitting and allPorts spelled out are not changes', () => {
    const everything: PortEntry[] = [tcp(1, 65535), udp(1, 65535), { protocol: 'SCTP', from: 1, to: 65535 }];
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), wl('b'), [tcp(80, 81), udp(53)]), conn(wl('b'), wl('a'), 'all')]),
      result('v2', [conn(wl('a'), wl('b'), [udp(53), tcp(81), tcp(80)]), conn(wl('b'), wl('a'), everything)]),
    );
    expect(d.changes).toEqual([]);
  });

  it('is a change when the direction of a pair flips', () => {
    const d = diffConnectivity(result('v1', [conn(wl('a'), wl('b'), 'all')]), result('v2', [conn(wl('b'), wl('a'), 'all')]));
    expect(d.changes.map((c) => c.type).sort()).toEqual(['added', 'removed']);
  });

  it('orders changes the same whatever the input order: changed, added, removed, then by endpoints', () => {
    const before = [conn(wl('c'), wl('d'), 'all'), conn(wl('a'), wl('b'), [tcp(1)]), conn(wl('z'), wl('y'), 'all')];
    const after = [conn(wl('b'), wl('a'), 'all'), conn(wl('a'), wl('b'), [tcp(2)]), conn(wl('a'), wl('c'), 'all')];
    const d1 = diffConnectivity(result('v1', before), result('v2', after));
    const d2 = diffConnectivity(result('v1', [...before].reverse()), result('v2', [...after].reverse()));
    expect(d1).toEqual(d2);
    expect(d1.changes.map((c) => `${c.type} ${c.src.kind === 'External' ? '' : (c.src as { name: string }).name}`)).toEqual([
      'changed a',
      'added a',
      'added b',
      'removed c',
      'removed z',
    ]);
  });
});

describe('diffConnectivity: external blocks compared by addresses', () => {
  it('does not report a block that was only split differently', () => {
    const d = diffConnectivity(
      result('v1', [conn(ext('0.0.0.0/0'), wl('a'), [tcp(80)]), conn(wl('a'), ext('10.0.0.0/8', '11.0.0.0/8'), 'all')]),
      result('v2', [
        conn(ext('0.0.0.0/1'), wl('a'), [tcp(80)]),
        conn(ext('128.0.0.0/1'), wl('a'), [tcp(80)]),
        conn(wl('a'), ext('10.0.0.0/7'), 'all'),
      ]),
    );
    expect(d.changes).toEqual([]);
  });

  it('skips endpoints whose outside connections are the same, without changing what the others report', () => {
    // a's blocks are identical on both sides (and cut finer than b's): they must not split b's change.
    const aSide = [conn(ext('0.0.0.0/2'), wl('a'), [tcp(80)]), conn(ext('64.0.0.0/2'), wl('a'), [tcp(443)]), conn(wl('a'), ext('10.0.0.0/8'), 'all')];
    const d = diffConnectivity(
      result('v1', [...aSide, conn(ext('0.0.0.0/0'), wl('b'), [tcp(80)])]),
      result('v2', [...aSide, conn(ext('0.0.0.0/0'), wl('b'), [tcp(80), tcp(8080)])]),
    );
    expect(d.changes).toEqual([
      {
        type: 'changed',
        src: ext('0.0.0.0/0'),
        dst: wl('b'),
        before: { allPorts: false, ports: [tcp(80)] },
        after: { allPorts: false, ports: [tcp(80), tcp(8080)] },
        note: null,
      },
    ]);
  });

  it('reports only the part of a block whose connectivity changed', () => {
    const d = diffConnectivity(
      result('v1', [conn(ext('0.0.0.0/0'), wl('a'), [tcp(80)])]),
      result('v2', [conn(ext('0.0.0.0/1'), wl('a'), [tcp(80)]), conn(ext('128.0.0.0/1'), wl('a'), 'all')]),
    );
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0].type).toBe('changed');
    expect(addresses(d.changes[0].src)).toBe('128.0.0.0-255.255.255.255');
    expect(d.changes[0].src).toEqual(ext('128.0.0.0/1'));
  });

  it('splits the result where neighbouring atoms changed differently, and keeps non-adjacent blocks apart', () => {
    // before: everything but 10/8 reaches b on UDP 53; after: everything reaches b on every port.
    const everythingBut10 = IpSet.ALL_V4.subtract(IpSet.fromCidr('10.0.0.0/8')).toCidrs();
    const d = diffConnectivity(
      result('v1', [conn(ext(...everythingBut10), wl('b'), [udp(53)])]),
      result('v2', [conn(ext('0.0.0.0/0'), wl('b'), 'all')]),
    );
    const summary = d.changes.map((c) => [c.type, addresses(c.src), c.before?.ports ?? null, c.after?.allPorts]);
    expect(summary).toEqual([
      ['changed', '0.0.0.0-9.255.255.255', [udp(53)], true],
      ['changed', '11.0.0.0-255.255.255.255', [udp(53)], true],
      ['added', '10.0.0.0-10.255.255.255', null, true],
    ]);
  });

  it('merges atoms back into one block when they changed alike', () => {
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), ext('0.0.0.0/1'), [tcp(443)]), conn(wl('a'), ext('128.0.0.0/1'), [tcp(443)])]),
      result('v2', [conn(wl('a'), ext('0.0.0.0/0'), 'all')]),
    );
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0].dst).toEqual(ext('0.0.0.0/0'));
  });
});

describe('diffConnectivity: workload added / removed notes', () => {
  it('notes a connection of a workload absent from the before result', () => {
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), wl('b'), 'all')]),
      result('v2', [conn(wl('a'), wl('b'), 'all'), conn(wl('a'), wl('new'), [tcp(8080)]), conn(ingress, wl('new'), [tcp(8080)])]),
    );
    expect(d.changes.map((c) => c.note)).toEqual(['workload added', 'workload added']);
  });

  it('does not note a workload that existed before without any connection (listed in endpoints)', () => {
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), wl('b'), 'all')], [wl('a'), wl('b'), wl('quiet')]),
      result('v2', [conn(wl('a'), wl('b'), 'all'), conn(wl('a'), wl('quiet'), 'all')]),
    );
    expect(d.changes).toHaveLength(1);
    expect(d.changes[0].note).toBeNull();
  });

  it('notes a removed connection of a workload absent from the after result', () => {
    const d = diffConnectivity(
      result('v1', [conn(wl('a'), wl('gone'), 'all'), conn(wl('a'), wl('b'), 'all')], [wl('a'), wl('b'), wl('gone')]),
      result('v2', [], [wl('a'), wl('b')]),
    );
    const notes = Object.fromEntries(d.changes.map((c) => [(c.dst as { name: string }).name, c.note]));
    expect(notes).toEqual({ gone: 'workload removed', b: null });
  });

  it('never treats an external block or the ingress controller as a workload', () => {
    const d = diffConnectivity(
      result('v1', [], [wl('a')]),
      result('v2', [conn(ext('1.2.3.0/24'), wl('a'), 'all'), conn(ingress, wl('a'), 'all')]),
    );
    expect(d.changes.map((c) => c.note)).toEqual([null, null]);
  });

  it('does not note a changed pair', () => {
    const d = diffConnectivity(result('v1', [conn(wl('a'), wl('b'), [tcp(1)])]), result('v2', [conn(wl('a'), wl('b'), [tcp(2)])]));
    expect(d.changes[0].note).toBeNull();
  });
});

describe('diffConnectivity: exposure', () => {
  it('lists endpoints that became reachable from outside, and those that no longer are', () => {
    const d = diffConnectivity(
      result('v1', [conn(ext('0.0.0.0/0'), wl('old'), 'all'), conn(ingress, wl('kept'), [tcp(80)]), conn(wl('a'), wl('inner'), 'all')]),
      result('v2', [
        conn(ingress, wl('kept'), [tcp(80), tcp(443)]),
        conn(ext('10.0.0.0/8'), wl('new'), [tcp(22)]),
        conn(ingress, wl('web'), [tcp(80)]),
        conn(wl('inner'), ext('0.0.0.0/0'), 'all'),
      ]),
    );
    expect(d.exposure).toEqual({ newlyExposed: [wl('new'), wl('web')], noLongerExposed: [wl('old')] });
  });
});

describe('diffConnectivity: policies', () => {
  function raw(kind: string, namespace: string | null, name: string, spec: unknown, metadata: Record<string, unknown> = {}): RawObject {
    return {
      apiVersion: 'networking.k8s.io/v1',
      kind,
      namespace,
      name,
      uid: null,
      labels: {},
      raw: { apiVersion: 'networking.k8s.io/v1', kind, metadata: { name, ...(namespace ? { namespace } : {}), ...metadata }, spec },
      document: 0,
    };
  }

  const deny = { podSelector: {}, policyTypes: ['Ingress'] };
  const allow = { podSelector: { matchLabels: { app: 'web' } }, ingress: [{ ports: [{ port: 80 }] }] };
  const empty = result('v', []);

  it('names added, removed and modified policy objects as "Kind ns/name", cluster-scoped ones as "Kind name"', () => {
    const d = diffConnectivity(empty, empty, {
      before: [raw('NetworkPolicy', 'shop', 'deny', deny), raw('AdminNetworkPolicy', null, 'old-anp', {}), raw('NetworkPolicy', 'shop', 'web', allow)],
      after: [
        raw('NetworkPolicy', 'shop', 'deny', deny),
        raw('BaselineAdminNetworkPolicy', null, 'default', {}),
        raw('NetworkPolicy', 'shop', 'web', { ...allow, ingress: [{ ports: [{ port: 8080 }] }] }),
        raw('NetworkPolicy', 'ops', 'allow-dns', allow),
      ],
    });
    expect(d.policies).toEqual({
      added: ['BaselineAdminNetworkPolicy default', 'NetworkPolicy ops/allow-dns'],
      removed: ['AdminNetworkPolicy old-anp'],
      modified: ['NetworkPolicy shop/web'],
      fieldChanges: [{ policy: 'NetworkPolicy shop/web', fields: [{ path: 'spec.ingress[0].ports[0].port', type: 'changed', before: 80, after: 8080 }] }],
    });
  });

  it('ignores what the API server writes and the key order', () => {
    const d = diffConnectivity(empty, empty, {
      before: [raw('NetworkPolicy', 'shop', 'web', allow, { resourceVersion: '1', uid: 'u1', generation: 1, creationTimestamp: 't1' })],
      after: [
        raw(
          'NetworkPolicy',
          'shop',
          'web',
          { ingress: [{ ports: [{ port: 80 }] }], podSelector: { matchLabels: { app: 'web' } } },
          { resourceVersion: '9', uid: 'u2', generation: 4, managedFields: [{ manager: 'kubectl' }], creationTimestamp: 't2' },
        ),
      ],
    });
    expect(d.policies.modified).toEqual([]);
    expect(d.policies.fieldChanges).toEqual([]);
  });

  it('ignores objects that are not policies', () => {
    const d = diffConnectivity(empty, empty, { before: [raw('Pod', 'shop', 'p', {})], after: [raw('Service', 'shop', 's', {})] });
    expect(d.policies).toEqual({ added: [], removed: [], modified: [], fieldChanges: [] });
  });

  it('gives each modified policy a field-level diff: lists by index, keys in any order, sorted by path', () => {
    const before = {
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [
        { from: [{ podSelector: { matchLabels: { app: 'web' } } }], ports: [{ port: 5432 }] },
        { from: [{ namespaceSelector: {} }], ports: [{ port: 9100 }] },
      ],
    };
    const after = {
      ingress: [
        { ports: [{ port: 5433 }], from: [{ podSelector: { matchLabels: { app: 'web' } } }, { ipBlock: { cidr: '0.0.0.0/0' } }] },
        { from: [{ namespaceSelector: {} }], ports: [{ port: 9100 }] },
      ],
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
    };
    const d = diffConnectivity(empty, empty, {
      before: [raw('NetworkPolicy', 'shop', 'db', before, { labels: { team: 'a' } })],
      after: [raw('NetworkPolicy', 'shop', 'db', after, { labels: { team: 'b', 'app.kubernetes.io/name': 'db' } })],
    });
    expect(d.policies.fieldChanges).toEqual([
      {
        policy: 'NetworkPolicy shop/db',
        fields: [
          { path: 'metadata.labels["app.kubernetes.io/name"]', type: 'added', after: 'db' },
          { path: 'metadata.labels.team', type: 'changed', before: 'a', after: 'b' },
          { path: 'spec.ingress[0].from[1]', type: 'added', after: { ipBlock: { cidr: '0.0.0.0/0' } } },
          { path: 'spec.ingress[0].ports[0].port', type: 'changed', before: 5432, after: 5433 },
          { path: 'spec.policyTypes', type: 'added', after: ['Ingress'] },
        ],
      },
    ]);
  });

  it('quotes field values with their keys sorted, whatever order the source wrote them in', () => {
    const d = diffConnectivity(empty, empty, {
      before: [raw('NetworkPolicy', 'shop', 'web', { podSelector: {} })],
      after: [raw('NetworkPolicy', 'shop', 'web', { podSelector: {}, egress: [{ to: [{ podSelector: {} }], ports: [{ protocol: 'TCP', port: 53 }] }] })],
    });
    const added = d.policies.fieldChanges[0].fields[0];
    expect(JSON.stringify(added.after)).toBe('[{"ports":[{"port":53,"protocol":"TCP"}],"to":[{"podSelector":{}}]}]');
  });

  it('compares lists index by index: a rule inserted first shows as changed rules and one added at the end', () => {
    const r0 = { ports: [{ port: 80 }] };
    const r1 = { ports: [{ port: 443 }] };
    const d = diffConnectivity(empty, empty, {
      before: [raw('NetworkPolicy', 'shop', 'web', { podSelector: {}, ingress: [r0] })],
      after: [raw('NetworkPolicy', 'shop', 'web', { podSelector: {}, ingress: [r1, r0] })],
    });
    expect(d.policies.fieldChanges[0].fields).toEqual([
      { path: 'spec.ingress[0].ports[0].port', type: 'changed', before: 80, after: 443 },
      { path: 'spec.ingress[1]', type: 'added', after: r0 },
    ]);
  });
});
