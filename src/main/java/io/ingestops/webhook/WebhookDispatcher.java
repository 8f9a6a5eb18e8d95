package io.ingestops.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.api.OperationViews;
import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationReads;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.jboss.logging.Logger;

/**
 * Delivers webhook messages from whichever replica claims them first (DESIGN §7 "Webhooks"): a
 * signed POST per attempt, no redirects, a connect and a read timeout, at most 1 KiB of the answer
 * kept; a non-2xx answer or a timeout is retried with exponential backoff and jitter up to
 * {@code max-attempts}, with the same {@code webhook-id}.
 */
@ApplicationScoped
public class WebhookDispatcher {

    private static final Logger LOG = Logger.getLogger(WebhookDispatcher.class);

    static final int EXCERPT_BYTES = 1024;
    static final int BATCH = 16;

    private final WebhookStore store;
    private final OperationReads reads;
    private final OperationViews views;
    private final ObjectMapper json;
    private final OperationMetrics metrics;
    private final IngestConfig.Webhooks config;
    private final String workerId;
    private final WebhookSigner signer;
    private final HttpClient http;
    private final ExecutorService senders = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "webhook-sender");
        t.setDaemon(true);
        return t;
    });

    public WebhookDispatcher(
            WebhookStore store,
            OperationReads reads,
            OperationViews views,
            ObjectMapper json,
            OperationMetrics metrics,
            IngestConfig config) {
        this.store = store;
        this.reads = reads;
        this.views = views;
        this.json = json;
        this.metrics = metrics;
        this.config = config.webhooks();
        this.workerId = config.workerId()
                .filter(id -> !id.isBlank())
                .orElse(System.getenv().getOrDefault("HOSTNAME", "ingest"));
        boolean enabled = !this.config.allowedHosts().orElse(List.of()).isEmpty();
        // webhooks on without a secret would deliver unsigned messages: refuse to start instead
        this.signer = enabled ? WebhookSigner.of(this.config.secret().orElse(null)) : null;
        this.http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(this.config.connectTimeout())
                .build();
    }

    @Scheduled(
            identity = "webhooks",
            every = "${ingest.webhooks.tick}",
            delayed = "${ingest.webhooks.tick}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void tick() {
        if (signer == null) {
            return;
        }
        try {
            deliverDue();
        } catch (RuntimeException e) {
            metrics.housekeepingError("webhooks");
            LOG.errorf(e, "delivering webhooks failed; will retry next tick");
        }
    }

    /** Claims the due messages and sends one attempt of each; answers how many attempts were made. */
    public int deliverDue() {
        Duration lease = config.connectTimeout().plus(config.readTimeout()).plusSeconds(10);
        List<Delivery> due = store.claimDue(workerId, BATCH, lease);
        List<Future<?>> sent = new ArrayList<>();
        for (Delivery delivery : due) {
            sent.add(senders.submit(() -> attempt(delivery)));
        }
        for (Future<?> f : sent) {
            try {
                f.get();
            } catch (Exception e) {
                LOG.warnf(e, "a webhook attempt failed unexpectedly");
            }
        }
        return due.size();
    }

    private void attempt(Delivery delivery) {
        String body = delivery.body();
        if (body == null) {
            body = body(delivery);
            if (!store.setBody(delivery.id(), delivery.claimToken(), body)) {
                return; // taken over
            }
        }
        long timestamp = System.currentTimeMillis() / 1000;
        HttpRequest request = HttpRequest.newBuilder(URI.create(delivery.url()))
                .timeout(config.readTimeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "ingest-operations-webhooks")
                .header("webhook-id", delivery.messageId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", signer.sign(delivery.messageId(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        Integer status = null;
        String error = null;
        String excerpt = null;
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            status = response.statusCode();
            try (InputStream in = response.body()) {
                byte[] head = in.readNBytes(EXCERPT_BYTES);
                excerpt = head.length == 0 ? null : new String(head, StandardCharsets.UTF_8);
            }
        } catch (HttpTimeoutException e) {
            error = "timed out after " + config.readTimeout().toMillis() + " ms";
        } catch (IOException e) {
            error = "could not deliver: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            error = "interrupted";
        }
        int latencyMs = (int) Duration.ofNanos(System.nanoTime() - started).toMillis();
        boolean delivered = status != null && status >= 200 && status < 300;
        if (!delivered && status != null && status >= 300 && status < 400) {
            error = "HTTP " + status + " (redirects are not followed)";
        }
        int attempt = delivery.attempts() + 1;
        Duration retryIn = delivered || attempt >= config.maxAttempts() ? null : backoff(attempt);
        if (store.finishAttempt(delivery, workerId, status, latencyMs, error, excerpt, delivered, retryIn)) {
            String outcome = delivered ? "delivered" : retryIn == null ? "failed" : "retried";
            metrics.webhookAttempt(outcome);
            LOG.infof(
                    "webhook %s of operation %s attempt %d: %s (%s, %d ms)",
                    delivery.messageId(),
                    delivery.operationId(),
                    attempt,
                    outcome,
                    status != null ? "HTTP " + status : error,
                    latencyMs);
        }
    }

    /** {@code {"type": "operation.<status>", "data": <the operation>}} as it is now (terminal, so final). */
    private String body(Delivery delivery) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("type", delivery.eventType());
        Operation op = reads.find(delivery.tenantId(), delivery.operationId()).orElse(null);
        message.put("data", op == null ? Map.of("id", delivery.operationId()) : views.toView(op));
        try {
            return json.writeValueAsString(message);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("webhook message is not serializable", e);
        }
    }

    private Duration backoff(int attemptsMade) {
        double exponential = config.backoff().toMillis() * Math.pow(2, attemptsMade - 1);
        double capped = Math.min(exponential, config.maxBackoff().toMillis());
        return Duration.ofMillis(
                Math.round(capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble())));
    }
}
