package io.ingestops.db;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.transaction.RollbackException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.junit.jupiter.api.Test;

class TransientFailuresTest {

    @Test
    void lostConnectionsAndServerShutdownsAreTransientWhereverTheyAreWrapped() {
        assertThat(TransientFailures.isTransient(new SQLException("I/O error", "08006")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new RuntimeException(
                        "wrapped", new IllegalStateException(new SQLException("terminated", "57P01")))))
                .isTrue();
        assertThat(TransientFailures.isTransient(new SQLTransientConnectionException("pool")))
                .isTrue();
        assertThat(TransientFailures.isTransient(
                        new SQLException("Acquisition timeout while waiting for new connection")))
                .isTrue();
        assertThat(TransientFailures.isTransient(new SQLException("deadlock detected", "40P01")))
                .isTrue();
    }

    @Test
    void aFailedCommitCarriesTheDriversExceptionOnlyAsSuppressed() {
        // what Narayana throws when the connection dies during commit (seen in the fault suite)
        RollbackException commit = new RollbackException("ARJUNA016053: Could not commit transaction.");
        commit.addSuppressed(new SQLException("terminating connection due to administrator command", "57P01"));
        assertThat(TransientFailures.isTransient(new RuntimeException("commit failed", commit)))
                .isTrue();
    }

    @Test
    void chainedNextExceptionsAreLookedAt() {
        SQLException batch = new SQLException("Batch entry 3 was aborted", "42601");
        batch.setNextException(new SQLException("An I/O error occurred", "08006"));
        assertThat(TransientFailures.isTransient(batch)).isTrue();
    }

    @Test
    void realFailuresAreNot() {
        assertThat(TransientFailures.isTransient(new SQLException("duplicate key", "23505")))
                .isFalse();
        assertThat(TransientFailures.isTransient(new SQLException("no state"))).isFalse();
        assertThat(TransientFailures.isTransient(new IllegalArgumentException("bug")))
                .isFalse();
        Throwable cycle = new RuntimeException("a");
        Throwable other = new RuntimeException("b", cycle);
        cycle.initCause(other);
        assertThat(TransientFailures.isTransient(cycle)).isFalse();
    }
}
