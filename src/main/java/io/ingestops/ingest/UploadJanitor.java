package io.ingestops.ingest;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes stored uploads once no operation names them (retention deleted their operations). */
@ApplicationScoped
public class UploadJanitor {

    private static final Logger LOG = Logger.getLogger(UploadJanitor.class);

    private final UploadStore uploads;

    public UploadJanitor(UploadStore uploads) {
        this.uploads = uploads;
    }

    @Scheduled(
            identity = "upload-janitor",
            every = "${ingest.reaper-interval}",
            delayed = "${ingest.reaper-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.errorf(e, "upload janitor failed; will retry next tick");
        }
    }

    public int runOnce() {
        int deleted = uploads.deleteOrphans();
        if (deleted > 0) {
            LOG.infof("deleted %d stored uploads no operation refers to", deleted);
        }
        return deleted;
    }
}
