// AdminNetworkPolicy and BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1) and
// ClusterNetworkPolicy (v1alpha2) → one AdminPolicyModel shape.
//
// Named ports: ANP `namedPort` and CNP `destinationNamedPort` carry no protocol; the port is
// matched by container port name whatever its protocol. Container port names are unique within a
// pod, so the rule is modelled as the same name under each of TCP, UDP and SCTP: a destination
// resolves at most one of them.

import { PROTOCOLS, type AdminPeer, type AdminPolicyModel, type AdminRule, type AdminSubject, type PortMatch, type Protocol, type Tier, type TierAction } from '../model.js';
import { parseCidr } from './cidr.js';
import { fatal, warn, type Decoder } from './diagnostics.js';
import {
  at,
  child,
  isAbsent,
  oneOf,
  readArray,
  readRecord,
  readString,
  requireInteger,
  requireNonEmptyArray,
  requireRecord,
  requireString,
  type JsonRecord,
} from './fields.js';
import { portRange, readPortNumber, readProtocol } from './ports.js';
import { EVERYTHING, readSelector } from './selectors.js';
import { invalidEnumValue } from './validation.js';

type AdminKind = AdminPolicyModel['kind'];

interface Dialect {
  kind: AdminKind;
  /** Action spelling in the manifest → model action. */
  actions: Readonly<Record<string, TierAction>>;
  /** Field holding a rule's port list. */
  portsKey: 'ports' | 'protocols';
}

const ANP: Dialect = { kind: 'AdminNetworkPolicy', actions: { Allow: 'Allow', Deny: 'Deny', Pass: 'Pass' }, portsKey: 'ports' };
const BANP: Dialect = { kind: 'BaselineAdminNetworkPolicy', actions: { Allow: 'Allow', Deny: 'Deny' }, portsKey: 'ports' };
const CNP: Dialect = { kind: 'ClusterNetworkPolicy', actions: { Accept: 'Allow', Deny: 'Deny', Pass: 'Pass' }, portsKey: 'protocols' };

const INGRESS_PEERS = ['namespaces', 'pods'] as const;
const EGRESS_PEERS = ['namespaces', 'pods', 'nodes', 'networks', 'domainNames'] as const;

export function decodeAdminPolicy(d: Decoder, object: JsonRecord, kind: AdminKind, name: string): AdminPolicyModel | undefined {
  const dialect = kind === 'AdminNetworkPolicy' ? ANP : kind === 'BaselineAdminNetworkPolicy' ? BANP : CNP;
  const spec = requireRecord(d, object.spec, 'spec');
  if (!spec) return undefined;
  const tier = readTier(d, dialect, spec);
  const priority = readPriority(d, dialect, spec);
  if (kind === 'BaselineAdminNetworkPolicy' && name !== 'default') {
    fatal(d, 'adminpolicy.baseline.name', 'metadata.name', `a BaselineAdminNetworkPolicy must be named "default", not ${JSON.stringify(name)}`);
  }
  const subject = readSubject(d, spec.subject, 'spec.subject');
  const ingress = readRules(d, dialect, spec.ingress, 'spec.ingress', 'from', INGRESS_PEERS);
  const egress = readRules(d, dialect, spec.egress, 'spec.egress', 'to', EGRESS_PEERS);
  if (tier === undefined || priority === undefined || subject === undefined) return undefined;
  return { kind, name, tier, priority, subject, ingress, egress };
}

function readTier(d: Decoder, dialect: Dialect, spec: JsonRecord): Tier | undefined {
  if (dialect.kind === 'AdminNetworkPolicy') return 'admin';
  if (dialect.kind === 'BaselineAdminNetworkPolicy') return 'baseline';
  const tier = requireString(d, spec.tier, 'spec.tier');
  if (tier === 'Admin') return 'admin';
  if (tier === 'Baseline') return 'baseline';
  if (tier !== undefined) invalidEnumValue(d, 'object.field.value', 'spec.tier', 'tier', tier, ['Admin', 'Baseline']);
  return undefined;
}

function readPriority(d: Decoder, dialect: Dialect, spec: JsonRecord): number | undefined {
  // A BANP has no priority: there is exactly one and it is the last word of its tier.
  if (dialect.kind === 'BaselineAdminNetworkPolicy') return 0;
  const priority = requireInteger(d, spec.priority, 'spec.priority');
  if (priority !== undefined && (priority < 0 || priority > 1000)) {
    fatal(d, 'adminpolicy.priority.range', 'spec.priority', `priority ${priority} is outside 0-1000`);
    return undefined;
  }
  return priority;
}

