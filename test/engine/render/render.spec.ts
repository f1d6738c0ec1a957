import { DEFAULT_OPTIONS } from '../../../src/engine/model.js';
import type { Connection, ConnectivityResult, Endpoint } from '../../../src/engine/result.js';
import { endpointText, renderConnectivity, renderDiff, renderExplanation } from '../../../src/engine/render/index.js';
import { csvField } from '../../../src/engine/render/csv.js';
import { mdCell } from '../../../src/engine/render/md.js';
import { dotString } from '../../../src/engine/render/dot.js';
import { mermaidLabel } from '../../../src/engine/render/mermaid.js';
import { sampleDiff, sampleExplanation, workloadResult } from './sample-values.js';

const pod = (namespace: string, name: string): Endpoint => ({ kind: 'Pod', namespace, name });
const external = (...cidrs: string[]): Endpoint => ({ kind: 'External', cidrs });

function result(connections: Connection[], granularity: ConnectivityResult['granularity'] = 'pod'): ConnectivityResult {
  return { snapshot: 's', granularity, options: { ...DEFAULT_OPTIONS }, connections };
}

function tcp(src: Endpoint, dst: Endpoint, port: number): Connection {
  return { src, dst, allPorts: false, ports: [{ protocol: 'TCP', from: port, to: port }] };
}

describe('endpointText', () => {
  it('writes a pod as ns/name at pod granularity', () => {
    expect(endpointText(pod('x', 'a'), 'pod')).toBe('x/a');
  });

  it('writes a bare pod as ns/name[Pod] at workload granularity', () => {
    expect(endpointText(pod('x', 'a'), 'workload')).toBe('x/a[Pod]');
  });

  it('writes a workload with its kind', () => {
    expect(endpointText({ kind: 'Deployment', namespace: 'shop', name: 'frontend' }, 'workload')).toBe(
      'shop/frontend[Deployment]',
    );
  });

  it('writes an external block as its CIDRs, as JSON and exposure give them', () => {
    expect(endpointText(external('0.0.0.0/5', '8.0.0.0/7'), 'workload')).toBe('0.0.0.0/5, 8.0.0.0/7');
    expect(endpointText(external('0.0.0.0/0', '::/0'), 'workload')).toBe('0.0.0.0/0, ::/0');
  });

  it('writes the smallest CIDR cover of the block, whatever CIDRs the endpoint lists', () => {
    expect(endpointText(external('10.0.0.0/9', '10.128.0.0/9'), 'pod')).toBe('10.0.0.0/8');
  });

  it('writes an external block as address ranges with addresses: range (np-guard style)', () => {
    expect(endpointText(external('0.0.0.0/5', '8.0.0.0/7'), 'workload', { addresses: 'range' })).toBe('0.0.0.0-9.255.255.255');
  });

  it('joins the ranges of a non-contiguous external block with commas in range form', () => {
    expect(endpointText(external('10.0.0.0/8', '192.168.0.0/16'), 'pod', { addresses: 'range' })).toBe(
      '10.0.0.0-10.255.255.255,192.168.0.0-192.168.255.255',
    );
  });

  it('threads the address form through every text renderer', () => {
    const c = tcp(external('0.0.0.0/0'), pod('x', 'a'), 80);
    for (const format of ['txt', 'csv', 'md', 'dot', 'mermaid'] as const) {
      expect(renderConnectivity(result([c]), format)).toContain('0.0.0.0/0');
      expect(renderConnectivity(result([c]), format, { addresses: 'range' })).toContain('0.0.0.0-255.255.255.255');
    }
  });

  it('writes a namespace as its name and the ingress controller in braces', () => {
    expect(endpointText({ kind: 'Namespace', name: 'x' }, 'namespace')).toBe('x');
    expect(endpointText({ kind: 'IngressController' }, 'workload')).toBe('{ingress-controller}');
  });
});

