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
import java.util.Optional;
import java.util.UUID;

/**
 * Writes documents and their chunks. A document is upserted by (tenant, collection, source id) and
 * content hash: same content is left alone, changed content has its text and chunks replaced. Every
 * write runs in one transaction, so a document is either fully written or not at all (no
 * half-written document is ever searchable), and the text streams through it
 * ({@link DocumentContent}).
 *
 * <p>Fencing without holding up heartbeats: the transaction locks the operation row ({@link
 * JobContext#holdClaim}, {@code FOR SHARE}) only as its last statement, just before the commit. A
 * takeover committed earlier makes that check fail and the transaction roll back; a takeover that
 * comes later waits for the commit. The long part of a large document's transaction holds no lock
 * on the operation row, so the node's heartbeat ({@code FOR NO KEY UPDATE}) never waits behind it.
 */
@ApplicationScoped
public class DocumentStore {

    public enum Outcome {
        ADDED,
        UPDATED,
        UNCHANGED
    }

    /** What writing a document did, and how many chunks it has now (0 when unchanged). */
    public record Written(Outcome outcome, int chunks) {}

    /** A stored document as reindexing reads it. */
    public record StoredDocument(UUID id, String sourceId, String contentHash, boolean hasText) {}

    /** A document a sync manages, as change detection compares it with the file. */
    public record SyncedDocument(
            UUID id,
            String sourceId,
            String contentHash,
            Long size,
            Instant modified,
            UUID writtenBy,
            Outcome writtenAs,
            int chunkCount) {}

    /** A new document's row, unless its source id exists; written by the operation that added it. */
    private static final String INSERT_NEW_DOCUMENT =
            "INSERT INTO document (id, tenant_id, collection, source_id, content_hash, metadata, written_by,"
                    + " written_as, chunk_count, sync_source, source_size, source_mtime)"
                    + " VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, 'added', ?, ?, ?, ?)"
                    + " ON CONFLICT (tenant_id, collection, source_id) DO NOTHING";

    /** Texts up to this many characters are written in one statement ({@link #insertSmall}). */
    static final int SMALL_TEXT_CHARS = 64 * 1024;

    private final Jdbc jdbc;
    private final ObjectMapper json;
    private final Chunking chunking;

    public DocumentStore(Jdbc jdbc, ObjectMapper json, Chunking chunking) {
        this.jdbc = jdbc;
        this.json = json;
        this.chunking = chunking;
    }

    public Written upsert(JobContext job, DocumentDraft draft) {
        return upsertAll(job, List.of(draft)).get(0);
    }

    /** Upserts several documents in one transaction (one commit for a batch of small messages). */
    public List<Written> upsertAll(JobContext job, List<DocumentDraft> drafts) {
        TextChunker chunker = chunking.chunker();
        return QuarkusTransaction.requiringNew().call(() -> {
            job.checkpoint();
            List<Written> written = jdbc.withConnection(c -> {
                List<Written> outcomes = new ArrayList<>(drafts.size());
                for (DocumentDraft draft : drafts) {
                    outcomes.add(write(c, job, draft, chunker));
                }
                return outcomes;
            });
            job.holdClaim();
            return written;
        });
    }

    /**
     * Re-chunks a document from its stored text in one transaction (searches see the old chunks or
     * the new ones), unless it changed since it was listed: then it was written with the current
     * settings already, and nothing is done (empty answer).
     */
    public Optional<Integer> rechunk(JobContext job, StoredDocument document) {
        TextChunker chunker = chunking.chunker();
        return QuarkusTransaction.requiringNew().call(() -> {
            job.checkpoint();
            Optional<Integer> chunks = jdbc.withConnection(c -> {
                try (PreparedStatement lock =
                        c.prepareStatement("SELECT 1 FROM document WHERE id = ? AND content_hash = ? FOR UPDATE")) {
                    lock.setObject(1, document.id());
                    lock.setString(2, document.contentHash());
                    try (ResultSet row = lock.executeQuery()) {
                        if (!row.next()) {
                            return Optional.<Integer>empty();
                        }
                    }
                }
                int count = DocumentContent.rechunk(c, job, document.id(), chunker);
                try (PreparedStatement update =
                        c.prepareStatement("UPDATE document SET chunk_count = ?, updated_at = now() WHERE id = ?")) {
                    update.setInt(1, count);
                    update.setObject(2, document.id());
                    update.executeUpdate();
                }
                return Optional.of(count);
            });
            job.holdClaim();
            return chunks;
        });
    }

