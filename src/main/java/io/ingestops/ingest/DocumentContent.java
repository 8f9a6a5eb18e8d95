package io.ingestops.ingest;

import io.ingestops.worker.JobContext;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

/**
 * A document's text and chunks, written and read as streams on the caller's connection (inside the
 * caller's transaction): the text in parts of {@link #PART_CHARS} ({@code document_text}), the
 * chunks in JDBC batches, each batch followed by a checkpoint of the job. Memory stays at about one
 * part and one batch whatever the document's size.
 */
final class DocumentContent {

    static final int PART_CHARS = 1 << 20;
    static final int CHUNK_BATCH = 1000;

    private DocumentContent() {}

    /** Writes the text and its chunks for a document that has none (new, or cleared first); answers the chunk count. */
    static int write(Connection c, JobContext job, UUID documentId, DocumentText text, TextChunker chunker)
            throws SQLException {
        try (Reader source = text.open();
                PartWriter parts = new PartWriter(c, documentId, source)) {
            int chunks = writeChunks(c, job, documentId, parts, chunker);
            parts.finish();
            return chunks;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Deletes a document's text and chunks (before it is written anew). */
    static void clear(Connection c, UUID documentId) throws SQLException {
        for (String sql : new String[] {
            "DELETE FROM chunk WHERE document_id = ?", "DELETE FROM document_text WHERE document_id = ?"
        }) {
            try (PreparedStatement delete = c.prepareStatement(sql)) {
                delete.setObject(1, documentId);
                delete.executeUpdate();
            }
        }
    }

    /** Replaces a document's chunks with new ones cut from its stored text; answers the chunk count. */
    static int rechunk(Connection c, JobContext job, UUID documentId, TextChunker chunker) throws SQLException {
        try (PreparedStatement delete = c.prepareStatement("DELETE FROM chunk WHERE document_id = ?")) {
            delete.setObject(1, documentId);
            delete.executeUpdate();
        }
        try (Reader stored = read(c, documentId)) {
            return writeChunks(c, job, documentId, stored, chunker);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The stored text, part by part; a document written before texts were kept in parts has it in
     * {@code document.content}.
     */
    static Reader read(Connection c, UUID documentId) throws SQLException {
        try (PreparedStatement legacy = c.prepareStatement("SELECT content FROM document WHERE id = ?")) {
            legacy.setObject(1, documentId);
            try (ResultSet row = legacy.executeQuery()) {
                if (row.next() && row.getString(1) != null) {
                    return new StringReader(row.getString(1));
                }
            }
        }
        return new PartReader(c, documentId);
    }

    private static int writeChunks(Connection c, JobContext job, UUID documentId, Reader text, TextChunker chunker)
            throws SQLException, IOException {
        try (PreparedStatement insert = c.prepareStatement(
                "INSERT INTO chunk (document_id, tenant_id, collection, chunk_index, content) VALUES (?, ?, ?, ?, ?)")) {
            int[] index = {0};
            try {
                chunker.chunks(text, chunk -> {
                    try {
                        insert.setObject(1, documentId);
                        insert.setString(2, job.tenantId());
                        insert.setString(3, job.collection());
                        insert.setInt(4, index[0]++);
                        insert.setString(5, chunk);
                        insert.addBatch();
                        if (index[0] % CHUNK_BATCH == 0) {
                            insert.executeBatch();
                            job.checkpoint(); // a long document stays cancellable; its transaction rolls back whole
                        }
                    } catch (SQLException e) {
                        throw new SqlFailure(e);
                    }
                });
            } catch (SqlFailure failure) {
                throw failure.cause;
            }
            insert.executeBatch();
            return index[0];
        }
    }

    /** Carries a SQLException out of the chunker's callback. */
    private static final class SqlFailure extends RuntimeException {
        final SQLException cause;

        SqlFailure(SQLException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }

    /** Passes the text through and stores what passed in parts of {@link #PART_CHARS}. */
    private static final class PartWriter extends Reader {
        private final Connection c;
        private final UUID documentId;
        private final Reader source;
        private final StringBuilder part = new StringBuilder();
        private int seq;

        PartWriter(Connection c, UUID documentId, Reader source) {
            this.c = c;
            this.documentId = documentId;
            this.source = source;
        }

        @Override
        public int read(char[] buffer, int off, int len) throws IOException {
            int read = source.read(buffer, off, len);
            if (read > 0) {
                part.append(buffer, off, read);
                while (part.length() >= PART_CHARS) {
                    // never end a part between the two halves of a surrogate pair
                    int cut = Character.isHighSurrogate(part.charAt(PART_CHARS - 1)) ? PART_CHARS - 1 : PART_CHARS;
                    store(part.substring(0, cut));
                    part.delete(0, cut);
                }
            }
            return read;
        }

        /** Stores what is left, once everything was read. */
        void finish() throws IOException {
            char[] rest = new char[8192];
            while (read(rest, 0, rest.length) > 0) {
                // the chunker may stop reading at the last chunk; the stored text is the whole text
            }
            if (!part.isEmpty()) {
                store(part.toString());
                part.setLength(0);
            }
        }

        private void store(String content) throws IOException {
            try (PreparedStatement insert =
                    c.prepareStatement("INSERT INTO document_text (document_id, seq, content) VALUES (?, ?, ?)")) {
                insert.setObject(1, documentId);
                insert.setInt(2, seq++);
                insert.setString(3, content);
                insert.executeUpdate();
            } catch (SQLException e) {
                throw new IOException(new SqlFailure(e));
            }
        }

        @Override
        public void close() {}
    }

    /** Reads the stored parts in order, one query per part. */
    private static final class PartReader extends Reader {
        private final Connection c;
        private final UUID documentId;
        private String part = "";
        private int position;
        private int seq;
        private boolean done;

        PartReader(Connection c, UUID documentId) {
            this.c = c;
            this.documentId = documentId;
        }

        @Override
        public int read(char[] buffer, int off, int len) throws IOException {
            while (position >= part.length()) {
                if (done || !next()) {
                    done = true;
                    return -1;
                }
            }
            int n = Math.min(len, part.length() - position);
            part.getChars(position, position + n, buffer, off);
            position += n;
            return n;
        }

        private boolean next() throws IOException {
            try (PreparedStatement select =
                    c.prepareStatement("SELECT content FROM document_text WHERE document_id = ? AND seq = ?")) {
                select.setObject(1, documentId);
                select.setInt(2, seq++);
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next()) {
                        return false;
                    }
                    part = row.getString(1);
                    position = 0;
                    return true;
                }
            } catch (SQLException e) {
                throw new IOException(new SqlFailure(e));
            }
        }

        @Override
        public void close() {}
    }
}
