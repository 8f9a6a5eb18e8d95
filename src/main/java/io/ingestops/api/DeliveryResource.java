package io.ingestops.api;

import io.ingestops.operation.OperationService;
import io.ingestops.webhook.Delivery;
import io.ingestops.webhook.DeliveryAttempt;
import io.ingestops.webhook.WebhookStore;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The webhook messages of an operation and every attempt to deliver them. */
@Path("/api/v1/operations/{id}/deliveries")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
public class DeliveryResource {

    @Schema(name = "DeliveryAttempt")
    public record AttemptView(
            int attempt,
            Instant at,
            String workerId,
            @Schema(description = "the receiver's HTTP status; null when there was no answer") Integer statusCode,
            int latencyMs,
            @Schema(description = "why there was no answer (timeout, connection refused, …), or a redirect refused")
                    String error,
            @Schema(description = "the first KiB of the receiver's answer") String responseExcerpt) {}

    @Schema(name = "Delivery", description = "One webhook message (one terminal state) and its attempts")
    public record DeliveryView(
            @Schema(description = "the webhook-id header of every attempt") String webhookId,
            String type,
            String url,
            @Schema(enumeration = {"pending", "delivering", "delivered", "failed"}) String status,
            int attemptCount,
            @Schema(description = "when the next attempt is due, while pending") Instant nextAttemptAt,
            Instant createdAt,
            Instant deliveredAt,
            String lastError,
            List<AttemptView> attempts) {}

    public record Deliveries(List<DeliveryView> deliveries) {}

    private final WebhookStore store;
    private final OperationService operations;
    private final CallerTenant tenant;

    public DeliveryResource(WebhookStore store, OperationService operations, CallerTenant tenant) {
        this.store = store;
        this.operations = operations;
        this.tenant = tenant;
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "getOperationDeliveries",
            summary = "The webhook messages of the operation (one per terminal state) and every delivery attempt")
    public Deliveries list(@PathParam("id") String id) {
        UUID operationId = OperationResource.parseId(id);
        List<Delivery> deliveries = store.forOperation(tenant.id(), operationId);
        if (deliveries.isEmpty()) {
            operations.get(tenant.id(), operationId); // 404 unless it exists
        }
        Map<UUID, List<DeliveryAttempt>> attempts =
                store.attempts(deliveries.stream().map(Delivery::id).toList()).stream()
                        .collect(Collectors.groupingBy(DeliveryAttempt::deliveryId));
        return new Deliveries(deliveries.stream()
                .map(d -> new DeliveryView(
                        d.messageId(),
                        d.eventType(),
                        d.url(),
                        d.status(),
                        d.attempts(),
                        "pending".equals(d.status()) ? d.nextAttemptAt() : null,
                        d.createdAt(),
                        d.deliveredAt(),
                        d.lastError(),
                        attempts.getOrDefault(d.id(), List.of()).stream()
                                .map(a -> new AttemptView(
                                        a.attempt(),
                                        a.at(),
                                        a.workerId(),
                                        a.statusCode(),
                                        a.latencyMs(),
                                        a.error(),
                                        a.responseExcerpt()))
                                .toList()))
                .toList());
    }
}
