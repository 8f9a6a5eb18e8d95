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
}
