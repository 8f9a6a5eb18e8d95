package io.ingestops.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TempFilesTest {

    @Inject
    TempFiles tempFiles;

    @Test
    void filesLeftByACrashAreRemovedAtStartButFreshOnesStay() throws Exception {
        Path dir = Files.createTempDirectory("purge-test");
        Path stale = Files.writeString(dir.resolve("stale.pdf"), "left by a crash");
        Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(2))));
        Path fresh = Files.writeString(dir.resolve("fresh.pdf"), "being uploaded right now");

        assertThat(tempFiles.purge(dir, TempFiles.STALE_UPLOAD)).isEqualTo(1);

        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(tempFiles.purge(dir, Duration.ZERO)).isEqualTo(1);
        assertThat(fresh).doesNotExist();
    }

    @Test
    void createdFilesLiveInTheWorkersOwnDirectory() {
        Path file = tempFiles.create(".txt");
        assertThat(file.getParent()).isEqualTo(tempFiles.workDir());
        tempFiles.delete(file);
        assertThat(file).doesNotExist();
    }

    /**
     * Two replicas on one host with the same worker id (none set) used to share one folder and
     * purge each other's files at start: each process now owns a locked folder of its own.
     */
    @Test
    void aStartingProcessDeletesOnlyWhatProcessesThatAreGoneLeft() throws Exception {
        Path base = Files.createTempDirectory("scratch-test");
        Path uploads = Files.createTempDirectory("uploads-test");
        TempFiles first = new TempFiles(base, "local", uploads);
        first.claimAndPurge();
        Path inUse = first.create(".txt");
        Files.writeString(inUse, "being extracted");

        TempFiles second = new TempFiles(base, "local", uploads);
        assertThat(second.claimAndPurge()).isZero();
        assertThat(inUse).exists();
        Path secondsFile = second.create(".txt");

        first.close(); // the first process is gone: its lock is released
        TempFiles third = new TempFiles(base, "local", uploads);
        assertThat(third.claimAndPurge()).isEqualTo(1);
        assertThat(inUse).doesNotExist();
        assertThat(first.workDir()).doesNotExist();
        assertThat(secondsFile).exists();
        second.close();
        third.close();
    }
}
