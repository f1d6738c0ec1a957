-- Every capture or upload is an observation (a snapshot row); what was observed (the objects) and
-- what the analysis made of it (the results) belong to a content row shared by every snapshot of
-- the same cluster whose content hash is equal, so nothing is stored or analysed twice.
-- Existing snapshots each become their own content, with the same id, so no row moves.

CREATE TABLE "snapshot_contents" (
    "id" UUID NOT NULL,
    "cluster_id" UUID NOT NULL,
    "content_sha256" CHAR(64) NOT NULL,
    "status" "SnapshotStatus" NOT NULL DEFAULT 'pending',
    "error" TEXT,
    -- Engine version and analysis options the stored results were computed with (null: unknown,
    -- recomputed before they are served).
    "engine_version" TEXT,
    "analysis_options" JSONB,
    -- The analysis' own diagnostics and metrics (snapshot_metrics copies the metrics per observation).
    "analysis_diagnostics" JSONB NOT NULL DEFAULT '[]',
    "metrics" JSONB NOT NULL DEFAULT '{}',
    "analyze_ms" INTEGER,
    "analysis_started_at" TIMESTAMPTZ(3),
    "analysis_finished_at" TIMESTAMPTZ(3),
    "analysis_runs" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "snapshot_contents_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "snapshot_contents_cluster_id_content_sha256_key" ON "snapshot_contents"("cluster_id", "content_sha256");
CREATE INDEX "snapshot_contents_status_idx" ON "snapshot_contents"("status");
ALTER TABLE "snapshot_contents" ADD CONSTRAINT "snapshot_contents_cluster_id_fkey"
    FOREIGN KEY ("cluster_id") REFERENCES "clusters"("id") ON DELETE CASCADE ON UPDATE CASCADE;

INSERT INTO "snapshot_contents" ("id", "cluster_id", "content_sha256", "status", "error", "analysis_diagnostics", "metrics",
                                 "analyze_ms", "analysis_started_at", "analysis_finished_at", "analysis_runs", "created_at")
SELECT s."id", s."cluster_id", s."content_sha256", s."status", s."error",
       COALESCE((SELECT jsonb_agg(d) FROM jsonb_array_elements(s."diagnostics") d WHERE d->>'analysis' = 'true'), '[]'),
       COALESCE((SELECT jsonb_object_agg(m."metric", m."value") FROM "snapshot_metrics" m WHERE m."snapshot_id" = s."id"), '{}'),
       (s."timings"->>'analyzeMs')::int, s."analysis_started_at", s."analysis_finished_at", s."analysis_runs", s."created_at"
  FROM "snapshots" s;

ALTER TABLE "snapshots" ADD COLUMN "content_id" UUID;
UPDATE "snapshots" SET "content_id" = "id",
       "diagnostics" = COALESCE((SELECT jsonb_agg(d) FROM jsonb_array_elements("diagnostics") d WHERE d->>'analysis' IS DISTINCT FROM 'true'), '[]'),
       "timings" = "timings" - 'analyzeMs';
ALTER TABLE "snapshots" ALTER COLUMN "content_id" SET NOT NULL;
-- NO ACTION: a content row is only ever deleted once no snapshot references it.
ALTER TABLE "snapshots" ADD CONSTRAINT "snapshots_content_id_fkey"
    FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE NO ACTION ON UPDATE CASCADE;
CREATE INDEX "snapshots_content_id_idx" ON "snapshots"("content_id");
DROP INDEX "snapshots_cluster_id_content_sha256_key";
CREATE INDEX "snapshots_cluster_id_content_sha256_idx" ON "snapshots"("cluster_id", "content_sha256");
DROP INDEX "snapshots_status_idx";
ALTER TABLE "snapshots" DROP COLUMN "status", DROP COLUMN "error", DROP COLUMN "analysis_started_at",
    DROP COLUMN "analysis_finished_at", DROP COLUMN "analysis_runs";

-- Objects and results now belong to the content.
ALTER TABLE "kubernetes_objects" DROP CONSTRAINT "kubernetes_objects_snapshot_id_fkey";
ALTER TABLE "kubernetes_objects" RENAME COLUMN "snapshot_id" TO "content_id";
ALTER INDEX "kubernetes_objects_snapshot_id_kind_namespace_name_idx" RENAME TO "kubernetes_objects_content_id_kind_namespace_name_idx";
ALTER TABLE "kubernetes_objects" ADD CONSTRAINT "kubernetes_objects_content_id_fkey"
    FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "workload_connections" DROP CONSTRAINT "workload_connections_snapshot_id_fkey";
ALTER TABLE "workload_connections" RENAME COLUMN "snapshot_id" TO "content_id";
ALTER INDEX "workload_connections_snapshot_id_src_idx" RENAME TO "workload_connections_content_id_src_idx";
ALTER INDEX "workload_connections_snapshot_id_dst_idx" RENAME TO "workload_connections_content_id_dst_idx";
ALTER TABLE "workload_connections" ADD CONSTRAINT "workload_connections_content_id_fkey"
    FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "pod_classes" DROP CONSTRAINT "pod_classes_snapshot_id_fkey";
ALTER TABLE "pod_classes" RENAME COLUMN "snapshot_id" TO "content_id";
ALTER TABLE "pod_classes" ADD CONSTRAINT "pod_classes_content_id_fkey"
    FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "analysis_artifacts" DROP CONSTRAINT "analysis_artifacts_snapshot_id_fkey";
ALTER TABLE "analysis_artifacts" RENAME COLUMN "snapshot_id" TO "content_id";
ALTER TABLE "analysis_artifacts" ADD CONSTRAINT "analysis_artifacts_content_id_fkey"
    FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE;
