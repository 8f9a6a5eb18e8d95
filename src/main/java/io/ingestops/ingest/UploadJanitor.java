package io.ingestops.ingest;

import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Deletes stored uploads once no operation names them (retention deleted their operations). */
@ApplicationScoped
public class UploadJanitor implements Housekeeping {

    private static final Logger LOG = Logger.getLogger(UploadJanitor.class);

    private final UploadStore uploads;

    public UploadJanitor(UploadStore uploads) {
        this.uploads = uploads;
    }

    @Override
    public String name() {
        return "upload_janitor";
    }

    @Override
    public int runOnce() {
        int deleted = uploads.deleteOrphans();
        if (deleted > 0) {
            LOG.infof("deleted %d stored uploads no operation refers to", deleted);
        }
        return deleted;
    }
}
