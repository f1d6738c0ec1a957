import { readFileSync } from 'node:fs';
import { analyze, parseDocuments } from '../../../src/engine/index.js';
import { exposureReport } from '../../../src/engine/queries/exposure-reasons.js';

// Why each workload of test/fixtures/exposure/reasons.yaml is exposed, and who reaches the internet.
const snapshot = parseDocuments([{ name: 'reasons.yaml', content: readFileSync('test/fixtures/exposure/reasons.yaml', 'utf8') }]).snapshot;
const report = exposureReport(analyze(snapshot));
const byName = new Map(report.exposed.map((e) => [(e.endpoint as { name: string }).name, e]));
const codes = (name: string) => byName.get(name)?.reasons.map((r) => r.code);

describe('exposure reasons', () => {
  it('lists exactly the exposed workloads; a NodePort Service behind a deny-all policy does not expose', () => {
    expect([...byName.keys()]).toEqual(['agent', 'ipb', 'open', 'routed']);
  });

  it('no policy at all reads differently from a published workload', () => {
    expect(codes('open')).toEqual(['no-ingress-isolation', 'load-balancer-service']);
    expect(byName.get('open')!.reasons[1]!.objects).toEqual([{ kind: 'Service', namespace: 'web', name: 'open-lb' }]);
    expect(byName.get('open')!.internet).toBe(true);
  });

  it('an isolated workload exposed by an ipBlock rule names the policy and the block', () => {
    expect(codes('ipb')).toEqual(['ip-block']);
    expect(byName.get('ipb')!.reasons[0]).toEqual({ code: 'ip-block', message: 'NetworkPolicy web/ipb-public admits 0.0.0.0/0', objects: [{ kind: 'NetworkPolicy', namespace: 'web', name: 'ipb-public' }] });
  });

  it('an Ingress and externalIPs: published; not reachable from public addresses by the policies', () => {
    expect(codes('routed')).toEqual(['ingress-route', 'external-ips']);
    expect(byName.get('routed')!.reasons[0]!.objects).toEqual([{ kind: 'Ingress', namespace: 'web', name: 'site' }]);
    expect(byName.get('routed')!.reasons[1]!.message).toContain('203.0.113.10');
    expect(byName.get('routed')!.internet).toBe(false);
  });

  it('hostNetwork and hostPort', () => {
    expect(codes('agent')).toEqual(['host-network', 'host-port']);
    expect(byName.get('agent')!.reasons[1]!.message).toBe('hostPort 9100/TCP on its node');
  });

  it('egress to the internet: every workload without egress isolation reaches public addresses on all ports', () => {
    const names = report.internetEgress.map((e) => (e.endpoint as { name: string }).name);
    expect(names).toEqual(expect.arrayContaining(['open', 'ipb', 'routed', 'closed']));
    expect(report.internetEgress.every((e) => e.allPorts && !e.cidrs.includes('10.0.0.0/8'))).toBe(true);
  });

  it('states the options and network context', () => {
    expect(report.optionSources.ipBlockMatchesPods).toBe('default');
    expect(report.enforcement.enforced).toBe(true);
  });
});
