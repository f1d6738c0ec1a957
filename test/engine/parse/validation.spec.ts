// Reading manifests as strictly as `kubectl apply`: unknown fields and values outside the API's
// enums, with the document, the field path and the nearest known name; the four validation modes;
// skipped kinds and unrendered inputs named; manifests joined without `---`.

import { analyze, connectivity, endpointText } from '../../../src/engine/index.js';
import { parseDocuments, type ValidationMode } from '../../../src/engine/parse/index.js';
import { closest, editDistance } from '../../../src/engine/parse/suggest.js';
import type { Diagnostic, ParseResult } from '../../../src/engine/model.js';

const parse = (content: string, validation?: ValidationMode): ParseResult => parseDocuments([{ name: 'in.yaml', content }], validation ? { validation } : {});
const unknownFields = (result: ParseResult): Diagnostic[] => result.diagnostics.filter((d) => d.code === 'object.field.unknown');

const NAMESPACE = `apiVersion: v1
kind: Namespace
metadata: {name: prod}
---
`;
const DATABASE = `---
apiVersion: v1
kind: Pod
metadata: {name: db, namespace: prod, labels: {app: db}}
spec:
  containers:
  - name: db
    image: postgres
    ports: [{containerPort: 5432}]
status: {podIP: 10.0.0.5}
---
apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod, labels: {app: web}}
spec: {containers: [{name: web, image: nginx}]}
status: {podIP: 10.0.0.6}
`;

/** The database policy of issue 7: `from` misspelled `form`. */
const TYPO_POLICY = `${NAMESPACE}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: db, namespace: prod}
spec:
  podSelector: {matchLabels: {app: db}}
  ingress:
  - form:
    - podSelector: {matchLabels: {app: web}}
    ports: [{port: 5432}]
${DATABASE}`;

const networkPolicy = (spec: string) => `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: prod}
spec:
${spec}`;

