-- Webhooks (Standard Webhooks): an operation submitted with a callback_url gets one delivery when it
-- reaches a terminal state, created by a trigger in the same transaction as that change, whichever
-- path made it (worker, reaper, API cancel, admin). Replicas claim due deliveries like operations:
-- a lease (claimed_until) longer than one attempt can take, and a claim_token that fences the
-- writes of an attempt whose lease another replica took over.
ALTER TABLE operation ADD COLUMN callback_url text;

CREATE TABLE webhook_delivery (
    id              uuid PRIMARY KEY,
    operation_id    uuid        NOT NULL,
    tenant_id       text        NOT NULL,
    url             text        NOT NULL,
    event_type      text        NOT NULL,
    body            text,
    status          text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivering', 'delivered', 'failed')),
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    claim_token     bigint      NOT NULL DEFAULT 0,
    claimed_by      text,
    claimed_until   timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now(),
    delivered_at    timestamptz,
    last_error      text
);
CREATE INDEX webhook_delivery_due_idx ON webhook_delivery (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_delivery_lease_idx ON webhook_delivery (claimed_until) WHERE status = 'delivering';
CREATE INDEX webhook_delivery_operation_idx ON webhook_delivery (operation_id);
CREATE INDEX webhook_delivery_retention_idx ON webhook_delivery (created_at);

-- One row per attempt: what the receiver answered, how long it took, or why it failed.
CREATE TABLE webhook_attempt (
    delivery_id      uuid        NOT NULL REFERENCES webhook_delivery (id) ON DELETE CASCADE,
    attempt          integer     NOT NULL,
    at               timestamptz NOT NULL DEFAULT now(),
    worker_id        text        NOT NULL,
    status_code      integer,
    latency_ms       integer     NOT NULL,
    error            text,
    response_excerpt text,
    PRIMARY KEY (delivery_id, attempt)
);

CREATE FUNCTION operation_webhook_due() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO webhook_delivery (id, operation_id, tenant_id, url, event_type)
    VALUES (gen_random_uuid(), NEW.id, NEW.tenant_id, NEW.callback_url, 'operation.' || NEW.status);
    RETURN NULL;
END
$$;

-- The WHEN clause is evaluated without calling the function: operations without a callback pay nothing.
CREATE TRIGGER operation_webhook_due AFTER UPDATE OF status ON operation
    FOR EACH ROW
    WHEN (NEW.callback_url IS NOT NULL AND NEW.status IN ('completed', 'failed', 'cancelled')
          AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION operation_webhook_due();
