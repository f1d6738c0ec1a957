-- Diffs are computed once and kept (issue 10). A diff between two snapshot contents is stored whole
-- (gzip JSON) per granularity, without the snapshots' names (filled in when served), so every pair
-- of snapshots with those contents shares it; the change counts between two contents, which the
-- history chain reads for every consecutive pair, are stored on their own so a chain over 1,000
-- snapshots is one query. Both are keyed by what they were computed with (engine version and both
-- contents' analysis options, hashed): a result of another engine or other options is never served.

CREATE TABLE content_diffs (
  before_content_id uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  after_content_id  uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  granularity       text NOT NULL,
  computed_with     char(64) NOT NULL,
  data              bytea NOT NULL,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (before_content_id, after_content_id, granularity, computed_with)
);
CREATE INDEX content_diffs_after_content_id_idx ON content_diffs (after_content_id);

CREATE TABLE content_steps (
  before_content_id uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  after_content_id  uuid NOT NULL REFERENCES snapshot_contents(id) ON DELETE CASCADE,
  computed_with     char(64) NOT NULL,
  counts            jsonb NOT NULL,
  created_at        timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (before_content_id, after_content_id, computed_with)
);
CREATE INDEX content_steps_after_content_id_idx ON content_steps (after_content_id);
