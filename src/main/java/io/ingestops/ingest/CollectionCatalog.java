package io.ingestops.ingest;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** What a tenant has ingested: its collections and their documents. */
@ApplicationScoped
public class CollectionCatalog {

    public record CollectionSummary(String name, long documents, long chunks, Instant updatedAt) {}

    public record DocumentSummary(UUID id, String sourceId, String contentHash, int chunks, Instant updatedAt) {}

    private final Jdbc jdbc;

    public CollectionCatalog(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public List<CollectionSummary> collections(String tenantId) {
        return jdbc.query(
                "SELECT collection, count(*), coalesce(sum(chunk_count), 0), max(updated_at) FROM document"
                        + " WHERE tenant_id = ? GROUP BY collection ORDER BY collection",
                s -> s.setString(1, tenantId),
                row -> new CollectionSummary(
                        row.getString(1),
                        row.getLong(2),
                        row.getLong(3),
                        row.getObject(4, java.time.OffsetDateTime.class).toInstant()));
    }

    public boolean exists(String tenantId, String collection) {
        return !jdbc.query(
                        "SELECT 1 FROM document WHERE tenant_id = ? AND collection = ? LIMIT 1",
                        s -> {
                            s.setString(1, tenantId);
                            s.setString(2, collection);
                        },
                        row -> 1)
                .isEmpty();
    }

    public boolean hasSource(String tenantId, String collection, String sourceId) {
        return !jdbc.query(
                        "SELECT 1 FROM document WHERE tenant_id = ? AND collection = ? AND source_id = ?",
                        s -> {
                            s.setString(1, tenantId);
                            s.setString(2, collection);
                            s.setString(3, sourceId);
                        },
                        row -> 1)
                .isEmpty();
    }

    /** Documents in source-id order after {@code afterSourceId}; one more than {@code limit} tells there is a next page. */
    public List<DocumentSummary> documents(String tenantId, String collection, String afterSourceId, int limit) {
        return jdbc.query(
                "SELECT id, source_id, content_hash, chunk_count, updated_at FROM document"
                        + " WHERE tenant_id = ? AND collection = ? AND source_id > ? ORDER BY source_id LIMIT ?",
                s -> {
                    s.setString(1, tenantId);
                    s.setString(2, collection);
                    s.setString(3, afterSourceId == null ? "" : afterSourceId);
                    s.setInt(4, limit + 1);
                },
                row -> new DocumentSummary(
                        row.getObject(1, UUID.class),
                        row.getString(2),
                        row.getString(3),
                        row.getInt(4),
                        row.getObject(5, java.time.OffsetDateTime.class).toInstant()));
    }
}
