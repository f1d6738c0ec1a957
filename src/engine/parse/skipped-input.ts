// What the parser says about input it does not read: kinds it skips, and inputs that look like
// Helm charts or kustomizations, which must be rendered to plain manifests first.

import type { JsonRecord } from './fields.js';

export const RENDER_HINT = 'render Helm charts and kustomizations before uploading (`helm template CHART`, `kubectl kustomize DIR`)';

const READ_KINDS = 'NetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy, Pod, workloads (Deployment, ReplicaSet, StatefulSet, DaemonSet, Job, CronJob, ReplicationController), Service, Ingress, Route, Namespace, Node, and ConfigMaps in kube-system and the other network plugins\' namespaces (names only)';

/** Kinds that stand for manifests still to be rendered (kustomize, Flux). */
const UNRENDERED_KINDS: ReadonlySet<string> = new Set(['Kustomization', 'Component', 'HelmRelease', 'HelmChart']);

/** `kind` is the kind as written, or `Kind (apiVersion)` when the kind is read only from another API group. */
export function skippedKindMessage(kind: string, count: number): string {
  const objects = `${count} object${count === 1 ? '' : 's'}`;
  const bareKind = kind.split(' ', 1)[0];
  if (UNRENDERED_KINDS.has(bareKind)) return `${kind}: not read (${objects}); ${RENDER_HINT}`;
  return `${kind}: not read (${objects}); PolicyScope reads ${READ_KINDS}`;
}

const KUSTOMIZATION_KEYS = ['resources', 'bases', 'patches', 'patchesStrategicMerge', 'patchesJson6902', 'namePrefix', 'nameSuffix', 'commonLabels', 'images', 'helmCharts', 'configMapGenerator', 'components'];

/** For an object without a kind: a hint when it looks like a Helm Chart.yaml or a kustomization.yaml. */
export function missingKindHint(object: JsonRecord): string {
  if (typeof object.name === 'string' && typeof object.version === 'string') return `; this looks like a Helm Chart.yaml: ${RENDER_HINT}`;
  if (KUSTOMIZATION_KEYS.some((key) => key in object)) return `; this looks like a kustomization.yaml: ${RENDER_HINT}`;
  return '';
}

// Go template actions as Helm charts write them: `{{ .Values.x }}`, `{{- if … }}`, `{{ include … }}`.
const TEMPLATE_ACTION = /\{\{-?\s*(?:\.|\$\.|include\b|template\b|if\b|else\b|end\b|range\b|with\b|define\b|toYaml\b|tpl\b|printf\b|quote\b|default\b|required\b)/;

/** Whether a text holds Helm template actions. */
export function looksLikeHelmTemplate(text: string): boolean {
  return TEMPLATE_ACTION.test(text);
}
