package io.ingestops.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.ingestops.history.HistoryEvent;
import io.ingestops.operation.OperationStatus;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** History events as the API shows them (DESIGN §7): an operation's timeline and the tenant's audit log. */
public final class HistoryView {

    private HistoryView() {}

    public record EventActor(String kind, @JsonInclude(JsonInclude.Include.ALWAYS) String id) {}

    /** One event of an operation's timeline. {@code from} is null for the submission and equals {@code to} for a cancel request. */
    public record TimelineEvent(
            Instant at,
            @JsonInclude(JsonInclude.Include.ALWAYS) String from,
            String to,
            int attempt,
            EventActor actor,
            String reason) {}

    /** One event of the tenant's audit log: a timeline event and the operation it belongs to. */
    public record AuditEvent(
            Instant at,
            @JsonInclude(JsonInclude.Include.ALWAYS) String from,
            String to,
            int attempt,
            EventActor actor,
            String reason,
            @JsonProperty("operation_id") UUID operationId,
            String type,
            String collection) {}

    public record Timeline(List<TimelineEvent> events) {}

    public record AuditPage(
            List<AuditEvent> events,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("next_page_token") String nextPageToken) {}

    static TimelineEvent inTimeline(HistoryEvent e) {
        return new TimelineEvent(e.at(), wire(e.from()), e.to().wire(), e.attempt(), actor(e), e.reason());
    }

    static AuditEvent inAudit(HistoryEvent e) {
        return new AuditEvent(
                e.at(),
                wire(e.from()),
                e.to().wire(),
                e.attempt(),
                actor(e),
                e.reason(),
                e.operationId(),
                e.type().wire(),
                e.collection());
    }

    private static String wire(OperationStatus status) {
        return status == null ? null : status.wire();
    }

    private static EventActor actor(HistoryEvent e) {
        return new EventActor(e.actorKind(), e.actorId());
    }
}
