package io.ingestops.webhook;

import io.ingestops.config.IngestConfig;
import io.ingestops.reaper.Housekeeping;
import jakarta.enterprise.context.ApplicationScoped;

/** Deletes webhook messages and their attempts once they are older than the audit retention. */
@ApplicationScoped
public class WebhookRetention implements Housekeeping {

    private final WebhookStore store;
    private final IngestConfig config;

    public WebhookRetention(WebhookStore store, IngestConfig config) {
        this.store = store;
        this.config = config;
    }

    @Override
    public String name() {
        return "webhook_deliveries";
    }

    @Override
    public int runOnce() {
        return store.deleteOlderThan(config.auditRetention(), 1000);
    }
}
