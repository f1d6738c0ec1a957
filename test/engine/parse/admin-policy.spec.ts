import { fatalOnes, parseObjects } from './helpers.js';

const ALL = { matchLabels: {}, matchExpressions: [] };
const sel = (labels: Record<string, string>) => ({ matchLabels: labels, matchExpressions: [] });
const anp = (name: string, spec: object) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name }, spec });
const banp = (name: string, spec: object) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name }, spec });
const cnp = (name: string, spec: object) => ({ apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name }, spec });

const single = (object: object) => {
  const result = parseObjects(object);
  expect(fatalOnes(result)).toEqual([]);
  return result.snapshot.adminPolicies[0];
};
const fatalOf = (object: object) => fatalOnes(parseObjects(object)).map((d) => [d.code, d.path]);

describe('AdminNetworkPolicy', () => {
  it('reads priority, subject, rules, actions and peers', () => {
    const policy = single(
      anp('a', {
        priority: 7,
        subject: { namespaces: { matchLabels: { team: 'a' } } },
        ingress: [{ name: 'from-b', action: 'Pass', from: [{ namespaces: { matchLabels: { team: 'b' } } }, { pods: { namespaceSelector: {}, podSelector: { matchLabels: { app: 'x' } } } }] }],
        egress: [
          { action: 'Deny', to: [{ networks: ['10.0.0.1/8', 'fd00::/8'] }] },
          { action: 'Allow', to: [{ nodes: { matchLabels: { role: 'infra' } } }] },
        ],
      }),
    );
    expect(policy).toEqual({
      kind: 'AdminNetworkPolicy',
      name: 'a',
      tier: 'admin',
      priority: 7,
      subject: { kind: 'namespaces', namespaceSelector: sel({ team: 'a' }) },
      ingress: [
        {
          index: 0,
          name: 'from-b',
          action: 'Pass',
          peers: [
            { kind: 'namespaces', namespaceSelector: sel({ team: 'b' }) },
            { kind: 'pods', namespaceSelector: ALL, podSelector: sel({ app: 'x' }) },
          ],
          ports: null,
        },
      ],
      egress: [
        { index: 0, action: 'Deny', peers: [{ kind: 'networks', cidrs: ['10.0.0.0/8', 'fd00::/8'] }], ports: null },
        { index: 1, action: 'Allow', peers: [{ kind: 'nodes', nodeSelector: sel({ role: 'infra' }) }], ports: null },
      ],
    });
  });

  it('reads a pods subject, with absent selectors meaning all', () => {
    const policy = single(anp('a', { priority: 1, subject: { pods: { podSelector: { matchLabels: { app: 'x' } } } } }));
    expect(policy.subject).toEqual({ kind: 'pods', namespaceSelector: ALL, podSelector: sel({ app: 'x' }) });
  });

  it('reads port numbers (TCP by default), ranges and named ports (one per protocol)', () => {
    const policy = single(
      anp('a', {
        priority: 1,
        subject: { namespaces: {} },
        ingress: [
          {
            action: 'Allow',
            from: [{ namespaces: {} }],
            ports: [{ portNumber: { port: 80 } }, { portNumber: { protocol: 'UDP', port: 53 } }, { portRange: { protocol: 'SCTP', start: 100, end: 200 } }, { namedPort: 'web' }],
          },
        ],
      }),
    );
    expect(policy.ingress[0].ports).toEqual([
      { kind: 'range', protocol: 'TCP', from: 80, to: 80 },
      { kind: 'range', protocol: 'UDP', from: 53, to: 53 },
      { kind: 'range', protocol: 'SCTP', from: 100, to: 200 },
      { kind: 'named', protocol: 'TCP', name: 'web' },
      { kind: 'named', protocol: 'UDP', name: 'web' },
      { kind: 'named', protocol: 'SCTP', name: 'web' },
    ]);
  });

  it.each([
    ['priority above 1000', { priority: 1001, subject: { namespaces: {} } }, 'adminpolicy.priority.range', 'spec.priority'],
    ['priority below 0', { priority: -1, subject: { namespaces: {} } }, 'adminpolicy.priority.range', 'spec.priority'],
    ['missing priority', { subject: { namespaces: {} } }, 'object.field.required', 'spec.priority'],
    ['missing subject', { priority: 1 }, 'object.field.required', 'spec.subject'],
    ['a subject with both fields', { priority: 1, subject: { namespaces: {}, pods: { podSelector: {} } } }, 'object.field.exclusive', 'spec.subject'],
    ['a CNP action', { priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Accept', from: [{ namespaces: {} }] }] }, 'adminpolicy.action.invalid', 'spec.ingress[0].action'],
    ['a rule without peers', { priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [] }] }, 'object.field.required', 'spec.egress[0].to'],
    ['a peer with two fields', { priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ namespaces: {}, networks: ['1.0.0.0/8'] }] }] }, 'object.field.exclusive', 'spec.egress[0].to[0]'],
    ['an invalid network', { priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ networks: ['1.2.3.4/40'] }] }] }, 'cidr.invalid', 'spec.egress[0].to[0].networks[0]'],
    ['a reversed port range', { priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ namespaces: {} }], ports: [{ portRange: { start: 9, end: 1 } }] }] }, 'port.range.invalid', 'spec.egress[0].ports[0].portRange'],
    ['a port entry with two fields', { priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ namespaces: {} }], ports: [{ namedPort: 'a', portNumber: { port: 1 } }] }] }, 'object.field.exclusive', 'spec.egress[0].ports[0]'],
    ['a bad selector operator', { priority: 1, subject: { namespaces: { matchExpressions: [{ key: 'a', operator: 'Has' }] } } }, 'selector.operator.invalid', 'spec.subject.namespaces.matchExpressions[0].operator'],
  ])('rejects %s', (_label, spec, code, path) => {
    expect(fatalOf(anp('a', spec))).toEqual([[code, path]]);
  });

  it('rejects a nodes peer on ingress: an unknown field there, and a peer with no field it knows', () => {
    const spec = { priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ nodes: {} }] }] };
    expect(fatalOf(anp('a', spec))).toEqual([
      ['object.field.unknown', 'spec.ingress[0].from[0].nodes'],
      ['object.field.required', 'spec.ingress[0].from[0]'],
    ]);
  });
});

