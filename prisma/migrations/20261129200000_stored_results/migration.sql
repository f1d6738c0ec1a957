-- Stored results grow with classes, not pairs (docs/stored-results.md). Each ready content keeps
-- one compact stored result (analysis_artifacts, name 'stored-result', encoding 'psr1+gzip'), from
-- which every connectivity, exposure and diff query is answered. The one-row-per-workload-pair
-- table (939,523 rows, 235 MB for a 10,000-pod snapshot) and the pod-class rows go; dashboards
-- read two small tables instead: one row per workload, one per namespace pair.

DROP VIEW IF EXISTS cluster_current_exposures;
DROP TABLE "workload_connections";
DROP TABLE "pod_classes";

-- Results stored before hold no stored result: analysed again (the sweeper queues pending contents).
DELETE FROM "analysis_artifacts";
UPDATE "snapshot_contents" SET "status" = 'pending' WHERE "status" IN ('ready', 'analyzing');

-- Per workload of a content: what a dashboard shows about it.
CREATE TABLE "workload_summaries" (
    "content_id"       UUID NOT NULL,
    "kind"             TEXT NOT NULL,
    "namespace"        TEXT NOT NULL,
    "name"             TEXT NOT NULL,
    "pods"             INTEGER NOT NULL,
    "exposed"          BOOLEAN NOT NULL,
    "internet_exposed" BOOLEAN NOT NULL,
    "ingress_isolated" BOOLEAN NOT NULL,
    "egress_isolated"  BOOLEAN NOT NULL,
    "peers_in"         INTEGER NOT NULL,
    "peers_out"        INTEGER NOT NULL,
    -- What reaches it from outside: [{"sourceKind", "cidrs", "allPorts", "ports"}], one per source.
    "exposure"         JSONB NOT NULL DEFAULT '[]',
    CONSTRAINT "workload_summaries_pkey" PRIMARY KEY ("content_id", "namespace", "name", "kind"),
    CONSTRAINT "workload_summaries_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- Per ordered pair of namespaces of a content with at least one allowed workload pair.
CREATE TABLE "namespace_pairs" (
    "content_id"     UUID NOT NULL,
    "src_namespace"  TEXT NOT NULL,
    "dst_namespace"  TEXT NOT NULL,
    "workload_pairs" INTEGER NOT NULL,
    CONSTRAINT "namespace_pairs_pkey" PRIMARY KEY ("content_id", "src_namespace", "dst_namespace"),
    CONSTRAINT "namespace_pairs_content_id_fkey" FOREIGN KEY ("content_id") REFERENCES "snapshot_contents"("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- What reaches each workload from outside the cluster in the latest ready snapshot: one row per
-- source (an external address block or the ingress controller), as before. `internet` is true when
-- the block holds a public address: one outside the blocks the engine treats as not the internet
-- (src/engine/queries/internet.ts).
CREATE VIEW cluster_current_exposures AS
SELECT l.cluster, l.snapshot_id, l.captured_at,
       w.kind, w.namespace, w.name,
       e.source->>'sourceKind' AS source_kind,
       CASE WHEN e.source->>'sourceKind' = 'External' THEN ARRAY(SELECT jsonb_array_elements_text(e.source->'cidrs')) END AS source_cidrs,
       (e.source->>'allPorts')::boolean AS all_ports, e.source->>'ports' AS ports,
       (e.source->>'sourceKind' = 'External' AND EXISTS (
          SELECT 1 FROM jsonb_array_elements_text(e.source->'cidrs') AS block(cidr)
           WHERE NOT (block.cidr::cidr <<= ANY (ARRAY['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', '127.0.0.0/8',
                                                   '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128']::cidr[]))
       )) AS internet
  FROM cluster_latest_snapshots l
  JOIN workload_summaries w ON w.content_id = l.content_id
 CROSS JOIN LATERAL jsonb_array_elements(w.exposure) AS e(source);

-- Every workload of each cluster's latest ready snapshot, with its exposure, isolation and peers.
CREATE VIEW cluster_current_workloads AS
SELECT l.cluster, l.snapshot_id, l.captured_at,
       w.kind, w.namespace, w.name, w.pods, w.exposed, w.internet_exposed, w.ingress_isolated, w.egress_isolated, w.peers_in, w.peers_out
  FROM cluster_latest_snapshots l
  JOIN workload_summaries w ON w.content_id = l.content_id;

-- Allowed workload pairs between namespaces in each cluster's latest ready snapshot.
CREATE VIEW cluster_current_namespace_pairs AS
SELECT l.cluster, l.snapshot_id, l.captured_at, p.src_namespace, p.dst_namespace, p.workload_pairs
  FROM cluster_latest_snapshots l
  JOIN namespace_pairs p ON p.content_id = l.content_id;
