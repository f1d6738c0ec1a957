// The field lists behind unknown-field reports: complete for every level they describe (compared
// with the Kubernetes API as @kubernetes/client-node models it), free of names the API does not
// have, and silent on every manifest the project ships (conformance cases, examples, fixtures).

import * as k8s from '@kubernetes/client-node';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { kindShape, VALUE, type FieldShape, type ObjectShape } from '../../../src/engine/parse/known-fields.js';
import { parseDocuments } from '../../../src/engine/parse/index.js';
import { conformanceRoot } from '../../support/engine/conformance-data.js';
import { generateCluster, toYaml } from '../../../bench/generate.js';

interface ModelClass {
  getAttributeTypeMap(): { baseName: string; type: string }[];
}

function model(name: string): ModelClass | undefined {
  const value = (k8s as unknown as Record<string, unknown>)[name];
  return typeof value === 'function' && 'getAttributeTypeMap' in value ? (value as unknown as ModelClass) : undefined;
}

/** Names the parser accepts that the current API does not define: older API versions still in use. */
const LEGACY_FIELDS: ReadonlySet<string> = new Set([
  'V1ObjectMeta.clusterName', // left ObjectMeta in 1.25; older dumps carry it
  'V1IngressSpec.backend', // extensions/v1beta1 and networking.k8s.io/v1beta1 Ingress
  'V1IngressBackend.serviceName',
  'V1IngressBackend.servicePort',
  'V1NetworkPolicy.status', // alpha in 1.24-1.26, then removed; status is never checked
]);

/** Every described level compared with its model: `missing` fields the API has, `extra` fields it lacks. */
function compare(shape: ObjectShape, modelName: string, where: string, out: { missing: string[]; extra: string[] }): void {
  const m = model(modelName);
  if (!m) throw new Error(`no model ${modelName} in @kubernetes/client-node`);
  const attributes = m.getAttributeTypeMap();
  const byName = new Map(attributes.map((a) => [a.baseName, a.type]));
  for (const { baseName } of attributes) if (!shape.names.includes(baseName)) out.missing.push(`${where}.${baseName} (${modelName})`);
  for (const name of shape.names) {
    const type = byName.get(name);
    if (type === undefined) {
      if (!LEGACY_FIELDS.has(`${modelName}.${name}`)) out.extra.push(`${where}.${name} (${modelName})`);
      continue;
    }
    let field: FieldShape = shape.fields.get(name)!;
    let elementType = type;
    if (typeof field !== 'string' && 'items' in field) {
      field = field.items;
      elementType = type.replace(/^Array<(.*)>$/, '$1');
    }
    if (field !== VALUE && typeof field !== 'string' && 'fields' in field) compare(field, elementType, `${where}.${name}`, out);
  }
}

const CORE_KINDS: Record<string, string> = {
  Pod: 'V1Pod',
  Deployment: 'V1Deployment',
  ReplicaSet: 'V1ReplicaSet',
  StatefulSet: 'V1StatefulSet',
  DaemonSet: 'V1DaemonSet',
  Job: 'V1Job',
  CronJob: 'V1CronJob',
  ReplicationController: 'V1ReplicationController',
  Service: 'V1Service',
  Ingress: 'V1Ingress',
  Namespace: 'V1Namespace',
  Node: 'V1Node',
  NetworkPolicy: 'V1NetworkPolicy',
};

describe('known fields', () => {
  it.each(Object.entries(CORE_KINDS))('%s lists exactly the fields of the Kubernetes API at every level it describes', (kind, modelName) => {
    const shape = kindShape(kind);
    expect(shape).toBeDefined();
    const out = { missing: [] as string[], extra: [] as string[] };
    compare(shape!, modelName, kind, out);
    expect(out).toEqual({ missing: [], extra: [] });
  });

  it('describes pod templates, containers and their ports in every workload kind', () => {
    const containerPorts = (shape: FieldShape | undefined, steps: string[]): FieldShape | undefined => {
      let current = shape;
      for (const step of steps) {
        if (current === undefined || typeof current === 'string') return undefined;
        current = 'items' in current ? current.items : current;
        if (typeof current === 'string' || !('fields' in current)) return undefined;
        current = current.fields.get(step);
      }
      return current;
    };
    const template = ['spec', 'template', 'spec', 'containers', 'ports'];
    for (const kind of ['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']) {
      expect(containerPorts(kindShape(kind), template)).toMatchObject({ items: { names: expect.arrayContaining(['containerPort', 'name', 'protocol']) } });
    }
    expect(containerPorts(kindShape('CronJob'), ['spec', 'jobTemplate', ...template])).toMatchObject({ items: { names: expect.arrayContaining(['containerPort']) } });
  });
});

// ---------------------------------------------------------------- no false positives on real manifests

const repository = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

function manifestFiles(folder: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(folder).sort()) {
    const full = path.join(folder, name);
    if (statSync(full).isDirectory()) out.push(...manifestFiles(full));
    else if (/\.(ya?ml|json)$/.test(name) && !/^(expected|provenance|diff)\.json$/.test(name)) out.push(full);
  }
  return out;
}

/**
 * Unknown fields that really are in the shipped inputs. np-guard's named-port case has a
 * mis-cased `containerport`, as upstream wrote it (the API server would reject it; np-guard ignores the port).
 */
const ENUM_CODES: ReadonlySet<string> = new Set(['object.field.value', 'protocol.invalid', 'selector.operator.invalid', 'adminpolicy.action.invalid']);

const TRUE_POSITIVES = ['test/conformance/data/cases/np-guard/netpol_named_port_test/resources.yaml spec.template.spec.containers[0].ports[1].containerport'];

describe('unknown-field reports on the manifests the project ships', () => {
  const files = [conformanceRoot(), path.join(repository, 'examples'), path.join(repository, 'test/fixtures')].flatMap(manifestFiles);

  it('reads every conformance case, example and fixture', () => {
    expect(files.length).toBeGreaterThan(100);
  });

  it('flags none but the known true positives', () => {
    const found: string[] = [];
    const enums: string[] = [];
    for (const file of files) {
      const result = parseDocuments([{ name: path.relative(repository, file), content: readFileSync(file, 'utf8') }], { validation: 'warn' });
      for (const d of result.diagnostics) {
        if (d.code === 'object.field.unknown') found.push(`${d.file} ${d.path}`);
        else if (ENUM_CODES.has(d.code)) enums.push(`${d.file} ${d.path}`);
      }
    }
    expect(found).toEqual(TRUE_POSITIVES);
    // Values outside an enum: only in the fixture written to show one.
    expect(enums).toEqual(['test/fixtures/parse/bad-selector-operator/input.yaml spec.podSelector.matchExpressions[0].operator']);
  });

  it('flags nothing in the benchmark generator\'s clusters (bench and load tests upload them in strict mode)', () => {
    const result = parseDocuments([{ name: 'generated.yaml', content: toYaml(generateCluster({ pods: 300, policies: 60, namespaces: 6, seed: 3 })) }]);
    expect(result.diagnostics.filter((d) => d.severity === 'fatal')).toEqual([]);
    expect(result.snapshot.networkPolicies.length + result.snapshot.adminPolicies.length).toBeGreaterThan(0);
  });
});
