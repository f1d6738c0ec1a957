// Text → raw Kubernetes objects: JSON (object or array), multi-document YAML, and `List` kinds
// (nested ones included) flattened to their items, each tagged with where it came from.

import { parseAllDocuments } from 'yaml';
import type { SourceDocument } from '../model.js';
import type { DiagnosticSink, Location } from './diagnostics.js';
import { isRecord } from './fields.js';
import type { ParseLimits } from './limits.js';

export interface RawEntry {
  value: unknown;
  at: Location;
}

/** Reading state shared across the documents of one call (totals count against the limits). */
export interface ReadState {
  limits: ParseLimits;
  sink: DiagnosticSink;
  totalBytes: number;
  objectCount: number;
  /** Set once a global limit is hit: nothing more is read. */
  stopped: boolean;
}

export function readSource(source: SourceDocument, state: ReadState, out: RawEntry[]): void {
  const file = source.name;
  const size = source.content.length;
  if (size > state.limits.maxDocumentBytes) {
    state.sink.report('fatal', 'limit.document-size', `${file}: ${size} bytes exceeds the ${state.limits.maxDocumentBytes}-byte limit per document`, { file, document: 0 });
    return;
  }
  state.totalBytes += size;
  if (state.totalBytes > state.limits.maxTotalBytes) {
    state.sink.report('fatal', 'limit.total-size', `input exceeds the ${state.limits.maxTotalBytes}-byte total limit (at ${file})`, { file, document: 0 });
    state.stopped = true;
    return;
  }
  const json = tryJson(source.content);
  if (json !== undefined) {
    addDocument(json.value, { file, document: 0 }, state, out);
    return;
  }
  readYaml(source.content, file, state, out);
}

/** JSON.parse is several times faster than the YAML parser; on failure YAML reports the error with a line. */
function tryJson(content: string): { value: unknown } | undefined {
  let i = 0;
  while (i < content.length && (content.charCodeAt(i) <= 32 || content.charCodeAt(i) === 0xfeff)) i++;
  const first = content[i];
  if (first !== '{' && first !== '[') return undefined;
  try {
    return { value: JSON.parse(i === 0 ? content : content.slice(i)) };
  } catch {
    return undefined;
  }
}

function readYaml(content: string, file: string, state: ReadState, out: RawEntry[]): void {
  let documents;
  try {
    documents = parseAllDocuments(content, { prettyErrors: true });
  } catch (error) {
    state.sink.report('fatal', 'yaml.syntax', `${file}: ${firstLine(error)}`, { file, document: 0 });
    return;
  }
  const list = Array.isArray(documents) ? documents : [];
  for (let index = 0; index < list.length && !state.stopped; index++) {
    const document = list[index];
    const at: Location = { file, document: index };
    if (document.errors.length > 0) {
      for (const error of document.errors) {
        const line = error.linePos?.[0]?.line;
        const where = line === undefined ? '' : ` (line ${line})`;
        state.sink.report('fatal', 'yaml.syntax', `${file}: document ${index}${where}: ${firstLine(error)}`, at);
      }
      continue;
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: state.limits.maxAliasCount });
    } catch (error) {
      const code = error instanceof ReferenceError && /alias/i.test(error.message) ? 'yaml.alias-limit' : 'yaml.syntax';
      state.sink.report('fatal', code, `${file}: document ${index}: ${firstLine(error)}`, at);
      continue;
    }
    addDocument(value, at, state, out);
  }
}

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0];
}

function addDocument(value: unknown, at: Location, state: ReadState, out: RawEntry[]): void {
  // Empty and `null` documents (a trailing `---`, a comment-only file) carry nothing.
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // A top-level array (JSON or YAML) is read like the items of a List.
    addItems(value, at, state, out, undefined);
    return;
  }
  addObject(value, at, state, out);
}

function addObject(value: unknown, at: Location, state: ReadState, out: RawEntry[]): void {
  if (state.stopped) return;
  if (!isRecord(value)) {
    state.sink.report('fatal', 'document.not-object', `expected a Kubernetes object, got ${value === null ? 'null' : typeof value}`, at);
    return;
  }
  if (isList(value)) {
    addItems(value.items as unknown[], at, state, out, listItemKind(value));
    return;
  }
  if (exceedsDepth(value, state.limits.maxDepth)) {
    state.sink.report('fatal', 'limit.depth', `object nests deeper than ${state.limits.maxDepth} levels`, at);
    return;
  }
  state.objectCount++;
  if (state.objectCount > state.limits.maxObjects) {
    state.sink.report('fatal', 'limit.objects', `input holds more than ${state.limits.maxObjects} objects`, at);
    state.stopped = true;
    return;
  }
  out.push({ value, at });
}

function addItems(items: unknown[], at: Location, state: ReadState, out: RawEntry[], inherited: { kind: string; apiVersion: unknown } | undefined): void {
  for (let i = 0; i < items.length && !state.stopped; i++) {
    // Nested lists report the index inside the innermost list.
    let item = items[i];
    if (inherited && isRecord(item) && item.kind === undefined) item = { apiVersion: inherited.apiVersion, kind: inherited.kind, ...item };
    addObject(item, { file: at.file, document: at.document, item: i }, state, out);
  }
}

function isList(value: Record<string, unknown>): boolean {
  return typeof value.kind === 'string' && value.kind.endsWith('List') && Array.isArray(value.items);
}

/** API-server `PodList` items omit kind and apiVersion; they are the list's element kind. */
function listItemKind(list: Record<string, unknown>): { kind: string; apiVersion: unknown } | undefined {
  const kind = (list.kind as string).slice(0, -'List'.length);
  return kind === '' ? undefined : { kind, apiVersion: list.apiVersion };
}

/** Iterative so that hostile nesting cannot overflow the stack. */
function exceedsDepth(root: unknown, maxDepth: number): boolean {
  const stack: unknown[] = [root];
  const depths: number[] = [1];
  while (stack.length > 0) {
    const value = stack.pop();
    const depth = depths.pop() as number;
    if (depth > maxDepth) return true;
    if (Array.isArray(value)) {
      for (const entry of value) {
        if (typeof entry === 'object' && entry !== null) {
          stack.push(entry);
          depths.push(depth + 1);
        }
      }
    } else if (typeof value === 'object' && value !== null) {
      for (const key in value) {
        const entry = (value as Record<string, unknown>)[key];
        if (typeof entry === 'object' && entry !== null) {
          stack.push(entry);
          depths.push(depth + 1);
        }
      }
    }
  }
  return false;
}
