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
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Writes documents and their chunks. A document is upserted by (tenant, collection, source id) and
 * content hash: same content is left alone, changed content has its chunks replaced, all in one
 * transaction that first re-checks the job's claim, so a document is either fully written or not at all.
 */
@ApplicationScoped
public class DocumentStore {

    public enum Outcome {
        ADDED,
        UPDATED,
        UNCHANGED
    }

    private final Jdbc jdbc;
    private final ObjectMapper json;

    public DocumentStore(Jdbc jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Outcome upsert(
            JobContext job, String sourceId, String contentHash, Map<String, Object> metadata, List<String> chunks) {
        String metadataJson = toJson(metadata);
        return QuarkusTransaction.requiringNew().call(() -> {
            job.holdClaim();
            return jdbc.withConnection(c -> write(c, job, sourceId, contentHash, metadataJson, chunks));
        });
    }

    private Outcome write(
            Connection c, JobContext job, String sourceId, String contentHash, String metadataJson, List<String> chunks)
            throws SQLException {
        UUID operationId = job.operationId();
        UUID newId = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO document (id, tenant_id, collection, source_id, content_hash, metadata, written_by,"
                        + " written_as, chunk_count) VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, 'added', ?)"
                        + " ON CONFLICT (tenant_id, collection, source_id) DO NOTHING")) {
            insert.setObject(1, newId);
            insert.setString(2, job.tenantId());
            insert.setString(3, job.collection());
            insert.setString(4, sourceId);
            insert.setString(5, contentHash);
            insert.setString(6, metadataJson);
            insert.setObject(7, operationId);
            insert.setInt(8, chunks.size());
            if (insert.executeUpdate() == 1) {
                insertChunks(c, job, newId, chunks);
                return Outcome.ADDED;
            }
        }
        UUID existingId;
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, content_hash, written_by, written_as FROM document"
                        + " WHERE tenant_id = ? AND collection = ? AND source_id = ? FOR UPDATE")) {
            select.setString(1, job.tenantId());
            select.setString(2, job.collection());
            select.setString(3, sourceId);
            try (ResultSet row = select.executeQuery()) {
                row.next();
                existingId = row.getObject(1, UUID.class);
                if (contentHash.equals(row.getString(2))) {
                    // a re-run of the operation that wrote it reports its own earlier write
                    return operationId.equals(row.getObject(3, UUID.class))
                            ? Outcome.valueOf(row.getString(4).toUpperCase(java.util.Locale.ROOT))
                            : Outcome.UNCHANGED;
                }
            }
        }
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM chunk WHERE document_id = ?")) {
            delete.setObject(1, existingId);
            delete.executeUpdate();
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE document SET content_hash = ?, metadata = ?::jsonb, written_by = ?, written_as = 'updated',"
                        + " chunk_count = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, contentHash);
            update.setString(2, metadataJson);
            update.setObject(3, operationId);
            update.setInt(4, chunks.size());
            update.setObject(5, existingId);
            update.executeUpdate();
        }
        insertChunks(c, job, existingId, chunks);
        return Outcome.UPDATED;
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
                if ((i + 1) % 500 == 0) {
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
