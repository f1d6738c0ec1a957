import { readFileSync } from 'node:fs';
import { PrometheusService } from '../../src/modules/monitoring/prometheus.service.js';
import type { MonitoringRepository } from '../../src/modules/monitoring/monitoring.repository.js';

// The dashboard in docs/ must only query series that GET /metrics exports, and docs/grafana.md
// must name every one of them.

const HISTOGRAM_SUFFIX = /_(bucket|count|sum)$/;

describe('docs/grafana-dashboard.json', () => {
  // The registry's metric names do not depend on the database: the repository is never called here.
  const exported = new Set(new PrometheusService({} as MonitoringRepository).registry.getMetricsAsArray().map((m) => m.name));
  const dashboard = JSON.parse(readFileSync('docs/grafana-dashboard.json', 'utf8')) as { panels: { title: string; targets: { expr: string }[] }[] };

  it('queries only exported series', () => {
    const used = dashboard.panels.flatMap((p) => p.targets.flatMap((t) => t.expr.match(/policyscope_[a-z_]+/g) ?? []));
    expect(used.length).toBeGreaterThan(8);
    for (const name of used) expect(exported).toContain(HISTOGRAM_SUFFIX.test(name) && !exported.has(name) ? name.replace(HISTOGRAM_SUFFIX, '') : name);
  });

  it('has a panel for internet exposure and one for queue depth', () => {
    const exprs = dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)).join('\n');
    expect(exprs).toContain('policyscope_cluster_internet_exposed_workloads');
    expect(exprs).toContain('policyscope_queue_depth');
  });

  it('every exported PolicyScope series is documented in docs/grafana.md', () => {
    const doc = readFileSync('docs/grafana.md', 'utf8');
    for (const name of exported) {
      if (name.startsWith('policyscope_process_')) continue;
      expect(doc.includes(name) || (name.startsWith('policyscope_cluster_') && doc.includes('policyscope_cluster_<metric>'))).toBe(true);
    }
  });
});
