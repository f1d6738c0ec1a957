// Types of the fields no decoder reads: metadata beyond name, namespace, labels and uid
// (annotations, ownerReferences, managedFields, timestamps…), pod-template and job-template
// metadata, and `status`. The API server refuses an object with a wrong type anywhere in its
// schema, so a manifest that says `annotations: {a: 1}` or `generation: "3"` is refused here too
// (fatal in every validation mode, as every other type error), with the document and the field.
// Unknown keys are not this file's concern: known-fields.ts reports them where it describes the
// level, and inside server-managed values (ownerReferences and managedFields entries, status) a
// newer API server may add fields, so they are tolerated there.
// Kept apart from the decoders so the parser's hot path gains one call per object; the tables are
// compared with @kubernetes/client-node's models by test/engine/parse/unread-fields.spec.ts.

import type { Decoder } from './diagnostics.js';
import { at, child, isAbsent, isRecord, readArray, readBoolean, readInteger, readRecord, readString, readStringMap, type JsonRecord } from './fields.js';

/** A field's JSON type: a scalar, an object whose content is not checked, a map of strings, a list, or an object with typed fields. */
export type FieldType = 'string' | 'integer' | 'boolean' | 'object' | 'string-map' | { readonly list: FieldType } | { readonly fields: Readonly<Record<string, FieldType>> };

/** metav1.OwnerReference. */
const OWNER_REFERENCE: FieldType = {
  fields: { apiVersion: 'string', kind: 'string', name: 'string', uid: 'string', controller: 'boolean', blockOwnerDeletion: 'boolean' },
};

/** metav1.ManagedFieldsEntry; `fieldsV1` is a free-form object. */
const MANAGED_FIELDS_ENTRY: FieldType = {
  fields: { apiVersion: 'string', fieldsType: 'string', fieldsV1: 'object', manager: 'string', operation: 'string', subresource: 'string', time: 'string' },
};

/** metav1.ObjectMeta, every field (`clusterName` left the API in 1.25 but older dumps carry it). Timestamps are RFC 3339 strings. */
export const OBJECT_META_TYPES: Readonly<Record<string, FieldType>> = {
  annotations: 'string-map',
  clusterName: 'string',
  creationTimestamp: 'string',
  deletionGracePeriodSeconds: 'integer',
  deletionTimestamp: 'string',
  finalizers: { list: 'string' },
  generateName: 'string',
  generation: 'integer',
  labels: 'string-map',
  managedFields: { list: MANAGED_FIELDS_ENTRY },
  name: 'string',
  namespace: 'string',
  ownerReferences: { list: OWNER_REFERENCE },
  resourceVersion: 'string',
  selfLink: 'string',
  uid: 'string',
};

/** metav1.Condition. */
const CONDITION: FieldType = {
  fields: { type: 'string', status: 'string', observedGeneration: 'integer', lastTransitionTime: 'string', reason: 'string', message: 'string' },
};

/**
 * `status` of each kind: an object; a NetworkPolicy's is the NetworkPolicyStatus of 1.24–1.26
 * (conditions), which older dumps still carry. Pod and Node status fields the decoders read are
 * theirs to check.
 */
export const NETWORK_POLICY_STATUS_TYPES: Readonly<Record<string, FieldType>> = { conditions: { list: CONDITION } };
const NETWORK_POLICY_STATUS: FieldType = { fields: NETWORK_POLICY_STATUS_TYPES };

/** Top-level metadata fields readIdentity reads (and type-checks) for every kind. */
const READ_BY_IDENTITY: ReadonlySet<string> = new Set(['name', 'namespace', 'labels', 'uid']);
/** Pod-template metadata fields decodeWorkload reads. */
const READ_BY_WORKLOAD: ReadonlySet<string> = new Set(['labels']);
const NOTHING_READ: ReadonlySet<string> = new Set();

const TEMPLATE_KINDS: ReadonlySet<string> = new Set(['Deployment', 'ReplicaSet', 'StatefulSet', 'DaemonSet', 'Job', 'ReplicationController']);

/** Reports (fatal) every field no decoder reads whose value has a type the Kubernetes API would refuse. */
export function checkUnreadFields(d: Decoder, object: JsonRecord, kind: string): void {
  if (isRecord(object.metadata)) checkMetadata(d, object.metadata, 'metadata', READ_BY_IDENTITY);
  const status = object.status;
  if (!isAbsent(status)) checkValue(d, status, kind === 'NetworkPolicy' ? NETWORK_POLICY_STATUS : 'object', 'status');
  const spec = object.spec;
  if (!isRecord(spec)) return;
  if (TEMPLATE_KINDS.has(kind)) checkTemplateMetadata(d, spec.template, 'spec.template');
  else if (kind === 'CronJob' && isRecord(spec.jobTemplate)) {
    const jobTemplate = spec.jobTemplate;
    if (isRecord(jobTemplate.metadata)) checkMetadata(d, jobTemplate.metadata, 'spec.jobTemplate.metadata', NOTHING_READ);
    if (isRecord(jobTemplate.spec)) checkTemplateMetadata(d, jobTemplate.spec.template, 'spec.jobTemplate.spec.template');
  }
}

/** A pod template's metadata (the decoder reports a template or metadata of the wrong type itself). */
function checkTemplateMetadata(d: Decoder, template: unknown, path: string): void {
  if (isRecord(template) && isRecord(template.metadata)) checkMetadata(d, template.metadata, child(path, 'metadata'), READ_BY_WORKLOAD);
}

function checkMetadata(d: Decoder, metadata: JsonRecord, path: string, read: ReadonlySet<string>): void {
  for (const key in metadata) {
    if (read.has(key) || !Object.hasOwn(OBJECT_META_TYPES, key)) continue;
    checkValue(d, metadata[key], OBJECT_META_TYPES[key]!, child(path, key));
  }
}

function checkValue(d: Decoder, value: unknown, type: FieldType, path: string): void {
  switch (type) {
    case 'string':
      readString(d, value, path);
      return;
    case 'integer':
      readInteger(d, value, path);
      return;
    case 'boolean':
      readBoolean(d, value, path);
      return;
    case 'object':
      readRecord(d, value, path);
      return;
    case 'string-map':
      readStringMap(d, value, path);
      return;
  }
  if ('list' in type) {
    const list = readArray(d, value, path);
    if (list) for (let i = 0; i < list.length; i++) checkValue(d, list[i], type.list, at(path, i));
    return;
  }
  const record = readRecord(d, value, path);
  if (!record) return;
  for (const key in record) {
    // Keys the API does not define here are tolerated: these are server-managed values (see top).
    if (Object.hasOwn(type.fields, key)) checkValue(d, record[key], type.fields[key]!, child(path, key));
  }
}
