-- History: one row per status change and per cancel request of an operation, with who made it
-- (DESIGN §7 "History"). Written by a trigger in the same transaction as the change, so no path
-- can change a status without leaving its event, and kept for ingest.audit-retention, longer than
-- the operation itself (no foreign key: the operation may be deleted by retention first).
-- Every index here is paid by the engine's hot statements (a claim of 256 operations writes 256
-- events), so there are as few as the reads need: no primary key (nothing looks an event up by id;
-- the retention sweep deletes by ctid), a hash index for one operation's timeline, a btree for the
-- tenant's audit pages, a BRIN for the sweep.
CREATE TABLE operation_history (
    id           bigint GENERATED ALWAYS AS IDENTITY,
    operation_id uuid        NOT NULL,
    tenant_id    text        NOT NULL,
    type         text        NOT NULL,
    collection   text        NOT NULL,
    at           timestamptz NOT NULL DEFAULT now(),
    from_status  text,
    to_status    text        NOT NULL,
    attempt      integer     NOT NULL,
    actor_kind   text        NOT NULL CHECK (actor_kind IN ('user', 'worker', 'reaper', 'system')),
    actor_id     text,
    reason       text
);

-- An operation's timeline (a handful of rows, sorted after the lookup).
CREATE INDEX operation_history_operation_idx ON operation_history USING hash (operation_id);
-- The tenant's audit log, newest first, keyset pages on id.
CREATE INDEX operation_history_tenant_idx ON operation_history (tenant_id, id DESC);
-- The audit retention sweep: events are appended in time order, so a BRIN index finds the old ones
-- and costs the writers next to nothing.
CREATE INDEX operation_history_at_idx ON operation_history USING brin (at);

-- The actor of a change: every statement that changes status or cancel_requested sets
-- changed_by = '<kind>:<id>' (Actor.wire()); a submission's actor is its submitter. A change whose
-- row has no changed_by fails (actor_kind is NOT NULL). The column is in no index: the hot paths'
-- updates stay HOT.
ALTER TABLE operation ADD COLUMN changed_by text;

-- Statement-level triggers with transition tables: one INSERT ... SELECT per statement, whether it
-- claims one operation or 256 (a row-level trigger ran one INSERT per row and cost the engine
-- benchmark 40 %). Heartbeats and progress change neither column and add no event.
CREATE FUNCTION operation_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO operation_history (operation_id, tenant_id, type, collection, from_status, to_status, attempt,
                                   actor_kind, actor_id, reason)
    SELECT n.id, n.tenant_id, n.type, n.collection, o.status, n.status, n.attempt,
           split_part(n.changed_by, ':', 1),
           nullif(substr(n.changed_by, strpos(n.changed_by, ':') + 1), ''),
           CASE
               WHEN n.status = o.status THEN 'cancel_requested'
               WHEN n.status = 'running' THEN 'claimed'
               WHEN n.status = 'pending' AND n.handed_back THEN 'handed_back'
               WHEN n.status = 'pending' THEN 'heartbeat_timeout'
               WHEN n.status = 'failed' THEN coalesce(n.error_code, 'failed')
               WHEN n.status = 'cancelled' AND o.status = 'pending' THEN 'cancel_requested'
               ELSE n.status
           END
    FROM changed_rows n JOIN previous_rows o ON o.id = n.id
    WHERE n.status <> o.status OR n.cancel_requested <> o.cancel_requested;
    RETURN NULL;
END
$$;

-- AFTER: an INSERT ... ON CONFLICT DO NOTHING (an Idempotency-Key replay) would fire a BEFORE
-- trigger for a row it then does not insert; the transition table holds only inserted rows.
CREATE FUNCTION operation_history_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO operation_history (operation_id, tenant_id, type, collection, from_status, to_status, attempt,
                                   actor_kind, actor_id, reason)
    SELECT n.id, n.tenant_id, n.type, n.collection, NULL, n.status, n.attempt,
           CASE WHEN n.submitted_by IS NULL THEN 'system' ELSE 'user' END, n.submitted_by,
           CASE WHEN n.retry_of IS NULL THEN 'submitted' ELSE 'retry of ' || n.retry_of END
    FROM inserted_rows n;
    RETURN NULL;
END
$$;

CREATE TRIGGER operation_history_inserted AFTER INSERT ON operation
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operation_history_submitted();

CREATE TRIGGER operation_history_updated AFTER UPDATE ON operation
    REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operation_history_changed();
