package io.ingestops.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.db.Jdbc;
import io.ingestops.worker.JobContext;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes documents and their chunks. A document is upserted by (tenant, collection, source id) and
 * content hash: same content is left alone, changed content has its chunks replaced. Every write
 * runs in one transaction that first re-checks the job's claim, so a document is either fully
 * written or not at all, and a worker that lost its claim writes nothing.
 */
@ApplicationScoped
public class DocumentStore {

    public enum Outcome {
        ADDED,
        UPDATED,
        UNCHANGED
    }

    /** A stored document as reindexing reads it. */
    public record StoredDocument(UUID id, String sourceId, String content) {}

    private static final int CHUNK_BATCH = 1000;

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public DocumentStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Outcome upsert(JobContext job, DocumentDraft draft) {
        return upsertAll(job, List.of(draft)).get(0);
    }

    /** Upserts several documents in one transaction (one commit for a batch of small messages). */
    public List<Outcome> upsertAll(JobContext job, List<DocumentDraft> drafts) {
        return QuarkusTransaction.requiringNew().call(() -> {
            job.holdClaim();
            return jdbc.withConnection(c -> {
                List<Outcome> outcomes = new ArrayList<>(drafts.size());
                for (DocumentDraft draft : drafts) {
                    outcomes.add(write(c, job, draft));
                }
                return outcomes;
            });
        });
    }

    /** Replaces a document's chunks with a new set in one transaction: searches see the old set or the new one. */
    public void rechunk(JobContext job, UUID documentId, List<String> chunks) {
        QuarkusTransaction.requiringNew().run(() -> {
            job.holdClaim();
            jdbc.withConnection(c -> {
                replaceChunks(c, job, documentId, chunks);
                try (PreparedStatement update =
                        c.prepareStatement("UPDATE document SET chunk_count = ?, updated_at = now() WHERE id = ?")) {
                    update.setInt(1, chunks.size());
                    update.setObject(2, documentId);
                    update.executeUpdate();
                }
                return null;
            });
        });
    }

