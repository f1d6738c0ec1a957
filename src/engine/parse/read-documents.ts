// Text → raw Kubernetes objects: JSON (object or array), multi-document YAML, and `List` kinds
// (nested ones included) flattened to their items, each tagged with where it came from.
//
// YAML: js-yaml first, the `yaml` package as the reference. On the benchmark's L cluster (10k
// pods, 2k policies, 14 MB of YAML) on the loaded 2-core machine, `parseAllDocuments` + `toJS`
// made parsing take ~10 s. Nothing the `yaml` package offers comes near the 2 s target: its Lexer
// alone takes ~1.5 s and Lexer + Parser (the CST, before composing) ~5 s; parsing per document,
// `prettyErrors: false`, skipping `toJS` (`keepSourceTokens` is already off) save 10–30%.
// js-yaml 4 (well kept; the YAML loader of eslint and @kubernetes/client-node) reads the same
// text in ~1 s, so parseDocuments now takes ~1.1–1.5 s instead of ~10 s. It only reads what
// both libraries read alike (fast-yaml.ts, yaml-screens.ts, yaml-core-schema.ts):
// - values: a YAML 1.2 core schema written from the spec (js-yaml's own schemas read `0b1`,
//   `+.5` or dates differently), so `on`/`yes` and timestamps stay strings, `0755` is 755;
// - a document that may hold anchors/aliases, tags, complex keys or a construct js-yaml is
//   laxer about is read by `yaml` alone: `maxAliasCount` stays `yaml`'s (js-yaml shares an
//   aliased value by reference, so a billion-laughs document would explode in later walks);
// - when js-yaml rejects a document (syntax, duplicate keys, nesting), `yaml` finds an error in
//   a declined one, or the stream is unusual (directives, `...`), the whole file is read by
//   `yaml` as before, so diagnostics keep its messages, line numbers and document indices.
// Differential fuzzing (test/engine/parse/yaml-fast-path.spec.ts) checks both readings agree.

import { findExcessiveNesting } from './yaml-nesting.js';
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';
import type { SourceDocument } from '../model.js';
import type { DiagnosticSink, Location } from './diagnostics.js';
import { loadYamlFast } from './fast-yaml.js';
import { isRecord } from './fields.js';
import type { ParseLimits } from './limits.js';
import { looksLikeHelmTemplate, RENDER_HINT } from './skipped-input.js';

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

export interface ReadOptions {
  /** Try js-yaml before the `yaml` package (default). Off only to compare both paths in tests. */
  yamlFastPath: boolean;
}

const DEFAULT_READ_OPTIONS: ReadOptions = { yamlFastPath: true };