function readSubject(d: Decoder, value: unknown, path: string): AdminSubject | undefined {
  const record = requireRecord(d, value, path);
  if (!record) return undefined;
  const which = oneOf(d, record, ['namespaces', 'pods'] as const, path);
  if (which === 'namespaces') {
    const namespaceSelector = readSelector(d, record.namespaces, child(path, 'namespaces'));
    return namespaceSelector && { kind: 'namespaces', namespaceSelector };
  }
  if (which === 'pods') {
    const pods = readNamespacedPods(d, record.pods, child(path, 'pods'));
    return pods && { kind: 'pods', ...pods };
  }
  return undefined;
}

function readNamespacedPods(d: Decoder, value: unknown, path: string) {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  // Both selectors are non-pointer structs in the Go API: an absent one decodes as `{}` (all).
  const namespaceSelector = isAbsent(record.namespaceSelector) ? EVERYTHING : readSelector(d, record.namespaceSelector, child(path, 'namespaceSelector'));
  const podSelector = isAbsent(record.podSelector) ? EVERYTHING : readSelector(d, record.podSelector, child(path, 'podSelector'));
  return namespaceSelector && podSelector ? { namespaceSelector, podSelector } : undefined;
}

function readRules(
  d: Decoder,
  dialect: Dialect,
  value: unknown,
  path: string,
  peersKey: 'from' | 'to',
  peerKinds: readonly (typeof EGRESS_PEERS)[number][],
): AdminRule[] {
  const list = readArray(d, value, path) ?? [];
  const rules: AdminRule[] = [];
  for (let i = 0; i < list.length; i++) {
    const rule = readRule(d, dialect, list[i], at(path, i), i, peersKey, peerKinds);
    if (rule) rules.push(rule);
  }
  return rules;
}

function readRule(
  d: Decoder,
  dialect: Dialect,
  value: unknown,
  path: string,
  index: number,
  peersKey: 'from' | 'to',
  peerKinds: readonly (typeof EGRESS_PEERS)[number][],
): AdminRule | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const name = readString(d, record.name, child(path, 'name'));
  const action = readAction(d, dialect, record.action, child(path, 'action'));
  const peerList = requireNonEmptyArray(d, record[peersKey], child(path, peersKey)) ?? [];
  const peers: AdminPeer[] = [];
  for (let i = 0; i < peerList.length; i++) {
    const peer = readPeer(d, peerList[i], at(child(path, peersKey), i), peerKinds);
    if (peer) peers.push(peer);
  }
  const portsPath = child(path, dialect.portsKey);
  const ports = dialect.portsKey === 'ports' ? readAdminPorts(d, record.ports, portsPath) : readCnpProtocols(d, record.protocols, portsPath);
  if (action === undefined) return undefined;
  const rule: AdminRule = { index, action, peers, ports };
  if (name !== undefined && name !== '') rule.name = name;
  return rule;
}

function readAction(d: Decoder, dialect: Dialect, value: unknown, path: string): TierAction | undefined {
  const action = requireString(d, value, path);
  if (action === undefined) return undefined;
  const mapped = Object.hasOwn(dialect.actions, action) ? dialect.actions[action] : undefined;
  if (!mapped) invalidEnumValue(d, 'adminpolicy.action.invalid', path, `${dialect.kind} action`, action, Object.keys(dialect.actions));
  return mapped;
}

function readPeer(d: Decoder, value: unknown, path: string, peerKinds: readonly (typeof EGRESS_PEERS)[number][]): AdminPeer | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const which = oneOf(d, record, peerKinds, path);
  switch (which) {
    case 'namespaces': {
      const namespaceSelector = readSelector(d, record.namespaces, child(path, 'namespaces'));
      return namespaceSelector && { kind: 'namespaces', namespaceSelector };
    }
    case 'pods': {
      const pods = readNamespacedPods(d, record.pods, child(path, 'pods'));
      return pods && { kind: 'pods', ...pods };
    }
    case 'nodes': {
      const nodeSelector = readSelector(d, record.nodes, child(path, 'nodes'));
      return nodeSelector && { kind: 'nodes', nodeSelector };
    }
    case 'networks':
      return readNetworks(d, record.networks, child(path, 'networks'));
    case 'domainNames':
      // Matching needs DNS answers a static snapshot does not have: the peer matches nothing here.
      warn(d, 'adminpolicy.domainNames.unsupported', child(path, 'domainNames'), 'domainNames peers cannot be evaluated offline and match nothing');
      return undefined;
    default:
      return undefined;
  }
}

function readNetworks(d: Decoder, value: unknown, path: string): AdminPeer | undefined {
  const list = requireNonEmptyArray(d, value, path);
  if (!list) return undefined;
  const cidrs: string[] = [];
  for (let i = 0; i < list.length; i++) {
    const text = readString(d, list[i], at(path, i));
    if (text === undefined) continue;
    const cidr = parseCidr(text);
    if (cidr) cidrs.push(cidr.text);
    else fatal(d, 'cidr.invalid', at(path, i), `invalid CIDR ${JSON.stringify(text)}`);
  }
  return { kind: 'networks', cidrs };
}

