-- `internet` of each outside source now comes from the engine, stored with the workload's exposure
-- (workload_summaries.exposure[].internet): a public address is one outside the private and special
-- blocks *and* the cluster's own pod and Service ranges, which SQL alone does not know. Exposure
-- stored before (no `internet` key) keeps the block-only rule until its content is recomputed.
CREATE OR REPLACE VIEW cluster_current_exposures AS
SELECT l.cluster, l.snapshot_id, l.captured_at,
       w.kind, w.namespace, w.name,
       e.source->>'sourceKind' AS source_kind,
       CASE WHEN e.source->>'sourceKind' = 'External' THEN ARRAY(SELECT jsonb_array_elements_text(e.source->'cidrs')) END AS source_cidrs,
       (e.source->>'allPorts')::boolean AS all_ports, e.source->>'ports' AS ports,
       COALESCE((e.source->>'internet')::boolean, (e.source->>'sourceKind' = 'External' AND EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(e.source->'cidrs') AS block(cidr)
           WHERE NOT (block.cidr::cidr <<= ANY (ARRAY['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8',
                                                   '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128']::cidr[]))
       ))) AS internet
  FROM cluster_latest_snapshots l
  JOIN workload_summaries w ON w.content_id = l.content_id
 CROSS JOIN LATERAL jsonb_array_elements(w.exposure) AS e(source);
