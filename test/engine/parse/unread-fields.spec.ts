// Wrong types in fields no decoder reads (metadata beyond name/namespace/labels/uid, template
// metadata, status) are refused as the API server refuses them, naming the document and the field;
// every field of a NetworkPolicy is covered, generated from the Kubernetes API's own models.

import * as k8s from '@kubernetes/client-node';
import { parseDocuments, type ValidationMode } from '../../../src/engine/parse/index.js';
import { NETWORK_POLICY_STATUS_TYPES, OBJECT_META_TYPES, type FieldType } from '../../../src/engine/parse/unread-fields.js';
import { kindShape, VALUE, type FieldShape } from '../../../src/engine/parse/known-fields.js';
import { fullPolicy, networkPolicyFields, SAMPLES, setAt, targetPath, wrongTypes } from '../../support/network-policy-schema.js';
import { fatalOnes, ns, parseObjects } from './helpers.js';

function model(name: string): { getAttributeTypeMap(): { baseName: string; type: string }[] } {
  return (k8s as unknown as Record<string, { getAttributeTypeMap(): { baseName: string; type: string }[] }>)[name]!;
}

/** The parser's FieldType of a @kubernetes/client-node attribute type (every `number` here is an int32/int64). */
function fromModel(type: string): FieldType {
  const list = /^Array<(.*)>$/.exec(type);
  if (list) return { list: fromModel(list[1]!) };
  switch (type) {
    case 'string':
    case 'Date':
      return 'string';
    case 'number':
      return 'integer';
    case 'boolean':
      return 'boolean';
    case 'any':
      return 'object';
    case '{ [key: string]: string; }':
      return 'string-map';
    default:
      return { fields: Object.fromEntries(model(type).getAttributeTypeMap().map((a) => [a.baseName, fromModel(a.type)])) };
  }
}

const NAMESPACE = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n';

/** One YAML stream: a Namespace (document 0), then each object as JSON. */
function parseAfterNamespace(objects: unknown[], validation: ValidationMode = 'strict', checkUnreadFields?: boolean) {
  const content = [NAMESPACE, ...objects.map((o) => `${JSON.stringify(o)}\n`)].join('---\n');
  return parseDocuments([{ name: 'in.yaml', content }], { validation, ...(checkUnreadFields === undefined ? {} : { checkUnreadFields }) });
}

/** Every path of the parser's own NetworkPolicy shape (containers and leaves). */
function shapePaths(shape: FieldShape, path: string, out: string[]): string[] {
  if (path) out.push(path);
  if (shape === VALUE) return out;
  if ('items' in shape) return shapePaths(shape.items, `${path}[0]`, out);
  for (const [name, s] of shape.fields) shapePaths(s, path ? `${path}.${name}` : name, out);
  return out;
}

