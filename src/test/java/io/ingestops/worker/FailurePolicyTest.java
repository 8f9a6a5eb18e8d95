package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.Actor;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** DESIGN §7 "Failure policy": transient failures are retried with backoff, permanent ones fail at once. */
@QuarkusTest
class FailurePolicyTest extends EngineTest {

    private static final RetryPolicy QUICK = new RetryPolicy(Duration.ofMillis(200), Duration.ofSeconds(1), Map.of());

    @Inject
    OperationService operations;

    /** Throws the scripted failures on the first runs of each operation, then succeeds. */
    static final class FailingHandler implements OperationHandler {
        private final List<Supplier<Throwable>> failures;
        final Map<UUID, AtomicInteger> runs = new ConcurrentHashMap<>();

        FailingHandler(List<Supplier<Throwable>> failures) {
            this.failures = failures;
        }

        @Override
        public OperationType type() {
            return OperationType.INGEST_TEXT;
        }

        @Override
        public Object run(JobContext context) throws Exception {
            int run = runs.computeIfAbsent(context.operationId(), id -> new AtomicInteger())
                    .getAndIncrement();
            if (run < failures.size()) {
                Throwable failure = failures.get(run).get();
                if (failure instanceof Exception e) {
                    throw e;
                }
                throw (Error) failure;
            }
            return null;
        }

        int runs(UUID id) {
            return runs.getOrDefault(id, new AtomicInteger()).get();
        }
    }

    private UUID runUntilDone(FailingHandler handler, int maxAttempts) {
        UUID id = fixtures.anOperation().attempt(0, maxAttempts).insert();
        nodes.start("policy-a", handler, s -> s.withRetry(QUICK));
        nodes.start("policy-b", handler, s -> s.withRetry(QUICK));
        await().atMost(Duration.ofSeconds(20)).until(() -> db.operation(id).isDone());
        return id;
    }

    private List<String> history(UUID id) {
        return db.strings("SELECT coalesce(from_status, '-') || '>' || to_status || ' ' || reason || ' ' || actor_kind"
                + " FROM operation_event WHERE operation_id = '" + id + "' ORDER BY at, row_id, ord");
    }

    @Test
    void transientFailuresAreRetriedWithBackoffAndCountedAsAttempts() {
        FailingHandler handler = new FailingHandler(List.of(
                () -> new UncheckedIOException(new IOException("stale NFS file handle")),
                () -> new RuntimeException("wrapped", new ConnectException("Connection refused"))));
        UUID id = runUntilDone(handler, 3);

        assertThat(db.operation(id)).hasStatus(OperationStatus.COMPLETED).hasAttempt(3);
        assertThat(db.operation(id).errorCode).isNull();
        assertThat(handler.runs(id)).isEqualTo(3);
        assertThat(history(id))
                .containsExactly(
                        "->pending submitted system",
                        "pending>running claimed worker",
                        "running>pending io_error worker",
                        "pending>running claimed worker",
                        "running>pending dependency_unavailable worker",
                        "pending>running claimed worker",
                        "running>completed completed worker");
        // each retry waited for its backoff (at least half of 200 ms, then of 400 ms) before its next claim
        assertThat(db.count("SELECT count(*) FROM operation_event a JOIN operation_event b"
                        + " ON b.operation_id = a.operation_id AND b.reason = 'claimed' AND b.at > a.at"
                        + " AND b.at < a.at + interval '100 milliseconds'"
                        + " WHERE a.operation_id = '" + id
                        + "' AND a.to_status = 'pending' AND a.from_status = 'running'"))
                .isZero();
    }

    @Test
    void aTransientFailureWithNoAttemptsLeftFailsWithItsCode() {
        Supplier<Throwable> down = () -> new ConnectException("Connection refused");
        FailingHandler handler = new FailingHandler(List.of(down, down, down));
        UUID id = runUntilDone(handler, 2);

        assertThat(db.operation(id))
                .hasStatus(OperationStatus.FAILED)
                .hasErrorCode("dependency_unavailable")
                .hasAttempt(2);
        assertThat(db.operation(id).errorMessage)
                .contains("could not be reached")
                .contains("attempt 2 of 2");
        assertThat(handler.runs(id)).isEqualTo(2);
    }

