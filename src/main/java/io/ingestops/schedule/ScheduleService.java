package io.ingestops.schedule;

import io.ingestops.config.IngestConfig;
import io.ingestops.sync.SyncRoot;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Creating, reading and deleting a tenant's schedules. */
@ApplicationScoped
public class ScheduleService {

    /** The tenant already has as many schedules as it may. */
    public static class LimitReachedException extends RuntimeException {
        public LimitReachedException(int limit) {
            super("a tenant may have at most " + limit + " schedules; delete one first", null, false, false);
        }
    }

    private final ScheduleStore store;
    private final SyncRoot root;
    private final IngestConfig config;

    public ScheduleService(ScheduleStore store, SyncRoot root, IngestConfig config) {
        this.store = store;
        this.root = root;
        this.config = config;
    }

    /**
     * Validates and stores a schedule; its first due time is the first after now. The source must
     * exist now (named as a sync of it names its documents); whether it still does is each sync's
     * business.
     */
    public Schedule create(
            String tenantId, String collection, String source, String cron, String timeZone, int priority, String by) {
        CronSchedule recurrence = CronSchedule.of(cron, timeZone);
        String canonicalSource = root.canonical(source);
        Instant firstDue = recurrence.nextAfter(Instant.now()).orElseThrow();
        Schedule schedule = new Schedule(
                UUID.randomUUID(),
                tenantId,
                collection,
                canonicalSource,
                cron.trim(),
                recurrence.zone().getId(),
                priority,
                by,
                null,
                firstDue,
                null,
                null,
                null,
                0,
                null,
                0,
                null);
        int limit = config.schedules().maxPerTenant();
        return QuarkusTransaction.requiringNew()
                .call(() -> store.create(schedule, limit))
                .orElseThrow(() -> new LimitReachedException(limit));
    }

    public List<Schedule> list(String tenantId) {
        return store.list(tenantId);
    }

    public Optional<Schedule> find(String tenantId, UUID id) {
        return store.find(tenantId, id);
    }

    public boolean delete(String tenantId, UUID id) {
        return store.delete(tenantId, id);
    }
}
