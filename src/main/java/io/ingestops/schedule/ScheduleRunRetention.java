package io.ingestops.schedule;

import io.ingestops.config.IngestConfig;
import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes the records of schedules' due times once they are older than the audit retention. */
@ApplicationScoped
public class ScheduleRunRetention implements Housekeeping {

    private final ScheduleStore store;
    private final IngestConfig config;

    public ScheduleRunRetention(ScheduleStore store, IngestConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public String name() {
        return "schedule_runs";
    }

    @Override
    public int runOnce() {
        return store.deleteRunsOlderThan(config.auditRetention(), 1000);
    }
}
