import { fatalOnes, netpol, parseObjects } from './helpers.js';

const only = (spec: object) => {
  const result = parseObjects(netpol('p', spec, 'x'));
  expect(fatalOnes(result)).toEqual([]);
  return result.snapshot.networkPolicies[0];
};

const fatalPaths = (spec: object) => fatalOnes(parseObjects(netpol('p', spec, 'x'))).map((d) => [d.code, d.path]);

describe('NetworkPolicy policyTypes', () => {
  it('infers Ingress only when policyTypes and egress are absent', () => {
    expect(only({ podSelector: {} })).toMatchObject({ affectsIngress: true, affectsEgress: false });
  });

  it('infers Egress when egress rules are present and non-empty', () => {
    expect(only({ podSelector: {}, egress: [{}] })).toMatchObject({ affectsIngress: true, affectsEgress: true });
    expect(only({ podSelector: {}, egress: [] })).toMatchObject({ affectsEgress: false });
  });

  it('honours explicit policyTypes, even against the rules present', () => {
    expect(only({ podSelector: {}, policyTypes: ['Egress'], ingress: [{}] })).toMatchObject({ affectsIngress: false, affectsEgress: true });
  });

  it('rejects an unknown policy type', () => {
    expect(fatalPaths({ podSelector: {}, policyTypes: ['Sideways'] })).toEqual([['object.field.value', 'spec.policyTypes[0]']]);
  });
});

describe('NetworkPolicy rules', () => {
  it('reads missing or empty from/ports as null (everything)', () => {
    const policy = only({ podSelector: {}, ingress: [{}, { from: [], ports: [] }] });
    expect(policy.ingress).toEqual([
      { index: 0, peers: null, ports: null },
      { index: 1, peers: null, ports: null },
    ]);
  });

  it('reads selector peers, leaving an absent selector null', () => {
    const policy = only({
      podSelector: { matchLabels: { app: 'db' } },
      ingress: [{ from: [{ podSelector: { matchLabels: { app: 'web' } } }, { namespaceSelector: {} }, { namespaceSelector: { matchLabels: { t: 'a' } }, podSelector: {} }] }],
    });
    expect(policy.podSelector).toEqual({ matchLabels: { app: 'db' }, matchExpressions: [] });
    expect(policy.ingress[0].peers).toEqual([
      { kind: 'pods', namespaceSelector: null, podSelector: { matchLabels: { app: 'web' }, matchExpressions: [] } },
      { kind: 'pods', namespaceSelector: { matchLabels: {}, matchExpressions: [] }, podSelector: null },
      { kind: 'pods', namespaceSelector: { matchLabels: { t: 'a' }, matchExpressions: [] }, podSelector: { matchLabels: {}, matchExpressions: [] } },
    ]);
  });

  it('reads an ipBlock peer in canonical form', () => {
    const policy = only({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.1.2.3/8', except: ['10.1.0.0/16'] } }] }] });
    expect(policy.egress[0].peers).toEqual([{ kind: 'ipBlock', ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }]);
  });

  it('reads ports: TCP by default, ranges, named ports and whole protocols', () => {
    const policy = only({
      podSelector: {},
      ingress: [{ ports: [{ port: 80 }, { port: 1000, endPort: 2000, protocol: 'UDP' }, { port: 'http' }, { protocol: 'SCTP' }, { port: '8080' }] }],
    });
    expect(policy.ingress[0].ports).toEqual([
      { kind: 'range', protocol: 'TCP', from: 80, to: 80 },
      { kind: 'range', protocol: 'UDP', from: 1000, to: 2000 },
      { kind: 'named', protocol: 'TCP', name: 'http' },
      { kind: 'all-of-protocol', protocol: 'SCTP' },
      { kind: 'range', protocol: 'TCP', from: 8080, to: 8080 },
    ]);
  });

  it('reads a quoted numeric port as the number, with a warning naming the field', () => {
    const result = parseObjects({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'p', namespace: 'x' },
      spec: { podSelector: {}, ingress: [{ ports: [{ port: '8080' }, { port: 'http' }] }] },
    });
    expect(result.fatal).toBe(false);
    expect(result.snapshot.networkPolicies[0]!.ingress[0]!.ports![0]).toEqual({ kind: 'range', protocol: 'TCP', from: 8080, to: 8080 });
    const warnings = result.diagnostics.filter((d) => d.code === 'port.numeric-string');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ severity: 'warning', path: 'spec.ingress[0].ports[0].port' });
  });

  it('defaults a missing podSelector to everything and the namespace to default', () => {
    const result = parseObjects({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'p' }, spec: {} });
    expect(result.snapshot.networkPolicies[0]).toMatchObject({ namespace: 'default', podSelector: { matchLabels: {}, matchExpressions: [] } });
  });
});

