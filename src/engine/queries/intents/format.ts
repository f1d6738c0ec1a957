// The intents file: what must hold in a cluster, kept beside its manifests (docs/contracts.md
// "Intent checks"). Read from YAML (or any JSON value) into plain intents, or into errors that
// name the field at fault (`intents[2].ports[0]`); nothing here throws.
//
//   apiVersion: policyscope/v1
//   kind: Intents
//   intents:
//     - name: only-backend-reaches-mysql
//       type: only-may-reach
//       from: { labels: { app: backend } }
//       to: { labels: { app: mysql } }
//       ports: ["3306/TCP"]

import { parseDocument } from 'yaml';
import { PROTOCOLS, type Protocol } from '../../model.js';
import { parseSelectorText } from '../paths/selector-text.js';

export const INTENTS_API_VERSION = 'policyscope/v1';
export const INTENTS_KIND = 'Intents';

/**
 * `deny`: no pod matching `from` may reach a pod matching `to` (on `ports`).
 * `only-may-reach`: nothing but pods matching `from` may reach pods matching `to` (on `ports`):
 *   other pods, external addresses and the ingress controller are violations.
 * `must-reach`: every pod matching `from` reaches every pod matching `to` on every port of `ports`
 *   (on at least one port without `ports`).
 * `not-exposed`: no public address and not the ingress controller reaches a pod matching `to` (on `ports`).
 */
export const INTENT_TYPES = ['deny', 'only-may-reach', 'must-reach', 'not-exposed'] as const;
export type IntentType = (typeof INTENT_TYPES)[number];

/** Pods by namespace and labels; every field optional, `{}` matches every pod. */
export interface IntentSelector {
  /** A namespace name. */
  namespace?: string;
  /** Namespace labels, as a map (`{env: prod}`) or selector text (`env in (prod,stage)`). */
  namespaceLabels?: Record<string, string> | string;
  /** Pod labels, as a map (`{app: backend}`) or selector text (`app!=web,tier`). */
  labels?: Record<string, string> | string;
}

export interface Intent {
  name: string;
  type: IntentType;
  description?: string;
  /** Required for deny, only-may-reach and must-reach; not allowed for not-exposed. */
  from?: IntentSelector;
  to: IntentSelector;
  /** `3306`, `3306/TCP`, `8000-8080/TCP`, `53/UDP`; absent = any port. */
  ports?: string[];
}

export interface IntentError {
  /** The field at fault, e.g. `intents[1].to.labels`; empty for the whole file. */
  path: string;
  message: string;
}

export type IntentsRead = { intents: Intent[] } | { errors: IntentError[] };

const PORT_TEXT = /^(\d{1,5})(?:-(\d{1,5}))?(?:\/([A-Za-z]+))?$/;

/** `3306/TCP`-like text as protocol and range, or an error message. */
export function parseIntentPort(text: string): { protocol: Protocol; from: number; to: number } | string {
  const m = PORT_TEXT.exec(text.trim());
  if (m === null) return `"${text}" is not PORT, PORT/PROTOCOL or FROM-TO/PROTOCOL (e.g. 3306/TCP, 53/UDP, 8000-8080)`;
  const from = Number(m[1]);
  const to = m[2] === undefined ? from : Number(m[2]);
  const protocol = (m[3]?.toUpperCase() ?? 'TCP') as Protocol;
  if (!PROTOCOLS.includes(protocol)) return `protocol ${m[3]} is not TCP, UDP or SCTP`;
  if (from < 1 || to > 65535 || from > to) return `port range ${m[1]}${m[2] ? `-${m[2]}` : ''} is not within 1-65535`;
  return { protocol, from, to };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function readLabels(value: unknown, path: string, errors: IntentError[]): Record<string, string> | string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') {
    const parsed = parseSelectorText(value);
    if ('error' in parsed) errors.push({ path, message: parsed.error });
    return value;
  }
  if (!isRecord(value)) {
    errors.push({ path, message: 'a map of label to value, or selector text such as "app in (a,b)"' });
    return undefined;
  }
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string' && typeof v !== 'number' && typeof v !== 'boolean') errors.push({ path: `${path}.${k}`, message: 'a label value (string)' });
    else out[k] = String(v);
  }
  return out;
}

const SELECTOR_FIELDS = ['namespace', 'namespaceLabels', 'labels'];

function readSelector(value: unknown, path: string, errors: IntentError[]): IntentSelector | undefined {
  if (!isRecord(value)) {
    errors.push({ path, message: 'a selector: {namespace?, namespaceLabels?, labels?} ({} matches every pod)' });
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!SELECTOR_FIELDS.includes(key)) errors.push({ path: `${path}.${key}`, message: `unknown field; a selector has ${SELECTOR_FIELDS.join(', ')}` });
  }
  const selector: IntentSelector = {};
  if (value.namespace !== undefined) {
    if (typeof value.namespace !== 'string' || value.namespace === '') errors.push({ path: `${path}.namespace`, message: 'a namespace name' });
    else selector.namespace = value.namespace;
  }
  const namespaceLabels = readLabels(value.namespaceLabels, `${path}.namespaceLabels`, errors);
  if (namespaceLabels !== undefined) selector.namespaceLabels = namespaceLabels;
  const labels = readLabels(value.labels, `${path}.labels`, errors);
  if (labels !== undefined) selector.labels = labels;
  return selector;
}

