import { analyze, podConnections, type Analysis } from '../../../src/engine/analysis/index.js';
import type { AnalysisOptions, Protocol, SnapshotModel } from '../../../src/engine/model.js';
import type { PortSet } from '../../../src/engine/sets/port-set.js';

function ref(text: string): { namespace: string; name: string } {
  const [namespace, name] = text.split('/');
  return { namespace, name };
}

export function conns(analysis: Analysis, from: string, to: string): PortSet {
  return podConnections(analysis, ref(from), ref(to));
}

export function canReach(analysis: Analysis, from: string, to: string, port = 80, protocol: Protocol = 'TCP'): boolean {
  return conns(analysis, from, to).has(protocol, port);
}

export function run(snapshot: SnapshotModel, options?: Partial<AnalysisOptions>): Analysis {
  return analyze(snapshot, options);
}

export function codes(analysis: Analysis): string[] {
  return analysis.diagnostics.map((d) => d.code);
}