describe('unknown fields, strict (the default)', () => {
  it('makes a misspelled `from` fatal, naming the document, the path and the field meant', () => {
    const result = parse(TYPO_POLICY);
    expect(result.fatal).toBe(true);
    expect(unknownFields(result)).toEqual([
      {
        severity: 'fatal',
        code: 'object.field.unknown',
        file: 'in.yaml',
        document: 1,
        object: 'NetworkPolicy prod/db',
        path: 'spec.ingress[0].form',
        message: 'spec.ingress[0].form: unknown field `form`; did you mean `from`?',
      },
    ]);
    expect(result.snapshot.networkPolicies).toEqual([]);
  });

  it.each([
    ['podSelecter', networkPolicy('  podSelecter: {matchLabels: {app: db}}'), 'spec.podSelecter', 'podSelector'],
    ['matchLabel', networkPolicy('  podSelector: {matchLabel: {app: db}}'), 'spec.podSelector.matchLabel', 'matchLabels'],
    ['namespaceSelektor', networkPolicy('  podSelector: {}\n  egress: [{to: [{namespaceSelektor: {}}]}]'), 'spec.egress[0].to[0].namespaceSelektor', 'namespaceSelector'],
    ['ipBlock.excpet', networkPolicy('  podSelector: {}\n  egress: [{to: [{ipBlock: {cidr: 10.0.0.0/8, excpet: [10.1.0.0/16]}}]}]'), 'spec.egress[0].to[0].ipBlock.excpet', 'except'],
    ['policyType', networkPolicy('  podSelector: {}\n  policyType: [Egress]'), 'spec.policyType', 'policyTypes'],
    ['sepc', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namespace: prod}\nsepc: {podSelector: {}}', 'sepc', 'spec'],
    ['namesapce', 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np, namesapce: prod}\nspec: {podSelector: {}}', 'metadata.namesapce', 'namespace'],
  ])('reports `%s` with the nearest known field', (_typo, content, path, meant) => {
    const [diagnostic, ...others] = unknownFields(parse(content));
    expect(others).toEqual([]);
    expect(diagnostic).toMatchObject({ severity: 'fatal', path, document: 0 });
    expect(diagnostic.message).toContain(`did you mean \`${meant}\`?`);
  });

  const anp = (spec: string) => `apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: a}
spec:
  priority: 10
  subject: {namespaces: {}}
${spec}`;

  it.each([
    ['an AdminNetworkPolicy `network` peer', anp('  egress: [{action: Deny, to: [{network: [0.0.0.0/0]}]}]'), 'spec.egress[0].to[0].network', 'networks'],
    ['an AdminNetworkPolicy `podSelecter`', anp('  ingress: [{action: Allow, from: [{pods: {namespaceSelector: {}, podSelecter: {}}}]}]'), 'spec.ingress[0].from[0].pods.podSelecter', 'podSelector'],
    ['an AdminNetworkPolicy `portNumbr`', anp('  egress: [{action: Deny, to: [{namespaces: {}}], ports: [{portNumbr: {port: 80}}]}]'), 'spec.egress[0].ports[0].portNumbr', 'portNumber'],
    [
      'a BaselineAdminNetworkPolicy priority (it has none)',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec: {priority: 3, subject: {namespaces: {}}}',
      'spec.priority',
      undefined,
    ],
    [
      'a ClusterNetworkPolicy `protocol`',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [{namespaces: {}}], protocol: [{tcp: {}}]}]}',
      'spec.egress[0].protocol',
      'protocols',
    ],
    [
      'a ClusterNetworkPolicy `destinationPorts`',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Deny, to: [{namespaces: {}}], protocols: [{tcp: {destinationPorts: {number: 53}}}]}]}',
      'spec.egress[0].protocols[0].tcp.destinationPorts',
      'destinationPort',
    ],
  ])('reports %s', (_label, content, path, meant) => {
    const result = parse(content);
    const [diagnostic] = unknownFields(result);
    expect(diagnostic).toMatchObject({ severity: 'fatal', path });
    if (meant) expect(diagnostic.message).toContain(`did you mean \`${meant}\`?`);
    expect(result.snapshot.adminPolicies).toEqual([]);
  });

  const deployment = (podSpec: string, templateMetadata = '{labels: {app: w}}') => `apiVersion: apps/v1
kind: Deployment
metadata: {name: w, namespace: prod}
spec:
  replicas: 2
  selector: {matchLabels: {app: w}}
  template:
    metadata: ${templateMetadata}
    spec:
${podSpec}`;

  it.each([
    ['a container `port` list', deployment('      containers: [{name: c, image: i, port: [{containerPort: 80}]}]'), 'spec.template.spec.containers[0].port', 'ports'],
    ['a mis-cased `containerport`', deployment('      containers: [{name: c, image: i, ports: [{containerport: 80}]}]'), 'spec.template.spec.containers[0].ports[0].containerport', 'containerPort'],
    ['template `label`', deployment('      containers: [{name: c, image: i}]', '{label: {app: w}}'), 'spec.template.metadata.label', 'labels'],
    ['`hostNetwrok` in a pod spec', deployment('      hostNetwrok: true\n      containers: [{name: c, image: i}]'), 'spec.template.spec.hostNetwrok', 'hostNetwork'],
    ['a Service `selecter`', 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: prod}\nspec: {selecter: {app: w}, ports: [{port: 80}]}', 'spec.selecter', 'selector'],
    ['a Service port `targetport`', 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: prod}\nspec: {selector: {app: w}, ports: [{port: 80, targetport: 8080}]}', 'spec.ports[0].targetport', 'targetPort'],
    [
      'an Ingress `serviceNmae`',
      'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata: {name: i, namespace: prod}\nspec: {defaultBackend: {service: {nmae: s, port: {number: 80}}}}',
      'spec.defaultBackend.service.nmae',
      'name',
    ],
  ])('reports %s in the parts of other kinds the parser reads (fatal, as kubectl would)', (_label, content, path, meant) => {
    const [diagnostic, ...others] = unknownFields(parse(content));
    expect(others).toEqual([]);
    expect(diagnostic).toMatchObject({ severity: 'fatal', path });
    expect(diagnostic.message).toContain(`did you mean \`${meant}\`?`);
  });

  it('lists the known fields when none is near', () => {
    const [diagnostic] = unknownFields(parse(networkPolicy('  podSelector: {}\n  ingress: [{sources: []}]')));
    expect(diagnostic.message).toBe('spec.ingress[0].sources: unknown field `sources`; known fields here: from, ports');
  });

  it('says how to read a field of a newer Kubernetes release in a built-in kind, when no known field is near', () => {
    const [diagnostic] = unknownFields(parse('apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: prod}\nspec: {containers: [{name: c, image: i}], workloadBinding: {name: w}}'));
    expect(diagnostic).toMatchObject({ severity: 'fatal', path: 'spec.workloadBinding' });
    expect(diagnostic.message).toBe('spec.workloadBinding: unknown field `workloadBinding`; a field of a Kubernetes release newer than 1.34 is read with validation `warn`');
  });

  it('never checks status, labels, annotations, selector labels, server-managed metadata, or pod-spec parts it does not read', () => {
    const content = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: w
  namespace: prod
  labels: {anything: goes, form: x}
  annotations: {kubectl.kubernetes.io/last-applied-configuration: '{}'}
  uid: 0b6c
  resourceVersion: "12"
  generation: 3
  creationTimestamp: "2024-01-01T00:00:00Z"
  managedFields: [{manager: kubectl, fieldsV1: {f:spec: {f:replicas: {}}}, whatever: 1}]
  ownerReferences: [{apiVersion: v1, kind: X, name: y, uid: z, unheardOf: true}]
spec:
  selector: {matchLabels: {app: w}, matchExpresions: []}
  strategy: {rollingUpdate: {maxSurge: 1, madeUp: 2}}
  template:
    metadata: {labels: {app: w, podSelecter: x}}
    spec:
      affinity: {nodeAffinity: {invented: {}}}
      volumes: [{name: v, someVolumeType: {}}]
      containers:
      - name: c
        image: i
        env: [{name: A, value: b, typo: c}]
        resources: {limits: {cpu: 1}}
        securityContext: {weird: true}
        ports: [{containerPort: 80, name: http, protocol: TCP, hostPort: 8080, hostIP: 0.0.0.0}]
status: {replicas: 2, anythingElse: {deep: [1, 2]}}
`;
    const result = parse(content);
    expect(result.diagnostics.filter((d) => d.severity === 'fatal')).toEqual([]);
    expect(unknownFields(result)).toEqual([]);
  });

  it('reports every unknown field of an object, and leaves the others in the input untouched', () => {
    const content = `${NAMESPACE}${networkPolicy('  podSelecter: {}\n  ingress: [{form: []}]')}\n${DATABASE}`;
    const result = parse(content);
    expect(unknownFields(result).map((d) => d.path)).toEqual(['spec.podSelecter', 'spec.ingress[0].form']);
    expect(result.objects.map((o) => o.kind)).toEqual(['Namespace', 'Pod', 'Pod']);
  });
});

describe('unknown fields in the other modes', () => {
  it('warn: analyses as the API server would with fieldValidation=Warn (the field dropped) and says so', () => {
    const result = parse(TYPO_POLICY, 'warn');
    expect(result.fatal).toBe(false);
    expect(unknownFields(result)).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'spec.ingress[0].form', message: 'spec.ingress[0].form: unknown field `form` (ignored); did you mean `from`?' }),
    ]);
    // Without `from`, the rule admits every source on 5432: what the typo does in a cluster that accepted it.
    const [policy] = result.snapshot.networkPolicies;
    expect(policy.ingress).toEqual([{ index: 0, peers: null, ports: [{ kind: 'range', protocol: 'TCP', from: 5432, to: 5432 }] }]);
    const allowed = connectivity(analyze(result.snapshot), 'pod', 'x').connections.map((c) => `${endpointText(c.src, 'pod')} -> ${endpointText(c.dst, 'pod')}`);
    expect(allowed).toContain('prod/web -> prod/db');
  });

  it('ignore: analyses with nothing said', () => {
    const result = parse(TYPO_POLICY, 'ignore');
    expect(result.fatal).toBe(false);
    expect(result.diagnostics).toEqual([]);
    expect(result.snapshot.networkPolicies).toHaveLength(1);
  });

  it('capture: the API server accepted the object, so the field comes from a newer API: a warning that names it', () => {
    const result = parse(TYPO_POLICY, 'capture');
    expect(result.fatal).toBe(false);
    const [diagnostic] = unknownFields(result);
    expect(diagnostic).toMatchObject({ severity: 'warning', path: 'spec.ingress[0].form', object: 'NetworkPolicy prod/db' });
    expect(diagnostic.message).toBe('spec.ingress[0].form: unknown field `form`: the API server accepted it, so its API is newer than PolicyScope knows; the verdicts may miss its effect');
    expect(result.snapshot.networkPolicies).toHaveLength(1);
  });
});

describe('values outside the API enums', () => {
  it.each([
    ['policyTypes', networkPolicy('  podSelector: {}\n  policyTypes: [Ingres]'), 'object.field.value', 'spec.policyTypes[0]', 'Ingress'],
    ['a NetworkPolicy protocol', networkPolicy('  podSelector: {}\n  ingress: [{ports: [{protocol: tcp, port: 80}]}]'), 'protocol.invalid', 'spec.ingress[0].ports[0].protocol', 'TCP'],
    ['a selector operator', networkPolicy('  podSelector: {matchExpressions: [{key: a, operator: in, values: [b]}]}'), 'selector.operator.invalid', 'spec.podSelector.matchExpressions[0].operator', 'In'],
    [
      'an AdminNetworkPolicy action',
      'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: a}\nspec: {priority: 1, subject: {namespaces: {}}, ingress: [{action: allow, from: [{namespaces: {}}]}]}',
      'adminpolicy.action.invalid',
      'spec.ingress[0].action',
      'Allow',
    ],
    [
      'a ClusterNetworkPolicy tier',
      'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec: {tier: Basline, priority: 1, subject: {namespaces: {}}}',
      'object.field.value',
      'spec.tier',
      'Baseline',
    ],
    ['a Service type', 'apiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: prod}\nspec: {type: Nodeport, ports: [{port: 80}]}', 'object.field.value', 'spec.type', 'NodePort'],
    [
      'an init container restartPolicy',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: prod}\nspec: {containers: [{name: c, image: i}], initContainers: [{name: s, image: i, restartPolicy: always, ports: [{containerPort: 9090}]}]}',
      'object.field.value',
      'spec.initContainers[0].restartPolicy',
      'Always',
    ],
    ['a container port protocol', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: prod}\nspec: {containers: [{name: c, image: i, ports: [{containerPort: 53, protocol: UPD}]}]}', 'protocol.invalid', 'spec.containers[0].ports[0].protocol', 'UDP'],
  ])('strict: %s is fatal, with the value meant', (_label, content, code, path, meant) => {
    const result = parse(content);
    expect(result.fatal).toBe(true);
    const found = result.diagnostics.filter((d) => d.code === code);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ severity: 'fatal', path });
    expect(found[0].message).toContain(`did you mean \`${meant}\`?`);
  });

  it('warn and ignore: the object is left out with a warning, as the API server would not have it', () => {
    for (const mode of ['warn', 'ignore'] as const) {
      const result = parse(`${NAMESPACE}${networkPolicy('  podSelector: {}\n  ingress: [{ports: [{protocol: tcp, port: 80}]}]')}`, mode);
      expect(result.fatal).toBe(false);
      expect(result.snapshot.networkPolicies).toEqual([]);
      expect(result.diagnostics).toEqual([
        expect.objectContaining({
          severity: 'warning',
          code: 'protocol.invalid',
          path: 'spec.ingress[0].ports[0].protocol',
          message: 'spec.ingress[0].ports[0].protocol: unsupported protocol "tcp" (TCP, UDP, SCTP); did you mean `TCP`?; the API server would reject NetworkPolicy prod/np, so it is left out',
        }),
      ]);
    }
  });

  it('capture: a value the engine does not know comes from a newer API; the object is left out and the warning says so', () => {
    const cnp = 'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec: {tier: Admin, priority: 1, subject: {namespaces: {}}, egress: [{action: Log, to: [{namespaces: {}}]}]}';
    const result = parse(cnp, 'capture');
    expect(result.fatal).toBe(false);
    expect(result.snapshot.adminPolicies).toEqual([]);
    const [diagnostic] = result.diagnostics;
    expect(diagnostic).toMatchObject({ severity: 'warning', code: 'adminpolicy.action.invalid', path: 'spec.egress[0].action' });
    expect(diagnostic.message).toContain('its API is newer than PolicyScope knows; ClusterNetworkPolicy c is left out and the verdicts may miss its effect');
  });
});

