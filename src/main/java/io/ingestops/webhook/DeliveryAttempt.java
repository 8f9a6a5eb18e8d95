package io.ingestops.webhook;

import java.time.Instant;
import java.util.UUID;

/** One attempt to deliver a message: the receiver's status code or the error, and how long it took. */
public record DeliveryAttempt(
        UUID deliveryId,
        int attempt,
        Instant at,
        String workerId,
        Integer statusCode,
        int latencyMs,
        String error,
        String responseExcerpt) {}
