-- The findings of each analysed content (issue 10: "open findings" for Grafana's PostgreSQL data
-- source), written with the rest of its results, and a view of each cluster's latest ready
-- snapshot's findings. Contents analysed before have none until they are analysed again.
CREATE TABLE content_findings (
  content_id uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  position   integer NOT NULL,
  severity   text NOT NULL,
  code       text NOT NULL,
  message    text NOT NULL,
  objects    jsonb NOT NULL,
  PRIMARY KEY (content_id, position)
);

-- The findings of each cluster's latest ready snapshot (most severe first).
CREATE VIEW cluster_open_findings AS
SELECT l.cluster, l.snapshot_id, l.captured_at, f.severity, f.code, f.message, f.objects
  FROM cluster_latest_snapshots l
  JOIN content_findings f ON f.content_id = l.content_id;
