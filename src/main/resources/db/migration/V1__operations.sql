-- Operations: the job table. Heartbeat and progress columns are deliberately left out of every
-- index so that heartbeats and progress writes stay HOT updates (see docs/decisions.md).
CREATE TABLE operation (
    id                        uuid PRIMARY KEY,
    tenant_id                 text        NOT NULL,
    type                      text        NOT NULL CHECK (type IN ('ingest_text', 'ingest_batch', 'ingest_files', 'sync',
                                                                   'reindex', 'remove_source', 'delete_collection')),
    status                    text        NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed', 'cancelled')),
    collection                text        NOT NULL,
    priority                  smallint    NOT NULL DEFAULT 5 CHECK (priority BETWEEN 0 AND 9),
    input                     jsonb       NOT NULL,
    idempotency_key           text,
    request_hash              text,
    retry_of                  uuid,
    created_at                timestamptz NOT NULL DEFAULT now(),
    updated_at                timestamptz NOT NULL DEFAULT now(),
    started_at                timestamptz,
    completed_at              timestamptz,
    heartbeat_at              timestamptz,
    deadline_at               timestamptz,
    claimed_at                timestamptz,
    not_before                timestamptz NOT NULL DEFAULT now(),
    timeout_seconds           integer CHECK (timeout_seconds > 0),
    expected_duration_seconds integer,
    attempt                   integer     NOT NULL DEFAULT 0,
    max_attempts              integer     NOT NULL CHECK (max_attempts BETWEEN 1 AND 100),
    handed_back               boolean     NOT NULL DEFAULT false,
    claim_token               bigint      NOT NULL DEFAULT 0,
    cancel_requested          boolean     NOT NULL DEFAULT false,
    worker_id                 text,
    stage                     text,
    percentage                double precision,
    total_items               integer,
    processed_items           integer     NOT NULL DEFAULT 0,
    failed_items              integer     NOT NULL DEFAULT 0,
    current_item              text,
    result                    jsonb,
    error_code                text,
    error_message             text,
    error_details             jsonb,
    CONSTRAINT operation_done_has_completed_at CHECK (
        (status IN ('completed', 'failed', 'cancelled')) = (completed_at IS NOT NULL))
) WITH (fillfactor = 70);

-- Claim: highest priority first, then oldest, among pending ones.
CREATE INDEX operation_claim_idx ON operation (priority DESC, created_at, id) WHERE status = 'pending';
-- Per-tenant listing, newest first, keyset pagination on (created_at, id).
CREATE INDEX operation_tenant_list_idx ON operation (tenant_id, created_at DESC, id DESC);
-- Stale-heartbeat and deadline scans: the running set is small, so a partial index on the
-- running rows is enough; heartbeat_at is read from the heap to keep heartbeats HOT.
CREATE INDEX operation_running_idx ON operation (deadline_at) WHERE status = 'running';
-- Retention: terminal operations by completion time.
CREATE INDEX operation_retention_idx ON operation (completed_at) WHERE status IN ('completed', 'failed', 'cancelled');
-- Idempotency-Key is unique per tenant while the operation is retained.
CREATE UNIQUE INDEX operation_idempotency_idx ON operation (tenant_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Documents and their chunks: upserted by (tenant, collection, source id) and content hash.
CREATE TABLE document (
    id           uuid PRIMARY KEY,
    tenant_id    text        NOT NULL,
    collection   text        NOT NULL,
    source_id    text        NOT NULL,
    content_hash text        NOT NULL,
    metadata     jsonb,
    -- The operation that last wrote this document and how ('added' or 'updated'), so that a
    -- re-run of that same operation after a crash reports the write as its own, not 'unchanged'.
    written_by   uuid,
    written_as   text CHECK (written_as IN ('added', 'updated')),
    chunk_count  integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT document_source_uq UNIQUE (tenant_id, collection, source_id)
);

CREATE TABLE chunk (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    document_id uuid    NOT NULL REFERENCES document (id) ON DELETE CASCADE,
    tenant_id   text    NOT NULL,
    collection  text    NOT NULL,
    chunk_index integer NOT NULL,
    content     text    NOT NULL,
    tsv         tsvector GENERATED ALWAYS AS (to_tsvector('english', content)) STORED,
    CONSTRAINT chunk_position_uq UNIQUE (document_id, chunk_index)
);

CREATE INDEX chunk_tsv_idx ON chunk USING gin (tsv);
CREATE INDEX chunk_tenant_collection_idx ON chunk (tenant_id, collection);