describe('renderConnectivity txt', () => {
  it('prints src => dst : conns with ports merged and protocols ordered', () => {
    const c: Connection = {
      src: pod('x', 'a'),
      dst: pod('x', 'b'),
      allPorts: false,
      ports: [
        { protocol: 'UDP', from: 53, to: 53 },
        { protocol: 'TCP', from: 81, to: 81 },
        { protocol: 'TCP', from: 80, to: 80 },
      ],
    };
    expect(renderConnectivity(result([c]), 'txt')).toBe('x/a => x/b : TCP 80-81,UDP 53\n');
  });

  it('prints All Connections for allPorts', () => {
    const c: Connection = { src: pod('x', 'a'), dst: pod('x', 'b'), allPorts: true, ports: [] };
    expect(renderConnectivity(result([c]), 'txt')).toBe('x/a => x/b : All Connections\n');
  });

  it('sorts lines by source then destination whatever the input order', () => {
    const text = renderConnectivity(
      result([tcp(pod('y', 'a'), pod('x', 'a'), 80), tcp(pod('x', 'b'), pod('x', 'a'), 80), tcp(pod('x', 'a'), pod('y', 'a'), 80)]),
      'txt',
    );
    expect(text.split('\n').filter(Boolean).map((l) => l.split(' : ')[0])).toEqual(['x/a => y/a', 'x/b => x/a', 'y/a => x/a']);
  });

  it('orders external blocks by address, not by text', () => {
    const text = renderConnectivity(
      result([tcp(external('10.0.0.0/8'), pod('x', 'a'), 80), tcp(external('9.0.0.0/8'), pod('x', 'a'), 80)]),
      'txt',
    );
    expect(text.indexOf('9.0.0.0/8')).toBeGreaterThanOrEqual(0);
    expect(text.indexOf('9.0.0.0/8')).toBeLessThan(text.indexOf('10.0.0.0/8'));
  });

  it('prints nothing for a result without connections', () => {
    expect(renderConnectivity(result([]), 'txt')).toBe('');
  });
});

describe('renderConnectivity json', () => {
  it('is the public shape: parsing it gives back the result without the internal endpoints list', () => {
    const parsed = JSON.parse(renderConnectivity(workloadResult, 'json')) as Record<string, unknown>;
    const { endpoints, ...publicPart } = workloadResult;
    expect(endpoints).toBeDefined();
    expect(parsed).toEqual(publicPart);
    expect(Object.keys(parsed)).toEqual(['snapshot', 'granularity', 'options', 'connections']);
  });

  it('keeps diagnostics when the result has them', () => {
    const r = { ...result([]), diagnostics: [{ severity: 'warning' as const, code: 'c', message: 'm' }] };
    expect(JSON.parse(renderConnectivity(r, 'json')).diagnostics).toEqual(r.diagnostics);
  });
});

describe('csv', () => {
  it('quotes fields with commas and doubles quotes', () => {
    expect(csvField('TCP 80,UDP 53')).toBe('"TCP 80,UDP 53"');
    expect(csvField('a"b')).toBe('"a""b"');
    expect(csvField('x/a')).toBe('x/a');
  });

  it('has the header src,dst,conn and one quoted row per connection', () => {
    const c: Connection = {
      src: pod('x', 'a'),
      dst: pod('x', 'b'),
      allPorts: false,
      ports: [
        { protocol: 'TCP', from: 80, to: 80 },
        { protocol: 'UDP', from: 53, to: 53 },
      ],
    };
    expect(renderConnectivity(result([c]), 'csv')).toBe('src,dst,conn\nx/a,x/b,"TCP 80,UDP 53"\n');
  });
});

describe('markdown', () => {
  it('escapes pipes so a cell cannot break the table', () => {
    expect(mdCell('a|b')).toBe('a\\|b');
  });

  it('writes a header, a separator and one row per connection', () => {
    const lines = renderConnectivity(result([tcp(pod('x', 'a|1'), pod('x', 'b'), 80)]), 'md').trimEnd().split('\n');
    expect(lines).toEqual(['| src | dst | conn |', '|---|---|---|', '| x/a\\|1 | x/b | TCP 80 |']);
  });
});

