package io.ingestops.ingest;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Uploaded files, kept in PostgreSQL in parts of 1 MiB so that whichever replica runs the
 * operation can read them, and so that neither writing nor reading ever holds a whole file in memory.
 */
@ApplicationScoped
public class UploadStore {

    static final int PART_BYTES = 1024 * 1024;

    /** A file as the HTTP layer received it (on local disk, or in memory when small): how to read it, once. */
    public record IncomingFile(Content content, String filename, String contentType, long size) {}

    /** Opens a received file's bytes. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /** A stored file, as an operation's input names it. */
    public record StoredFile(UUID uploadId, String filename, String contentType, long sizeBytes, String sha256) {}

    private final Jdbc jdbc;

    public UploadStore(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    /** Streams the files into the database under a new set id; call inside the submission's transaction. */
    public List<StoredFile> store(UUID setId, List<IncomingFile> files) {
        List<StoredFile> stored = new ArrayList<>();
        for (int position = 0; position < files.size(); position++) {
            stored.add(storeOne(setId, position, files.get(position)));
        }
        return stored;
    }

    private StoredFile storeOne(UUID setId, int position, IncomingFile file) {
        UUID uploadId = UUID.randomUUID();
        MessageDigest sha256 = sha256();
        long size = jdbc.withConnection(c -> {
            try (InputStream in = file.content().open();
                    PreparedStatement insert =
                            c.prepareStatement("INSERT INTO upload_part (upload_id, seq, data) VALUES (?, ?, ?)")) {
                jdbc.update(
                        "INSERT INTO upload (id, set_id, position, filename, content_type, size_bytes, sha256)"
                                + " VALUES (?, ?, ?, ?, ?, 0, '')",
                        s -> {
                            s.setObject(1, uploadId);
                            s.setObject(2, setId);
                            s.setInt(3, position);
                            s.setString(4, file.filename());
                            s.setString(5, file.contentType());
                        });
                byte[] buffer = new byte[PART_BYTES];
                long total = 0;
                int seq = 0;
                int read;
                while ((read = in.readNBytes(buffer, 0, PART_BYTES)) > 0) {
                    sha256.update(buffer, 0, read);
                    insert.setObject(1, uploadId);
                    insert.setInt(2, seq++);
                    insert.setBytes(3, read == PART_BYTES ? buffer : Arrays.copyOf(buffer, read));
                    insert.executeUpdate();
                    total += read;
                }
                return total;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        String hash = HexFormat.of().formatHex(sha256.digest());
        jdbc.update("UPDATE upload SET size_bytes = ?, sha256 = ? WHERE id = ?", s -> {
            s.setLong(1, size);
            s.setString(2, hash);
            s.setObject(3, uploadId);
        });
        return new StoredFile(uploadId, file.filename(), file.contentType(), size, hash);
    }

    /** Streams a stored file to a local file, one part at a time. */
    public void copyTo(UUID uploadId, Path target) {
        try (OutputStream out = Files.newOutputStream(target)) {
            for (int seq = 0; ; seq++) {
                int part = seq;
                List<byte[]> data = jdbc.query(
                        "SELECT data FROM upload_part WHERE upload_id = ? AND seq = ?",
                        s -> {
                            s.setObject(1, uploadId);
                            s.setInt(2, part);
                        },
                        row -> row.getBytes(1));
                if (data.isEmpty()) {
                    return;
                }
                out.write(data.get(0));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void deleteSet(UUID setId) {
        jdbc.update("DELETE FROM upload WHERE set_id = ?", s -> s.setObject(1, setId));
    }

    /** Deletes upload sets that no operation names any more (their operations were deleted by retention). */
    public int deleteOrphans() {
        return jdbc.update(
                "DELETE FROM upload u WHERE u.created_at < now() - interval '1 hour' AND NOT EXISTS (SELECT 1 FROM operation o"
                        + " WHERE o.type = 'ingest_files' AND o.input ->> 'upload_set' = u.set_id::text)",
                s -> {});
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
