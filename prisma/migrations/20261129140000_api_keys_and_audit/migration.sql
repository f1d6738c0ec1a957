-- API keys: a key is `ps_<key_id>_<secret>`. Only key_id (to find the row) and an scrypt hash of
-- the whole key are stored; the key itself is shown once, when it is created.
CREATE TABLE "api_keys" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "key_id" TEXT NOT NULL,
    -- scrypt$<N>$<r>$<p>$<salt base64url>$<hash base64url>
    "secret_hash" TEXT NOT NULL,
    -- read, write, admin (admin implies write, write implies read).
    "scopes" TEXT[] NOT NULL,
    -- Names of the clusters the key may see; empty = every cluster.
    "clusters" TEXT[] NOT NULL DEFAULT '{}',
    "created_by" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revoked_at" TIMESTAMPTZ(3),
    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id"),
    CONSTRAINT "api_keys_scopes_check" CHECK (cardinality("scopes") > 0 AND "scopes" <@ ARRAY['read', 'write', 'admin']::TEXT[])
);
CREATE UNIQUE INDEX "api_keys_key_id_key" ON "api_keys"("key_id");

-- Who changed what, when, from where: imports, captures, deletions, keys created or revoked,
-- cluster settings changed.
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    -- `key:<name>` for an API key, `cli` for `policyscope keys`, `anonymous` when AUTH=off.
    "actor" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "target" TEXT,
    "address" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);
CREATE INDEX "audit_events_at_idx" ON "audit_events"("at" DESC);
