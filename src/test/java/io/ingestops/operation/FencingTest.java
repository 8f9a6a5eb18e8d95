package io.ingestops.operation;

import static io.ingestops.testsupport.OperationAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

import io.ingestops.config.IngestConfig;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The claim token and status guards, statement by statement, against the real database. */
@QuarkusTest
class FencingTest extends EngineTest {

    @Inject
    OperationRepository repository;

    @Inject
    IngestConfig config;

    private DeadlinePolicy deadline() {
        IngestConfig.Timeout t = config.timeout();
        return new DeadlinePolicy(t.base(), t.perItem(), t.min(), t.max());
    }

    @Test
    void aTakenOverWorkersWritesMatchNothing() {
        UUID id = fixtures.anOperation().insert();
        ClaimedOperation first = repository.claim("worker-a", 1, deadline()).get(0);
        assertThat(first.claimToken()).isEqualTo(1);
        assertThat(first.attempt()).isEqualTo(1);

        // worker-a goes silent; its heartbeat ages past stale-after and the reaper gives the operation back
        db.execute(
                "UPDATE operation SET heartbeat_at = now() - interval '1 hour', not_before = now() - interval '1 hour'");
        assertThat(repository.retryStale(config.staleAfter(), Duration.ZERO)).hasSize(1);
        db.execute("UPDATE operation SET not_before = now() - interval '1 second'");
        ClaimedOperation second = repository.claim("worker-b", 1, deadline()).get(0);
        assertThat(second.claimToken()).isEqualTo(2);
        assertThat(second.attempt()).isEqualTo(2);

        ProgressSnapshot progress = new ProgressSnapshot("processing", 50, 10, 5, 0, "x");
        assertThat(repository.heartbeat(Map.of(id, first.claimToken()))).isEmpty();
        assertThat(repository.writeProgress(id, first.claimToken(), progress)).isFalse();
        assertThat(repository.complete(id, first.claimToken(), "{}", progress)).isFalse();
        assertThat(repository.fail(id, first.claimToken(), "x", "late", null)).isFalse();
        assertThat(repository.handBack(id, first.claimToken())).isFalse();
        assertThat(db.operation(id))
                .hasStatus(OperationStatus.RUNNING)
                .ranOn("worker-b")
                .hasAttempt(2);

        assertThat(repository.heartbeat(Map.of(id, second.claimToken()))).hasSize(1);
        assertThat(repository.complete(id, second.claimToken(), "{}", progress)).isTrue();
        assertThat(db.operation(id)).hasStatus(OperationStatus.COMPLETED);
    }

