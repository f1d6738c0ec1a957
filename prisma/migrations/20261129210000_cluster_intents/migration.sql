-- Intents per cluster (docs/contracts.md "Intent checks"): the validated list, as the engine reads
-- it, evaluated on every snapshot of the cluster when its results are asked for.

CREATE TABLE cluster_intents (
  cluster_id  uuid PRIMARY KEY REFERENCES clusters(id) ON DELETE CASCADE,
  intents     jsonb NOT NULL,
  updated_at  timestamptz(3) NOT NULL DEFAULT now()
);
