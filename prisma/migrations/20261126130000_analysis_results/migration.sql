-- Stored analysis results, so that queries never re-run the analysis, and per-snapshot metrics
-- for history. Metrics are rows (one per metric), so new metrics need no migration.

-- Workload-granularity connectivity as plain rows for SQL tools (Grafana, psql).
CREATE TABLE "workload_connections" (
    "id" BIGSERIAL NOT NULL,
    "snapshot_id" UUID NOT NULL,
    "src_kind" TEXT NOT NULL,
    "src_namespace" TEXT,
    "src_name" TEXT,
    "src_cidrs" TEXT[],
    "dst_kind" TEXT NOT NULL,
    "dst_namespace" TEXT,
    "dst_name" TEXT,
    "dst_cidrs" TEXT[],
    "all_ports" BOOLEAN NOT NULL,
    "ports" JSONB NOT NULL,
    "conn" TEXT NOT NULL,
    CONSTRAINT "workload_connections_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "workload_connections_snapshot_id_src_idx" ON "workload_connections"("snapshot_id", "src_kind", "src_namespace", "src_name");
CREATE INDEX "workload_connections_snapshot_id_dst_idx" ON "workload_connections"("snapshot_id", "dst_kind", "dst_namespace", "dst_name");
ALTER TABLE "workload_connections" ADD CONSTRAINT "workload_connections_snapshot_id_fkey"
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Equivalence classes of pods (pods every policy treats alike) and their members.
CREATE TABLE "pod_classes" (
    "snapshot_id" UUID NOT NULL,
    "class_index" INTEGER NOT NULL,
    "namespace" TEXT NOT NULL,
    "labels" JSONB NOT NULL,
    "members" TEXT[] NOT NULL,
    CONSTRAINT "pod_classes_pkey" PRIMARY KEY ("snapshot_id", "class_index")
);
ALTER TABLE "pod_classes" ADD CONSTRAINT "pod_classes_snapshot_id_fkey"
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Whole results in compact form (gzip-compressed JSON), e.g. connectivity at each granularity.
CREATE TABLE "analysis_artifacts" (
    "snapshot_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "encoding" TEXT NOT NULL DEFAULT 'json+gzip',
    "data" BYTEA NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "analysis_artifacts_pkey" PRIMARY KEY ("snapshot_id", "name")
);
ALTER TABLE "analysis_artifacts" ADD CONSTRAINT "analysis_artifacts_snapshot_id_fkey"
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One row per (snapshot, metric): the time series behind cluster history.
CREATE TABLE "snapshot_metrics" (
    "snapshot_id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "captured_at" TIMESTAMPTZ(3) NOT NULL,
    "metric" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    CONSTRAINT "snapshot_metrics_pkey" PRIMARY KEY ("snapshot_id", "metric")
);
CREATE INDEX "snapshot_metrics_cluster_id_metric_captured_at_idx" ON "snapshot_metrics"("cluster_id", "metric", "captured_at");
ALTER TABLE "snapshot_metrics" ADD CONSTRAINT "snapshot_metrics_snapshot_id_fkey"
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "snapshot_metrics" ADD CONSTRAINT "snapshot_metrics_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- How many times an analysis ran to completion for a snapshot (a job must complete once).
ALTER TABLE "snapshots" ADD COLUMN "analysis_runs" INTEGER NOT NULL DEFAULT 0;
