import { DEFAULT_OPTIONS } from '../../../src/engine/model.js';
import type { Connection, ConnectivityResult, Endpoint } from '../../../src/engine/result.js';
import { endpointText, renderConnectivity, renderDiff, renderExplanation } from '../../../src/engine/render/index.js';
import { MD_RISKIEST_CHANGES } from '../../../src/engine/render/md.js';
import type { DiffResult } from '../../../src/engine/result.js';
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
    const rows = renderDiff(sampleDiff, 'csv').trimEnd().split('\n').filter((r) => !r.startsWith('#'));
    expect(rows[0]).toBe('diff-type,src,dst,before,after,note,causes');
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(['changed', 'added', 'removed']);
    expect(rows[2]).toContain('No Connections,TCP 443');
    expect(rows[3]).toMatch(/All Connections,No Connections,workload removed,workload removed Deployment shop\/legacy$/);
  });

  it('json is the diff value itself', () => {
    expect(JSON.parse(renderDiff(sampleDiff, 'json'))).toEqual(sampleDiff);
  });

  it('txt shows both sides of a changed pair, the note, the causes and the fields of a modified policy', () => {
    const text = renderDiff(sampleDiff, 'txt');
    expect(text).toContain('changed: shop/frontend[Deployment] => shop/db[StatefulSet] : TCP 5432 -> TCP 5432-5433,UDP 53');
    expect(text).toContain('(workload removed)');
    expect(text).toContain(
      '  because: policy modified NetworkPolicy shop/db [before: Isolate; after: Allow ingress[0]] (spec.ingress[0].ports[0].endPort added: 5433)',
    );
    expect(text).toContain('  sample: 0.0.0.0/32 => shop/frontend-7d9f-abcde : TCP 443: denied -> allowed');
    expect(text).toContain('policy modified: NetworkPolicy shop/db\n  spec.ingress[0].ports[0].endPort added: 5433\n');
    expect(text).toContain('newly exposed: shop/frontend[Deployment]');
  });

  it('says so when nothing changed', () => {
    const empty = { ...sampleDiff, changes: [], policies: { added: [], removed: [], modified: [], fieldChanges: [] } };
    expect(renderDiff(empty, 'txt')).toContain('no connectivity changes');
    expect(renderDiff(empty, 'md')).toContain('No connectivity changes.');
  });

  describe('headers', () => {
    const cross = {
      ...sampleDiff,
      sides: { from: sampleDiff.sides.from, to: { ...sampleDiff.sides.to, cluster: 'staging' } },
      crossCluster: true,
    };

    it('txt, md and csv name the cluster, the name and the capture time of both sides', () => {
      const txt = renderDiff(sampleDiff, 'txt').split('\n');
      expect(txt[1]).toBe('from: 12 (cluster prod, name nightly-1, captured 2026-11-28T10:00:00.000Z)');
      expect(txt[2]).toBe('to: 13 (cluster prod, name nightly-2, captured 2026-11-29T10:00:00.000Z)');
      const csv = renderDiff(sampleDiff, 'csv').split('\n');
      expect(csv.slice(0, 2)).toEqual([`# ${txt[1]}`, `# ${txt[2]}`]);
      const md = renderDiff(sampleDiff, 'md');
      expect(md).toContain('| cluster | prod | prod |');
      expect(md).toContain('| name | nightly-1 | nightly-2 |');
      expect(md).toContain('| captured | 2026-11-28T10:00:00.000Z | 2026-11-29T10:00:00.000Z |');
      for (const format of ['txt', 'md', 'csv'] as const) expect(renderDiff(sampleDiff, format)).not.toMatch(/cross-cluster/i);
    });

    it('a diff across two clusters says so in every text format', () => {
      expect(renderDiff(cross, 'txt')).toContain('\ncross-cluster diff: prod → staging\n');
      expect(renderDiff(cross, 'csv')).toContain('# cross-cluster diff: prod → staging\n');
      expect(renderDiff(cross, 'md')).toContain('> **Cross-cluster diff**: prod → staging');
      expect(JSON.parse(renderDiff(cross, 'json'))).toMatchObject({ crossCluster: true });
    });

    it('a side known only by its path shows the path alone', () => {
      const bare = { ...sampleDiff, sides: { from: { snapshot: 'before/' }, to: { snapshot: 'after/' } } };
      expect(renderDiff(bare, 'txt').split('\n').slice(1, 3)).toEqual(['from: before/', 'to: after/']);
      expect(renderDiff(bare, 'md')).not.toContain('| cluster |');
    });
  });

  describe('markdown reads as a pull-request comment', () => {
    const md = renderDiff(sampleDiff, 'md');
    const position = (text: string) => {
      const at = md.indexOf(text);
      if (at < 0) throw new Error(`"${text}" not in:\n${md}`);
      return at;
    };

    it('puts the summary counts first, then the riskiest changes, then the tables', () => {
      expect(md).toContain(
        '**Summary**: 3 connection changes (1 changed, 1 added, 1 removed); policies: 1 added, 1 removed, 1 modified; newly exposed: 1, no longer exposed: 0',
      );
      const order = ['**Summary**', '### Riskiest changes', '### Connection changes', '| diff-type |', '### Policy changes', '### Exposure'].map(position);
      expect(order).toEqual([...order].sort((a, b) => a - b));
    });

    it('lists new internet exposure before other new reach, each with its causes, and leaves reach lost out', () => {
      const section = md.slice(position('### Riskiest changes'), position('### Connection changes'));
      const items = section.split('\n').filter((l) => /^\d+\. /.test(l));
      expect(items).toEqual([
        '1. **new internet exposure**: `0.0.0.0/0` → `shop/frontend[Deployment]`: TCP 443',
        '2. **new reach**: `shop/frontend[Deployment]` → `shop/db[StatefulSet]`: TCP 5432 → TCP 5432-5433,UDP 53',
      ]);
      expect(section).toContain('   - policy added NetworkPolicy shop/allow-web [before: not deciding; after: Allow ingress[0]]');
      expect(section).not.toContain('legacy');
    });

    it('ranks a private block below the internet, and the ingress controller with it', () => {
      const from = (src: DiffResult['changes'][number]['src']) => ({
        type: 'added' as const,
        src,
        dst: { kind: 'Deployment', namespace: 'shop', name: 'api' },
        before: null,
        after: { allPorts: true, ports: [] },
        note: null,
      });
      const d = { ...sampleDiff, changes: [from({ kind: 'External', cidrs: ['10.0.0.0/8'] }), from({ kind: 'IngressController' }), from({ kind: 'External', cidrs: ['8.8.8.0/24'] })] };
      const items = renderDiff(d, 'md')
        .split('\n')
        .filter((l) => /^\d+\. /.test(l));
      expect(items.map((l) => l.replace(/ → .*/, ''))).toEqual([
        '1. **new internet exposure**: `8.8.8.0/24`',
        '2. **new reach from outside the cluster**: `10.0.0.0/8`',
        '3. **new reach from outside the cluster**: `{ingress-controller}`',
      ]);
    });

    it('lists at most MD_RISKIEST_CHANGES riskiest changes, then says how many more the table has', () => {
      const added = (i: number) => ({
        type: 'added' as const,
        src: { kind: 'Deployment', namespace: 'shop', name: `w${String(i).padStart(2, '0')}` },
        dst: { kind: 'StatefulSet', namespace: 'shop', name: 'db' },
        before: null,
        after: { allPorts: true, ports: [] },
        note: null,
      });
      const many = { ...sampleDiff, changes: [...sampleDiff.changes, ...Array.from({ length: MD_RISKIEST_CHANGES }, (_, i) => added(i))] };
      const text = renderDiff(many, 'md');
      const section = text.slice(text.indexOf('### Riskiest changes'), text.indexOf('### Connection changes'));
      const items = section.split('\n').filter((l) => /^\d+\. /.test(l));
      expect(items).toHaveLength(MD_RISKIEST_CHANGES);
      expect(items[0]).toContain('**new internet exposure**');
      expect(section).toContain('…and 2 more in the table below.');
    });

    it('shows the field-level diff of a modified policy', () => {
      expect(md).toContain('- `NetworkPolicy shop/db`\n  - `spec.ingress[0].ports[0].endPort added: 5433`\n  - `spec.ingress[0].ports[1] added: {"protocol":"UDP","port":53}`');
    });
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
