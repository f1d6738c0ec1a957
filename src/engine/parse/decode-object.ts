// One raw object → its model part, dispatched on kind. Metadata (name, namespace, labels) is read
// here once for every kind.

import type { AdminPolicyModel, IngressRouteModel, Labels, NetworkPolicyModel, NodeModel, RawObject, ServiceModel } from '../model.js';
import { decodeAdminPolicy } from './admin-policy.js';
import { isIpAddress, parseCidr } from './cidr.js';
import { fatal, type Decoder } from './diagnostics.js';
import { at, child, isRecord, readArray, readRecord, readString, readStringMap, requireRecord, requireString, type JsonRecord } from './fields.js';
import { decodeNetworkPolicy } from './network-policy.js';
import { decodeIngress, decodeRoute, decodeService, type DecodedRoute } from './services.js';
import { decodePod, decodeWorkload, WORKLOAD_KINDS, type DecodedPod, type DecodedWorkload } from './workloads.js';

export type DecodedPart =
  | { type: 'namespace'; name: string; labels: Labels }
  | { type: 'node'; node: NodeModel }
  | { type: 'pod'; pod: DecodedPod }
  | { type: 'workload'; workload: DecodedWorkload }
  | { type: 'service'; service: ServiceModel }
  | { type: 'ingress'; routes: IngressRouteModel[] }
  | { type: 'route'; route: DecodedRoute }
  | { type: 'networkPolicy'; policy: NetworkPolicyModel }
  | { type: 'adminPolicy'; policy: AdminPolicyModel };

export const DEFAULT_NAMESPACE = 'default';

