// The parser's entry point: source documents → one ParseResult. Bad input never throws; every
// problem becomes a Diagnostic and `fatal` tells whether the snapshot may be analysed.

import type { Diagnostic, ParseResult, RawObject, SourceDocument, SystemObjectModel } from '../model.js';
import { decodePart, describeObject, isKnownKind, readIdentity, skippedKindName, toRawObject } from './decode-object.js';
import { DiagnosticSink, fatal, type Decoder, type Location } from './diagnostics.js';
import type { JsonRecord } from './fields.js';
import { checkKnownFields } from './known-fields.js';
import { checkUnreadFields } from './unread-fields.js';
import { resolveLimits, type ParseLimits } from './limits.js';
import { JsonListItemError, readSource, type RawEntry, type ReadState } from './read-documents.js';
import { missingKindHint, skippedKindMessage } from './skipped-input.js';
import { buildSnapshot, type PlacedPart } from './snapshot.js';
import { configMapStub, isDetectionConfigMap, readSystemObject } from './system-objects.js';
import { DEFAULT_VALIDATION, type ValidationMode } from './validation.js';

export { DEFAULT_PARSE_LIMITS, type ParseLimits } from './limits.js';
export { VALIDATION_MODES, DEFAULT_VALIDATION, type ValidationMode } from './validation.js';

/** Resource limits, and how strictly fields and enum values are checked (default `strict`). */
export interface ParseOptions extends Partial<ParseLimits> {
  validation?: ValidationMode;
  /**
   * Keep each object's parsed text in `objects[].raw` (default true: the service stores it, diff
   * reads policies from it). False leaves `raw` null, for callers that only analyse: at 100,000
   * pods the raw objects are 280 MB of a 450 MB heap that every garbage collection then walks.
   */
  keepRaw?: boolean;
  /**
   * Check the types of fields no decoder reads: annotations, owner references, status… (default
   * true; unread-fields.ts). False only to re-read objects accepted before (stored content): such
   * fields cannot change a result, and content stored before this check existed must still analyse.
   */
  checkUnreadFields?: boolean;
}

export function parseDocuments(docs: readonly SourceDocument[], options: ParseOptions = {}): ParseResult {
  const keepRaw = options.keepRaw ?? true;
  // Without raw objects nothing keeps an item once it is decoded, so large JSON lists are parsed
  // item by item (ReadOptions.splitJsonLists); an item that is not JSON reads everything again
  // as before (the text as a whole, then as YAML).
  if (!keepRaw) {
    const split = parseWithSink(docs, options, keepRaw, true);
    if (split !== undefined) return split;
  }
  return parseWithSink(docs, options, keepRaw, false) as ParseResult;
}

/** `undefined` only when a split JSON list held an item that is not JSON. */
function parseWithSink(docs: readonly SourceDocument[], options: ParseOptions, keepRaw: boolean, splitJsonLists: boolean): ParseResult | undefined {
  const sink = new DiagnosticSink(options.validation ?? DEFAULT_VALIDATION);
  // What reading reports comes first, as when everything was read before anything was decoded.
  const readSink = new DiagnosticSink(sink.validation);
  try {
    return parseOrThrow(docs, resolveLimits(options), readSink, sink, keepRaw, options.checkUnreadFields ?? true, splitJsonLists);
  } catch (error) {
    if (error instanceof JsonListItemError) return undefined;
    // A defect in the parser must still come back as data, never as a crash of the caller.
    const message = error instanceof Error ? error.message : String(error);
    sink.report('fatal', 'internal.error', `parser failure: ${message}`, undefined);
    return { snapshot: emptySnapshot(), objects: [], diagnostics: [...readSink.diagnostics, ...sink.diagnostics], fatal: true };
  }
}

