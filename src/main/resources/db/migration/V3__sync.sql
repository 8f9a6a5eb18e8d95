-- Documents a sync manages: the source folder they came from, and the file's size and modification
-- time when it was last read, so that a re-sync need not re-read unchanged files.
ALTER TABLE document ADD COLUMN sync_source text;
ALTER TABLE document ADD COLUMN source_size bigint;
ALTER TABLE document ADD COLUMN source_mtime timestamptz;
CREATE INDEX document_sync_source_idx ON document (tenant_id, collection, sync_source) WHERE sync_source IS NOT NULL;

-- The per-tenant write lock: at most one active (pending or running) sync, reindex or collection
-- delete per tenant. The primary key makes two holders impossible; submissions decide under a
-- transaction-scoped advisory lock per tenant, so racing requests queue instead of failing on the key.
CREATE TABLE sync_lock (
    tenant_id           text PRIMARY KEY,
    holder_operation_id uuid NOT NULL UNIQUE REFERENCES operation (id) ON DELETE CASCADE,
    acquired_at         timestamptz NOT NULL DEFAULT now()
);

-- Released the moment its holder ends, whichever path ends it (worker, cancel, reaper, takeover).
CREATE FUNCTION release_sync_lock() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM sync_lock WHERE holder_operation_id = NEW.id;
    RETURN NULL;
END
$$;

CREATE TRIGGER operation_release_sync_lock
    AFTER UPDATE OF status ON operation
    FOR EACH ROW
    WHEN (NEW.status IN ('completed', 'failed', 'cancelled') AND OLD.status IS DISTINCT FROM NEW.status)
    EXECUTE FUNCTION release_sync_lock();