describe('NetworkPolicy validation', () => {
  it.each([
    ['a port given as a list', { podSelector: {}, ingress: [{ ports: [{ port: [1] }] }] }, 'object.field.type', 'spec.ingress[0].ports[0].port'],
    ['a string podSelector', { podSelector: 'x' }, 'object.field.type', 'spec.podSelector'],
    ['a port out of range', { podSelector: {}, ingress: [{ ports: [{ port: 70000 }] }] }, 'port.out-of-range', 'spec.ingress[0].ports[0].port'],
    ['port 0', { podSelector: {}, egress: [{ ports: [{ port: 0 }] }] }, 'port.out-of-range', 'spec.egress[0].ports[0].port'],
    ['endPort below port', { podSelector: {}, ingress: [{ ports: [{ port: 90, endPort: 80 }] }] }, 'port.range.invalid', 'spec.ingress[0].ports[0].endPort'],
    ['endPort with a named port', { podSelector: {}, ingress: [{ ports: [{ port: 'http', endPort: 80 }] }] }, 'port.endPort.named', 'spec.ingress[0].ports[0].endPort'],
    ['endPort without port', { podSelector: {}, ingress: [{ ports: [{ endPort: 80 }] }] }, 'port.endPort.without-port', 'spec.ingress[0].ports[0].endPort'],
    ['an invalid protocol', { podSelector: {}, ingress: [{ ports: [{ protocol: 'ICMP' }] }] }, 'protocol.invalid', 'spec.ingress[0].ports[0].protocol'],
    ['an invalid CIDR', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/33' } }] }] }, 'cidr.invalid', 'spec.egress[0].to[0].ipBlock.cidr'],
    ['a CIDR without prefix', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.1' } }] }] }, 'cidr.invalid', 'spec.egress[0].to[0].ipBlock.cidr'],
    ['except outside cidr', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['11.0.0.0/16'] } }] }] }, 'cidr.except.outside', 'spec.egress[0].to[0].ipBlock.except[0]'],
    ['except equal to cidr', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/8'] } }] }] }, 'cidr.except.outside', 'spec.egress[0].to[0].ipBlock.except[0]'],
    ['except of the other family', { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['fd00::/8'] } }] }] }, 'cidr.except.outside', 'spec.egress[0].to[0].ipBlock.except[0]'],
    ['ipBlock mixed with a selector', { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.0.0.0/8' }, podSelector: {} }] }] }, 'networkpolicy.peer.mixed', 'spec.ingress[0].from[0]'],
    ['an empty peer', { podSelector: {}, ingress: [{ from: [{}] }] }, 'networkpolicy.peer.empty', 'spec.ingress[0].from[0]'],
    ['an unknown selector operator', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Equals', values: ['b'] }] } }, 'selector.operator.invalid', 'spec.podSelector.matchExpressions[0].operator'],
    ['In without values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: [] }] } }, 'selector.values.empty', 'spec.podSelector.matchExpressions[0].values'],
    ['Exists with values', { podSelector: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['b'] }] } }, 'selector.values.unexpected', 'spec.podSelector.matchExpressions[0].values'],
    ['a non-string label value', { podSelector: { matchLabels: { a: 1 } } }, 'object.field.type', 'spec.podSelector.matchLabels.a'],
    ['an expression without key', { podSelector: { matchExpressions: [{ operator: 'Exists' }] } }, 'object.field.required', 'spec.podSelector.matchExpressions[0].key'],
  ])('rejects %s', (_label, spec, code, path) => {
    const result = parseObjects(netpol('p', spec, 'x'));
    expect(result.fatal).toBe(true);
    expect(fatalOnes(result)).toMatchObject([{ code, path, object: 'NetworkPolicy x/p', file: 'input.json', document: 0, item: 0 }]);
    expect(result.snapshot.networkPolicies).toEqual([]);
  });

  it('accepts an IPv6 ipBlock with an except inside it', () => {
    expect(only({ podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] } }] }] }).egress[0].peers).toEqual([
      { kind: 'ipBlock', ipBlock: { cidr: 'fd00::/8', except: ['fd00:1::/32'] } },
    ]);
  });

  it('reads selector expressions', () => {
    const policy = only({
      podSelector: { matchExpressions: [{ key: 'a', operator: 'In', values: ['x', 'y'] }, { key: 'b', operator: 'DoesNotExist' }] },
    });
    expect(policy.podSelector.matchExpressions).toEqual([
      { key: 'a', operator: 'In', values: ['x', 'y'] },
      { key: 'b', operator: 'DoesNotExist', values: [] },
    ]);
  });
});
