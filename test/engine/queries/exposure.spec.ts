import { DEFAULT_OPTIONS } from '../../../src/engine/model.js';
import { exposure } from '../../../src/engine/queries/exposure.js';
import { renderExposure } from '../../../src/engine/render/index.js';
import type { Connection, ConnectivityResult, Endpoint } from '../../../src/engine/result.js';

const deploy = (namespace: string, name: string): Endpoint => ({ kind: 'Deployment', namespace, name });
const external = (...cidrs: string[]): Endpoint => ({ kind: 'External', cidrs });
const ingress: Endpoint = { kind: 'IngressController' };
const tcp = (src: Endpoint, dst: Endpoint, port: number): Connection => ({ src, dst, allPorts: false, ports: [{ protocol: 'TCP', from: port, to: port }] });
const all = (src: Endpoint, dst: Endpoint): Connection => ({ src, dst, allPorts: true, ports: [] });

function result(connections: Connection[]): ConnectivityResult {
  return { snapshot: 's', granularity: 'workload', options: { ...DEFAULT_OPTIONS }, connections };
}

const sample = result([
  tcp(external('10.0.0.0/8'), deploy('shop', 'web'), 443),
  tcp(ingress, deploy('shop', 'web'), 8080),
  tcp(external('9.0.0.0/8'), deploy('shop', 'web'), 80),
  all(external('0.0.0.0/0'), deploy('a', 'api')),
  tcp(deploy('shop', 'web'), deploy('a', 'api'), 80),
  all(deploy('a', 'api'), external('0.0.0.0/0')),
]);

describe('exposure', () => {
  it('lists each endpoint reached from an external block or the ingress controller once, in endpoint order', () => {
    const exposed = exposure(sample);
    expect(exposed.map((e) => e.endpoint)).toEqual([deploy('a', 'api'), deploy('shop', 'web')]);
  });

  it('keeps each external source with its ports, in address order, and the ingress controller apart', () => {
    const web = exposure(sample)[1]!;
    expect(web.fromExternal.map((x) => x.cidrs)).toEqual([['9.0.0.0/8'], ['10.0.0.0/8']]);
    expect(web.fromExternal[0]!.ports).toEqual([{ protocol: 'TCP', from: 80, to: 80 }]);
    expect(web.fromIngressController).toEqual({ allPorts: false, ports: [{ protocol: 'TCP', from: 8080, to: 8080 }] });
  });

  it('ignores connections between workloads and traffic leaving the cluster', () => {
    expect(exposure(result([tcp(deploy('x', 'a'), deploy('x', 'b'), 80), all(deploy('x', 'a'), external('0.0.0.0/0'))]))).toEqual([]);
  });
});

describe('renderExposure', () => {
  it('txt: one line per exposed endpoint and outside source, CIDRs as in JSON', () => {
    expect(renderExposure(exposure(sample), 'workload', 'txt')).toBe(
      [
        'a/api[Deployment] <= 0.0.0.0/0 : All Connections',
        'shop/web[Deployment] <= 9.0.0.0/8 : TCP 80',
        'shop/web[Deployment] <= 10.0.0.0/8 : TCP 443',
        'shop/web[Deployment] <= {ingress-controller} : TCP 8080',
        '',
      ].join('\n'),
    );
  });

  it('txt says so when nothing is exposed', () => {
    expect(renderExposure([], 'workload', 'txt')).toBe('nothing is reachable from outside the cluster\n');
  });

  it('csv and md: a header and one row per line of the text form', () => {
    const csv = renderExposure(exposure(sample), 'workload', 'csv').trim().split('\n');
    expect(csv[0]).toBe('endpoint,from,conn');
    expect(csv).toHaveLength(5);
    const md = renderExposure(exposure(sample), 'workload', 'md').trim().split('\n');
    expect(md.slice(0, 2)).toEqual(['| endpoint | from | conn |', '|---|---|---|']);
    expect(md).toHaveLength(6);
  });

  it('writes ranges with addresses: range', () => {
    expect(renderExposure(exposure(sample), 'workload', 'txt', { addresses: 'range' })).toContain('a/api[Deployment] <= 0.0.0.0-255.255.255.255 : All Connections');
  });
});
