// The fields each kind the parser reads may hold, for reporting unknown (usually misspelled)
// fields as the API server does. Policy kinds are described whole. Pods, workloads, Services,
// Ingresses, Namespaces and Nodes are described down to what the parser reads (pod template,
// containers, ports, Service ports, Ingress backends); every level described lists all the fields
// Kubernetes defines there (1.34, checked against @kubernetes/client-node's models by a test), so
// a valid manifest is never flagged. Below a level not described, nothing is checked.
// `status`, labels, annotations, selectors' `matchLabels` and server-managed metadata are values:
// their content is never checked.

import type { Decoder } from './diagnostics.js';
import { at, child, isRecord, type JsonRecord } from './fields.js';
import { unknownField } from './validation.js';

/** A field's content: `VALUE` (not checked further), an object with known fields, or a list of either. */
export type FieldShape = typeof VALUE | ObjectShape | ListShape;

export interface ObjectShape {
  readonly fields: ReadonlyMap<string, FieldShape>;
  /** `fields`' names, for suggestions. */
  readonly names: readonly string[];
}

export interface ListShape {
  readonly items: FieldShape;
}

export const VALUE = 'value' as const;

function object(fields: Record<string, FieldShape>): ObjectShape {
  return { fields: new Map(Object.entries(fields)), names: Object.keys(fields) };
}

function listOf(items: FieldShape): ListShape {
  return { items };
}

/** Fields whose content is not checked. */
function values(...names: string[]): Record<string, typeof VALUE> {
  return Object.fromEntries(names.map((name) => [name, VALUE]));
}

// ---------------------------------------------------------------- shared

/** metav1.ObjectMeta. `clusterName` left the API in 1.25 but still appears in older dumps. */
const OBJECT_META = object(
  values(
    'annotations',
    'clusterName',
    'creationTimestamp',
    'deletionGracePeriodSeconds',
    'deletionTimestamp',
    'finalizers',
    'generateName',
    'generation',
    'labels',
    'managedFields',
    'name',
    'namespace',
    'ownerReferences',
    'resourceVersion',
    'selfLink',
    'uid',
  ),
);

const LABEL_SELECTOR = object({
  matchLabels: VALUE,
  matchExpressions: listOf(object(values('key', 'operator', 'values'))),
});

/** A top-level object: TypeMeta, ObjectMeta, the kind's spec; status is the server's. */
function topLevel(spec: FieldShape): ObjectShape {
  return object({ apiVersion: VALUE, kind: VALUE, metadata: OBJECT_META, spec, status: VALUE });
}

// ---------------------------------------------------------------- NetworkPolicy (networking.k8s.io/v1)

const NETWORK_POLICY_PEER = object({
  podSelector: LABEL_SELECTOR,
  namespaceSelector: LABEL_SELECTOR,
  ipBlock: object(values('cidr', 'except')),
});
const NETWORK_POLICY_PORTS = listOf(object(values('protocol', 'port', 'endPort')));

const NETWORK_POLICY = topLevel(
  object({
    podSelector: LABEL_SELECTOR,
    ingress: listOf(object({ from: listOf(NETWORK_POLICY_PEER), ports: NETWORK_POLICY_PORTS })),
    egress: listOf(object({ to: listOf(NETWORK_POLICY_PEER), ports: NETWORK_POLICY_PORTS })),
    policyTypes: VALUE,
  }),
);

// ---------------------------------------------------------------- admin tiers (policy.networking.k8s.io)

const NAMESPACED_POD = object({ namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR });
const ADMIN_SUBJECT = object({ namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD });
const ADMIN_INGRESS_PEER = object({ namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD });
const ADMIN_EGRESS_PEER = object({ namespaces: LABEL_SELECTOR, pods: NAMESPACED_POD, nodes: LABEL_SELECTOR, networks: VALUE, domainNames: VALUE });

/** v1alpha1 AdminNetworkPolicyPort: one of portNumber, namedPort, portRange. */
const ADMIN_PORTS = listOf(
  object({
    portNumber: object(values('protocol', 'port')),
    namedPort: VALUE,
    portRange: object(values('protocol', 'start', 'end')),
  }),
);

function adminRules(portsKey: 'ports' | 'protocols', ports: FieldShape) {
  return {
    ingress: listOf(object({ name: VALUE, action: VALUE, from: listOf(ADMIN_INGRESS_PEER), [portsKey]: ports })),
    egress: listOf(object({ name: VALUE, action: VALUE, to: listOf(ADMIN_EGRESS_PEER), [portsKey]: ports })),
  };
}

const ADMIN_NETWORK_POLICY = topLevel(object({ priority: VALUE, subject: ADMIN_SUBJECT, ...adminRules('ports', ADMIN_PORTS) }));
/** A BaselineAdminNetworkPolicy has no priority: there is one, and it is its tier's last word. */
const BASELINE_ADMIN_NETWORK_POLICY = topLevel(object({ subject: ADMIN_SUBJECT, ...adminRules('ports', ADMIN_PORTS) }));

