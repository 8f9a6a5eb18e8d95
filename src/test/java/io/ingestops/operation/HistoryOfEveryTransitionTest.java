package io.ingestops.operation;

import static org.assertj.core.api.Assertions.assertThat;

import io.ingestops.config.IngestConfig;
import io.ingestops.testsupport.EngineTest;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Every status-changing statement of {@link OperationRepository} writes its event in the same
 * statement (V14: no update trigger catches a statement that forgets): one per transition, with
 * the transition, the reason and the actor the history API shows; nothing for a write that changes
 * no status (heartbeat, progress) or that matches no row.
 */
@QuarkusTest
class HistoryOfEveryTransitionTest extends EngineTest {

    private static final Duration STALE = Duration.ofSeconds(2);

    @Inject
    OperationRepository repository;

    @Inject
    IngestConfig config;

    @Test
    void aWorkersTransitionsEachLeaveOneEvent() {
        UUID done = fixtures.anOperation().createdAgo(Duration.ofMinutes(2)).insert();
        UUID alsoDone = fixtures.anOperation().createdAgo(Duration.ofMinutes(1)).insert();
        List<ClaimedOperation> claims = repository.claim("w1", 2, deadline());
        assertThat(claims).hasSize(2);
        assertThat(lastEvent(done)).isEqualTo("pending->running claimed worker:w1");
        assertThat(rowsHolding(done, alsoDone))
                .as("one history row per statement")
                .isEqualTo(1);

        // no status change: no event
        assertThat(repository.heartbeat(Map.of(done, 1L, alsoDone, 1L))).hasSize(2);
        assertThat(repository.writeProgress(done, 1L, new ProgressSnapshot("processing", 50, 2, 1, 0, "x")))
                .isTrue();
        assertThat(events(done)).hasSize(2);

        assertThat(repository.completeAll(
                        List.of(new Completion(done, 1L, "{}", null), new Completion(alsoDone, 1L, "{}", null))))
                .hasSize(2);
        assertThat(lastEvent(done)).isEqualTo("running->completed completed worker:w1");
        assertThat(lastEvent(alsoDone)).isEqualTo("running->completed completed worker:w1");
        assertThat(rowsHolding(done, alsoDone))
                .as("the claim's row and the completion's")
                .isEqualTo(2);

        UUID failed = claimOne("w2");
        assertThat(repository.fail(failed, 1L, "input_missing", "gone", null)).isTrue();
        assertThat(lastEvent(failed)).isEqualTo("running->failed input_missing worker:w2");

        UUID cancelled = claimOne("w2");
        assertThat(repository.cancel(cancelled, 1L, null)).isTrue();
        assertThat(lastEvent(cancelled)).isEqualTo("running->cancelled cancelled worker:w2");

        // arranged as claimed, so that no operation handed back waits in the queue for the next claim
        UUID handedBack = fixtures.anOperation().running("w3").insert();
        assertThat(repository.handBack(handedBack, 1L)).isTrue();
        assertThat(lastEvent(handedBack)).isEqualTo("running->pending handed_back worker:w3");

        UUID retried = fixtures.anOperation().running("w3").insert();
        assertThat(repository.retryOrFail(retried, 1L, "io_error", "disk", Duration.ZERO, null))
                .isEqualTo(OperationStatus.PENDING);
        assertThat(lastEvent(retried)).isEqualTo("running->pending io_error worker:w3");

        UUID exhausted = fixtures.anOperation().running("w4").attempt(3, 3).insert();
        assertThat(repository.retryOrFail(exhausted, 1L, "io_error", "disk", Duration.ZERO, null))
                .isEqualTo(OperationStatus.FAILED);
        assertThat(lastEvent(exhausted)).isEqualTo("running->failed io_error worker:w4");

        // a fenced-out write changes nothing and records nothing
        assertThat(repository.fail(exhausted, 1L, "x", "late", null)).isFalse();
        assertThat(repository.complete(done, 7L, "{}", null)).isFalse();
        assertThat(events(exhausted)).hasSize(2);
        assertThat(events(done)).hasSize(3);
    }