describe('dot', () => {
  const text = renderConnectivity(workloadResult, 'dot');

  it('is a digraph with one cluster per namespace', () => {
    expect(text.startsWith('digraph ')).toBe(true);
    expect(text.match(/subgraph cluster_/g)).toHaveLength(3);
    for (const ns of ['kube-system', 'ops', 'shop']) expect(text).toContain(`label="${ns}";`);
  });

  it('gives external blocks and the ingress controller their own shapes', () => {
    const nodeLine = (id: string) => text.split('\n').find((l) => l.trim().startsWith(`"${id}" [`)) ?? '';
    expect(nodeLine('0.0.0.0/0')).toContain('shape=ellipse');
    expect(nodeLine('{ingress-controller}')).toContain('shape=diamond');
    expect(nodeLine('shop/db[StatefulSet]')).toContain('shape=box');
  });

  it('labels edges with their conns', () => {
    expect(text).toContain('"shop/frontend[Deployment]" -> "shop/db[StatefulSet]" [label="TCP 80-81,5432"];');
  });

  it('draws snapshot endpoints without connections too', () => {
    expect(text).toContain('"ops/isolated|job[Job]"');
  });

  it('escapes quotes and backslashes in names', () => {
    expect(dotString('a"b\\c')).toBe('"a\\"b\\\\c"');
  });
});

describe('mermaid', () => {
  const text = renderConnectivity(workloadResult, 'mermaid');

  it('starts with flowchart LR', () => {
    expect(text.split('\n')[0]).toBe('flowchart LR');
  });

  it('uses generated node ids only, never endpoint text, as ids', () => {
    const edgeLines = text.split('\n').filter((l) => l.includes('-->'));
    expect(edgeLines).toHaveLength(workloadResult.connections.length);
    for (const line of edgeLines) expect(line).toMatch(/^ {2}n\d+ -->\|"[^"]*"\| n\d+$/);
  });

  it('writes quotes in labels as entities', () => {
    expect(mermaidLabel('say "hi" #1')).toBe('"say #quot;hi#quot; #35;1"');
    expect(text).not.toMatch(/"debug "tool"/);
  });
});

describe('renderDiff', () => {
  it('lists changed, then added, then removed, with No Connections for the missing side', () => {
    const rows = renderDiff(sampleDiff, 'csv').trimEnd().split('\n');
    expect(rows[0]).toBe('diff-type,src,dst,before,after,note');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['changed', 'added', 'removed']);
    expect(rows[2]).toContain('No Connections,TCP 443');
    expect(rows[3]).toMatch(/All Connections,No Connections,workload removed$/);
  });

  it('json is the diff value itself', () => {
    expect(JSON.parse(renderDiff(sampleDiff, 'json'))).toEqual(sampleDiff);
  });

  it('txt shows both sides of a changed pair and the note', () => {
    const text = renderDiff(sampleDiff, 'txt');
    expect(text).toContain('changed: shop/frontend[Deployment] => shop/db[StatefulSet] : TCP 5432 -> TCP 5432-5433,UDP 53');
    expect(text).toContain('(workload removed)');
    expect(text).toContain('policy modified: NetworkPolicy shop/db');
    expect(text).toContain('newly exposed: shop/frontend[Deployment]');
  });

  it('says so when nothing changed', () => {
    const empty = { ...sampleDiff, changes: [], policies: { added: [], removed: [], modified: [] } };
    expect(renderDiff(empty, 'txt')).toContain('no connectivity changes');
    expect(renderDiff(empty, 'md')).toContain('No connectivity changes.');
  });
});

describe('renderExplanation', () => {
  it('txt states the verdict, each direction with its reason and the deciding policies', () => {
    const text = renderExplanation(sampleExplanation, 'txt');
    expect(text.split('\n')[0]).toBe('x/a => y/b : TCP 80: DENIED');
    expect(text).toContain(`ingress to y/b: denied: ${sampleExplanation.ingress.reason}`);
    expect(text).toContain('NetworkPolicy y/default-deny (tier networkpolicy, action Isolate)');
    expect(text).toContain('AdminNetworkPolicy pass-web ingress[1] (name: pass) (tier admin, action Pass, priority 10)');
  });

  it('json is the explanation value itself', () => {
    expect(JSON.parse(renderExplanation(sampleExplanation, 'json'))).toEqual(sampleExplanation);
  });
});
