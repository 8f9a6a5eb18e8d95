-- History: every status change and cancel request of an operation, with who made it (DESIGN §7
-- "History"). Written by statement-level triggers in the same statement as the change, so no path
-- can change a status without leaving its event, and kept for ingest.audit-retention, longer than
-- the operation itself (no foreign key: the operation may be deleted by retention first).
--
-- One row per statement, not per event: a claim of 256 operations writes one row holding its 256
-- events in parallel arrays. One row per event cost the engine a quarter of its throughput (+46 %
-- WAL per claimed row; this is +8 %: docs/benchmarks.md 2026-12-06). operation_event is the
-- per-event view of it; it also shows its row's operation_ids and tenant_ids, so that a read can
-- name them and reach the GIN indexes.
CREATE TABLE operation_history (
    id            bigint GENERATED ALWAYS AS IDENTITY,
    at            timestamptz NOT NULL DEFAULT now(),
    tenant_ids    text[]      NOT NULL, -- the distinct tenants of the row's events, for the GIN index
    operation_ids uuid[]      NOT NULL,
    tenants       text[]      NOT NULL,
    types         text[]      NOT NULL,
    collections   text[]      NOT NULL,
    from_statuses text[]      NOT NULL, -- NULL element: the submission
    to_statuses   text[]      NOT NULL,
    attempts      integer[]   NOT NULL,
    actors        text[]      NOT NULL, -- 'kind:id', as changed_by
    reasons       text[]      NOT NULL,
    -- a change whose statement did not say who made it is refused
    CONSTRAINT operation_history_actors_named CHECK (array_position(actors, NULL) IS NULL)
);

-- A claim of hundreds of operations makes a row of tens of kilobytes, stored out of line: the ids do
-- not compress (no attempt: EXTERNAL), the repetitive text arrays do, with the faster lz4.
ALTER TABLE operation_history
    ALTER COLUMN operation_ids SET STORAGE EXTERNAL,
    ALTER COLUMN attempts SET STORAGE EXTERNAL,
    ALTER COLUMN tenants SET COMPRESSION lz4,
    ALTER COLUMN types SET COMPRESSION lz4,
    ALTER COLUMN collections SET COMPRESSION lz4,
    ALTER COLUMN from_statuses SET COMPRESSION lz4,
    ALTER COLUMN to_statuses SET COMPRESSION lz4,
    ALTER COLUMN actors SET COMPRESSION lz4,
    ALTER COLUMN reasons SET COMPRESSION lz4;

-- Audit pages walk rows newest first; the timeline and the tenant filter use GIN. A statement only
-- appends its entries to the GIN pending lists; housekeeping merges them (gin_clean_pending_list,
-- AuditRetention) every reaper interval, so no claim pays for a merge. The large list limit is a
-- backstop should housekeeping not run.
CREATE INDEX operation_history_id_idx ON operation_history (id);
CREATE INDEX operation_history_operations_idx ON operation_history USING gin (operation_ids)
    WITH (fastupdate = on, gin_pending_list_limit = 65536);
CREATE INDEX operation_history_tenants_idx ON operation_history USING gin (tenant_ids)
    WITH (fastupdate = on, gin_pending_list_limit = 65536);
-- The audit retention sweep: rows are appended in time order, so BRIN finds the old ones.
CREATE INDEX operation_history_at_idx ON operation_history USING brin (at);

CREATE VIEW operation_event AS
SELECT h.id AS row_id, e.ord::int AS ord, h.at, h.operation_ids, h.tenant_ids, e.operation_id, e.tenant_id, e.type, e.collection, e.from_status, e.to_status,
       e.attempt, split_part(e.actor, ':', 1) AS actor_kind,
       nullif(substr(e.actor, strpos(e.actor, ':') + 1), '') AS actor_id, e.reason
FROM operation_history h
CROSS JOIN LATERAL unnest(h.operation_ids, h.tenants, h.types, h.collections, h.from_statuses, h.to_statuses,
                          h.attempts, h.actors, h.reasons)
    WITH ORDINALITY AS e(operation_id, tenant_id, type, collection, from_status, to_status, attempt, actor, reason, ord);

-- The actor of a change: every statement that changes status or cancel_requested sets
-- changed_by = '<kind>:<id>' (Actor.wire()); a submission's actor is its submitter. The column is in
-- no index: the hot paths' updates stay HOT.
ALTER TABLE operation ADD COLUMN changed_by text;

CREATE FUNCTION operation_history_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO operation_history (tenant_ids, operation_ids, tenants, types, collections, from_statuses,
                                   to_statuses, attempts, actors, reasons)
    SELECT array_agg(DISTINCT n.tenant_id), array_agg(n.id ORDER BY n.id), array_agg(n.tenant_id ORDER BY n.id),
           array_agg(n.type ORDER BY n.id), array_agg(n.collection ORDER BY n.id),
           array_agg(o.status ORDER BY n.id), array_agg(n.status ORDER BY n.id), array_agg(n.attempt ORDER BY n.id),
           array_agg(n.changed_by ORDER BY n.id),
           array_agg(CASE
               WHEN n.status = o.status THEN 'cancel_requested'
               WHEN n.status = 'running' THEN 'claimed'
               WHEN n.status = 'pending' AND n.handed_back THEN 'handed_back'
               WHEN n.status = 'pending' THEN 'heartbeat_timeout'
               WHEN n.status = 'failed' THEN coalesce(n.error_code, 'failed')
               WHEN n.status = 'cancelled' AND o.status = 'pending' THEN 'cancel_requested'
               ELSE n.status
           END ORDER BY n.id)
    FROM changed_rows n JOIN previous_rows o ON o.id = n.id
    WHERE n.status <> o.status OR n.cancel_requested <> o.cancel_requested
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

-- AFTER: an INSERT ... ON CONFLICT DO NOTHING (an Idempotency-Key replay) would fire a BEFORE
-- trigger for a row it then does not insert; the transition table holds only inserted rows.
CREATE FUNCTION operation_history_submitted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO operation_history (tenant_ids, operation_ids, tenants, types, collections, from_statuses,
                                   to_statuses, attempts, actors, reasons)
    SELECT array_agg(DISTINCT n.tenant_id), array_agg(n.id ORDER BY n.id), array_agg(n.tenant_id ORDER BY n.id),
           array_agg(n.type ORDER BY n.id), array_agg(n.collection ORDER BY n.id),
           array_agg(NULL::text ORDER BY n.id), array_agg(n.status ORDER BY n.id), array_agg(n.attempt ORDER BY n.id),
           array_agg(CASE WHEN n.submitted_by IS NULL THEN 'system:' ELSE 'user:' || n.submitted_by END ORDER BY n.id),
           array_agg(CASE WHEN n.retry_of IS NULL THEN 'submitted' ELSE 'retry of ' || n.retry_of END ORDER BY n.id)
    FROM inserted_rows n
    HAVING count(*) > 0;
    RETURN NULL;
END
$$;

CREATE TRIGGER operation_history_inserted AFTER INSERT ON operation
    REFERENCING NEW TABLE AS inserted_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operation_history_submitted();

CREATE TRIGGER operation_history_updated AFTER UPDATE ON operation
    REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows
    FOR EACH STATEMENT EXECUTE FUNCTION operation_history_changed();