    @Test
    void aBatchOfCompletionsAppliesOnlyTheClaimsStillHeld() {
        UUID kept = fixtures.anOperation().createdAgo(Duration.ofMinutes(3)).insert();
        UUID takenOver =
                fixtures.anOperation().createdAgo(Duration.ofMinutes(2)).insert();
        UUID cancelled =
                fixtures.anOperation().createdAgo(Duration.ofMinutes(1)).insert();
        Map<UUID, Long> tokens = new HashMap<>();
        repository.claim("worker-a", 3, deadline()).forEach(c -> tokens.put(c.id(), c.claimToken()));
        assertThat(tokens).containsOnlyKeys(kept, takenOver, cancelled);

        db.execute("UPDATE operation SET heartbeat_at = now() - interval '1 hour' WHERE id = '" + takenOver + "'");
        assertThat(repository.retryStale(config.staleAfter(), Duration.ZERO)).hasSize(1);
        db.execute("UPDATE operation SET not_before = now() - interval '1 second'");
        assertThat(repository.claim("worker-b", 1, deadline())).hasSize(1);
        assertThat(repository.cancel(cancelled, tokens.get(cancelled), null)).isTrue();

        ProgressSnapshot progress = new ProgressSnapshot("processing", 100, 4, 4, 0, null);
        List<Completion> batch = tokens.entrySet().stream()
                .map(e -> new Completion(e.getKey(), e.getValue(), "{\"documents\":4}", progress))
                .toList();
        assertThat(repository.completeAll(batch)).containsExactly(kept);

        assertThat(db.operation(kept)).hasStatus(OperationStatus.COMPLETED);
        assertThat(db.operation(takenOver))
                .hasStatus(OperationStatus.RUNNING)
                .ranOn("worker-b")
                .hasAttempt(2);
        assertThat(db.operation(cancelled)).hasStatus(OperationStatus.CANCELLED);
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'completed'"
                        + " AND result ->> 'documents' = '4' AND processed_items = 4 AND percentage = 100"))
                .isEqualTo(1);
    }

    @Test
    void batchedCompletionsAndHeartbeatsOverTheSameRowsDoNotDeadlock() throws Exception {
        int operations = 120;
        for (int i = 0; i < operations; i++) {
            fixtures.anOperation().insert();
        }
        Map<UUID, Long> tokens = new HashMap<>();
        repository.claim("worker-a", operations, deadline()).forEach(c -> tokens.put(c.id(), c.claimToken()));
        List<Completion> all = tokens.entrySet().stream()
                .map(e -> new Completion(e.getKey(), e.getValue(), null, null))
                .toList();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch start = new CountDownLatch(1);
            // two heartbeat rounds over every row, in opposite orders, while the rows complete in shuffled batches
            Future<?> beats = threads.submit(() -> {
                start.await();
                for (int round = 0; round < 30; round++) {
                    repository.heartbeat(new TreeMap<>(tokens));
                }
                return null;
            });
            Future<?> reversed = threads.submit(() -> {
                start.await();
                for (int round = 0; round < 30; round++) {
                    Map<UUID, Long> descending = new TreeMap<>(Collections.reverseOrder());
                    descending.putAll(tokens);
                    repository.heartbeat(descending);
                }
                return null;
            });
            List<Completion> shuffled = new ArrayList<>(all);
            Collections.shuffle(shuffled, new Random(7));
            Future<Integer> completer = threads.submit(() -> {
                start.await();
                int done = 0;
                for (int i = 0; i < shuffled.size(); i += 10) {
                    done += repository
                            .completeAll(shuffled.subList(i, Math.min(shuffled.size(), i + 10)))
                            .size();
                }
                return done;
            });
            start.countDown();
            beats.get();
            reversed.get();
            assertThat(completer.get()).isEqualTo(operations);
        } finally {
            threads.shutdownNow();
        }
        assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'completed'"))
                .isEqualTo(operations);
    }

    @Test
    void nothingOverwritesATerminalState() {
        UUID id = fixtures.anOperation().insert();
        ClaimedOperation claim = repository.claim("worker-a", 1, deadline()).get(0);
        assertThat(repository.cancel(id, claim.claimToken(), null)).isTrue();

        assertThat(repository.complete(id, claim.claimToken(), "{}", null)).isFalse();
        assertThat(repository.fail(id, claim.claimToken(), "x", "y", null)).isFalse();
        assertThat(repository.handBack(id, claim.claimToken())).isFalse();
        assertThat(repository.cancelPending(id, "acme", Actor.user("tester"))).isFalse();
        assertThat(repository.requestCancel(id, "acme", Actor.user("tester"))).isFalse();
        db.execute("UPDATE operation SET completed_at = now() - interval '1 hour'");
        assertThat(repository.retryStale(Duration.ZERO, Duration.ZERO)).isEmpty();
        assertThat(repository.failStale(Duration.ZERO)).isEmpty();
        assertThat(repository.failPastDeadline(Duration.ZERO)).isEmpty();
        assertThat(db.operation(id)).hasStatus(OperationStatus.CANCELLED);
    }

    @Test
    void racingFinishersLeaveExactlyOneOutcome() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(8);
        try {
            for (int round = 0; round < 20; round++) {
                UUID id = fixtures.anOperation().insert();
                ClaimedOperation claim =
                        repository.claim("worker-a", 1, deadline()).get(0);
                CountDownLatch start = new CountDownLatch(1);
                List<Callable<Boolean>> writers = new ArrayList<>();
                for (int i = 0; i < 2; i++) {
                    writers.add(() -> {
                        start.await();
                        return repository.complete(id, claim.claimToken(), "{}", null);
                    });
                    writers.add(() -> {
                        start.await();
                        return repository.cancel(id, claim.claimToken(), null);
                    });
                    writers.add(() -> {
                        start.await();
                        return repository.fail(id, claim.claimToken(), "x", "y", null);
                    });
                    writers.add(() -> {
                        start.await();
                        return !repository
                                .retryStale(Duration.ZERO, Duration.ZERO)
                                .isEmpty();
                    });
                }
                List<Future<Boolean>> results = new ArrayList<>();
                writers.forEach(w -> results.add(threads.submit(w)));
                start.countDown();
                int winners = 0;
                for (Future<Boolean> result : results) {
                    winners += result.get() ? 1 : 0;
                }
                assertThat(winners).as("round %d", round).isEqualTo(1);
                db.clean();
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void claimsAreExclusiveUnderConcurrentClaimers() throws Exception {
        int operations = 200;
        for (int i = 0; i < operations; i++) {
            fixtures.anOperation().insert();
        }
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<UUID>>> claimers = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                String worker = "claimer-" + t;
                claimers.add(threads.submit(() -> {
                    start.await();
                    List<UUID> mine = new ArrayList<>();
                    List<ClaimedOperation> batch;
                    do {
                        batch = repository.claim(worker, 7, deadline());
                        batch.forEach(c -> mine.add(c.id()));
                    } while (!batch.isEmpty());
                    return mine;
                }));
            }
            start.countDown();
            List<UUID> all = new ArrayList<>();
            for (Future<List<UUID>> claimer : claimers) {
                all.addAll(claimer.get());
            }
            assertThat(all).hasSize(operations).doesNotHaveDuplicates();
            assertThat(db.count("SELECT count(*) FROM operation WHERE status = 'running' AND claim_token = 1"))
                    .isEqualTo(operations);
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void aClaimLeavesLargeInputsBehindForTheJobToReadWhenItStarts() {
        UUID small = fixtures.anOperation().createdAgo(Duration.ofMinutes(2)).insert();
        UUID large = fixtures.anOperation().createdAgo(Duration.ofMinutes(1)).insert();
        String text = "x".repeat(OperationRepository.CLAIMED_INPUT_BYTES);
        db.execute("UPDATE operation SET input = jsonb_build_object('collection', 'docs', 'text', '" + text
                + "') WHERE id = '" + large + "'");

        List<ClaimedOperation> claimed = repository.claim("worker-a", 2, deadline());

        assertThat(claimed).extracting(ClaimedOperation::id).containsExactly(small, large);
        assertThat(claimed.get(0).inputJson()).contains("hello");
        assertThat(claimed.get(1).inputJson())
                .as("over %d bytes", OperationRepository.CLAIMED_INPUT_BYTES)
                .isNull();
        assertThat(repository.input(large, claimed.get(1).claimToken())).contains(text);
        assertThat(repository.input(large, claimed.get(1).claimToken() + 1))
                .as("another claim's")
                .isNull();
    }
}
