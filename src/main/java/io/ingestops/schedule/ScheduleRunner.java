package io.ingestops.schedule;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.NewOperation;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationType;
import io.ingestops.operation.Submission;
import io.ingestops.sync.SyncInProgressException;
import io.ingestops.sync.SyncInput;
import io.ingestops.worker.RetryPolicy;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Runs due schedules, on every replica: a due schedule is locked ({@code FOR UPDATE SKIP LOCKED}),
 * its due time recorded in {@code schedule_run} (primary key (schedule, due time): the database's
 * dedupe), and its sync submitted through {@link OperationService#submit} — the same path, and the
 * same tenant lock, as the API — in that one transaction. A due time that finds the lock held is
 * skipped and counted, never queued. After an outage the schedule moves on to its next due time
 * after now: missed due times run once, not once each.
 */
@ApplicationScoped
public class ScheduleRunner {

    private static final Logger LOG = Logger.getLogger(ScheduleRunner.class);

    /** Due schedules handled per tick and replica; the rest wait for the next tick. */
    static final int BATCH = 100;

    private final ScheduleStore store;
    private final OperationService operations;
    private final IngestConfig config;
    private final ObjectMapper json;
    private final OperationMetrics metrics;

    public ScheduleRunner(
            ScheduleStore store,
            OperationService operations,
            IngestConfig config,
            ObjectMapper json,
            OperationMetrics metrics) {
        this.store = store;
        this.operations = operations;
        this.config = config;
        this.json = json;
        this.metrics = metrics;
    }

    @Scheduled(
            identity = "schedules",
            every = "${ingest.schedules.tick}",
            delayed = "${ingest.schedules.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            metrics.housekeepingError("schedules");
            LOG.errorf(e, "running due schedules failed; will retry next tick");
        }
    }

    /** Handles the schedules due now; answers how many due times it acted on (submitted or skipped). */
    public int runOnce() {
        int acted = 0;
        for (UUID id : store.dueIds(BATCH)) {
            if (runDue(id)) {
                acted++;
            }
        }
        return acted;
    }

    private boolean runDue(UUID id) {
        Instant[] dueAt = new Instant[1];
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                Schedule schedule = store.lockIfDue(id).orElse(null);
                if (schedule == null) {
                    return false; // another replica has it, or already moved it on
                }
                dueAt[0] = schedule.nextDueAt();
                Instant next = next(schedule);
                if (!store.recordRun(id, dueAt[0], "submitted", null, null)) {
                    store.advance(id, next);
                    return false;
                }
                Submission submission = operations.submit(request(schedule));
                UUID operationId = submission.operation().id;
                store.setRunOperation(id, dueAt[0], operationId);
                store.ran(id, dueAt[0], operationId, next);
                metrics.scheduleRun("submitted");
                LOG.infof(
                        "schedule %s tenant=%s due %s: sync %s submitted; next due %s",
                        id, schedule.tenantId(), dueAt[0], operationId, next);
                return true;
            });
        } catch (SyncInProgressException busy) {
            // the submission rolled back with its transaction; record the skip in a new one
            return QuarkusTransaction.requiringNew().call(() -> skip(id, dueAt[0], busy));
        }
    }

    private boolean skip(UUID id, Instant dueAt, SyncInProgressException busy) {
        Schedule schedule = store.lockIfDue(id).orElse(null);
        if (schedule == null || !schedule.nextDueAt().equals(dueAt)) {
            return false;
        }
        String reason = "tenant lock held by " + busy.active().type.wire() + " " + busy.active().id;
        Instant next = next(schedule);
        if (store.recordRun(id, dueAt, "skipped", null, reason)) {
            store.skipped(id, dueAt, reason, next);
            metrics.scheduleRun("skipped");
            LOG.infof(
                    "schedule %s tenant=%s due %s skipped: %s; next due %s",
                    id, schedule.tenantId(), dueAt, reason, next);
            return true;
        }
        store.advance(id, next);
        return false;
    }

    /** The first due time after now (an outage's missed due times collapse into the one just run). */
    private static Instant next(Schedule schedule) {
        CronSchedule cron = CronSchedule.of(schedule.cron(), schedule.timeZone());
        Instant after = Instant.now().isAfter(schedule.nextDueAt()) ? Instant.now() : schedule.nextDueAt();
        // a cron that is never due again (validated at creation, so only in a far future) parks it a century out
        return cron.nextAfter(after).orElse(after.plus(java.time.Duration.ofDays(36500)));
    }

    private NewOperation request(Schedule schedule) throws JsonProcessingException {
        SyncInput input = new SyncInput(schedule.collection(), schedule.source());
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("schedule_id", schedule.id().toString());
        metadata.put("due_at", schedule.nextDueAt().toString());
        return new NewOperation(
                        schedule.tenantId(),
                        OperationType.SYNC,
                        schedule.collection(),
                        schedule.priority(),
                        RetryPolicy.maxAttempts(config.retry(), OperationType.SYNC),
                        null,
                        null,
                        null,
                        null,
                        schedule.createdBy())
                .withInput(
                        json.writeValueAsString(input),
                        null,
                        json.writeValueAsString(metadata),
                        json.writeValueAsString(input.summary()));
    }
}
