package io.ingestops.ingest;

import io.ingestops.config.IngestConfig;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The replica's scratch files: uploads being extracted, extracted text. Each process has a folder of
 * its own under {@code <tmp>/ingest-work}, made at start and locked ({@code .owner}, an OS file lock
 * held while the process lives): at start a process deletes the folders whose lock it can take —
 * their owner is gone — and never one another live process holds, even on the same host with the
 * same worker id.
 */
@ApplicationScoped
public class TempFiles {

    private static final Logger LOG = Logger.getLogger(TempFiles.class);

    /** Leftovers of the HTTP layer's own upload directory (or of an older version) older than this are from a crash. */
    static final Duration STALE_UPLOAD = Duration.ofHours(1);

    static final String OWNER = ".owner";

    private final Path base;
    private final Path workDir;
    private final Path uploadsDir;
    private FileChannel ownerChannel;
    private FileLock ownerLock;

    @Inject
    public TempFiles(
            IngestConfig config, @ConfigProperty(name = "quarkus.http.body.uploads-directory") String uploadsDir) {
        this(
                Path.of(System.getProperty("java.io.tmpdir"), "ingest-work"),
                config.workerId().orElse("local"),
                Path.of(uploadsDir));
    }

    TempFiles(Path base, String workerId, Path uploadsDir) {
        this.base = base;
        String owner = workerId.replaceAll("[^A-Za-z0-9._-]", "_") + "-"
                + ProcessHandle.current().pid() + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        this.workDir = base.resolve(owner);
        this.uploadsDir = uploadsDir;
    }

    void onStart(@Observes StartupEvent event) {
        int work = claimAndPurge();
        // the HTTP uploads directory may be shared by processes on the host: only clearly stale files
        int uploads = purge(uploadsDir, STALE_UPLOAD);
        if (work + uploads > 0) {
            LOG.infof("removed %d temporary files left by an earlier run", work + uploads);
        }
    }

    /** Makes and locks this process's folder, then deletes what processes that are gone left; answers how many files. */
    int claimAndPurge() {
        try {
            Files.createDirectories(workDir);
            ownerChannel =
                    FileChannel.open(workDir.resolve(OWNER), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            ownerLock = ownerChannel.lock();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the scratch folder " + workDir, e);
        }
        int deleted = 0;
        try (Stream<Path> folders = Files.list(base)) {
            for (Path folder : folders.filter(Files::isDirectory).toList()) {
                if (!folder.equals(workDir)) {
                    deleted += purgeIfOrphaned(folder);
                }
            }
        } catch (IOException e) {
            LOG.warnf("could not list %s: %s", base, e.getMessage());
        }
        return deleted;
    }

    private int purgeIfOrphaned(Path folder) {
        Path owner = folder.resolve(OWNER);
        if (!Files.exists(owner)) {
            return purge(folder, STALE_UPLOAD); // a folder of an older version: only clearly stale files
        }
        try (FileChannel channel = FileChannel.open(owner, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return 0; // another live process owns it
            }
            try {
                return deleteTree(folder);
            } finally {
                lock.release();
            }
        } catch (OverlappingFileLockException ownedHere) {
            return 0; // another instance in this very process owns it
        } catch (IOException e) {
            LOG.warnf("could not check %s: %s", folder, e.getMessage());
            return 0;
        }
    }

    @PreDestroy
    void close() {
        try {
            if (ownerLock != null) {
                ownerLock.release();
            }
            if (ownerChannel != null) {
                ownerChannel.close();
            }
        } catch (IOException e) {
            LOG.debugf("could not release %s: %s", workDir, e.getMessage());
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

    /** Deletes a folder and everything in it; answers how many files (the owner marker not counted). */
    private static int deleteTree(Path folder) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(folder)) {
            paths = walk.sorted(Comparator.reverseOrder()).toList();
        }
        int files = 0;
        for (Path path : paths) {
            if (Files.isRegularFile(path) && !path.getFileName().toString().equals(OWNER)) {
                files++;
            }
            Files.deleteIfExists(path);
        }
        return files;
    }
}
