// A cluster's history over a time range, as one value: the metrics' series and their trend, the
// chain of changes between consecutive snapshots, the diff between the first and the last snapshot
// and the exposures it opened. Built from values the caller already has (stored metrics and
// diffs); rendered by ./render-report.ts.

import type { ConnectivityResult, DiffResult, Endpoint, PortEntry } from '../result.js';
import { METRICS } from '../queries/metrics.js';
import { internetExposure } from '../queries/internet.js';
import { endpointText, isExternal, isIngressController } from '../render/endpoint-text.js';
import { PortSet } from '../sets/port-set.js';
import type { Finding } from '../queries/findings.js';

/** The metrics of one snapshot in a cluster's history. */
export interface HistoryPoint {
  snapshotId: string;
  name: string;
  /** ISO 8601. */
  capturedAt: string;
  metrics: Record<string, number>;
}

/** How much changed between two snapshots. */
export interface ChangeCounts {
  connectionsAdded: number;
  connectionsRemoved: number;
  connectionsChanged: number;
  policiesAdded: number;
  policiesRemoved: number;
  policiesModified: number;
}

/** One link of the chain of changes: a snapshot and the next one in capture order. */
export interface HistoryStep {
  from: string;
  to: string;
  /** ISO 8601 capture time of `to`. */
  capturedAt: string;
  /** True when both snapshots have the same content (nothing can have changed). */
  sameContent: boolean;
  counts: ChangeCounts;
}

export type Trend = 'up' | 'down' | 'flat';

export interface MetricTrend {
  name: string;
  description: string;
  /** null when the first (last) snapshot of the range has no value for it. */
  start: number | null;
  end: number | null;
  /** end - start, or null when either is missing. */
  change: number | null;
  trend: Trend;
  min: number | null;
  max: number | null;
}

/** A workload the range newly exposed (or exposed on more ports). */
export interface NewExposure {
  endpoint: Endpoint;
  /** Its text form (`ns/name[Kind]`). */
  text: string;
  /** True when reachable from a public address (see queries/internet.ts); false: only from private blocks or the ingress controller. */
  internet: boolean;
  /** Ports newly reachable from outside (empty when the workload was newly exposed through the ingress controller only and no port is named). */
  ports: PortEntry[];
  /** The policy or other changes the diff names as causes of the connections from outside to it. */
  causes: string[];
}

export interface ClusterReport {
  cluster: string;
  /** The range asked for (ISO 8601, null when open) and the snapshots it holds. */
  range: { from: string | null; to: string | null };
  snapshots: number;
  first: HistoryPoint | null;
  last: HistoryPoint | null;
  metrics: MetricTrend[];
  series: HistoryPoint[];
  steps: HistoryStep[];
  /** Sums over `steps` (a change reverted later counts twice). */
  totals: ChangeCounts;
  /** The diff between the first and the last snapshot (null with fewer than two snapshots). */
  diff: DiffResult | null;
  newExposures: NewExposure[];
  /** Findings of the last snapshot that the first did not have (opened) and the reverse (resolved); null without a diff of two analyses. */
  findings: { opened: Finding[]; resolved: Finding[] } | null;
}

export const NO_CHANGES: ChangeCounts = Object.freeze({
  connectionsAdded: 0,
  connectionsRemoved: 0,
  connectionsChanged: 0,
  policiesAdded: 0,
  policiesRemoved: 0,
  policiesModified: 0,
});

export function changeCounts(diff: DiffResult): ChangeCounts {
  const count = (type: string) => diff.changes.filter((c) => c.type === type).length;
  return {
    connectionsAdded: count('added'),
    connectionsRemoved: count('removed'),
    connectionsChanged: count('changed'),
    policiesAdded: diff.policies.added.length,
    policiesRemoved: diff.policies.removed.length,
    policiesModified: diff.policies.modified.length,
  };
}

export interface ReportInput {
  cluster: string;
  range: { from: string | null; to: string | null };
  /** Oldest first. */
  series: readonly HistoryPoint[];
  /** Between consecutive points of `series`, in order. */
  steps: readonly HistoryStep[];
  /** First-to-last diff and the two workload connectivity results it compared (absent with fewer than two points). */
  diff?: DiffResult;
  firstConnectivity?: ConnectivityResult;
  lastConnectivity?: ConnectivityResult;
}

/** How many new exposures a report lists (internet first, then most ports). */
export const TOP_NEW_EXPOSURES = 10;

