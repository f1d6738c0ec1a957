-- Per-cluster analysis options (ipBlockMatchesPods, adminNetworksMatchPods, hostNetwork,
-- enforcement): only the options set for the cluster are stored; an option left out defaults from
-- the detected network plugin, then the engine's default. Results record the options they were
-- computed with (snapshot_contents.analysis_options), so a change here makes them stale.
ALTER TABLE clusters ADD COLUMN analysis_options jsonb NOT NULL DEFAULT '{}';