const INTENT_FIELDS = ['name', 'type', 'description', 'from', 'to', 'ports'];

function readIntent(value: unknown, path: string, errors: IntentError[], names: Set<string>): Intent | undefined {
  if (!isRecord(value)) {
    errors.push({ path, message: 'an intent: {name, type, from?, to, ports?, description?}' });
    return undefined;
  }
  for (const key of Object.keys(value)) {
    if (!INTENT_FIELDS.includes(key)) errors.push({ path: `${path}.${key}`, message: `unknown field; an intent has ${INTENT_FIELDS.join(', ')}` });
  }
  const before = errors.length;
  const name = value.name;
  if (typeof name !== 'string' || name.trim() === '') errors.push({ path: `${path}.name`, message: 'required: a name for the intent' });
  else if (names.has(name)) errors.push({ path: `${path}.name`, message: `"${name}" is used by an earlier intent: names must be unique` });
  else names.add(name);
  const type = value.type as IntentType;
  if (!INTENT_TYPES.includes(type)) errors.push({ path: `${path}.type`, message: `required: one of ${INTENT_TYPES.join(', ')}` });
  if (value.description !== undefined && typeof value.description !== 'string') errors.push({ path: `${path}.description`, message: 'text' });
  let from: IntentSelector | undefined;
  if (type === 'not-exposed') {
    if (value.from !== undefined) errors.push({ path: `${path}.from`, message: 'not-exposed has no from: the sources are public addresses and the ingress controller' });
  } else if (value.from === undefined) {
    if (INTENT_TYPES.includes(type)) errors.push({ path: `${path}.from`, message: `required for ${type}: the pods it is about ({} for every pod)` });
  } else from = readSelector(value.from, `${path}.from`, errors);
  const to = value.to === undefined ? (errors.push({ path: `${path}.to`, message: 'required: the pods it is about ({} for every pod)' }), undefined) : readSelector(value.to, `${path}.to`, errors);
  let ports: string[] | undefined;
  if (value.ports !== undefined) {
    if (!Array.isArray(value.ports) || value.ports.length === 0) errors.push({ path: `${path}.ports`, message: 'a non-empty list such as ["3306/TCP"] (leave it out for any port)' });
    else {
      ports = [];
      value.ports.forEach((p: unknown, i) => {
        const text = typeof p === 'number' ? String(p) : p;
        const parsed = typeof text === 'string' ? parseIntentPort(text) : 'a port such as 3306/TCP';
        if (typeof parsed === 'string') errors.push({ path: `${path}.ports[${i}]`, message: parsed });
        else ports!.push(parsed.from === parsed.to ? `${parsed.from}/${parsed.protocol}` : `${parsed.from}-${parsed.to}/${parsed.protocol}`);
      });
    }
  }
  if (errors.length > before || to === undefined) return undefined;
  return {
    name: name as string,
    type,
    ...(typeof value.description === 'string' ? { description: value.description } : {}),
    ...(from ? { from } : {}),
    to,
    ...(ports ? { ports } : {}),
  };
}

/** A parsed intents document (`{apiVersion?, kind?, intents: [...]}`, or the list alone). */
export function validateIntents(value: unknown): IntentsRead {
  const errors: IntentError[] = [];
  let list: unknown = value;
  if (isRecord(value)) {
    for (const key of Object.keys(value)) {
      if (!['apiVersion', 'kind', 'intents'].includes(key)) errors.push({ path: key, message: 'unknown field; the file has apiVersion, kind and intents' });
    }
    if (value.apiVersion !== undefined && value.apiVersion !== INTENTS_API_VERSION) errors.push({ path: 'apiVersion', message: `must be ${INTENTS_API_VERSION}` });
    if (value.kind !== undefined && value.kind !== INTENTS_KIND) errors.push({ path: 'kind', message: `must be ${INTENTS_KIND}` });
    list = value.intents;
  }
  if (!Array.isArray(list)) return { errors: [...errors, { path: 'intents', message: 'required: a list of intents' }] };
  const names = new Set<string>();
  const intents: Intent[] = [];
  list.forEach((item, i) => {
    const intent = readIntent(item, `intents[${i}]`, errors, names);
    if (intent) intents.push(intent);
  });
  return errors.length > 0 ? { errors } : { intents };
}

/** An intents file's text (YAML or JSON). */
export function parseIntents(text: string): IntentsRead {
  const doc = parseDocument(text, { prettyErrors: false });
  if (doc.errors.length > 0) return { errors: doc.errors.map((e) => ({ path: '', message: `YAML: ${e.message}` })) };
  return validateIntents(doc.toJS());
}
