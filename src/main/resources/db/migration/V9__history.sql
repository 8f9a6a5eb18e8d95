-- History: one row per status change and per cancel request of an operation, with who made it
-- (DESIGN §7 "History"). Written by a trigger in the same transaction as the change, so no path
-- can change a status without leaving its event, and kept for ingest.audit-retention, longer than
-- the operation itself (no foreign key: the operation may be deleted by retention first).
CREATE TABLE operation_history (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    operation_id uuid        NOT NULL,
    tenant_id    text        NOT NULL,
    type         text        NOT NULL,
    collection   text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT clock_timestamp(),
    from_status  text,
    to_status    text        NOT NULL,
    attempt      integer     NOT NULL,
    actor_kind   text        NOT NULL CHECK (actor_kind IN ('user', 'worker', 'reaper', 'system')),
    actor_id     text,
    reason       text
);

-- An operation's timeline, oldest first.
CREATE INDEX operation_history_operation_idx ON operation_history (operation_id, id);
-- The tenant's audit log, newest first, keyset pages on id.
CREATE INDEX operation_history_tenant_idx ON operation_history (tenant_id, id DESC);
-- The audit retention sweep.
CREATE INDEX operation_history_at_idx ON operation_history (at);

-- The actor of a change: every statement that changes status or cancel_requested sets
-- changed_by = '<kind>:<id>' (Actor.wire()); the trigger moves it into the event and clears it,
-- so a statement that forgot to say who it is fails instead of inheriting the last actor. The
-- column is in no index: the hot paths' updates stay HOT. A submission's actor is its submitter.
ALTER TABLE operation ADD COLUMN changed_by text;

CREATE FUNCTION operation_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.changed_by IS NULL OR position(':' IN NEW.changed_by) = 0 THEN
        RAISE EXCEPTION 'operation % changed (% -> %, cancel_requested %) without changed_by',
            NEW.id, OLD.status, NEW.status, NEW.cancel_requested;
    END IF;
    INSERT INTO operation_history (operation_id, tenant_id, type, collection, from_status, to_status, attempt,
                                   actor_kind, actor_id, reason)
    VALUES (NEW.id, NEW.tenant_id, NEW.type, NEW.collection, OLD.status, NEW.status, NEW.attempt,
            split_part(NEW.changed_by, ':', 1),
            nullif(substr(NEW.changed_by, position(':' IN NEW.changed_by) + 1), ''),
            CASE
                WHEN NEW.status = OLD.status THEN 'cancel_requested'
                WHEN NEW.status = 'running' THEN 'claimed'
                WHEN NEW.status = 'pending' AND NEW.handed_back THEN 'handed_back'
                WHEN NEW.status = 'pending' THEN 'heartbeat_timeout'
                WHEN NEW.status = 'failed' THEN coalesce(NEW.error_code, 'failed')
                WHEN NEW.status = 'cancelled' AND OLD.status = 'pending' THEN 'cancel_requested'
                ELSE NEW.status
            END);
    NEW.changed_by := NULL;
    RETURN NEW;
END
$$;

-- AFTER, not BEFORE: an INSERT ... ON CONFLICT DO NOTHING (an Idempotency-Key replay) fires BEFORE
-- triggers for a row it then does not insert.
CREATE FUNCTION operation_history_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO operation_history (operation_id, tenant_id, type, collection, from_status, to_status, attempt,
                                   actor_kind, actor_id, reason)
    VALUES (NEW.id, NEW.tenant_id, NEW.type, NEW.collection, NULL, NEW.status, NEW.attempt,
            CASE WHEN NEW.submitted_by IS NULL THEN 'system' ELSE 'user' END, NEW.submitted_by,
            CASE WHEN NEW.retry_of IS NULL THEN 'submitted' ELSE 'retry of ' || NEW.retry_of END);
    RETURN NULL;
END
$$;

CREATE TRIGGER operation_history_inserted AFTER INSERT ON operation
    FOR EACH ROW EXECUTE FUNCTION operation_history_submitted();

CREATE TRIGGER operation_history_updated BEFORE UPDATE ON operation
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.cancel_requested IS DISTINCT FROM NEW.cancel_requested)
    EXECUTE FUNCTION operation_history_changed();
