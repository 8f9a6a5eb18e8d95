package io.ingestops.webhook;

import java.time.Instant;
import java.util.UUID;

/** One webhook message (one terminal state of one operation) and where its delivery stands. */
public record Delivery(
        UUID id,
        UUID operationId,
        String tenantId,
        String url,
        String eventType,
        String body,
        String status,
        int attempts,
        Instant nextAttemptAt,
        long claimToken,
        Instant createdAt,
        Instant deliveredAt,
        String lastError) {

    /** The {@code webhook-id} header: the same for every attempt of this message. */
    public String messageId() {
        return "msg_" + id.toString().replace("-", "");
    }
}
