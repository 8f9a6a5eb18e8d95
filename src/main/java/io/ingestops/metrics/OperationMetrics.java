package io.ingestops.metrics;

import io.ingestops.operation.OperationStatus;
import io.ingestops.operation.OperationType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/** The service's own meters. Tags are low-cardinality only: type, status, reason, worker. */
@ApplicationScoped
public class OperationMetrics {

    private final MeterRegistry registry;
    private final AtomicLong queueDepth = new AtomicLong();

    public OperationMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("ingest.operations.queue.depth", queueDepth, AtomicLong::get)
                .description("operations pending, as last counted by the reapers' scheduler")
                .register(registry);
    }

    public void submitted(OperationType type) {
        Counter.builder("ingest.operations.submitted")
                .description("operations accepted")
                .tag("type", type.wire())
                .register(registry)
                .increment();
    }

    public void finished(OperationType type, OperationStatus status, long durationNanos) {
        Counter.builder("ingest.operations.finished")
                .description("operations that reached a terminal state on this replica")
                .tag("type", type.wire())
                .tag("status", status.wire())
                .register(registry)
                .increment();
        Timer.builder("ingest.operations.duration")
                .description("run time of an operation's last attempt")
                .tag("type", type.wire())
                .publishPercentileHistogram()
                .minimumExpectedValue(Duration.ofMillis(10))
                .maximumExpectedValue(Duration.ofHours(2))
                .register(registry)
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    public void reaped(String reason, int count) {
        if (count > 0) {
            Counter.builder("ingest.operations.reaped")
                    .description("operations moved on by a reaper")
                    .tag("reason", reason)
                    .register(registry)
                    .increment(count);
        }
    }

    /** A transient handler failure sent back to the queue for another attempt; {@code code} is the failure policy's. */
    public void retried(io.ingestops.operation.OperationType type, String code) {
        Counter.builder("ingest.operations.retried")
                .description("attempts that failed transiently and were queued again")
                .tag("type", type.wire())
                .tag("code", code)
                .register(registry)
                .increment();
    }

    /** A schedule's due time: {@code submitted} (a sync was created) or {@code skipped} (the tenant lock was held). */
    public void scheduleRun(String outcome) {
        Counter.builder("ingest.schedule.runs")
                .description("due times of schedules, by what became of them")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    /** One webhook attempt: {@code delivered}, {@code retried} (will be tried again) or {@code failed} (no attempts left). */
    public void webhookAttempt(String outcome) {
        Counter.builder("ingest.webhook.deliveries")
                .description("webhook delivery attempts, by outcome")
                .tag("outcome", outcome)
                .register(registry)
                .increment();
    }

    public void housekeepingError(String reaper) {
        Counter.builder("ingest.housekeeping.errors")
                .tag("reaper", reaper)
                .register(registry)
                .increment();
    }

    /** A finished job whose completion the database would not take (it is failed or left to the reaper). */
    public void completionRefused() {
        Counter.builder("ingest.completions.refused")
                .description("finished jobs whose completion could not be written")
                .register(registry)
                .increment();
    }

    public void registerRunning(String workerId, Supplier<Number> running) {
        Gauge.builder("ingest.operations.running", running)
                .description("jobs running on this replica")
                .tag("worker", workerId)
                .register(registry);
    }

    public void registerHeartbeatAge(String workerId, Supplier<Number> ageSeconds) {
        Gauge.builder("ingest.heartbeat.age.seconds", ageSeconds)
                .description("seconds since this replica last renewed its running operations' heartbeats")
                .tag("worker", workerId)
                .register(registry);
    }

    public void queueDepth(long pending) {
        queueDepth.set(pending);
    }
}
