-- Every visible change of an operation (insert, progress, status: anything that moves updated_at;
-- heartbeats do not) gets the next event number and a NOTIFY on ingest_events, so that event
-- streams on every replica learn of it through their one LISTEN connection.
ALTER TABLE operation ADD COLUMN event_seq bigint NOT NULL DEFAULT 0;

CREATE FUNCTION operation_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'UPDATE' THEN
        NEW.event_seq := OLD.event_seq + 1;
    END IF;
    PERFORM pg_notify('ingest_events', NEW.tenant_id || ' ' || NEW.id::text);
    RETURN NEW;
END
$$;

CREATE TRIGGER operation_inserted BEFORE INSERT ON operation
    FOR EACH ROW EXECUTE FUNCTION operation_changed();

CREATE TRIGGER operation_updated BEFORE UPDATE ON operation
    FOR EACH ROW WHEN (OLD.updated_at IS DISTINCT FROM NEW.updated_at)
    EXECUTE FUNCTION operation_changed();
