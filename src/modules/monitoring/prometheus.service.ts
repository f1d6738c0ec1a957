import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { METRICS } from '../../engine/index.js';
import { ANALYSIS_QUEUE } from '../analysis/analysis-queue.js';
import { MonitoringRepository } from './monitoring.repository.js';

/** pg-boss states, so that every state is exported (0 when none), not only those present. */
const JOB_STATES = ['created', 'retry', 'active', 'completed', 'cancelled', 'failed'];
const SNAPSHOT_STATUSES = ['pending', 'analyzing', 'ready', 'failed'];

/** The gauge name of a snapshot metric: `policyscope_cluster_<metric>`. */
export function clusterGaugeName(metric: string): string {
  return `policyscope_cluster_${metric.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/**
 * The process's Prometheus registry (one per app, not prom-client's global one, so that several
 * apps in one process, as in tests, do not share figures). HTTP latency is observed as requests
 * finish; everything else is read from the database at each scrape, so figures of worker
 * processes (job durations, queue depth) are included whichever process is scraped.
 */
@Injectable()
export class PrometheusService {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status'>;
  private readonly jobDuration: Histogram;
  private readonly engineDuration: Histogram;
  private readonly jobsSeen: Counter;
  private readonly queueDepth: Gauge;
  private readonly queueJobs: Gauge<'state'>;
  private readonly snapshots: Gauge<'status'>;
  private readonly clustersReported: Gauge;
  private readonly clusterGauges: Map<string, Gauge<'cluster'>>;
  /** Analyses finished after this time are observed at the next scrape (starts at process start). */
  private watermark = new Date();

  constructor(private readonly repository: MonitoringRepository) {
    collectDefaultMetrics({ register: this.registry, prefix: 'policyscope_process_' });
    this.httpDuration = new Histogram({
      name: 'policyscope_http_request_duration_seconds',
      help: 'HTTP request latency by method, route template (e.g. /api/v1/snapshots/:id) and status code.',
      labelNames: ['method', 'route', 'status'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    this.jobDuration = new Histogram({
      name: 'policyscope_analysis_job_duration_seconds',
      help: 'Analysis jobs finished since the process started: from start of analysis to stored results.',
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
      registers: [this.registry],
    });
    this.engineDuration = new Histogram({
      name: 'policyscope_analysis_engine_duration_seconds',
      help: 'Engine time of the analyses finished since the process started (the analysis_ms metric).',
      buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
      registers: [this.registry],
    });
    this.jobsSeen = new Counter({ name: 'policyscope_analyses_finished_total', help: 'Analyses finished since the process started.', registers: [this.registry] });
    this.queueDepth = new Gauge({ name: 'policyscope_queue_depth', help: 'Analysis jobs waiting to run (pg-boss states created and retry).', registers: [this.registry] });
    this.queueJobs = new Gauge({ name: 'policyscope_queue_jobs', help: 'Analysis jobs kept by the queue, by pg-boss state.', labelNames: ['state'], registers: [this.registry] });
    this.snapshots = new Gauge({ name: 'policyscope_snapshots', help: 'Stored snapshots (observations) by the status of their analysis.', labelNames: ['status'], registers: [this.registry] });
    this.clustersReported = new Gauge({ name: 'policyscope_clusters_reported', help: 'Clusters with a ready snapshot (each has the policyscope_cluster_* gauges).', registers: [this.registry] });
    // One gauge per snapshot metric, labelled by cluster: the latest ready snapshot's value.
    this.clusterGauges = new Map(
      Object.entries(METRICS).map(([metric, what]) => [
        metric,
        new Gauge({ name: clusterGaugeName(metric), help: `Latest ready snapshot of each cluster: ${what}.`, labelNames: ['cluster'], registers: [this.registry] }),
      ]),
    );
  }

  /** The exposition text (and its content type), after reading the database's figures. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    const [jobs, snapshots, latest] = await Promise.all([
      this.repository.jobsByState(ANALYSIS_QUEUE),
      this.repository.snapshotsByStatus(),
      this.repository.latestMetrics(),
      this.observeFinishedAnalyses(),
    ]);
    const byState = new Map(jobs.map((r) => [r.state, r.count]));
    for (const state of new Set([...JOB_STATES, ...byState.keys()])) this.queueJobs.set({ state }, byState.get(state) ?? 0);
    this.queueDepth.set((byState.get('created') ?? 0) + (byState.get('retry') ?? 0));
    const byStatus = new Map(snapshots.map((r) => [r.status, r.count]));
    for (const status of SNAPSHOT_STATUSES) this.snapshots.set({ status }, byStatus.get(status) ?? 0);
    // A deleted cluster's series disappear rather than keep their last value.
    for (const gauge of this.clusterGauges.values()) gauge.reset();
    for (const r of latest) this.clusterGauges.get(r.metric)?.set({ cluster: r.cluster }, r.value);
    this.clustersReported.set(new Set(latest.map((r) => r.cluster)).size);
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  private async observeFinishedAnalyses(): Promise<void> {
    const finished = await this.repository.analysesFinishedAfter(this.watermark);
    for (const a of finished) {
      if (a.jobSeconds !== null && a.jobSeconds >= 0) this.jobDuration.observe(a.jobSeconds);
      if (a.engineMs !== null) this.engineDuration.observe(a.engineMs / 1000);
      this.jobsSeen.inc();
      this.watermark = a.finishedAt;
    }
  }
}
