-- One upload may override its cluster's analysis options for its own snapshot. Stored contents
-- are shared by the cluster's snapshots of equal content hash *and* equal override: results are
-- computed per content, so a snapshot with an override never shares (nor is answered by) results
-- computed without it. '{}' = no override (every content stored before).
ALTER TABLE snapshot_contents ADD COLUMN analysis_override jsonb NOT NULL DEFAULT '{}';
DROP INDEX "snapshot_contents_cluster_id_content_sha256_key";
CREATE UNIQUE INDEX "snapshot_contents_cluster_id_content_sha256_analysis_override_key" ON "snapshot_contents"("cluster_id", "content_sha256", "analysis_override");