    /** Deletes documents (their chunks go with them) in one transaction; answers how many existed. */
    public int delete(JobContext job, List<UUID> documentIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            job.holdClaim();
            return jdbc.update("DELETE FROM document WHERE tenant_id = ? AND collection = ? AND id = ANY (?)", s -> {
                s.setString(1, job.tenantId());
                s.setString(2, job.collection());
                s.setArray(3, s.getConnection().createArrayOf("uuid", documentIds.toArray()));
            });
        });
    }

    /** One page of a collection's documents in source-id order, with their text, for reindexing. */
    public List<StoredDocument> page(String tenantId, String collection, String afterSourceId, int limit) {
        return jdbc.query(
                "SELECT id, source_id, content FROM document WHERE tenant_id = ? AND collection = ? AND source_id > ?"
                        + " ORDER BY source_id LIMIT ?",
                s -> {
                    s.setString(1, tenantId);
                    s.setString(2, collection);
                    s.setString(3, afterSourceId);
                    s.setInt(4, limit);
                },
                row -> new StoredDocument(row.getObject(1, UUID.class), row.getString(2), row.getString(3)));
    }

    /** Ids of a collection's documents (all, or the one with a source id). */
    public List<UUID> ids(String tenantId, String collection, String sourceIdOrNull, int limit) {
        return jdbc.query(
                "SELECT id FROM document WHERE tenant_id = ? AND collection = ? AND (?::text IS NULL OR source_id = ?)"
                        + " ORDER BY source_id LIMIT ?",
                s -> {
                    s.setString(1, tenantId);
                    s.setString(2, collection);
                    s.setString(3, sourceIdOrNull);
                    s.setString(4, sourceIdOrNull);
                    s.setInt(5, limit);
                },
                row -> row.getObject(1, UUID.class));
    }

    /** A document a sync manages, as change detection compares it with the file. */
    public record SyncedDocument(UUID id, String sourceId, String contentHash, Long size, Instant modified) {}

    public Map<String, SyncedDocument> synced(String tenantId, String collection, String syncSource) {
        Map<String, SyncedDocument> bySourceId = new HashMap<>();
        jdbc.query(
                "SELECT id, source_id, content_hash, source_size, source_mtime FROM document"
                        + " WHERE tenant_id = ? AND collection = ? AND sync_source = ?",
                s -> {
                    s.setString(1, tenantId);
                    s.setString(2, collection);
                    s.setString(3, syncSource);
                },
                row -> {
                    OffsetDateTime modified = row.getObject(5, OffsetDateTime.class);
                    SyncedDocument doc = new SyncedDocument(
                            row.getObject(1, UUID.class),
                            row.getString(2),
                            row.getString(3),
                            (Long) row.getObject(4),
                            modified == null ? null : modified.toInstant());
                    bySourceId.put(doc.sourceId(), doc);
                    return doc;
                });
        return bySourceId;
    }

    /** Records new size and modification time of files whose content did not change. */
    public void touch(JobContext job, Map<UUID, DocumentDraft.SourceFile> files) {
        if (files.isEmpty()) {
            return;
        }
        QuarkusTransaction.requiringNew().run(() -> {
            job.holdClaim();
            jdbc.withConnection(c -> {
                for (Map.Entry<UUID, DocumentDraft.SourceFile> entry : files.entrySet()) {
                    touchFile(c, entry.getKey(), entry.getValue());
                }
                return null;
            });
        });
    }

    public int count(String tenantId, String collection) {
        return jdbc.query(
                        "SELECT count(*) FROM document WHERE tenant_id = ? AND collection = ?",
                        s -> {
                            s.setString(1, tenantId);
                            s.setString(2, collection);
                        },
                        row -> row.getInt(1))
                .get(0);
    }

    private Outcome write(Connection c, JobContext job, DocumentDraft draft) throws SQLException {
        UUID operationId = job.operationId();
        UUID newId = UUID.randomUUID();
        String metadataJson = toJson(draft.metadata());
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO document (id, tenant_id, collection, source_id, content_hash, metadata, content, written_by,"
                        + " written_as, chunk_count, sync_source, source_size, source_mtime)"
                        + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, 'added', ?, ?, ?, ?)"
                        + " ON CONFLICT (tenant_id, collection, source_id) DO NOTHING")) {
            insert.setObject(1, newId);
            insert.setString(2, job.tenantId());
            insert.setString(3, job.collection());
            insert.setString(4, draft.sourceId());
            insert.setString(5, draft.contentHash());
            insert.setString(6, metadataJson);
            insert.setString(7, draft.content());
            insert.setObject(8, operationId);
            insert.setInt(9, draft.chunks().size());
            bindFile(insert, 10, draft.file());
            if (insert.executeUpdate() == 1) {
                insertChunks(c, job, newId, draft.chunks());
                return Outcome.ADDED;
            }
        }
        UUID existingId;
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, content_hash, written_by, written_as FROM document"
                        + " WHERE tenant_id = ? AND collection = ? AND source_id = ? FOR UPDATE")) {
            select.setString(1, job.tenantId());
            select.setString(2, job.collection());
            select.setString(3, draft.sourceId());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                existingId = row.getObject(1, UUID.class);
                if (draft.contentHash().equals(row.getString(2))) {
                    touchFile(c, existingId, draft.file());
                    // a re-run of the operation that wrote it reports its own earlier write
                    return operationId.equals(row.getObject(3, UUID.class))
                            ? Outcome.valueOf(row.getString(4).toUpperCase(Locale.ROOT))
                            : Outcome.UNCHANGED;
                }
            }
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE document SET content_hash = ?, metadata = ?::jsonb, content = ?, written_by = ?,"
                        + " written_as = 'updated', chunk_count = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, draft.contentHash());
            update.setString(2, metadataJson);
            update.setString(3, draft.content());
            update.setObject(4, operationId);
            update.setInt(5, draft.chunks().size());
            update.setObject(6, existingId);
            update.executeUpdate();
        }
        touchFile(c, existingId, draft.file());
        replaceChunks(c, job, existingId, draft.chunks());
        return Outcome.UPDATED;
    }

    /** Records the size and modification time a synced file had when read, so the next sync can skip it. */
    private static void touchFile(Connection c, UUID documentId, DocumentDraft.SourceFile file) throws SQLException {
        if (file == null) {
            return;
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE document SET sync_source = ?, source_size = ?, source_mtime = ? WHERE id = ?")) {
            bindFile(update, 1, file);
            update.setObject(4, documentId);
            update.executeUpdate();
        }
    }

    private static void bindFile(PreparedStatement statement, int index, DocumentDraft.SourceFile file)
            throws SQLException {
        statement.setString(index, file == null ? null : file.syncSource());
        statement.setObject(index + 1, file == null ? null : file.size(), java.sql.Types.BIGINT);
        statement.setObject(
                index + 2, file == null ? null : OffsetDateTime.ofInstant(file.modified(), java.time.ZoneOffset.UTC));
    }

    private static void replaceChunks(Connection c, JobContext job, UUID documentId, List<String> chunks)
            throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM chunk WHERE document_id = ?")) {
            delete.setObject(1, documentId);
            delete.executeUpdate();
        }
        insertChunks(c, job, documentId, chunks);
    }

    private static void insertChunks(Connection c, JobContext job, UUID documentId, List<String> chunks)
            throws SQLException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO chunk (document_id, tenant_id, collection, chunk_index, content) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < chunks.size(); i++) {
                insert.setObject(1, documentId);
                insert.setString(2, job.tenantId());
                insert.setString(3, job.collection());
                insert.setInt(4, i);
                insert.setString(5, chunks.get(i));
                insert.addBatch();
                if ((i + 1) % CHUNK_BATCH == 0) {
                    insert.executeBatch();
                }
            }
            insert.executeBatch();
        }
    }

    private String toJson(Map<String, Object> metadata) {
        if (metadata == null) {
            return null;
        }
        try {
            return json.writeValueAsString(metadata);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metadata is not serializable", e);
        }
    }
}
