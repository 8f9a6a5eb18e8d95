package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.db.Jdbc;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * A database connection lost under a running job (at a statement, or at the commit of its output)
 * hands the operation back to run again; it never fails it (DESIGN §6). The reapers are paused, so
 * an operation left running would stay running: only the worker's own hand-back can move it.
 */
@QuarkusTest
class LostConnectionTest extends EngineTest {

    @Inject
    Jdbc jdbc;

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String url;

    @Test
    void aConnectionLostAtTheCommitOfTheJobsOutputHandsItBack() {
        UUID id = fixtures.anOperation().insert();
        AtomicInteger runs = new AtomicInteger();
        nodes.start("commit-cut", new OutputWriter(runs, context -> {
            // the output is written; the connection dies before the commit reaches the server
            terminate(ownBackend());
        }));

        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> db.operation(id).status == OperationStatus.COMPLETED);
        assertThat(db.operation(id)).hasStatus(OperationStatus.COMPLETED).hasAttempt(1);
        assertThat(runs).hasValue(2);
        assertThat(db.count("SELECT count(*) FROM document WHERE source_id = 'output-" + id + "'"))
                .isEqualTo(1);
    }

    @Test
    void aHandBackThatMeetsAnotherDeadPooledConnectionIsRetried() {
        UUID id = fixtures.anOperation().insert();
        AtomicInteger runs = new AtomicInteger();
        nodes.start("pool-cut", new OutputWriter(runs, context -> {
            // every connection of the pool dies at once, as when the database fails over
            db.terminateEveryOtherConnection();
            throw new Jdbc.DatabaseException(
                    new SQLException("terminating connection due to administrator command", "57P01"));
        }));

        await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> db.operation(id).status == OperationStatus.COMPLETED);
        assertThat(db.operation(id)).hasStatus(OperationStatus.COMPLETED).hasAttempt(1);
        assertThat(runs).hasValue(2);
    }

    /** Writes one document in its own transaction; on its first run {@code sabotage} runs inside that transaction. */
    private final class OutputWriter implements OperationHandler {

        private final AtomicInteger runs;
        private final java.util.function.Consumer<JobContext> sabotage;

        OutputWriter(AtomicInteger runs, java.util.function.Consumer<JobContext> sabotage) {
            this.runs = runs;
            this.sabotage = sabotage;
        }

        @Override
        public OperationType type() {
            return OperationType.INGEST_TEXT;
        }

        @Override
        public Object run(JobContext context) {
            boolean first = runs.incrementAndGet() == 1;
            QuarkusTransaction.requiringNew().run(() -> {
                context.holdClaim();
                jdbc.update(
                        "INSERT INTO document (id, tenant_id, collection, source_id, content_hash)"
                                + " VALUES (gen_random_uuid(), 'acme', 'docs', ?, 'h') ON CONFLICT DO NOTHING",
                        s -> s.setString(1, "output-" + context.operationId()));
                if (first) {
                    sabotage.accept(context);
                }
            });
            return Map.of();
        }
    }

    private int ownBackend() {
        return jdbc.query("SELECT pg_backend_pid()", s -> {}, row -> row.getInt(1))
                .get(0);
    }

    private void terminate(int pid) {
        try (Connection other = DriverManager.getConnection(url, "postgres", "postgres");
                Statement statement = other.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(" + pid + ")");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
