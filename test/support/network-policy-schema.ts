// Every field of a networking.k8s.io/v1 NetworkPolicy with the JSON types Kubernetes accepts there,
// read from @kubernetes/client-node's models (the API's OpenAPI schema), metadata and its owner
// references and managed-fields entries included, plus the fields older dumps still carry
// (`metadata.clusterName`, the 1.24–1.26 `status.conditions`). The hostile-input suites (engine
// and e2e) set each field to every other JSON type: a field the API gains appears here by itself.

import * as k8s from '@kubernetes/client-node';

export type JsonType = 'string' | 'number' | 'boolean' | 'object' | 'array';

/** One value of each JSON type, for wrong-type cases. */
export const SAMPLES: Record<JsonType, unknown> = { string: 'zz', number: 12345, boolean: true, object: { x: 1 }, array: [1] };

export interface SchemaField {
  /** `spec.ingress[0].ports[0].port`; `[0]` for a list item, `.k` for a map's value. */
  path: string;
  types: JsonType[];
}

interface ModelClass {
  getAttributeTypeMap(): { baseName: string; type: string }[];
}

function model(name: string): ModelClass {
  const value = (k8s as unknown as Record<string, unknown>)[name];
  if (typeof value !== 'function' || !('getAttributeTypeMap' in value)) throw new Error(`no model ${name} in @kubernetes/client-node`);
  return value as unknown as ModelClass;
}

const STRING_MAP = '{ [key: string]: string; }';

function walkType(type: string, path: string, out: SchemaField[]): void {
  const list = /^Array<(.*)>$/.exec(type);
  if (list) {
    out.push({ path, types: ['array'] });
    walkType(list[1]!, `${path}[0]`, out);
  } else if (type === STRING_MAP) {
    out.push({ path, types: ['object'] }, { path: `${path}.k`, types: ['string'] });
  } else if (type === 'string' || type === 'Date') out.push({ path, types: ['string'] });
  else if (type === 'number') out.push({ path, types: ['number'] });
  else if (type === 'boolean') out.push({ path, types: ['boolean'] });
  else if (type === 'IntOrString') out.push({ path, types: ['number', 'string'] });
  else if (type === 'any') out.push({ path, types: ['object'] }); // FieldsV1: a free-form object
  else {
    out.push({ path, types: ['object'] });
    for (const { baseName, type: inner } of model(type).getAttributeTypeMap()) walkType(inner, path ? `${path}.${baseName}` : baseName, out);
  }
}

/** Every field of a NetworkPolicy, containers before their content. */
export function networkPolicyFields(): SchemaField[] {
  const out: SchemaField[] = [];
  walkType('V1NetworkPolicy', '', out);
  out.shift(); // the object itself
  out.push({ path: 'metadata.clusterName', types: ['string'] });
  out.push({ path: 'status', types: ['object'] });
  walkType('Array<V1Condition>', 'status.conditions', out);
  return out;
}

/** A NetworkPolicy with every field set to a value of the right type (each list and map with one entry). */
export function fullPolicy(): Record<string, unknown> {
  const selector = { matchLabels: { k: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }] };
  const peers = [{ podSelector: selector, namespaceSelector: selector }, { ipBlock: { cidr: '10.0.0.0/8', except: ['10.1.0.0/16'] } }];
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: {
      name: 'p',
      namespace: 'shop',
      labels: { k: 'b' },
      annotations: { k: 'x' },
      uid: 'u-1',
      clusterName: '',
      creationTimestamp: '2026-01-02T03:04:05Z',
      deletionGracePeriodSeconds: 30,
      deletionTimestamp: '2026-01-02T03:04:06Z',
      finalizers: ['example.com/keep'],
      generateName: 'p-',
      generation: 2,
      resourceVersion: '123',
      selfLink: '/apis/networking.k8s.io/v1/namespaces/shop/networkpolicies/p',
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-0', controller: false, blockOwnerDeletion: false }],
      managedFields: [
        { apiVersion: 'networking.k8s.io/v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} }, manager: 'kubectl', operation: 'Update', subresource: '', time: '2026-01-02T03:04:05Z' },
      ],
    },
    spec: {
      podSelector: selector,
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{ from: peers, ports: [{ protocol: 'TCP', port: 80, endPort: 90 }] }],
      egress: [{ to: peers, ports: [{ protocol: 'UDP', port: 53, endPort: 60 }] }],
    },
    status: {
      conditions: [{ type: 'Accepted', status: 'True', observedGeneration: 2, lastTransitionTime: '2026-01-02T03:04:05Z', reason: 'Ok', message: 'fine' }],
    },
  };
}

/**
 * Where a field's wrong value goes in `fullPolicy()`: the example's first peer has selectors, its
 * ipBlock peer is the second (an ipBlock beside selectors is another error).
 */
export function targetPath(path: string): string {
  return path.replace(/(from|to)\[0\]\.ipBlock/, '$1[1].ipBlock');
}

/** Sets `value` at `path` (as `targetPath` gives it), creating what is missing. */
export function setAt(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  let cur = target;
  for (let i = 0; i < parts.length - 1; i++) {
    cur[parts[i]!] ??= /^\d+$/.test(parts[i + 1]!) ? [] : {};
    cur = cur[parts[i]!] as Record<string, unknown>;
  }
  cur[parts.at(-1)!] = value;
}

/** The JSON types a field does not accept. */
export function wrongTypes(field: SchemaField): JsonType[] {
  return (Object.keys(SAMPLES) as JsonType[]).filter((type) => !field.types.includes(type));
}