function parseOrThrow(
  docs: readonly SourceDocument[],
  limits: ParseLimits,
  readSink: DiagnosticSink,
  sink: DiagnosticSink,
  keepRaw: boolean,
  unreadFields: boolean,
  splitJsonLists: boolean,
): ParseResult {
  // Objects are decoded as they are read, so that an item parsed on its own is dropped once decoded.
  const state: ReadState = { limits, sink: readSink, totalBytes: 0, objectCount: 0, stopped: false };
  const objectCounts: Record<string, number> = {};
  const unknownKinds = new Map<string, { count: number; at: Location }>();
  const accepted = new Map<string, { part?: PlacedPart; raw: RawObject; system?: SystemObjectModel }>();

  const decode = (entry: RawEntry): void => {
    const d: Decoder = { sink, at: { ...entry.at } };
    const object = entry.value as JsonRecord;
    const kind = object.kind;
    if (typeof kind !== 'string' || kind === '') {
      fatal(d, 'object.kind.missing', 'kind', `every object needs a kind${missingKindHint(object)}`);
      return;
    }
    objectCounts[kind] = (objectCounts[kind] ?? 0) + 1;
    const apiVersion = object.apiVersion;
    if (typeof apiVersion !== 'string' || apiVersion === '') {
      fatal(d, 'object.apiVersion.missing', 'apiVersion', `${kind} needs an apiVersion`);
      return;
    }
    if (isDetectionConfigMap(object, kind, apiVersion)) {
      // Read for the network-plugin detection only: name and labels, the data left out.
      const id = readIdentity(d, object, kind, apiVersion);
      if (!id) return;
      d.at.object = describeObject(id);
      accepted.set(`${kind}/${id.namespace ?? ''}/${id.name}`, { raw: toRawObject(id, configMapStub(object), d), system: readSystemObject(object, id) });
      return;
    }
    if (!isKnownKind(kind, apiVersion)) {
      const name = skippedKindName(kind, apiVersion);
      const seen = unknownKinds.get(name);
      if (seen) seen.count++;
      else unknownKinds.set(name, { count: 1, at: entry.at });
      return;
    }
    sink.failed = false;
    const id = readIdentity(d, object, kind, apiVersion);
    if (!id) return;
    d.at.object = describeObject(id);
    checkKnownFields(d, object, kind);
    if (unreadFields) checkUnreadFields(d, object, kind);
    const part = decodePart(d, object, id);
    if (sink.failed || !part) return;
    const key = `${kind}/${id.namespace ?? ''}/${id.name}`;
    const previous = accepted.get(key);
    if (previous) {
      const where = `${previous.raw.file ?? ''} document ${previous.raw.document}`;
      // Strict (the default) refuses two definitions of one object, as one API server holds one;
      // the other modes keep the last one, as successive `kubectl apply`s would.
      if (sink.validation === 'strict') {
        sink.report('fatal', 'object.duplicate', `defined again (first at ${where}): a cluster holds one object per kind, namespace and name; remove one, or read with validation \`warn\` to keep the last definition`, d.at);
      } else {
        sink.report('warning', 'object.duplicate', `${d.at.object} is defined again (first at ${where}); the last definition wins`, d.at);
      }
      accepted.delete(key);
    }
    accepted.set(key, { part: { part, at: d.at }, raw: toRawObject(id, keepRaw ? object : null, d), system: readSystemObject(object, id) });
  };
  for (const doc of docs) {
    if (state.stopped) break;
    readSource(doc, state, { push: decode }, { yamlFastPath: true, splitJsonLists });
  }

  for (const [kind, { count, at }] of unknownKinds) {
    sink.report('warning', 'kind.unknown', skippedKindMessage(kind, count), at);
  }

  const kept = [...accepted.values()];
  const snapshot = buildSnapshot(
    kept.flatMap((k) => (k.part ? [k.part] : [])),
    objectCounts,
    sink,
  );
  snapshot.systemObjects = kept.flatMap((k) => (k.system ? [k.system] : []));
  const diagnostics: readonly Diagnostic[] = [...readSink.diagnostics, ...sink.diagnostics];
  return { snapshot, objects: kept.map((k) => k.raw), diagnostics, fatal: diagnostics.some((x) => x.severity === 'fatal') };
}

function emptySnapshot(): ParseResult['snapshot'] {
  return { namespaces: [], nodes: [], pods: [], services: [], ingressRoutes: [], networkPolicies: [], adminPolicies: [], objectCounts: {} };
}