/** v1alpha2 ClusterNetworkPolicy `protocols`: one of tcp, udp, sctp, destinationNamedPort. */
const CNP_PROTOCOL = object({
  destinationPort: object({ number: VALUE, range: object(values('start', 'end')) }),
});
const CNP_PROTOCOLS = listOf(object({ tcp: CNP_PROTOCOL, udp: CNP_PROTOCOL, sctp: CNP_PROTOCOL, destinationNamedPort: VALUE }));
const CLUSTER_NETWORK_POLICY = topLevel(object({ tier: VALUE, priority: VALUE, subject: ADMIN_SUBJECT, ...adminRules('protocols', CNP_PROTOCOLS) }));

// ---------------------------------------------------------------- pods and workloads (as far as they are read)

const CONTAINER_PORT = object(values('containerPort', 'hostIP', 'hostPort', 'name', 'protocol'));

/** core/v1 Container: every field, with `ports` described. */
const CONTAINER = object({
  ...values(
    'args',
    'command',
    'env',
    'envFrom',
    'image',
    'imagePullPolicy',
    'lifecycle',
    'livenessProbe',
    'name',
    'readinessProbe',
    'resizePolicy',
    'resources',
    'restartPolicy',
    'restartPolicyRules',
    'securityContext',
    'startupProbe',
    'stdin',
    'stdinOnce',
    'terminationMessagePath',
    'terminationMessagePolicy',
    'tty',
    'volumeDevices',
    'volumeMounts',
    'workingDir',
  ),
  ports: listOf(CONTAINER_PORT),
});

/** core/v1 PodSpec: every field, with containers and initContainers described. */
const POD_SPEC = object({
  ...values(
    'activeDeadlineSeconds',
    'affinity',
    'automountServiceAccountToken',
    'dnsConfig',
    'dnsPolicy',
    'enableServiceLinks',
    'ephemeralContainers',
    'hostAliases',
    'hostIPC',
    'hostNetwork',
    'hostPID',
    'hostUsers',
    'hostname',
    'hostnameOverride',
    'imagePullSecrets',
    'nodeName',
    'nodeSelector',
    'os',
    'overhead',
    'preemptionPolicy',
    'priority',
    'priorityClassName',
    'readinessGates',
    'resourceClaims',
    'resources',
    'restartPolicy',
    'runtimeClassName',
    'schedulerName',
    'schedulingGates',
    'securityContext',
    'serviceAccount',
    'serviceAccountName',
    'setHostnameAsFQDN',
    'shareProcessNamespace',
    'subdomain',
    'terminationGracePeriodSeconds',
    'tolerations',
    'topologySpreadConstraints',
    'volumes',
  ),
  containers: listOf(CONTAINER),
  initContainers: listOf(CONTAINER),
});

const POD_TEMPLATE = object({ metadata: OBJECT_META, spec: POD_SPEC });

const JOB_SPEC = object({
  ...values(
    'activeDeadlineSeconds',
    'backoffLimit',
    'backoffLimitPerIndex',
    'completionMode',
    'completions',
    'managedBy',
    'manualSelector',
    'maxFailedIndexes',
    'parallelism',
    'podFailurePolicy',
    'podReplacementPolicy',
    'selector',
    'successPolicy',
    'suspend',
    'ttlSecondsAfterFinished',
  ),
  template: POD_TEMPLATE,
});

