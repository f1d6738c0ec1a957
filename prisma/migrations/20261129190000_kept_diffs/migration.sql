-- Diffs are computed once and kept (issue 10). A diff between two snapshots is stored whole (gzip
-- JSON, as served) for its granularity; the change counts between two contents, which the history
-- chain reads for every consecutive pair, are stored on their own so a chain over 1,000 snapshots
-- is one query. Both are keyed by what they were computed with (engine version and both contents'
-- analysis options, hashed): a result of another engine or other options is never served.

CREATE TABLE snapshot_diffs (
  from_snapshot_id uuid NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  to_snapshot_id   uuid NOT NULL REFERENCES snapshots(id) ON DELETE CASCADE,
  granularity      text NOT NULL,
  computed_with    char(64) NOT NULL,
  data             bytea NOT NULL,
  created_at       timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (from_snapshot_id, to_snapshot_id, granularity, computed_with)
);
CREATE INDEX snapshot_diffs_to_snapshot_id_idx ON snapshot_diffs (to_snapshot_id);

CREATE TABLE content_steps (
  before_content_id uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  after_content_id  uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  computed_with     char(64) NOT NULL,
  counts            jsonb NOT NULL,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (before_content_id, after_content_id, computed_with)
);
CREATE INDEX content_steps_after_content_id_idx ON content_steps (after_content_id);
