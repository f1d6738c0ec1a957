-- Webhooks per cluster: a new ready snapshot that adds internet exposure is POSTed to each URL,
-- signed with HMAC-SHA256 of the webhook's secret; each delivery and its attempts are recorded.

CREATE TABLE webhooks (
  id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  cluster_id  uuid NOT NULL REFERENCES clusters(id) ON DELETE CASCADE,
  url         text NOT NULL,
  secret      text NOT NULL,
  created_at  timestamptz(3) NOT NULL DEFAULT now()
);
CREATE INDEX webhooks_cluster_id_idx ON webhooks (cluster_id);

-- A snapshot checked for a webhook (whether or not it gave a delivery): each is checked once.
CREATE TABLE webhook_checks (
  webhook_id  uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  snapshot_id uuid NOT NULL,
  checked_at  timestamptz(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (webhook_id, snapshot_id)
);

CREATE TABLE webhook_deliveries (
  id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  webhook_id      uuid NOT NULL REFERENCES webhooks(id) ON DELETE CASCADE,
  snapshot_id     uuid NOT NULL,
  event           text NOT NULL,
  payload         jsonb NOT NULL,
  -- pending (to be tried at next_attempt_at), delivered (a 2xx answer) or failed (attempts exhausted)
  status          text NOT NULL DEFAULT 'pending',
  attempts        integer NOT NULL DEFAULT 0,
  response_status integer,
  error           text,
  next_attempt_at timestamptz(3) NOT NULL DEFAULT now(),
  created_at      timestamptz(3) NOT NULL DEFAULT now(),
  delivered_at    timestamptz(3)
);
CREATE INDEX webhook_deliveries_due_idx ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_webhook_idx ON webhook_deliveries (webhook_id, created_at DESC);
