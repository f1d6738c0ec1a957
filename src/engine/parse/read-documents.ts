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
  /**
   * Parse a large JSON `List` item by item (`splitJsonList`), handing each item to `out` as soon as
   * it is parsed, so that a caller that decodes and drops it keeps no whole-input tree alive.
   * Default off: only a caller that keeps no raw object gains from it. An item that is not JSON
   * throws `JsonListItemError` (items before it were already handed out): the caller reads again
   * without this option, which reads the text as a whole, as YAML when it is not JSON.
   */
  splitJsonLists?: boolean;
}

/** Where read entries go: an array, or a consumer that decodes each one as it comes. */
export interface EntrySink {
  push(entry: RawEntry): void;
}

const DEFAULT_READ_OPTIONS: ReadOptions = { yamlFastPath: true };

/** Below this size a JSON text is parsed whole: splitting only pays on large inputs. */
const SPLIT_MIN_CHARS = 1 << 20;

export function readSource(source: SourceDocument, state: ReadState, out: EntrySink, options: ReadOptions = DEFAULT_READ_OPTIONS): void {
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
  if (options.splitJsonLists === true && source.content.length >= SPLIT_MIN_CHARS) {
    const list = splitJsonList(source.content);
    if (list !== undefined) {
      addSplitList(list, source.content, { file, document: 0 }, state, out);
      return;
    }
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

function addOutcomes(outcomes: readonly YamlOutcome[], file: string, state: ReadState, out: EntrySink): void {
  for (let index = 0; index < outcomes.length && !state.stopped; index++) {
    const at: Location = { file, document: index };
    const outcome = outcomes[index];
    if (outcome.kind === 'value') addDocument(outcome.value, at, state, out);
    else state.sink.report('fatal', outcome.code, `${file}: document ${index}: ${outcome.message}`, at);
  }
}

/** The reference reading: every document by the `yaml` package, with its positions in messages. */
function readYamlFully(content: string, file: string, state: ReadState, out: EntrySink): void {
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

function addDocument(value: unknown, at: Location, state: ReadState, out: EntrySink): void {
  // Empty and `null` documents (a trailing `---`, a comment-only file) carry nothing.
  if (value === null || value === undefined) return;
  if (Array.isArray(value)) {
    // A top-level array (JSON or YAML) is read like the items of a List.
    addItems(value, at, state, out, undefined);
    return;
  }
  addObject(value, at, state, out);
}

function addObject(value: unknown, at: Location, state: ReadState, out: EntrySink): void {
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

function addItems(items: unknown[], at: Location, state: ReadState, out: EntrySink, inherited: { kind: string; apiVersion: unknown } | undefined): void {
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

// ---------------------------------------------------------------- JSON lists, item by item

/**
 * `kubectl get ... -o json` prints one `List` whose items are the whole input. JSON.parse of it
 * builds every item's tree at once, and the young-generation collections that run meanwhile copy
 * all of it, since all of it is alive (on 100,000 generated pods, 126 MB of JSON: 0.7 s of
 * collector pauses inside JSON.parse, and a 700 MB heap that every later collection marks while
 * the items are decoded). Parsed item by item, each item's tree dies as soon as it is decoded.
 */
export interface JsonListParts {
  /** The list without `items`: each other top-level value, parsed (kind, apiVersion, metadata…). */
  head: Record<string, unknown>;
  /** Item i is the text `[itemStart[i], itemEnd[i])`. */
  itemStart: number[];
  itemEnd: number[];
}

/** Thrown when a list item's text is not JSON (see ReadOptions.splitJsonLists). */
export class JsonListItemError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

function isJsonSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && isJsonSpace(text.charCodeAt(i))) i++;
  return i;
}

/** The index just past the string that opens at `i` (a `"`), or -1 when it does not end. */
function stringEnd(text: string, i: number): number {
  let j = i + 1;
  for (;;) {
    j = text.indexOf('"', j);
    if (j < 0) return -1;
    let backslashes = 0;
    for (let k = j - 1; text.charCodeAt(k) === BACKSLASH; k--) backslashes++;
    if (backslashes % 2 === 0) return j + 1;
    j++;
  }
}

/**
 * The index just past the JSON value starting at `i`, found by bracket counting outside strings;
 * -1 when the brackets do not close. The value's own syntax is JSON.parse's to check.
 */
function valueEnd(text: string, i: number): number {
  const first = text.charCodeAt(i);
  if (first === QUOTE) return stringEnd(text, i);
  if (first !== 0x7b && first !== 0x5b) {
    // A number or literal: up to the next delimiter.
    let j = i;
    while (j < text.length) {
      const code = text.charCodeAt(j);
      if (code === COMMA || code === 0x7d || code === 0x5d || isJsonSpace(code)) break;
      j++;
    }
    return j > i ? j : -1;
  }
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const code = text.charCodeAt(j);
    if (code === QUOTE) {
      j = stringEnd(text, j) - 1;
      if (j < 0) return -1;
    } else if (code === 0x7b || code === 0x5b) depth++;
    else if (code === 0x7d || code === 0x5d) {
      depth--;
      if (depth === 0) return j + 1;
    }
  }
  return -1;
}

function tryParse(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

/**
 * A large JSON text that is one `*List` object, cut into its items' texts and the other top-level
 * values (parsed); `undefined` for anything else (the text is then parsed whole, as before): not an
 * object, no `items` array, a kind that is not a list, a repeated `items` or a `__proto__` key, or
 * anything malformed outside the items. The items' own syntax is checked when each is parsed.
 */
export function splitJsonList(text: string): JsonListParts | undefined {
  let i = skipSpace(text, text.charCodeAt(0) === 0xfeff ? 1 : 0);
  if (text.charCodeAt(i) !== 0x7b) return undefined;
  i = skipSpace(text, i + 1);
  const head: Record<string, unknown> = {};
  let itemStart: number[] | undefined;
  const itemEnd: number[] = [];
  if (text.charCodeAt(i) === 0x7d) return undefined;
  for (;;) {
    if (text.charCodeAt(i) !== QUOTE) return undefined;
    const keyEnd = stringEnd(text, i);
    if (keyEnd < 0) return undefined;
    const key = tryParse(text.slice(i, keyEnd))?.value;
    if (typeof key !== 'string' || key === '__proto__') return undefined;
    i = skipSpace(text, keyEnd);
    if (text.charCodeAt(i) !== COLON) return undefined;
    i = skipSpace(text, i + 1);
    if (key === 'items' && text.charCodeAt(i) === 0x5b) {
      if (itemStart !== undefined) return undefined;
      itemStart = [];
      i = skipSpace(text, i + 1);
      if (text.charCodeAt(i) === 0x5d) i++;
      else {
        for (;;) {
          const end = valueEnd(text, i);
          if (end < 0) return undefined;
          itemStart.push(i);
          itemEnd.push(end);
          i = skipSpace(text, end);
          const code = text.charCodeAt(i);
          if (code === 0x5d) {
            i++;
            break;
          }
          if (code !== COMMA) return undefined;
          i = skipSpace(text, i + 1);
        }
      }
    } else {
      if (key === 'items') return undefined;
      const end = valueEnd(text, i);
      if (end < 0) return undefined;
      const value = tryParse(text.slice(i, end));
      if (value === undefined) return undefined;
      head[key] = value.value;
      i = end;
    }
    i = skipSpace(text, i);
    const code = text.charCodeAt(i);
    if (code === 0x7d) break;
    if (code !== COMMA) return undefined;
    i = skipSpace(text, i + 1);
  }
  if (skipSpace(text, i + 1) !== text.length) return undefined;
  if (itemStart === undefined || typeof head.kind !== 'string' || !head.kind.endsWith('List')) return undefined;
  return { head, itemStart, itemEnd };
}

/** As addDocument of the whole list, each item parsed just before it is handed out. */
function addSplitList(list: JsonListParts, text: string, at: Location, state: ReadState, out: EntrySink): void {
  const inherited = listItemKind(list.head);
  for (let i = 0; i < list.itemStart.length && !state.stopped; i++) {
    const parsed = tryParse(text.slice(list.itemStart[i], list.itemEnd[i]));
    if (parsed === undefined) throw new JsonListItemError(`${at.file}: item ${i} is not JSON`);
    let item = parsed.value;
    if (inherited && isRecord(item) && item.kind === undefined) item = { apiVersion: inherited.apiVersion, kind: inherited.kind, ...item };
    addObject(item, { file: at.file, document: at.document, item: i }, state, out);
  }
}