describe('types of fields no decoder reads', () => {
  it('the type tables are the Kubernetes API’s (ObjectMeta, OwnerReference, ManagedFieldsEntry; the legacy NetworkPolicyStatus)', () => {
    const meta = fromModel('V1ObjectMeta') as { fields: Record<string, FieldType> };
    expect(OBJECT_META_TYPES).toEqual({ ...meta.fields, clusterName: 'string' });
    expect(NETWORK_POLICY_STATUS_TYPES).toEqual({ conditions: fromModel('Array<V1Condition>') });
  });

  describe('every field of a NetworkPolicy (from the API’s models), each wrong JSON type', () => {
    const fields = networkPolicyFields();

    it('covers the whole schema: every path the parser knows, metadata’s and status’s inner fields', () => {
      const paths = new Set(fields.map((f) => f.path));
      for (const path of shapePaths(kindShape('NetworkPolicy')!, '', [])) expect(paths).toContain(path);
      for (const path of ['metadata.ownerReferences[0].controller', 'metadata.managedFields[0].time', 'metadata.annotations.k', 'status.conditions[0].observedGeneration']) {
        expect(paths).toContain(path);
      }
      expect(fields.length).toBeGreaterThan(80);
    });

    it('the full policy, every field set, is accepted in strict mode', () => {
      const result = parseAfterNamespace([fullPolicy()]);
      expect(fatalOnes(result)).toEqual([]);
      expect(result.snapshot.networkPolicies).toHaveLength(1);
    });

    it.each(fields.map((f) => [f.path, f]))('%s', (_path, field) => {
      const wrong = wrongTypes(field);
      const target = targetPath(field.path);
      const docs = wrong.map((type) => {
        const policy = fullPolicy();
        setAt(policy, target, SAMPLES[type]);
        return policy;
      });
      const result = parseAfterNamespace(docs);
      wrong.forEach((type, i) => {
        const named = fatalOnes(result).filter((d) => d.document === i + 1 && d.path !== undefined && d.path.startsWith(target));
        if (named.length === 0) throw new Error(`${field.path} = ${type}: no fatal diagnostic names document ${i + 1} and the field; got ${JSON.stringify(result.diagnostics)}`);
      });
      expect(result.snapshot.networkPolicies).toEqual([]);
      expect(result.objects.map((o) => o.kind)).toEqual(['Namespace']);
    });
  });

  it('is fatal in every validation mode (types are never a matter of leniency), once per field', () => {
    for (const mode of ['strict', 'warn', 'ignore', 'capture'] as const) {
      const policy = fullPolicy();
      setAt(policy, 'metadata.annotations.k', 1);
      setAt(policy, 'status', 'Ready');
      const result = parseAfterNamespace([policy], mode);
      expect(fatalOnes(result).map((d) => [d.document, d.code, d.path])).toEqual([
        [1, 'object.field.type', 'metadata.annotations.k'],
        [1, 'object.field.type', 'status'],
      ]);
      expect(fatalOnes(result)[0]!.message).toBe('metadata.annotations.k: expected a string, got number 1');
    }
  });

  it('tolerates unknown keys inside server-managed values (owner references, managed fields, status) and null values', () => {
    const policy = fullPolicy();
    setAt(policy, 'metadata.ownerReferences[0].futureField', 1);
    setAt(policy, 'metadata.managedFields[0].futureField', [1]);
    setAt(policy, 'status.conditions[0].futureField', {});
    setAt(policy, 'status.futureField', 3);
    setAt(policy, 'metadata.creationTimestamp', null);
    setAt(policy, 'metadata.generation', null);
    expect(fatalOnes(parseAfterNamespace([policy]))).toEqual([]);
  });

  it('checkUnreadFields: false (stored content, accepted before the check existed) reads them as before', () => {
    const policy = fullPolicy();
    setAt(policy, 'metadata.annotations.k', 1);
    setAt(policy, 'metadata.ownerReferences[0].name', 1);
    const result = parseAfterNamespace([policy], 'ignore', false);
    expect(fatalOnes(result)).toEqual([]);
    expect(result.snapshot.networkPolicies).toHaveLength(1);
  });

  describe('metadata of every kind read', () => {
    const template = { metadata: { labels: { app: 'w' } }, spec: { containers: [{ name: 'c', image: 'i' }] } };
    const selector = { matchLabels: { app: 'w' } };
    const objects: Record<string, Record<string, unknown>> = {
      Namespace: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns2' } },
      Node: { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }] } },
      Pod: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace: 'shop' }, spec: { containers: [{ name: 'c', image: 'i' }] }, status: { podIP: '10.1.0.1' } },
      Deployment: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'w', namespace: 'shop' }, spec: { selector, template } },
      ReplicaSet: { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'w', namespace: 'shop' }, spec: { selector, template } },
      StatefulSet: { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'w', namespace: 'shop' }, spec: { selector, template } },
      DaemonSet: { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'w', namespace: 'shop' }, spec: { selector, template } },
      Job: { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'w', namespace: 'shop' }, spec: { template } },
      CronJob: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'w', namespace: 'shop' }, spec: { schedule: '* * * * *', jobTemplate: { metadata: {}, spec: { template } } } },
      ReplicationController: { apiVersion: 'v1', kind: 'ReplicationController', metadata: { name: 'w', namespace: 'shop' }, spec: { selector: { app: 'w' }, template } },
      Service: { apiVersion: 'v1', kind: 'Service', metadata: { name: 's', namespace: 'shop' }, spec: { selector: { app: 'w' }, ports: [{ port: 80 }] } },
      Ingress: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', metadata: { name: 'i', namespace: 'shop' }, spec: { defaultBackend: { service: { name: 's', port: { number: 80 } } } } },
      Route: { apiVersion: 'route.openshift.io/v1', kind: 'Route', metadata: { name: 'r', namespace: 'shop' }, spec: { to: { kind: 'Service', name: 's' } } },
      NetworkPolicy: { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'shop' }, spec: { podSelector: {} } },
      AdminNetworkPolicy: { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'AdminNetworkPolicy', metadata: { name: 'a' }, spec: { priority: 1, subject: { namespaces: {} } } },
      BaselineAdminNetworkPolicy: { apiVersion: 'policy.networking.k8s.io/v1alpha1', kind: 'BaselineAdminNetworkPolicy', metadata: { name: 'default' }, spec: { subject: { namespaces: {} } } },
      ClusterNetworkPolicy: { apiVersion: 'policy.networking.k8s.io/v1alpha2', kind: 'ClusterNetworkPolicy', metadata: { name: 'c' }, spec: { tier: 'Admin', priority: 1, subject: { namespaces: {} } } },
    };
    /** Wrong values of the unread metadata fields, and where the diagnostic must point. */
    const WRONG: [string, unknown][] = [
      ['annotations.k', 8080],
      ['generation', '3'],
      ['finalizers[0]', 1],
      ['ownerReferences[0].name', 1],
      ['ownerReferences[0].controller', 'true'],
      ['managedFields[0].time', 5],
      ['creationTimestamp', {}],
      ['resourceVersion', 7],
    ];
    const templateMetadata: Record<string, string[]> = {
      Deployment: ['spec.template.metadata'],
      ReplicaSet: ['spec.template.metadata'],
      StatefulSet: ['spec.template.metadata'],
      DaemonSet: ['spec.template.metadata'],
      Job: ['spec.template.metadata'],
      ReplicationController: ['spec.template.metadata'],
      CronJob: ['spec.jobTemplate.metadata', 'spec.jobTemplate.spec.template.metadata'],
    };

    it.each(Object.keys(objects))('%s: valid as is; each wrong type in its metadata, template metadata or status is refused, once', (kind) => {
      const clean = parseObjects(ns('shop'), objects[kind]);
      expect(fatalOnes(clean)).toEqual([]);
      const where = ['metadata', ...(templateMetadata[kind] ?? [])];
      const cases: [string, unknown][] = [...where.flatMap((prefix) => WRONG.map(([path, value]): [string, unknown] => [`${prefix}.${path}`, value])), ['status', ['Running']]];
      for (const [path, value] of cases) {
        const object = structuredClone(objects[kind]!);
        setAt(object, path, value);
        const result = parseObjects(ns('shop'), object);
        expect([kind, fatalOnes(result).map((d) => [d.code, d.path])]).toEqual([kind, [['object.field.type', path]]]);
        expect(result.objects.map((o) => o.kind)).toEqual(['Namespace']);
      }
    });
  });

  it('a Pod’s owner is still read from its (well-typed) controlling owner reference', () => {
    const result = parseObjects(ns('shop'), {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p', namespace: 'shop', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'x', uid: 'a' }, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'b', controller: true }] },
      spec: { containers: [{ name: 'c', image: 'i' }] },
    });
    expect(fatalOnes(result)).toEqual([]);
    expect(result.snapshot.pods[0]!.workload).toMatchObject({ kind: 'ReplicaSet', name: 'rs' });
  });
});