const CLUSTER_SCOPED: ReadonlySet<string> = new Set(['Namespace', 'Node', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);
const NAMESPACED: ReadonlySet<string> = new Set(['Pod', 'Service', 'Ingress', 'Route', 'NetworkPolicy', ...WORKLOAD_KINDS]);

/**
 * Kinds the parser reads. Kinds that other API groups also define are read only from their own
 * group: a `Route` from OpenShift's, a `NetworkPolicy` from Kubernetes' (Calico's
 * `projectcalico.org/v3` NetworkPolicy has another schema and meaning), the admin tiers from
 * `policy.networking.k8s.io`.
 */
export function isKnownKind(kind: string, apiVersion: string): boolean {
  if (kind === 'Route') return apiVersion.startsWith('route.openshift.io/');
  if (kind === 'NetworkPolicy') return apiVersion.startsWith('networking.k8s.io/') || apiVersion.startsWith('extensions/');
  if (ADMIN_KINDS.has(kind)) return apiVersion.startsWith('policy.networking.k8s.io/');
  return CLUSTER_SCOPED.has(kind) || NAMESPACED.has(kind);
}

const ADMIN_KINDS: ReadonlySet<string> = new Set(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy', 'ClusterNetworkPolicy']);

/** How a skipped kind is named: with its apiVersion when the parser reads that kind from another group. */
export function skippedKindName(kind: string, apiVersion: string): string {
  return CLUSTER_SCOPED.has(kind) || NAMESPACED.has(kind) ? `${kind} (${apiVersion})` : kind;
}

export interface Identity {
  kind: string;
  apiVersion: string;
  name: string;
  /** null for cluster-scoped kinds. */
  namespace: string | null;
  labels: Labels;
  uid: string | null;
  metadata: JsonRecord;
}

/** Kubernetes label syntax: a name of at most 63 characters, alphanumeric at both ends, `-`, `_`, `.` inside. */
const LABEL_NAME = /^([A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** At most this much of a bad key is quoted back: a hostile key may be megabytes long. */
function shown(text: string): string {
  return text.length <= 64 ? text : `${text.slice(0, 61)}…`;
}

/**
 * Labels as the API server accepts them (it would refuse the object otherwise): a key is an
 * optional DNS-subdomain prefix of at most 253 characters and `/`, then a label name; a value is
 * empty or a label name. A bad label is fatal, named by its key, its content never echoed.
 */
function checkLabels(d: Decoder, labels: Labels): Labels {
  for (const key in labels) {
    const value = labels[key]!;
    const slash = key.lastIndexOf('/');
    const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
    const name = slash >= 0 ? key.slice(slash + 1) : key;
    const path = child('metadata.labels', shown(key));
    if (!LABEL_NAME.test(name) || (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix)))) {
      fatal(d, 'label.invalid', path, `not a valid label key (${key.length} characters): an optional DNS-subdomain prefix and \`/\`, then at most 63 characters [A-Za-z0-9-_.], alphanumeric at both ends`);
    } else if (value !== '' && !LABEL_NAME.test(value)) {
      fatal(d, 'label.invalid', path, `not a valid label value (${value.length} characters): at most 63 characters [A-Za-z0-9-_.], alphanumeric at both ends, or empty`);
    }
  }
  return labels;
}

export function readIdentity(d: Decoder, object: JsonRecord, kind: string, apiVersion: string): Identity | undefined {
  const metadata = requireRecord(d, object.metadata, 'metadata');
  if (!metadata) return undefined;
  const name = requireString(d, metadata.name, 'metadata.name');
  const namespaceValue = readString(d, metadata.namespace, 'metadata.namespace');
  const labels = readStringMap(d, metadata.labels, 'metadata.labels') ?? {};
  const uid = readString(d, metadata.uid, 'metadata.uid') ?? null;
  if (name === undefined) return undefined;
  const namespace = CLUSTER_SCOPED.has(kind) ? null : namespaceValue || DEFAULT_NAMESPACE;
  const id: Identity = { kind, apiVersion, name, namespace, labels, uid, metadata };
  checkLabels({ ...d, at: { ...d.at, object: describeObject(id) } }, labels);
  return id;
}

export function describeObject(identity: Pick<Identity, 'kind' | 'namespace' | 'name'>): string {
  return identity.namespace === null ? `${identity.kind} ${identity.name}` : `${identity.kind} ${identity.namespace}/${identity.name}`;
}

export function decodePart(d: Decoder, object: JsonRecord, id: Identity): DecodedPart | undefined {
  const namespace = id.namespace ?? DEFAULT_NAMESPACE;
  switch (id.kind) {
    case 'Namespace':
      return { type: 'namespace', name: id.name, labels: id.labels };
    case 'Node':
      return { type: 'node', node: decodeNode(d, object, id.name, id.labels) };
    case 'Pod':
      return { type: 'pod', pod: decodePod(d, object, id.metadata, namespace, id.name, id.labels) };
    case 'Service':
      return { type: 'service', service: decodeService(d, object, namespace, id.name) };
    case 'Ingress':
      return { type: 'ingress', routes: decodeIngress(d, object, namespace, id.name) };
    case 'Route': {
      const route = decodeRoute(d, object, namespace, id.name);
      return route && { type: 'route', route };
    }
    case 'NetworkPolicy':
      return { type: 'networkPolicy', policy: decodeNetworkPolicy(d, object, namespace, id.name) };
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
    case 'ClusterNetworkPolicy': {
      const policy = decodeAdminPolicy(d, object, id.kind, id.name);
      return policy && { type: 'adminPolicy', policy };
    }
    default: {
      const workload = WORKLOAD_KINDS.has(id.kind) ? decodeWorkload(d, object, id.metadata, id.kind, namespace, id.name) : undefined;
      return workload && { type: 'workload', workload };
    }
  }
}

const NODE_ADDRESS_TYPES: ReadonlySet<unknown> = new Set(['InternalIP', 'ExternalIP']);

function decodeNode(d: Decoder, object: JsonRecord, name: string, labels: Labels): NodeModel {
  // `status` of the wrong type is reported in unread-fields.ts, for every kind.
  const status = isRecord(object.status) ? object.status : {};
  const addresses = readArray(d, status.addresses, 'status.addresses') ?? [];
  const ips: string[] = [];
  for (let i = 0; i < addresses.length; i++) {
    const path = at('status.addresses', i);
    const entry = readRecord(d, addresses[i], path);
    if (!entry || !NODE_ADDRESS_TYPES.has(entry.type)) continue;
    const address = readString(d, entry.address, child(path, 'address'));
    if (address === undefined || ips.includes(address)) continue;
    if (isIpAddress(address)) ips.push(address);
    else fatal(d, 'ip.invalid', child(path, 'address'), `invalid IP address ${JSON.stringify(address)}`);
  }
  return { name, labels, ips, podCIDRs: nodePodCidrs(object) };
}

/** `spec.podCIDRs` and `spec.podCIDR` (set by the controller manager, so never refused: a malformed one is left out). */
function nodePodCidrs(object: JsonRecord): string[] {
  const spec = isRecord(object.spec) ? object.spec : {};
  const given = [...(Array.isArray(spec.podCIDRs) ? spec.podCIDRs : []), spec.podCIDR];
  const out: string[] = [];
  for (const text of given) {
    const cidr = typeof text === 'string' ? parseCidr(text) : undefined;
    if (cidr && !out.includes(cidr.text)) out.push(cidr.text);
  }
  return out;
}

export function toRawObject(id: Identity, raw: JsonRecord | null, d: Decoder): RawObject {
  const object: RawObject = {
    apiVersion: id.apiVersion,
    kind: id.kind,
    namespace: id.namespace,
    name: id.name,
    uid: id.uid,
    labels: id.labels,
    raw,
    document: d.at.document,
  };
  if (d.at.file !== undefined) object.file = d.at.file;
  if (d.at.item !== undefined) object.item = d.at.item;
  return object;
}
