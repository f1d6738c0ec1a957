-- Clusters, snapshots and the raw Kubernetes objects of each snapshot.

CREATE TYPE "SnapshotStatus" AS ENUM ('pending', 'analyzing', 'ready', 'failed');
CREATE TYPE "SnapshotSource" AS ENUM ('upload', 'live', 'cli');

CREATE TABLE "clusters" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "kubeconfig_path" TEXT,
    "kube_context" TEXT,
    "in_cluster" BOOLEAN NOT NULL DEFAULT false,
    "capture_schedule" TEXT,
    "retain_last" INTEGER,
    "retain_days" INTEGER,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    CONSTRAINT "clusters_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "clusters_name_key" ON "clusters"("name");

CREATE TABLE "snapshots" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "captured_at" TIMESTAMPTZ(3) NOT NULL,
    "source" "SnapshotSource" NOT NULL,
    "content_sha256" CHAR(64) NOT NULL,
    "status" "SnapshotStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    "counts" JSONB NOT NULL DEFAULT '{}',
    "diagnostics" JSONB NOT NULL DEFAULT '[]',
    "timings" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "analysis_started_at" TIMESTAMPTZ(3),
    "analysis_finished_at" TIMESTAMPTZ(3),
    CONSTRAINT "snapshots_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "snapshots_cluster_id_content_sha256_key" ON "snapshots"("cluster_id", "content_sha256");
CREATE INDEX "snapshots_cluster_id_captured_at_idx" ON "snapshots"("cluster_id", "captured_at" DESC);
CREATE INDEX "snapshots_status_idx" ON "snapshots"("status");
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "kubernetes_objects" (
    "id" BIGSERIAL NOT NULL,
    "snapshot_id" UUID NOT NULL,
    "kind" TEXT NOT NULL,
    "api_version" TEXT NOT NULL,
    "namespace" TEXT,
    "name" TEXT NOT NULL,
    "uid" TEXT,
    "labels" JSONB NOT NULL DEFAULT '{}',
    "raw" JSONB NOT NULL,
    CONSTRAINT "kubernetes_objects_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "kubernetes_objects_snapshot_id_kind_namespace_name_idx" ON "kubernetes_objects"("snapshot_id", "kind", "namespace", "name");
CREATE INDEX "kubernetes_objects_labels_idx" ON "kubernetes_objects" USING GIN ("labels" jsonb_path_ops);
ALTER TABLE "kubernetes_objects" ADD CONSTRAINT "kubernetes_objects_snapshot_id_fkey"
    FOREIGN KEY ("snapshot_id") REFERENCES "snapshots"("id") ON DELETE CASCADE ON UPDATE CASCADE;