export function readSource(source: SourceDocument, state: ReadState, out: RawEntry[], options: ReadOptions = DEFAULT_READ_OPTIONS): void {
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
  const tooDeep = findExcessiveNesting(source.content, state.limits.maxDepth);
  if (tooDeep) {
    state.sink.report('fatal', 'limit.depth', `${file}: line ${tooDeep.line}: ${tooDeep.reason}; the document was not parsed`, { file, document: 0 });
    return;
  }
  const fast = options.yamlFastPath ? readYamlFast(source.content, state.limits.maxAliasCount) : undefined;
  if (fast) {
    addOutcomes(fast, file, state, out);
    return;
  }
  const before = state.sink.diagnostics.length;
  readYamlFully(source.content, file, state, out);
  const syntaxError = state.sink.diagnostics.slice(before).some((d) => d.code === 'yaml.syntax');
  if (syntaxError && looksLikeHelmTemplate(source.content)) {
    state.sink.report('fatal', 'input.template', `${file}: holds Helm template actions (\`{{ … }}\`), which are not YAML: ${RENDER_HINT}`, { file, document: 0 });
  }
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

/** What one YAML document gave: a value, or a fatal diagnostic without a line (the alias limit). */
type YamlOutcome = { kind: 'value'; value: unknown } | { kind: 'failed'; code: string; message: string };

/**
 * Every document's outcome, the documents js-yaml declines read by `yaml` one at a time; or
 * `undefined` when the whole file must go to `yaml`: the stream is not split, js-yaml rejected
 * a document, or `yaml` finds an error in one (the messages carry line numbers of the whole
 * file). A file of one declined document goes to `yaml` whole right away, so that it is not
 * parsed twice (and js-yaml's rejections skip `yaml` per document for the same reason): once
 * `yaml` has overflowed its stack on hostile nesting, V8 may abort the next parse.
 */
function readYamlFast(content: string, maxAliasCount: number): YamlOutcome[] | undefined {
  const documents = loadYamlFast(content);
  if (!documents || (documents.length === 1 && documents[0].kind !== 'value')) return undefined;
  const outcomes: YamlOutcome[] = [];
  for (const document of documents) {
    if (document.kind === 'failed') return undefined;
    const outcome = document.kind === 'declined' ? readDeclined(document.text, maxAliasCount) : document;
    if (!outcome) return undefined;
    outcomes.push(outcome);
  }
  return outcomes;
}

/**
 * One document read by `yaml`. Its text ends with the next `---` line, if any, so a second, empty
 * document is expected. `undefined` on errors, on more documents, or when `yaml` throws (e.g.
 * on hostile nesting): the whole-file reading then reports them.
 */
function readDeclined(text: string, maxAliasCount: number): YamlOutcome | undefined {
  let documents;
  try {
    documents = parseAllDocuments(text);
  } catch {
    return undefined;
  }
  const list = Array.isArray(documents) ? documents : [];
  if (list.length > 2 || list.some((one) => one.errors.length > 0)) return undefined;
  if (list.length === 2 && list[1].contents !== null) return undefined;
  return list.length === 0 ? { kind: 'value', value: null } : toValue(list[0], maxAliasCount);
}

function addOutcomes(outcomes: readonly YamlOutcome[], file: string, state: ReadState, out: RawEntry[]): void {
  for (let index = 0; index < outcomes.length && !state.stopped; index++) {
    const at: Location = { file, document: index };
    const outcome = outcomes[index];
    if (outcome.kind === 'value') addDocument(outcome.value, at, state, out);
    else state.sink.report('fatal', outcome.code, `${file}: document ${index}: ${outcome.message}`, at);
  }
}

/** The reference reading: every document by the `yaml` package, with its positions in messages. */
function readYamlFully(content: string, file: string, state: ReadState, out: RawEntry[]): void {
  let documents;
  const lineCounter = new LineCounter();
  try {
    documents = parseAllDocuments(content, { prettyErrors: true, lineCounter });
  } catch (error) {
    state.sink.report('fatal', 'yaml.syntax', `${file}: ${firstLine(error)}`, { file, document: 0 });
    return;
  }
  const list = Array.isArray(documents) ? documents : [];
  for (let index = 0; index < list.length && !state.stopped; index++) {
    const document = list[index];
    const at: Location = { file, document: index };
    if (document.errors.length > 0) {
      const joined = joinedManifestLines(document, lineCounter);
      if (joined) {
        const where = `\`${joined.key}\` at lines ${joined.lines.join(', ')}`;
        state.sink.report('fatal', 'yaml.concatenated', `${file}: document ${index}: this looks like several manifests joined without \`---\` separators (${where}); put \`---\` between them`, at);
      }
      for (const error of document.errors) {
        // The duplicate keys of joined manifests are said once, above.
        if (joined && error.code === 'DUPLICATE_KEY') continue;
        const line = error.linePos?.[0]?.line;
        const where = line === undefined ? '' : ` (line ${line})`;
        state.sink.report('fatal', 'yaml.syntax', `${file}: document ${index}${where}: ${firstLine(error)}`, at);
      }
      continue;
    }
    const outcome = toValue(document, state.limits.maxAliasCount);
    if (outcome.kind === 'value') addDocument(outcome.value, at, state, out);
    else state.sink.report('fatal', outcome.code, `${file}: document ${index}: ${outcome.message}`, at);
  }
}

/**
 * `cat a.yaml b.yaml` without `---` gives one mapping in which `apiVersion` and `kind` repeat:
 * the lines where each joined manifest's key stands, or undefined for any other document.
 */
function joinedManifestLines(document: Document.Parsed, lineCounter: LineCounter): { key: string; lines: number[] } | undefined {
  if (!isMap(document.contents)) return undefined;
  for (const key of ['apiVersion', 'kind']) {
    const lines: number[] = [];
    for (const pair of document.contents.items) {
      if (isScalar(pair.key) && pair.key.value === key && pair.key.range) lines.push(lineCounter.linePos(pair.key.range[0]).line);
    }
    if (lines.length > 1) return { key, lines };
  }
  return undefined;
}

/** `toJS` throws when aliases expand past the limit (billion laughs). */
function toValue(document: Document.Parsed, maxAliasCount: number): YamlOutcome {
  try {
    return { kind: 'value', value: document.toJS({ maxAliasCount }) };
  } catch (error) {
    const code = error instanceof ReferenceError && /alias/i.test(error.message) ? 'yaml.alias-limit' : 'yaml.syntax';
    return { kind: 'failed', code, message: firstLine(error) };
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
