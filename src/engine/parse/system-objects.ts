// What the network-plugin detection needs from the namespaces where plugins run: for DaemonSets,
// Deployments and Pods their containers' names, images and arguments; for ConfigMaps only their
// names and labels (their data is never read nor stored).

import type { SystemObjectModel } from '../model.js';
import { NETWORK_PLUGIN_NAMESPACES } from '../network-plugin/plugins.js';
import { isRecord, type JsonRecord } from './fields.js';
import type { Identity } from './decode-object.js';

const WORKLOAD_KINDS: ReadonlySet<string> = new Set(['DaemonSet', 'Deployment']);

export function isPluginNamespace(namespace: unknown): boolean {
  return typeof namespace === 'string' && NETWORK_PLUGIN_NAMESPACES.includes(namespace);
}

/** Whether a ConfigMap is one the detection reads (the others stay a skipped kind). */
export function isDetectionConfigMap(object: JsonRecord, kind: string, apiVersion: string): boolean {
  return kind === 'ConfigMap' && apiVersion === 'v1' && isRecord(object.metadata) && isPluginNamespace(object.metadata.namespace);
}

/** The stored form of a ConfigMap read for detection: its identity and labels, no data. */
export function configMapStub(object: JsonRecord): JsonRecord {
  const metadata = object.metadata as JsonRecord;
  const kept: JsonRecord = { name: metadata.name, namespace: metadata.namespace };
  if (isRecord(metadata.labels)) kept.labels = metadata.labels;
  return { apiVersion: object.apiVersion, kind: object.kind, metadata: kept };
}

/** The detection's view of an object already decoded (so its fields are known to be well formed). */
export function readSystemObject(object: JsonRecord, id: Identity): SystemObjectModel | undefined {
  if (id.namespace === null || !isPluginNamespace(id.namespace)) return undefined;
  const base = { kind: id.kind, namespace: id.namespace, name: id.name, labels: id.labels };
  if (id.kind === 'ConfigMap') return { ...base, containers: [] };
  let podSpec: unknown;
  if (id.kind === 'Pod') podSpec = object.spec;
  else if (WORKLOAD_KINDS.has(id.kind) && isRecord(object.spec) && isRecord(object.spec.template)) podSpec = object.spec.template.spec;
  else return undefined;
  if (!isRecord(podSpec)) return { ...base, containers: [] };
  return { ...base, containers: [...containersOf(podSpec.initContainers), ...containersOf(podSpec.containers)] };
}

function containersOf(value: unknown): SystemObjectModel['containers'][number][] {
  if (!Array.isArray(value)) return [];
  return value.filter(isRecord).map((c) => ({
    name: typeof c.name === 'string' ? c.name : '',
    image: typeof c.image === 'string' ? c.image : '',
    args: [...stringsOf(c.command), ...stringsOf(c.args)],
  }));
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