    @Test
    void usersAndReapersTransitionsEachLeaveOneEvent() {
        Actor user = Actor.user("alice");
        UUID pending = fixtures.anOperation().insert();
        assertThat(repository.cancelPending(pending, "acme", user)).isTrue();
        assertThat(lastEvent(pending)).isEqualTo("pending->cancelled cancel_requested user:alice");
        assertThat(repository.cancelPending(pending, "acme", user)).isFalse();
        assertThat(events(pending)).hasSize(2);

        UUID running = fixtures.anOperation().running("w1").insert();
        assertThat(repository.requestCancel(running, "acme", user)).isTrue();
        assertThat(lastEvent(running)).isEqualTo("running->running cancel_requested user:alice");
        assertThat(repository.requestCancel(running, "acme", user)).isFalse();
        assertThat(events(running)).hasSize(2);

        UUID superseded = fixtures.anOperation()
                .running("gone")
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        assertThat(repository.supersede(superseded, STALE, user)).isTrue();
        assertThat(lastEvent(superseded)).isEqualTo("running->failed superseded user:alice");

        UUID staleRetried = fixtures.anOperation()
                .running("gone")
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        UUID staleFailed = fixtures.anOperation()
                .running("gone")
                .attempt(3, 3)
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        UUID staleCancelled = fixtures.anOperation()
                .running("gone")
                .heartbeatAgo(Duration.ofMinutes(5))
                .insert();
        db.execute("UPDATE operation SET cancel_requested = true WHERE id = '" + staleCancelled + "'");
        assertThat(repository.cancelStale(STALE)).hasSize(1);
        assertThat(repository.retryStale(STALE, Duration.ZERO)).hasSize(1);
        assertThat(repository.failStale(STALE)).hasSize(1);
        assertThat(lastEvent(staleRetried)).isEqualTo("running->pending heartbeat_timeout reaper:stale-heartbeat");
        assertThat(lastEvent(staleFailed)).isEqualTo("running->failed heartbeat_timeout reaper:stale-heartbeat");
        assertThat(lastEvent(staleCancelled)).isEqualTo("running->cancelled cancelled reaper:stale-heartbeat");

        UUID late = fixtures.anOperation()
                .running("slow")
                .deadlineIn(Duration.ofMinutes(-5))
                .insert();
        assertThat(repository.failPastDeadline(Duration.ZERO)).hasSize(1);
        assertThat(lastEvent(late)).isEqualTo("running->failed deadline_exceeded reaper:deadline");

        // a sweep that finds nothing writes no history row
        long rows = db.count("SELECT count(*) FROM operation_history");
        assertThat(repository.retryStale(STALE, Duration.ZERO)).isEmpty();
        assertThat(repository.failPastDeadline(Duration.ZERO)).isEmpty();
        assertThat(db.count("SELECT count(*) FROM operation_history")).isEqualTo(rows);
    }

    private UUID claimOne(String worker) {
        UUID id = fixtures.anOperation().insert();
        List<ClaimedOperation> claims = repository.claim(worker, 1, deadline());
        assertThat(claims).extracting(ClaimedOperation::id).containsExactly(id);
        return id;
    }

    private List<String> events(UUID id) {
        return db.strings("SELECT coalesce(from_status, '-') || '->' || to_status || ' ' || reason || ' ' || actor_kind"
                + " || ':' || coalesce(actor_id, '') FROM operation_event WHERE operation_id = '" + id
                + "' ORDER BY row_id, ord");
    }

    private String lastEvent(UUID id) {
        List<String> events = events(id);
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    private long rowsHolding(UUID a, UUID b) {
        return db.count("SELECT count(*) FROM operation_history WHERE operation_ids @> ARRAY['" + a + "'::uuid, '" + b
                + "'::uuid]");
    }

    private DeadlinePolicy deadline() {
        IngestConfig.Timeout t = config.timeout();
        return new DeadlinePolicy(t.base(), t.perItem(), t.min(), t.max());
    }
}
