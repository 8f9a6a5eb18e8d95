package io.ingestops.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Every tunable of the service. Names are part of the contract (DESIGN §4); each is overridable by env var. */
@ConfigMapping(prefix = "ingest")
public interface IngestConfig {

    /** Id written on claimed operations; defaults to the pod's hostname. */
    Optional<String> workerId();

    /** Jobs running at once on this replica. */
    @WithDefault("3")
    int maxConcurrent();

    /**
     * The most operations a replica may claim beyond its free slots, to wait on it for a slot: fewer,
     * larger claims for floods of short jobs. Adaptive: a replica claims ahead only while its last
     * claim came back full and its jobs run well under {@link #claimAheadWait()}. 0 claims only what
     * can start at once.
     */
    @WithDefault("128")
    int claimAhead();

    /**
     * How long an operation claimed ahead may wait on a replica for a slot; then it is handed back
     * unrun (its attempt not counted), for a replica with a free slot.
     */
    @WithDefault("200ms")
    Duration claimAheadWait();

    /** Dispatcher poll when no NOTIFY arrives. */
    @WithDefault("1s")
    Duration pollInterval();

    /** Heartbeat and cancel-check interval of a running operation. */
    @WithDefault("30s")
    Duration heartbeatInterval();

    /** Heartbeat age after which a running operation is considered stuck. */
    @WithDefault("90s")
    Duration staleAfter();

    /** How often the reapers run. */
    @WithDefault("30s")
    Duration reaperInterval();

    /** Terminal operations older than this are deleted. */
    @WithDefault("24h")
    Duration retention();

    /** History events (GET /api/v1/audit) older than this are deleted; kept after their operation is. */
    @WithDefault("30d")
    Duration auditRetention();

    /** Wait for running jobs on SIGTERM before handing them back. */
    @WithDefault("30s")
    Duration shutdownGrace();

    /** Longest {@code ?sync=true} wait. */
    @WithDefault("60s")
    Duration syncWaitMax();

    Timeout timeout();

    Retry retry();

    Schedules schedules();

    Webhooks webhooks();

    Chunk chunk();

    Limits limits();

    Simulate simulate();

    Sync sync();

    Events events();

    /** Server-sent event streams ({@code /operations/{id}/events}, {@code /operations/events}). */
    interface Events {
        /** Open streams per replica; 429 beyond. */
        @WithDefault("500")
        int maxStreams();

        /** Open streams per tenant on one replica; 429 beyond. */
        @WithDefault("50")
        int maxStreamsPerTenant();

        /** Comment sent on idle streams so proxies keep them open. */
        @WithDefault("15s")
        Duration keepalive();
    }

    /** Adaptive deadline: started + clamp(base + per-item × items, min, max). */
    interface Timeout {
        @WithDefault("300s")
        Duration base();

        @WithDefault("10s")
        Duration perItem();

        @WithDefault("300s")
        Duration min();

        @WithDefault("7200s")
        Duration max();
    }

    /**
     * Automatic retries, with exponential backoff and jitter: after a stale heartbeat, and after a
     * handler's transient failure (failure policy). {@code types.<type>.*} overrides the two
     * defaults for one operation type ({@code ingest_text}, {@code sync}, …).
     */
    interface Retry {
        /** Attempts of a submission that does not say ({@code max_attempts}). */
        @WithDefault("3")
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one. */
        @WithDefault("30s")
        Duration backoff();

        /** The longest wait between attempts. */
        @WithDefault("15m")
        Duration maxBackoff();

        java.util.Map<String, TypeRetry> types();
    }

    /** Completion callbacks (Standard Webhooks). */
    interface Webhooks {
        /** Hosts a callback_url may name; none (the default) turns webhooks off. */
        Optional<java.util.List<String>> allowedHosts();

        /** {@code whsec_<base64 key>}; required once a host is allowed. */
        Optional<String> secret();

        /** Attempts per message, the first included. */
        @WithDefault("8")
        int maxAttempts();

        /** Wait before the second attempt; doubled for each further one, with jitter. */
        @WithDefault("5s")
        Duration backoff();

        @WithDefault("1h")
        Duration maxBackoff();

        @WithDefault("5s")
        Duration connectTimeout();

        /** The longest wait for the receiver's answer. */
        @WithDefault("10s")
        Duration readTimeout();

        /** How often each replica looks for messages to send. */
        @WithDefault("1s")
        Duration tick();
    }

    /** Recurring syncs (schedules). */
    interface Schedules {
        /** How often each replica looks for due schedules: the most a due time is late by. */
        @WithDefault("5s")
        Duration tick();

        /** Schedules one tenant may have. */
        @WithDefault("100")
        int maxPerTenant();
    }

    /** One operation type's retry defaults; each falls back to the general one. */
    interface TypeRetry {
        java.util.Optional<Integer> maxAttempts();

        java.util.Optional<Duration> backoff();
    }

    /** Chunking of extracted text, in characters. */
    interface Chunk {
        @WithDefault("1000")
        int size();

        @WithDefault("100")
        int overlap();
    }

    /** Request limits; 413 beyond. */
    interface Limits {
        /** UTF-8 size of a {@code text} field. */
        @WithDefault("10485760")
        long textBytes();

        @WithDefault("10000")
        int batchMessages();

        @WithDefault("104857600")
        long fileBytes();

        /**
         * Size of a JSON request body (text, batch, sync…): parsed in memory, so bounded well below
         * the upload limit that {@code quarkus.http.limits.max-body-size} is sized for.
         */
        @WithDefault("33554432")
        long jsonBytes();

        /** Characters of text one file may yield; beyond, the file is a per-item failure {@code too_large}. */
        @WithDefault("20000000")
        long extractedChars();

        /** Pages of one PDF; beyond, {@code too_large}. */
        @WithDefault("10000")
        int pdfPages();

        /**
         * Decoded size of one PDF stream that text extraction reads (page contents, forms, fonts):
         * PDFBox decodes such a stream into memory, so a decompression bomb must stop here.
         */
        @WithDefault("67108864")
        long pdfStreamBytes();

        /** Size of one HTML file: it is parsed into a tree in memory. */
        @WithDefault("16777216")
        long htmlBytes();
    }

    /** Fault injection for demos and tests only. */
    interface Simulate {
        /** Artificial pause per processed item. */
        @WithDefault("0ms")
        Duration itemDelay();
    }

    /** Folder-sync settings. */
    interface Sync {
        /** The only folder tree a sync may read. */
        @WithDefault("/data/sources")
        String root();
    }
}
