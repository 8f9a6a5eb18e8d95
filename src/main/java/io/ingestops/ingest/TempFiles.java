package io.ingestops.ingest;

import io.ingestops.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replica's scratch files: uploads being extracted. Each lives only as long as one file's
 * extraction; what a crash left behind is purged at the next start.
 */
@ApplicationScoped
public class TempFiles {

    private static final Logger LOG = Logger.getLogger(TempFiles.class);

    /** Leftovers of the HTTP layer's own upload directory older than this are from a crash. */
    static final Duration STALE_UPLOAD = Duration.ofHours(1);

    private final Path workDir;
    private final Path uploadsDir;

    public TempFiles(
            IngestConfig config, @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploadsDir) {
        String worker = config.workerId().orElse("local").replaceAll("[^A-Za-z0-9._-]", "_");
        this.workDir = Path.of(System.getProperty("java.io.tmpdir"), "ingest-work", worker);
        this.uploadsDir = Path.of(uploadsDir);
    }

    void onStart(@Observes StartupEvent event) {
        // this directory is this worker's own: anything in it is from a previous run of it
        int work = purge(workDir, Duration.ZERO);
        // the HTTP uploads directory may be shared by processes on the host: only clearly stale files
        int uploads = purge(uploadsDir, STALE_UPLOAD);
        if (work + uploads > 0) {
            LOG.infof("removed %d temporary files left by an earlier run", work + uploads);
        }
    }

    public Path create(String suffix) {
        try {
            Files.createDirectories(workDir);
            return Files.createTempFile(workDir, "extract-", suffix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warnf("could not delete temporary file %s: %s", file, e.getMessage());
        }
    }

    public Path workDir() {
        return workDir;
    }

    /** Deletes regular files under {@code dir} last modified more than {@code olderThan} ago. */
    int purge(Path dir, Duration olderThan) {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        Instant cutoff = Instant.now().minus(olderThan);
        int[] deleted = {0};
        try (Stream<Path> files = Files.walk(dir)) {
            files.filter(Files::isRegularFile).forEach(file -> {
                try {
                    if (!Files.getLastModifiedTime(file).toInstant().isAfter(cutoff)) {
                        Files.deleteIfExists(file);
                        deleted[0]++;
                    }
                } catch (IOException e) {
                    LOG.warnf("could not purge %s: %s", file, e.getMessage());
                }
            });
        } catch (IOException e) {
            LOG.warnf("could not list %s: %s", dir, e.getMessage());
        }
        return deleted[0];
    }
}