    /** Deletes documents (their text and chunks go with them) in one transaction; answers how many existed. */
    public int delete(JobContext job, List<UUID> documentIds) {
        return QuarkusTransaction.requiringNew().call(() -> {
            job.checkpoint();
            int deleted =
                    jdbc.update("DELETE FROM document WHERE tenant_id = ? AND collection = ? AND id = ANY (?)", s -> {
                        s.setString(1, job.tenantId());
                        s.setString(2, job.collection());
                        s.setArray(3, s.getConnection().createArrayOf("uuid", documentIds.toArray()));
                    });
            job.holdClaim();
            return deleted;
        });
    }

    /** One page of a collection's documents in source-id order, for reindexing. */
    public List<StoredDocument> page(String tenantId, String collection, String afterSourceId, int limit) {
        return jdbc.query(
                "SELECT id, source_id, content_hash,"
                        + " content IS NOT NULL OR EXISTS (SELECT 1 FROM document_text t WHERE t.document_id = d.id)"
                        + " FROM document d WHERE tenant_id = ? AND collection = ? AND source_id > ?"
                        + " ORDER BY source_id LIMIT ?",
                s -> {
                    s.setString(1, tenantId);
                    s.setString(2, collection);
                    s.setString(3, afterSourceId);
                    s.setInt(4, limit);
                },
                row -> new StoredDocument(
                        row.getObject(1, UUID.class), row.getString(2), row.getString(3), row.getBoolean(4)));
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

    /**
     * The documents syncs created under a source folder ({@code "."}, the root, holds every synced
     * document): one predicate for the sync that manages them and the removal of the whole source.
     * Binds tenant, collection and the source (twice), in that order.
     */
    private static final String SYNCED_UNDER_SOURCE = " FROM document WHERE tenant_id = ? AND collection = ?"
            + " AND sync_source IS NOT NULL AND (?::text = '.' OR starts_with(source_id, ?::text || '/'))";

    private static int bindSynced(java.sql.PreparedStatement s, String tenantId, String collection, String syncSource)
            throws java.sql.SQLException {
        s.setString(1, tenantId);
        s.setString(2, collection);
        s.setString(3, syncSource);
        s.setString(4, syncSource);
        return 5;
    }

    /** Up to {@code limit} ids of the documents syncs created under {@code syncSource}, for removing it in batches. */
    public List<UUID> syncedIds(String tenantId, String collection, String syncSource, int limit) {
        return jdbc.query(
                "SELECT id" + SYNCED_UNDER_SOURCE + " LIMIT ?",
                s -> s.setInt(bindSynced(s, tenantId, collection, syncSource), limit),
                row -> row.getObject(1, UUID.class));
    }

    /** How many documents syncs created under {@code syncSource}. */
    public int countSynced(String tenantId, String collection, String syncSource) {
        return jdbc.query(
                        "SELECT count(*)" + SYNCED_UNDER_SOURCE,
                        s -> bindSynced(s, tenantId, collection, syncSource),
                        row -> row.getInt(1))
                .get(0);
    }

    /**
     * The documents syncs created under {@code syncSource} (a folder relative to the sync root;
     * {@code "."} is the root itself, which holds every synced document), by source id.
     */
    public Map<String, SyncedDocument> synced(String tenantId, String collection, String syncSource) {
        Map<String, SyncedDocument> bySourceId = new HashMap<>();
        jdbc.query(
                "SELECT id, source_id, content_hash, source_size, source_mtime, written_by, written_as, chunk_count"
                        + SYNCED_UNDER_SOURCE,
                s -> bindSynced(s, tenantId, collection, syncSource),
                row -> {
                    OffsetDateTime modified = row.getObject(5, OffsetDateTime.class);
                    String writtenAs = row.getString(7);
                    SyncedDocument doc = new SyncedDocument(
                            row.getObject(1, UUID.class),
                            row.getString(2),
                            row.getString(3),
                            (Long) row.getObject(4),
                            modified == null ? null : modified.toInstant(),
                            row.getObject(6, UUID.class),
                            writtenAs == null ? null : Outcome.valueOf(writtenAs.toUpperCase(Locale.ROOT)),
                            row.getInt(8));
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
            job.checkpoint();
            jdbc.withConnection(c -> {
                for (Map.Entry<UUID, DocumentDraft.SourceFile> entry : files.entrySet()) {
                    touchFile(c, entry.getKey(), entry.getValue());
                }
                return null;
            });
            job.holdClaim();
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

    private Written write(Connection c, JobContext job, DocumentDraft draft, TextChunker chunker) throws SQLException {
        UUID operationId = job.operationId();
        String metadataJson = toJson(draft.metadata());
        Optional<Written> added = draft.text().length() <= SMALL_TEXT_CHARS
                ? insertSmall(c, job, draft, metadataJson, chunker)
                : insertLarge(c, job, draft, metadataJson, chunker);
        if (added.isPresent()) {
            return added.get();
        }
        UUID existingId;
        try (PreparedStatement select =
                c.prepareStatement("SELECT id, content_hash, written_by, written_as, chunk_count FROM document"
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
                            ? new Written(Outcome.valueOf(row.getString(4).toUpperCase(Locale.ROOT)), row.getInt(5))
                            : new Written(Outcome.UNCHANGED, 0);
                }
            }
        }
        try (PreparedStatement update = c.prepareStatement(
                "UPDATE document SET content_hash = ?, metadata = ?::jsonb, content = NULL, written_by = ?,"
                        + " written_as = 'updated', updated_at = now() WHERE id = ?")) {
            update.setString(1, draft.contentHash());
            update.setString(2, metadataJson);
            update.setObject(3, operationId);
            update.setObject(4, existingId);
            update.executeUpdate();
        }
        touchFile(c, existingId, draft.file());
        DocumentContent.clear(c, existingId);
        int chunks = DocumentContent.write(c, job, existingId, draft.text(), chunker);
        setChunkCount(c, existingId, chunks);
        return new Written(Outcome.UPDATED, chunks);
    }

    /**
     * A new document whose text fits in memory: the row, its text and its chunks in one statement
     * (the chunk count known up front), one round trip where the streaming path takes four. Empty
     * if a document with that source id exists.
     */
    private Optional<Written> insertSmall(
            Connection c, JobContext job, DocumentDraft draft, String metadataJson, TextChunker chunker)
            throws SQLException {
        String text = readAll(draft.text());
        List<String> chunks = chunker.split(text);
        try (PreparedStatement insert = c.prepareStatement("WITH d AS (" + INSERT_NEW_DOCUMENT + " RETURNING id),"
                // as the streaming path: no text row for an empty text
                + " t AS (INSERT INTO document_text (document_id, seq, content) SELECT id, 0, ? FROM d WHERE ? <> ''),"
                + " c AS (INSERT INTO chunk (document_id, tenant_id, collection, chunk_index, content)"
                + " SELECT d.id, ?, ?, c.ord - 1, c.content FROM d, unnest(?::text[]) WITH ORDINALITY AS c(content, ord))"
                + " SELECT count(*) FROM d")) {
            int i = bindNewDocument(insert, UUID.randomUUID(), job, draft, metadataJson, chunks.size());
            insert.setString(i++, text);
            insert.setString(i++, text);
            insert.setString(i++, job.tenantId());
            insert.setString(i++, job.collection());
            insert.setArray(i, c.createArrayOf("text", chunks.toArray()));
            try (ResultSet row = insert.executeQuery()) {
                row.next();
                return row.getInt(1) == 1 ? Optional.of(new Written(Outcome.ADDED, chunks.size())) : Optional.empty();
            }
        }
    }

    /** A new document of any size: the row, then its text and chunks streamed ({@link DocumentContent}). */
    private Optional<Written> insertLarge(
            Connection c, JobContext job, DocumentDraft draft, String metadataJson, TextChunker chunker)
            throws SQLException {
        UUID newId = UUID.randomUUID();
        try (PreparedStatement insert = c.prepareStatement(INSERT_NEW_DOCUMENT)) {
            bindNewDocument(insert, newId, job, draft, metadataJson, 0); // the count is set once the chunks are in
            if (insert.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        int chunks = DocumentContent.write(c, job, newId, draft.text(), chunker);
        setChunkCount(c, newId, chunks);
        return Optional.of(new Written(Outcome.ADDED, chunks));
    }

    /** Binds {@link #INSERT_NEW_DOCUMENT}'s parameters; answers the index of the next one. */
    private static int bindNewDocument(
            PreparedStatement insert, UUID id, JobContext job, DocumentDraft draft, String metadataJson, int chunks)
            throws SQLException {
        insert.setObject(1, id);
        insert.setString(2, job.tenantId());
        insert.setString(3, job.collection());
        insert.setString(4, draft.sourceId());
        insert.setString(5, draft.contentHash());
        insert.setString(6, metadataJson);
        insert.setObject(7, job.operationId());
        insert.setInt(8, chunks);
        bindFile(insert, 9, draft.file());
        return 12;
    }

    private static String readAll(DocumentText text) {
        try (java.io.Reader reader = text.open()) {
            StringBuilder all = new StringBuilder((int) text.length());
            char[] buffer = new char[8192];
            for (int n; (n = reader.read(buffer)) > 0; ) {
                all.append(buffer, 0, n);
            }
            return all.toString();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void setChunkCount(Connection c, UUID documentId, int chunks) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE document SET chunk_count = ? WHERE id = ?")) {
            update.setInt(1, chunks);
            update.setObject(2, documentId);
            update.executeUpdate();
        }
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
