package io.ingestops.worker;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CompletionWriterTest extends EngineTest {

    @Test
    void oneCompletionTheDatabaseRefusesDoesNotHoldUpTheOthers() {
        List<UUID> ids = IntStream.range(0, 8)
                .mapToObj(i -> fixtures.anOperation().insert())
                .toList();
        UUID poisoned = ids.get(3);
        // every job finishes at about the same moment, so the writer takes them in one batch
        CountDownLatch allStarted = new CountDownLatch(ids.size());
        OperationHandler handler = new OperationHandler() {
            @Override
            public OperationType type() {
                return OperationType.INGEST_TEXT;
            }

            @Override
            public Object run(JobContext context) throws Exception {
                allStarted.countDown();
                allStarted.await();
                // PostgreSQL's jsonb cannot hold U+0000: this row's completion fails for good
                return context.operationId().equals(poisoned) ? Map.of("note", "nul \u0000 here") : Map.of();
            }
        };
        WorkerNode node = nodes.start("writer", handler, s -> s.withMaxConcurrent(8));

        await().atMost(Duration.ofSeconds(15))
                .until(() -> db.count("SELECT count(*) FROM operation WHERE status IN ('completed', 'failed')") == 8);
        for (UUID id : ids) {
            if (id.equals(poisoned)) {
                assertThat(db.operation(id)).hasStatus(OperationStatus.FAILED).hasErrorCode("internal_error");
            } else {
                assertThat(db.operation(id)).hasStatus(OperationStatus.COMPLETED);
            }
        }
        assertThat(node.runningCount()).isZero();
        assertThat(node.completionWriterAgeMillis()).isLessThan(5_000);
        assertThat(Set.copyOf(ids)).hasSize(8);
    }
}