    @Test
    void permanentFailuresFailAtOnceWithACodeThatSaysWhatToFix() {
        FailingHandler handler = new FailingHandler(List.of(
                () -> new UncheckedIOException(new AccessDeniedException("/srv/sync-root/acme/private/report.pdf"))));
        UUID id = runUntilDone(handler, 3);

        assertThat(db.operation(id))
                .hasStatus(OperationStatus.FAILED)
                .hasErrorCode("permission_denied")
                .hasAttempt(1);
        assertThat(db.operation(id).errorMessage)
                .contains("'report.pdf'")
                .contains("permissions")
                .doesNotContain("/srv");
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    @Test
    void aHandlersOwnTransientFailureIsRetriedAndAnUnknownOneIsAnInternalError() {
        FailingHandler flaky = new FailingHandler(List.of(
                () -> JobFailedException.transientFailure("embedding_service_busy", "the embedder said 503", null)));
        UUID retried = runUntilDone(flaky, 3);
        assertThat(db.operation(retried)).hasStatus(OperationStatus.COMPLETED).hasAttempt(2);
        nodes.stopAll();

        FailingHandler broken = new FailingHandler(List.of(() -> new IllegalStateException("a bug")));
        UUID failed = runUntilDone(broken, 3);
        assertThat(db.operation(failed))
                .hasStatus(OperationStatus.FAILED)
                .hasErrorCode("internal_error")
                .hasAttempt(1);
    }

    @Test
    void anOperationWaitingForItsRetryIsCancelledAtOnceAndLosesTheError() {
        Supplier<Throwable> down = () -> new ConnectException("Connection refused");
        FailingHandler handler = new FailingHandler(List.of(down, down));
        UUID id = fixtures.anOperation().attempt(0, 3).insert();
        nodes.start(
                "policy-a",
                handler,
                s -> s.withRetry(new RetryPolicy(Duration.ofMinutes(10), Duration.ofMinutes(10), Map.of())));
        await().atMost(Duration.ofSeconds(10)).until(() -> "dependency_unavailable".equals(db.operation(id).errorCode));
        assertThat(db.operation(id)).hasStatus(OperationStatus.PENDING);
        assertThat(db.operation(id).errorMessage).contains("attempt 1 of 3").contains("retrying in");

        operations.cancel("acme", id, Actor.user("dev-acme"));
        assertThat(db.operation(id)).hasStatus(OperationStatus.CANCELLED);
        assertThat(db.operation(id).errorCode).isNull();
        assertThat(handler.runs(id)).isEqualTo(1);
    }

    @Test
    void theRetryPolicyDoublesCapsAndJittersPerType() {
        RetryPolicy policy = new RetryPolicy(
                Duration.ofSeconds(10), Duration.ofSeconds(60), Map.of(OperationType.SYNC, Duration.ofSeconds(1)));
        for (int i = 0; i < 50; i++) {
            assertThat(policy.delay(OperationType.INGEST_TEXT, 1))
                    .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(10));
            assertThat(policy.delay(OperationType.INGEST_TEXT, 2))
                    .isBetween(Duration.ofSeconds(10), Duration.ofSeconds(20));
            assertThat(policy.delay(OperationType.INGEST_TEXT, 9))
                    .isBetween(Duration.ofSeconds(30), Duration.ofSeconds(60));
            assertThat(policy.delay(OperationType.SYNC, 3)).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(4));
        }
        assertThat(java.util.stream.IntStream.range(0, 50)
                        .mapToObj(i -> policy.delay(OperationType.INGEST_TEXT, 1))
                        .distinct()
                        .count())
                .as("jitter")
                .isGreaterThan(1);
    }
}
