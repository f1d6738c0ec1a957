export interface PortLike {
  protocol: string;
  from?: number | null;
  to?: number | null;
  name?: string | null;
}

export function portText(p: PortLike): string {
  if (p.name) return `${p.protocol} ${p.name}`;
  if (p.from == null) return `${p.protocol} all ports`;
  return p.to != null && p.to !== p.from ? `${p.protocol} ${p.from}-${p.to}` : `${p.protocol} ${p.from}`;
}

export function portsText(c: { allPorts: boolean; ports: readonly PortLike[] } | null | undefined): string {
  if (!c) return 'none';
  if (c.allPorts) return 'all ports';
  return c.ports.map(portText).join(', ') || 'none';
}

export function when(iso: string | null | undefined): string {
  if (!iso) return '';
  return new Date(iso).toISOString().replace('T', ' ').replace(/\.\d+Z$/, ' UTC');
}

/** The metrics the overview and trends show first, with the words people read. */
export const METRIC_LABELS: Record<string, string> = {
  internet_exposed_workloads: 'Internet-exposed workloads',
  workloads_reachable_from_outside: 'Reachable from outside',
  ingress_isolated_pod_share: 'Ingress-isolated pods',
  egress_isolated_pod_share: 'Egress-isolated pods',
  allowed_workload_pairs: 'Allowed workload pairs',
  cross_namespace_workload_pairs: 'Cross-namespace pairs',
  internet_exposed_ports: 'Internet-exposed ports',
  workloads: 'Workloads',
  policies: 'Policies',
  namespaces: 'Namespaces',
  pods_observed: 'Pods observed',
  pods_modelled: 'Pods modelled',
  pod_classes: 'Pod classes',
  analysis_ms: 'Analysis (ms)',
};

export const RISK_METRICS = ['internet_exposed_workloads', 'workloads_reachable_from_outside', 'ingress_isolated_pod_share', 'egress_isolated_pod_share', 'cross_namespace_workload_pairs'];

export function metricText(name: string, value: number | null | undefined): string {
  if (value == null) return '–';
  if (name.endsWith('_share')) return `${Math.round(value * 100)}%`;
  return Number.isInteger(value) ? value.toLocaleString('en') : value.toFixed(1);
}

export function metricsByName(metrics: readonly { name: string; value: number }[] | null | undefined): Record<string, number> {
  return Object.fromEntries((metrics ?? []).map((m) => [m.name, m.value]));
}
