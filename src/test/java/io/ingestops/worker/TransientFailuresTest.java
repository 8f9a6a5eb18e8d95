package io.ingestops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void lostConnectionsAndServerShutdownsAreTransientWhereverTheyAreWrapped() {
        assertThat(TransientFailures.isTransient(new SQLException("I/O error", "08006")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(
                        "wrapped", new IllegalStateException(new SQLException("terminated", "57P01")))))
                .isTrue();
    }

    @Test
    void realFailuresAreNot() {
        assertThat(TransientFailures.isTransient(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bug")))
                .isFalse();
    }
}