describe('BaselineAdminNetworkPolicy', () => {
  it('has tier baseline and priority 0', () => {
    const policy = single(banp('default', { subject: { namespaces: {} }, egress: [{ action: 'Deny', to: [{ namespaces: {} }] }] }));
    expect(policy).toMatchObject({ kind: 'BaselineAdminNetworkPolicy', tier: 'baseline', priority: 0 });
    expect(policy.egress[0].action).toBe('Deny');
  });

  it('must be named default', () => {
    expect(fatalOf(banp('other', { subject: { namespaces: {} } }))).toEqual([['adminpolicy.baseline.name', 'metadata.name']]);
  });

  it('rejects the Pass action', () => {
    expect(fatalOf(banp('default', { subject: { namespaces: {} }, ingress: [{ action: 'Pass', from: [{ namespaces: {} }] }] }))).toEqual([
      ['adminpolicy.action.invalid', 'spec.ingress[0].action'],
    ]);
  });
});

describe('ClusterNetworkPolicy', () => {
  it('maps tiers and Accept to Allow, and reads protocols', () => {
    const policy = single(
      cnp('c', {
        tier: 'Baseline',
        priority: 3,
        subject: { namespaces: {} },
        ingress: [{ action: 'Accept', from: [{ pods: { podSelector: {} } }], protocols: [{ tcp: { destinationPort: { number: 80 } } }, { udp: { destinationPort: { range: { start: 1000, end: 2000 } } } }, { sctp: {} }, { destinationNamedPort: 'dns' }] }],
        egress: [{ action: 'Pass', to: [{ networks: ['0.0.0.0/0'] }] }],
      }),
    );
    expect(policy).toMatchObject({ kind: 'ClusterNetworkPolicy', tier: 'baseline', priority: 3 });
    expect(policy.ingress[0]).toEqual({
      index: 0,
      action: 'Allow',
      peers: [{ kind: 'pods', namespaceSelector: ALL, podSelector: ALL }],
      ports: [
        { kind: 'range', protocol: 'TCP', from: 80, to: 80 },
        { kind: 'range', protocol: 'UDP', from: 1000, to: 2000 },
        { kind: 'all-of-protocol', protocol: 'SCTP' },
        { kind: 'named', protocol: 'TCP', name: 'dns' },
        { kind: 'named', protocol: 'UDP', name: 'dns' },
        { kind: 'named', protocol: 'SCTP', name: 'dns' },
      ],
    });
    expect(policy.egress[0].action).toBe('Pass');
    expect(single(cnp('c', { tier: 'Admin', priority: 0, subject: { namespaces: {} } })).tier).toBe('admin');
  });

  it('drops domainNames peers with a warning', () => {
    const result = parseObjects(cnp('c', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, egress: [{ action: 'Accept', to: [{ domainNames: ['example.com'] }] }] }));
    expect(result.fatal).toBe(false);
    expect(result.diagnostics).toMatchObject([{ severity: 'warning', code: 'adminpolicy.domainNames.unsupported', path: 'spec.egress[0].to[0].domainNames' }]);
    expect(result.snapshot.adminPolicies[0].egress[0].peers).toEqual([]);
  });

  it.each([
    ['a missing tier', { priority: 1, subject: { namespaces: {} } }, 'object.field.required', 'spec.tier'],
    ['an unknown tier', { tier: 'Middle', priority: 1, subject: { namespaces: {} } }, 'object.field.value', 'spec.tier'],
    ['the ANP action Allow', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Allow', from: [{ namespaces: {} }] }] }, 'adminpolicy.action.invalid', 'spec.ingress[0].action'],
    ['a protocol entry with two fields', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }], protocols: [{ tcp: {}, udp: {} }] }] }, 'object.field.exclusive', 'spec.ingress[0].protocols[0]'],
    ['a port number out of range', { tier: 'Admin', priority: 1, subject: { namespaces: {} }, ingress: [{ action: 'Deny', from: [{ namespaces: {} }], protocols: [{ tcp: { destinationPort: { number: 0 } } }] }] }, 'port.out-of-range', 'spec.ingress[0].protocols[0].tcp.destinationPort.number'],
  ])('rejects %s', (_label, spec, code, path) => {
    expect(fatalOf(cnp('c', spec))).toEqual([[code, path]]);
  });
});
