import { parseDocuments, type ParseLimits } from '../../../src/engine/parse/index.js';
import type { Diagnostic, ParseResult } from '../../../src/engine/model.js';

export function parseText(content: string, limits?: Partial<ParseLimits>): ParseResult {
  return parseDocuments([{ name: 'input.yaml', content }], limits);
}

/** Parses objects given as JS values (serialised as one JSON array). */
export function parseObjects(...objects: unknown[]): ParseResult {
  return parseDocuments([{ name: 'input.json', content: JSON.stringify(objects) }]);
}

export function codes(result: ParseResult, severity?: Diagnostic['severity']): string[] {
  return result.diagnostics.filter((d) => severity === undefined || d.severity === severity).map((d) => d.code);
}

export function fatalOnes(result: ParseResult): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === 'fatal');
}

export const ns = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name, labels } });

export const pod = (name: string, extra: { namespace?: string; labels?: Record<string, string>; owner?: { kind?: string; name: string }; spec?: object; status?: object } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name,
    ...(extra.namespace ? { namespace: extra.namespace } : {}),
    labels: extra.labels ?? { app: name },
    ...(extra.owner ? { ownerReferences: [{ apiVersion: 'apps/v1', controller: true, uid: 'u', ...extra.owner }] } : {}),
  },
  spec: extra.spec ?? { containers: [{ name: 'c', image: 'i' }] },
  status: extra.status ?? { phase: 'Running' },
});

export const netpol = (name: string, spec: object, namespace = 'default') => ({
  apiVersion: 'networking.k8s.io/v1',
  kind: 'NetworkPolicy',
  metadata: { name, namespace },
  spec,
});

export const template = (labels: Record<string, string>, containers: object[] = [{ name: 'c', image: 'i' }]) => ({
  metadata: { labels },
  spec: { containers },
});
