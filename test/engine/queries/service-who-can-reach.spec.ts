import { readFileSync } from 'node:fs';
import { analyze, parseDocuments, reachableFrom, renderReach, whoCanReach, type ReachResult } from '../../../src/engine/index.js';

// A Service as the subject of who-can-reach / reachable-from (test/fixtures/service-reach/backend.yaml).
const analysis = analyze(parseDocuments([{ name: 'backend.yaml', content: readFileSync('test/fixtures/service-reach/backend.yaml', 'utf8') }]).snapshot);

function answer(result: ReturnType<typeof whoCanReach>): ReachResult {
  if ('error' in result) throw new Error(result.error);
  return result;
}

const rows = (r: ReachResult) => (r.sources ?? []).filter((s) => s.endpoint.kind !== 'External').map((s) => ({ from: (s.endpoint as { name: string }).name, backends: s.backends, ports: s.ports }));

describe('who-can-reach a Service', () => {
  it('on a Service port: the port is translated per backend, and each source says which backends it reaches', () => {
    const r = answer(whoCanReach(analysis, 'Service app/backend', { port: 80, protocol: 'TCP', granularity: 'pod' }));
    expect(r.subject).toEqual({ kind: 'Service', namespace: 'app', name: 'backend' });
    expect(r).toMatchObject({ port: 80, protocol: 'TCP' });
    expect(rows(r)).toEqual([
      { from: 'frontend', backends: ['app/backend-1'], ports: [{ protocol: 'TCP', from: 80, to: 80 }] },
      { from: 'other', backends: ['app/backend-2'], ports: [{ protocol: 'TCP', from: 80, to: 80 }] },
    ]);
    expect(r.service).toEqual({
      kind: 'Service',
      namespace: 'app',
      name: 'backend',
      type: 'ClusterIP',
      servicePort: { name: 'http', port: 80, targetPort: 9000 },
      backends: [
        { pod: { kind: 'Pod', namespace: 'app', name: 'backend-1' }, targetPort: 9000, reachable: true },
        { pod: { kind: 'Pod', namespace: 'app', name: 'backend-2' }, targetPort: 9000, reachable: true },
      ],
    });
  });

  it('a named targetPort resolves per backend; a backend without it is not reachable', () => {
    const r = answer(whoCanReach(analysis, 'app/backend[Service]', { port: 9100, granularity: 'pod' }));
    expect(rows(r)).toEqual([{ from: 'other', backends: ['app/backend-1'], ports: [{ protocol: 'TCP', from: 9100, to: 9100 }] }]);
    expect(r.service!.backends.map((b) => [b.pod.name, b.targetPort, b.reachable])).toEqual([
      ['backend-1', 9100, true],
      ['backend-2', null, false],
    ]);
  });

  it('without a port: every source of its backends, with the target ports; a plain ns/name only a Service has is that Service', () => {
    const r = answer(whoCanReach(analysis, 'app/backend', { granularity: 'pod' }));
    expect(r.subject.kind).toBe('Service');
    expect(rows(r)).toEqual([
      { from: 'frontend', backends: undefined, ports: [{ protocol: 'TCP', from: 9000, to: 9000 }] },
      { from: 'other', backends: undefined, ports: [{ protocol: 'TCP', from: 9000, to: 9000 }, { protocol: 'TCP', from: 9100, to: 9100 }] },
    ]);
    expect(r.service!.backends.map((b) => b.pod.name)).toEqual(['backend-1', 'backend-2']);
  });

  it('a port the Service lacks, or a Service the snapshot lacks, is an error naming it', () => {
    expect(whoCanReach(analysis, 'Service app/backend', { port: 81 })).toMatchObject({ reason: 'unknown', argument: 'port', error: expect.stringContaining('80/TCP (http), 9100/TCP (metrics)') });
    expect(whoCanReach(analysis, 'Service app/nope')).toMatchObject({ reason: 'unknown', argument: 'target' });
  });

  it('text lists the backends each source reaches', () => {
    const text = renderReach(answer(whoCanReach(analysis, 'Service app/backend', { port: 80, granularity: 'pod' })), 'txt');
    expect(text).toContain('app/frontend => app/backend[Service] : TCP 80 (backends app/backend-1)');
  });
});

describe('reachable-from a Service', () => {
  it('stands for its backends as sources', () => {
    const r = answer(reachableFrom(analysis, 'Service app/backend', { granularity: 'pod' }));
    expect(r.subject).toEqual({ kind: 'Service', namespace: 'app', name: 'backend' });
    expect(r.service!.backends.map((b) => b.pod.name)).toEqual(['backend-1', 'backend-2']);
    const names = (r.destinations ?? []).filter((d) => d.endpoint.kind === 'Pod').map((d) => (d.endpoint as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(['frontend', 'other']));
  });
});