function namedPortMatches(name: string): PortMatch[] {
  return PROTOCOLS.map((protocol) => ({ kind: 'named', protocol, name }));
}

/** ANP/BANP `ports`: each entry one of portNumber, namedPort, portRange. */
function readAdminPorts(d: Decoder, value: unknown, path: string): PortMatch[] | null {
  const list = readArray(d, value, path);
  if (!list || list.length === 0) return null;
  const ports: PortMatch[] = [];
  for (let i = 0; i < list.length; i++) {
    const entryPath = at(path, i);
    const entry = readRecord(d, list[i], entryPath);
    if (!entry) continue;
    const which = oneOf(d, entry, ['portNumber', 'namedPort', 'portRange'] as const, entryPath);
    if (which === 'namedPort') {
      const name = requireString(d, entry.namedPort, child(entryPath, 'namedPort'));
      if (name !== undefined) ports.push(...namedPortMatches(name));
    } else if (which === 'portNumber') {
      const port = readPortNumberEntry(d, entry.portNumber, child(entryPath, 'portNumber'));
      if (port) ports.push(port);
    } else if (which === 'portRange') {
      const range = readPortRangeEntry(d, entry.portRange, child(entryPath, 'portRange'));
      if (range) ports.push(range);
    }
  }
  return ports;
}

function readPortNumberEntry(d: Decoder, value: unknown, path: string): PortMatch | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const protocol = readProtocol(d, record.protocol, child(path, 'protocol'));
  const port = isAbsent(record.port) ? requireInteger(d, record.port, child(path, 'port')) : readPortNumber(d, record.port, child(path, 'port'));
  if (protocol === undefined || port === undefined) return undefined;
  return { kind: 'range', protocol, from: port, to: port };
}

function readPortRangeEntry(d: Decoder, value: unknown, path: string, fixedProtocol?: Protocol): PortMatch | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const protocol = fixedProtocol ?? readProtocol(d, record.protocol, child(path, 'protocol'));
  const start = isAbsent(record.start) ? requireInteger(d, record.start, child(path, 'start')) : readPortNumber(d, record.start, child(path, 'start'));
  const end = isAbsent(record.end) ? requireInteger(d, record.end, child(path, 'end')) : readPortNumber(d, record.end, child(path, 'end'));
  if (protocol === undefined || start === undefined || end === undefined) return undefined;
  return portRange(d, protocol, start, end, path);
}

const CNP_PROTOCOL_KEYS = { tcp: 'TCP', udp: 'UDP', sctp: 'SCTP' } as const satisfies Record<string, Protocol>;

/** CNP `protocols`: each entry one of tcp/udp/sctp `{destinationPort?: {number | range}}` or destinationNamedPort. */
function readCnpProtocols(d: Decoder, value: unknown, path: string): PortMatch[] | null {
  const list = readArray(d, value, path);
  if (!list || list.length === 0) return null;
  const ports: PortMatch[] = [];
  for (let i = 0; i < list.length; i++) {
    const entryPath = at(path, i);
    const entry = readRecord(d, list[i], entryPath);
    if (!entry) continue;
    const which = oneOf(d, entry, ['tcp', 'udp', 'sctp', 'destinationNamedPort'] as const, entryPath);
    if (which === 'destinationNamedPort') {
      const name = requireString(d, entry.destinationNamedPort, child(entryPath, which));
      if (name !== undefined) ports.push(...namedPortMatches(name));
    } else if (which) {
      const port = readCnpProtocol(d, entry[which], child(entryPath, which), CNP_PROTOCOL_KEYS[which]);
      if (port) ports.push(port);
    }
  }
  return ports;
}

function readCnpProtocol(d: Decoder, value: unknown, path: string, protocol: Protocol): PortMatch | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  // No destinationPort: every port of the protocol (as Antrea and Cilium read it).
  if (isAbsent(record.destinationPort)) return { kind: 'all-of-protocol', protocol };
  const portPath = child(path, 'destinationPort');
  const port = readRecord(d, record.destinationPort, portPath);
  if (!port) return undefined;
  const which = oneOf(d, port, ['number', 'range'] as const, portPath);
  if (which === 'number') {
    const number = readPortNumber(d, port.number, child(portPath, 'number'));
    return number === undefined ? undefined : { kind: 'range', protocol, from: number, to: number };
  }
  if (which === 'range') return readPortRangeEntry(d, port.range, child(portPath, 'range'), protocol);
  return undefined;
}
