// networking.k8s.io/v1 NetworkPolicy → NetworkPolicyModel.

import type { IpBlockModel, NetworkPolicyModel, NetworkPolicyPeer, NetworkPolicyRule, PortMatch } from '../model.js';
import { parseCidr, isStrictSubset } from './cidr.js';
import { fatal, type Decoder } from './diagnostics.js';
import { at, child, isAbsent, readArray, readRecord, readStringList, requireString, type JsonRecord } from './fields.js';
import { readNetworkPolicyPort } from './ports.js';
import { EVERYTHING, readSelector } from './selectors.js';
import { invalidEnumValue } from './validation.js';

const POLICY_TYPES = ['Ingress', 'Egress'];

export function decodeNetworkPolicy(d: Decoder, object: JsonRecord, namespace: string, name: string): NetworkPolicyModel {
  const spec = readRecord(d, object.spec, 'spec') ?? {};
  // The API requires podSelector but a missing one decodes to the empty selector, as in Go.
  const podSelector = readSelector(d, spec.podSelector, 'spec.podSelector') ?? EVERYTHING;
  const ingress = readRules(d, spec.ingress, 'spec.ingress', 'from');
  const egress = readRules(d, spec.egress, 'spec.egress', 'to');
  const types = readPolicyTypes(d, spec.policyTypes);
  return {
    namespace,
    name,
    podSelector,
    // Inference when policyTypes is absent: Ingress always, Egress only with egress rules.
    affectsIngress: types ? types.has('Ingress') : true,
    affectsEgress: types ? types.has('Egress') : egress.length > 0,
    ingress,
    egress,
  };
}

function readPolicyTypes(d: Decoder, value: unknown): Set<string> | undefined {
  const list = readStringList(d, value, 'spec.policyTypes');
  if (!list || list.length === 0) return undefined;
  list.forEach((type, i) => {
    if (!POLICY_TYPES.includes(type)) invalidEnumValue(d, 'object.field.value', at('spec.policyTypes', i), 'policy type', type, POLICY_TYPES);
  });
  return new Set(list);
}

function readRules(d: Decoder, value: unknown, path: string, peersKey: 'from' | 'to'): NetworkPolicyRule[] {
  const list = readArray(d, value, path) ?? [];
  const rules: NetworkPolicyRule[] = [];
  for (let i = 0; i < list.length; i++) {
    const rulePath = at(path, i);
    const rule = readRecord(d, list[i], rulePath) ?? {};
    rules.push({
      index: i,
      peers: readPeers(d, rule[peersKey], child(rulePath, peersKey)),
      ports: readPorts(d, rule.ports, child(rulePath, 'ports')),
    });
  }
  return rules;
}

function readPeers(d: Decoder, value: unknown, path: string): NetworkPolicyPeer[] | null {
  const list = readArray(d, value, path);
  if (!list || list.length === 0) return null;
  const peers: NetworkPolicyPeer[] = [];
  for (let i = 0; i < list.length; i++) {
    const peer = readPeer(d, list[i], at(path, i));
    if (peer) peers.push(peer);
  }
  return peers;
}

function readPeer(d: Decoder, value: unknown, path: string): NetworkPolicyPeer | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const hasIpBlock = !isAbsent(record.ipBlock);
  const hasSelectors = !isAbsent(record.podSelector) || !isAbsent(record.namespaceSelector);
  if (hasIpBlock && hasSelectors) {
    fatal(d, 'networkpolicy.peer.mixed', path, 'ipBlock cannot be combined with podSelector or namespaceSelector');
    return undefined;
  }
  if (hasIpBlock) {
    const ipBlock = readIpBlock(d, record.ipBlock, child(path, 'ipBlock'));
    return ipBlock && { kind: 'ipBlock', ipBlock };
  }
  if (!hasSelectors) {
    fatal(d, 'networkpolicy.peer.empty', path, 'a peer needs podSelector, namespaceSelector or ipBlock');
    return undefined;
  }
  return {
    kind: 'pods',
    namespaceSelector: readSelector(d, record.namespaceSelector, child(path, 'namespaceSelector')) ?? null,
    podSelector: readSelector(d, record.podSelector, child(path, 'podSelector')) ?? null,
  };
}

function readIpBlock(d: Decoder, value: unknown, path: string): IpBlockModel | undefined {
  const record = readRecord(d, value, path);
  if (!record) return undefined;
  const cidrText = requireString(d, record.cidr, child(path, 'cidr'));
  if (cidrText === undefined) return undefined;
  const cidr = parseCidr(cidrText);
  if (!cidr) {
    fatal(d, 'cidr.invalid', child(path, 'cidr'), `invalid CIDR ${JSON.stringify(cidrText)}`);
    return undefined;
  }
  const exceptTexts = readStringList(d, record.except, child(path, 'except')) ?? [];
  const except: string[] = [];
  for (let i = 0; i < exceptTexts.length; i++) {
    const exceptPath = at(child(path, 'except'), i);
    const inner = parseCidr(exceptTexts[i]);
    if (!inner) {
      fatal(d, 'cidr.invalid', exceptPath, `invalid CIDR ${JSON.stringify(exceptTexts[i])}`);
    } else if (!isStrictSubset(inner, cidr)) {
      fatal(d, 'cidr.except.outside', exceptPath, `${exceptTexts[i]} is not a strict subset of ${cidrText}`);
    } else {
      except.push(inner.text);
    }
  }
  return { cidr: cidr.text, except };
}

function readPorts(d: Decoder, value: unknown, path: string): PortMatch[] | null {
  const list = readArray(d, value, path);
  if (!list || list.length === 0) return null;
  const ports: PortMatch[] = [];
  for (let i = 0; i < list.length; i++) {
    const record = readRecord(d, list[i], at(path, i));
    const port = record && readNetworkPolicyPort(d, record, at(path, i));
    if (port) ports.push(port);
  }
  return ports;
}