const WORKLOAD_SPECS: Readonly<Record<string, ObjectShape>> = {
  Deployment: object({
    ...values('minReadySeconds', 'paused', 'progressDeadlineSeconds', 'replicas', 'revisionHistoryLimit', 'selector', 'strategy'),
    template: POD_TEMPLATE,
  }),
  ReplicaSet: object({ ...values('minReadySeconds', 'replicas', 'selector'), template: POD_TEMPLATE }),
  StatefulSet: object({
    ...values(
      'minReadySeconds',
      'ordinals',
      'persistentVolumeClaimRetentionPolicy',
      'podManagementPolicy',
      'replicas',
      'revisionHistoryLimit',
      'selector',
      'serviceName',
      'updateStrategy',
      'volumeClaimTemplates',
    ),
    template: POD_TEMPLATE,
  }),
  DaemonSet: object({ ...values('minReadySeconds', 'revisionHistoryLimit', 'selector', 'updateStrategy'), template: POD_TEMPLATE }),
  Job: JOB_SPEC,
  CronJob: object({
    ...values('concurrencyPolicy', 'failedJobsHistoryLimit', 'schedule', 'startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'suspend', 'timeZone'),
    jobTemplate: object({ metadata: OBJECT_META, spec: JOB_SPEC }),
  }),
  ReplicationController: object({ ...values('minReadySeconds', 'replicas', 'selector'), template: POD_TEMPLATE }),
};

// ---------------------------------------------------------------- Service, Ingress, Route, Namespace, Node

const SERVICE = topLevel(
  object({
    ...values(
      'allocateLoadBalancerNodePorts',
      'clusterIP',
      'clusterIPs',
      'externalIPs',
      'externalName',
      'externalTrafficPolicy',
      'healthCheckNodePort',
      'internalTrafficPolicy',
      'ipFamilies',
      'ipFamilyPolicy',
      'loadBalancerClass',
      'loadBalancerIP',
      'loadBalancerSourceRanges',
      'publishNotReadyAddresses',
      'selector',
      'sessionAffinity',
      'sessionAffinityConfig',
      'trafficDistribution',
      'type',
    ),
    ports: listOf(object(values('appProtocol', 'name', 'nodePort', 'port', 'protocol', 'targetPort'))),
  }),
);

/** networking.k8s.io/v1 IngressBackend, with the v1beta1 `serviceName` / `servicePort` the parser also reads. */
const INGRESS_BACKEND = object({
  service: object({ name: VALUE, port: object(values('name', 'number')) }),
  resource: VALUE,
  serviceName: VALUE,
  servicePort: VALUE,
});

const INGRESS = topLevel(
  object({
    ingressClassName: VALUE,
    defaultBackend: INGRESS_BACKEND,
    backend: INGRESS_BACKEND,
    rules: listOf(object({ host: VALUE, http: object({ paths: listOf(object({ path: VALUE, pathType: VALUE, backend: INGRESS_BACKEND })) }) })),
    tls: VALUE,
  }),
);

/** route.openshift.io/v1 Route. */
const ROUTE_TARGET = object(values('kind', 'name', 'weight'));
const ROUTE = topLevel(
  object({
    ...values('host', 'subdomain', 'path', 'tls', 'wildcardPolicy', 'httpHeaders'),
    to: ROUTE_TARGET,
    alternateBackends: listOf(ROUTE_TARGET),
    port: object({ targetPort: VALUE }),
  }),
);

const NAMESPACE = topLevel(object(values('finalizers')));
const NODE = topLevel(object(values('configSource', 'externalID', 'podCIDR', 'podCIDRs', 'providerID', 'taints', 'unschedulable')));
const POD = topLevel(POD_SPEC);

const KINDS: Readonly<Record<string, ObjectShape>> = {
  NetworkPolicy: NETWORK_POLICY,
  AdminNetworkPolicy: ADMIN_NETWORK_POLICY,
  BaselineAdminNetworkPolicy: BASELINE_ADMIN_NETWORK_POLICY,
  ClusterNetworkPolicy: CLUSTER_NETWORK_POLICY,
  Pod: POD,
  Service: SERVICE,
  Ingress: INGRESS,
  Route: ROUTE,
  Namespace: NAMESPACE,
  Node: NODE,
  ...Object.fromEntries(Object.entries(WORKLOAD_SPECS).map(([kind, spec]) => [kind, topLevel(spec)])),
};

/** The shape of a kind the parser reads (exported for the test that compares it with the Kubernetes API). */
export function kindShape(kind: string): ObjectShape | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
}

const POLICY_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

/** Reports every field of `object` that its kind does not define (nothing in `ignore` mode). */
export function checkKnownFields(d: Decoder, object: JsonRecord, kind: string): void {
  if (d.sink.validation === 'ignore') return;
  const shape = kindShape(kind);
  if (shape) checkObject(d, object, shape, '', !POLICY_KINDS.has(kind));
}

// The walk follows the shapes, so its depth is the shapes' (under 15 levels), whatever the input.
// Paths are built only for what is reported or walked into: most fields are values (~20 µs per
// pod otherwise, on the benchmark's 10k-pod cluster).
function checkValue(d: Decoder, value: unknown, shape: FieldShape, path: string, mayBeNewer: boolean): void {
  if (shape === VALUE) return;
  if ('items' in shape) {
    if (!Array.isArray(value)) return;
    for (let i = 0; i < value.length; i++) checkValue(d, value[i], shape.items, at(path, i), mayBeNewer);
    return;
  }
  // A value of the wrong type is the decoders' to report.
  if (isRecord(value)) checkObject(d, value, shape, path, mayBeNewer);
}

function checkObject(d: Decoder, record: JsonRecord, shape: ObjectShape, path: string, mayBeNewer: boolean): void {
  for (const key in record) {
    const field = shape.fields.get(key);
    if (field === undefined) unknownField(d, child(path, key), key, shape.names, mayBeNewer);
    else if (field !== VALUE) checkValue(d, record[key], field, child(path, key), mayBeNewer);
  }
}
