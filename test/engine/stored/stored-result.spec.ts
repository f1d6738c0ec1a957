// The stored form answers exactly what the analysis answers: on random clusters (every feature
// the property tests exercise) and on a generated 1,000-pod cluster, the rows read from the
// encoded-then-decoded stored result equal `connectivity()` at each granularity, in order; pages
// joined equal the whole; filters equal filtering the whole; the streamed JSON equals the renderer's.

import fc from 'fast-check';
import { analyze, connectivity, exposure, parseDocuments, renderConnectivity, type Connection, type ConnectivityResult, type Granularity } from '../../../src/engine/index.js';
import {
  connectivityJsonStream,
  connectivityPage,
  dashboardTables,
  decodeStoredResult,
  encodeStoredResult,
  parseLabelSelector,
  queryRows,
  storedExposure,
  storedResultOf,
  StoredView,
  type ConnectivityFilter,
} from '../../../src/engine/stored/index.js';
import { selectorMatches } from '../../../src/engine/policy/selectors.js';
import { generateCluster, toJsonList } from '../../../bench/generate.js';
import { optionsArb, snapshotArb } from '../property/snapshot-arbitrary.js';

const GRANULARITIES: Granularity[] = ['pod', 'workload', 'namespace'];

function viewsOf(analysis: ReturnType<typeof analyze>): Record<Granularity, StoredView> {
  const stored = decodeStoredResult(encodeStoredResult(storedResultOf(analysis, 'test')));
  return { pod: new StoredView(stored, 'pod'), workload: new StoredView(stored, 'workload'), namespace: new StoredView(stored, 'namespace') };
}

function rowsOf(view: StoredView, filter?: ConnectivityFilter): Connection[] {
  return [...queryRows(view, { filter })].map((r) => r.connection);
}

function publicResult(result: ConnectivityResult): ConnectivityResult {
  const { endpoints: _endpoints, ...rest } = result;
  return rest;
}

describe('stored results', () => {
  it('give the rows of connectivity() at every granularity, in order, on random clusters', () => {
    fc.assert(
      fc.property(snapshotArb, optionsArb, (snapshot, options) => {
        const analysis = analyze(snapshot, options);
        const views = viewsOf(analysis);
        for (const g of GRANULARITIES) {
          expect(rowsOf(views[g])).toEqual(connectivity(analysis, g, 's').connections);
        }
        expect(storedExposure(views.workload, 's')).toEqual(exposure(connectivity(analysis, 'workload', 's')));
      }),
      { numRuns: 120, seed: 8 },
    );
  });

  describe('on a generated 1,000-pod cluster', () => {
    const cluster = generateCluster({ pods: 1000, policies: 200, namespaces: 20, seed: 42 });
    const analysis = analyze(parseDocuments([{ name: 'g', content: toJsonList(cluster) }], { validation: 'ignore' }).snapshot, {});
    const views = viewsOf(analysis);
    const whole = { workload: connectivity(analysis, 'workload', 's'), pod: connectivity(analysis, 'pod', 's') };

    it('equals connectivity() at pod and workload granularity', () => {
      expect(rowsOf(views.pod)).toEqual(whole.pod.connections);
      expect(rowsOf(views.workload)).toEqual(whole.workload.connections);
      expect(whole.workload.connections.length).toBeGreaterThan(300);
    });

    it('pages joined by their cursors give the whole list, and the last page has no cursor', () => {
      const joined: Connection[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const page = connectivityPage(views.workload, 's', { limit: 97, cursor });
        joined.push(...page.connections);
        cursor = page.nextCursor;
        pages++;
        expect(page.connections.length).toBeLessThanOrEqual(97);
      } while (cursor);
      expect(pages).toBe(Math.ceil(whole.workload.connections.length / 97));
      expect(joined).toEqual(whole.workload.connections);
    });

    it('filters keep exactly the rows the filter describes', () => {
      const ns = (whole.workload.connections.find((c) => 'namespace' in c.src)!.src as { namespace: string }).namespace;
      const inNs = (e: Connection['src']) => 'namespace' in e && e.namespace === ns;
      expect(rowsOf(views.workload, { namespace: ns })).toEqual(whole.workload.connections.filter((c) => inNs(c.src) || inNs(c.dst)));
      const outside = (e: Connection['src']) => e.kind === 'External' || e.kind === 'IngressController';
      expect(rowsOf(views.workload, { externalOnly: true })).toEqual(whole.workload.connections.filter((c) => outside(c.src) || outside(c.dst)));
      const has53 = (c: Connection) => c.allPorts || c.ports.some((p) => p.protocol === 'UDP' && 'from' in p && p.from <= 53 && 53 <= p.to);
      expect(rowsOf(views.workload, { port: 53, protocol: 'UDP' })).toEqual(whole.workload.connections.filter(has53));
      const w = whole.workload.connections.find((c) => c.dst.kind === 'Deployment')!.dst as { namespace: string; name: string };
      const isW = (e: Connection['src']) => 'namespace' in e && e.namespace === w.namespace && 'name' in e && e.name === w.name;
      const byWorkload = rowsOf(views.workload, { workload: `${w.namespace}/${w.name}` });
      expect(byWorkload).toEqual(whole.workload.connections.filter((c) => isW(c.src) || isW(c.dst)));
      expect(byWorkload.length).toBeGreaterThan(0);
    });

    it('a label selector keeps rows with a pod of either side matching', () => {
      const labels = cluster.objects.find((o) => o.kind === 'Pod')!.metadata.labels!;
      const [key, value] = Object.entries(labels)[0]!;
      const selector = parseLabelSelector(`${key}=${value}`);
      const podLabels = new Map(cluster.objects.filter((o) => o.kind === 'Pod').map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o.metadata.labels ?? {}]));
      const matches = (e: Connection['src']) => e.kind === 'Pod' && selectorMatches(selector, podLabels.get(`${e.namespace}/${e.name}`) ?? {});
      const kept = rowsOf(views.pod, { selector: `${key}=${value}` });
      expect(kept).toEqual(whole.pod.connections.filter((c) => matches(c.src) || matches(c.dst)));
      expect(kept.length).toBeGreaterThan(0);
    });

    it('streams the JSON renderer\'s exact text', () => {
      expect([...connectivityJsonStream(views.workload, 's', {}, 4096)].join('')).toBe(renderConnectivity(publicResult(whole.workload), 'json'));
    });

    it('dashboard tables count the workload pairs the connectivity lists', () => {
      const tables = dashboardTables(views.workload, 's');
      const inside = whole.workload.connections.filter((c) => 'namespace' in c.src && 'namespace' in c.dst);
      expect(tables.allowedWorkloadPairs).toBe(inside.length);
      expect(tables.workloads.reduce((sum, w) => sum + w.peersOut, 0)).toBe(inside.length);
      expect(tables.namespacePairs.reduce((sum, p) => sum + p.workloadPairs, 0)).toBe(inside.length);
      expect(tables.workloads.filter((w) => w.exposed).length).toBe(exposure(whole.workload).filter((e) => 'namespace' in e.endpoint).length);
    });
  });

  it('parses kubectl label selectors', () => {
    expect(parseLabelSelector('app=web,tier!=db,env in (a, b),!old,team')).toEqual({
      matchLabels: { app: 'web' },
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'In', values: ['a', 'b'] },
        { key: 'old', operator: 'DoesNotExist', values: [] },
        { key: 'team', operator: 'Exists', values: [] },
      ],
    });
    expect(() => parseLabelSelector('app in b')).toThrow(/invalid label selector/);
  });
});