export function buildReport(input: ReportInput): ClusterReport {
  const series = [...input.series];
  const first = series[0] ?? null;
  const last = series[series.length - 1] ?? null;
  const totals = { ...NO_CHANGES };
  for (const step of input.steps) for (const key of Object.keys(totals) as (keyof ChangeCounts)[]) totals[key] += step.counts[key];
  return {
    cluster: input.cluster,
    range: input.range,
    snapshots: series.length,
    first,
    last,
    metrics: metricTrends(series),
    series,
    steps: [...input.steps],
    totals,
    diff: input.diff ?? null,
    findings: input.diff?.findings ? { opened: input.diff.findings.new, resolved: input.diff.findings.resolved } : null,
    newExposures: input.diff && input.firstConnectivity && input.lastConnectivity ? newExposures(input.diff, input.firstConnectivity, input.lastConnectivity) : [],
  };
}

/** Catalogue metrics first, in catalogue order, then any other stored name alphabetically. */
function metricTrends(series: readonly HistoryPoint[]): MetricTrend[] {
  const stored = new Set(series.flatMap((p) => Object.keys(p.metrics)));
  const catalogue = Object.keys(METRICS);
  const names = [...catalogue.filter((n) => stored.has(n)), ...[...stored].filter((n) => !(n in METRICS)).sort()];
  return names.map((name) => {
    const values = series.map((p) => p.metrics[name]).filter((v): v is number => v !== undefined);
    const start = series[0]?.metrics[name] ?? null;
    const end = series[series.length - 1]?.metrics[name] ?? null;
    const change = start !== null && end !== null ? end - start : null;
    return {
      name,
      description: (METRICS as Record<string, string>)[name] ?? '',
      start,
      end,
      change,
      trend: change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down',
      min: values.length ? Math.min(...values) : null,
      max: values.length ? Math.max(...values) : null,
    };
  });
}

function outsidePorts(result: ConnectivityResult): Map<string, { endpoint: Endpoint; ports: PortSet }> {
  const out = new Map<string, { endpoint: Endpoint; ports: PortSet }>();
  for (const c of result.connections) {
    if (!(isExternal(c.src) || isIngressController(c.src)) || isExternal(c.dst) || isIngressController(c.dst)) continue;
    const key = endpointText(c.dst, result.granularity);
    const ports = c.allPorts ? PortSet.ALL : PortSet.fromEntries(c.ports);
    const entry = out.get(key);
    if (entry) entry.ports = entry.ports.union(ports);
    else out.set(key, { endpoint: c.dst, ports });
  }
  return out;
}

function internetPorts(result: ConnectivityResult): Map<string, PortSet> {
  return new Map(internetExposure(result).map((e) => [endpointText(e.endpoint, result.granularity), e.allPorts ? PortSet.ALL : PortSet.fromEntries(e.ports)]));
}

function newExposures(diff: DiffResult, before: ConnectivityResult, after: ConnectivityResult): NewExposure[] {
  const g = after.granularity;
  const outsideBefore = outsidePorts(before);
  const internetBefore = internetPorts(before);
  const internetAfter = internetPorts(after);
  const found: (NewExposure & { portCount: number })[] = [];
  for (const [key, { endpoint, ports }] of outsidePorts(after)) {
    const internetNew = (internetAfter.get(key) ?? PortSet.EMPTY).subtract(internetBefore.get(key) ?? PortSet.EMPTY);
    const outsideNew = ports.subtract(outsideBefore.get(key)?.ports ?? PortSet.EMPTY);
    const wasExposed = outsideBefore.has(key);
    const internet = !internetNew.isEmpty();
    if (!internet && outsideNew.isEmpty() && wasExposed) continue;
    const shown = internet ? internetNew : outsideNew;
    const causes = new Set<string>();
    for (const change of diff.changes) {
      if (change.type === 'removed' || !(isExternal(change.src) || isIngressController(change.src)) || endpointText(change.dst, g) !== key) continue;
      for (const cause of change.causes ?? []) causes.add(`${cause.kind}: ${cause.object}`);
    }
    const entries = shown.toEntries();
    found.push({ endpoint, text: key, internet, ports: entries, causes: [...causes].sort(), portCount: entries.length });
  }
  return found
    .sort((a, b) => Number(b.internet) - Number(a.internet) || b.portCount - a.portCount || a.text.localeCompare(b.text))
    .slice(0, TOP_NEW_EXPOSURES)
    .map(({ portCount: _n, ...e }) => e);
}
