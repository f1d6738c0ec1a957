-- Read-only views for dashboards (Grafana's PostgreSQL data source, docs/grafana.md) and for the
-- service's own /metrics gauges. Only snapshots whose content is analysed (status 'ready') appear.

-- Every metric of every ready snapshot: the time series of each cluster.
CREATE VIEW cluster_metric_history AS
SELECT k.name AS cluster, s.id AS snapshot_id, s.name AS snapshot, s.captured_at, m.metric, m.value
  FROM snapshot_metrics m
  JOIN snapshots s ON s.id = m.snapshot_id
  JOIN snapshot_contents c ON c.id = s.content_id
  JOIN clusters k ON k.id = s.cluster_id
 WHERE c.status = 'ready';

-- The latest ready snapshot of each cluster (latest capture time; ties broken by id).
CREATE VIEW cluster_latest_snapshots AS
SELECT DISTINCT ON (s.cluster_id) k.name AS cluster, s.id AS snapshot_id, s.name AS snapshot, s.captured_at, s.content_id
  FROM snapshots s
  JOIN snapshot_contents c ON c.id = s.content_id
  JOIN clusters k ON k.id = s.cluster_id
 WHERE c.status = 'ready'
 ORDER BY s.cluster_id, s.captured_at DESC, s.id DESC;

-- Every metric of each cluster's latest ready snapshot.
CREATE VIEW cluster_latest_metrics AS
SELECT l.cluster, l.snapshot_id, l.snapshot, l.captured_at, m.metric, m.value
  FROM cluster_latest_snapshots l
  JOIN snapshot_metrics m ON m.snapshot_id = l.snapshot_id;

-- What reaches each workload from outside the cluster in the latest ready snapshot: one row per
-- source (an external address block or the ingress controller). `internet` is true when the block
-- holds a public address: one outside the blocks the engine treats as not the internet
-- (src/engine/queries/internet.ts).
CREATE VIEW cluster_current_exposures AS
SELECT l.cluster, l.snapshot_id, l.captured_at,
       w.dst_kind AS kind, w.dst_namespace AS namespace, w.dst_name AS name,
       w.src_kind AS source_kind, w.src_cidrs AS source_cidrs,
       w.all_ports, w.conn AS ports,
       (w.src_kind = 'External' AND EXISTS (
          SELECT 1 FROM unnest(w.src_cidrs) AS block(cidr)
           WHERE NOT (block.cidr::cidr <<= ANY (ARRAY['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8',
                                                   '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128']::cidr[]))
       )) AS internet
  FROM cluster_latest_snapshots l
  JOIN workload_connections w ON w.content_id = l.content_id
 WHERE w.src_kind IN ('External', 'IngressController') AND w.dst_namespace IS NOT NULL;
