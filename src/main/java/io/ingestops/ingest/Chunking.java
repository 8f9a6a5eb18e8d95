package io.ingestops.ingest;

import io.ingestops.config.IngestConfig;
import jakarta.enterprise.context.ApplicationScoped;

/** The chunker configured by {@code ingest.chunk.*}, and the per-item pause of {@code ingest.simulate.item-delay}. */
@ApplicationScoped
public class Chunking {

    private final IngestConfig config;

    public Chunking(IngestConfig config) {
        this.config = config;
    }

    public TextChunker chunker() {
        return new TextChunker(config.chunk().size(), config.chunk().overlap());
    }

    public java.time.Duration itemDelay() {
        return config.simulate().itemDelay();
    }
}