describe('suggestions', () => {
  it('counts a swap of neighbouring letters as one edit', () => {
    expect(editDistance('form', 'from')).toBe(1);
    expect(editDistance('podSelecter', 'podSelector')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('', 'abc')).toBe(3);
  });

  it('prefers a same-letters match, then the nearest within a third of the word', () => {
    expect(closest('containerport', ['name', 'containerPort'])).toBe('containerPort');
    expect(closest('form', ['ports', 'from'])).toBe('from');
    expect(closest('sources', ['from', 'ports'])).toBeUndefined();
    expect(closest('xyz', ['abc'])).toBeUndefined();
  });
});

describe('what is not read is named', () => {
  it('names each skipped kind once, with its count and what is read', () => {
    const cilium = 'apiVersion: cilium.io/v2\nkind: CiliumNetworkPolicy\nmetadata: {name: a}\nspec: {}\n';
    const result = parse(`${cilium}---\n${cilium.replace('name: a', 'name: b')}`);
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'kind.unknown', message: expect.stringMatching(/^CiliumNetworkPolicy: not read \(2 objects\); PolicyScope reads NetworkPolicy, /) }),
    ]);
  });

  it('reads a NetworkPolicy only from the Kubernetes API group (Calico has its own)', () => {
    const calico = 'apiVersion: projectcalico.org/v3\nkind: NetworkPolicy\nmetadata: {name: a, namespace: prod}\nspec: {selector: all(), types: [Ingress]}\n';
    const result = parse(calico);
    expect(result.fatal).toBe(false);
    expect(result.snapshot.networkPolicies).toEqual([]);
    expect(result.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^NetworkPolicy \(projectcalico\.org\/v3\): not read \(1 object\)/)]);
  });

  it.each([
    ['a Kustomization', 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: [deployment.yaml]\nmetadata: {name: k}\n'],
    ['a Flux HelmRelease', 'apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata: {name: h, namespace: x}\nspec: {chart: {spec: {chart: c}}}\n'],
  ])('asks for %s to be rendered first', (_label, content) => {
    const [diagnostic] = parse(content).diagnostics;
    expect(diagnostic.code).toBe('kind.unknown');
    expect(diagnostic.message).toContain('not read (1 object); render Helm charts and kustomizations before uploading');
  });

  it.each([
    ['a kustomization.yaml without kind', 'resources:\n- deployment.yaml\nnamePrefix: dev-\n', 'kustomization.yaml'],
    ['a Helm Chart.yaml', 'apiVersion: v2\nname: shop\nversion: 1.2.3\n', 'Helm Chart.yaml'],
  ])('recognises %s', (_label, content, what) => {
    const [diagnostic] = parse(content).diagnostics;
    expect(diagnostic).toMatchObject({ severity: 'fatal', code: 'object.kind.missing' });
    expect(diagnostic.message).toContain(`this looks like a ${what}: render Helm charts and kustomizations before uploading`);
  });

  it('recognises a Helm template that is not YAML', () => {
    const template = `apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: {{ include "shop.fullname" . }}
spec:
  podSelector:
    matchLabels:
      {{- include "shop.selectorLabels" . | nindent 6 }}
`;
    const result = parse(template);
    expect(result.fatal).toBe(true);
    expect(result.diagnostics.filter((d) => d.code === 'input.template')).toEqual([
      expect.objectContaining({ severity: 'fatal', message: expect.stringContaining('render Helm charts and kustomizations before uploading') }),
    ]);
  });
});

describe('manifests joined without `---`', () => {
  const one = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n`;

  it('is said once, with the lines where each manifest starts and the fix, instead of one error per repeated key', () => {
    const result = parse([one('a'), one('b'), one('c'), one('d'), one('e')].join(''));
    expect(result.fatal).toBe(true);
    expect(result.diagnostics).toEqual([
      {
        severity: 'fatal',
        code: 'yaml.concatenated',
        file: 'in.yaml',
        document: 0,
        message: 'in.yaml: document 0: this looks like several manifests joined without `---` separators (`apiVersion` at lines 1, 5, 9, 13, 17); put `---` between them',
      },
    ]);
  });

  it('finds them in any document of a stream, and keeps other errors', () => {
    const result = parse(`${one('a')}---\n${one('b')}${one('c')}---\n${one('d')}`);
    expect(result.diagnostics.map((d) => [d.code, d.document])).toEqual([['yaml.concatenated', 1]]);
    const plainDuplicate = parse('apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  name: b\n');
    expect(plainDuplicate.diagnostics.map((d) => d.code)).toEqual(['yaml.syntax']);
    expect(plainDuplicate.diagnostics[0].message).toContain('Map keys must be unique');
  });
});
