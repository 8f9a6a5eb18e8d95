package io.ingestops.api;

import io.ingestops.events.EventStreams;
import io.ingestops.events.OperationWaiter;
import io.ingestops.history.HistoryEvent;
import io.ingestops.history.OperationHistory;
import io.ingestops.operation.Actor;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationFilter;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationStats;
import io.ingestops.operation.OperationType;
import io.quarkus.security.Authenticated;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** Following and managing operations. */
@Path("/api/v1/operations")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "operations")
public class OperationResource {

    static final int MAX_WAIT_SECONDS = 60;

    public record OperationPage(
            List<OperationView> operations,
            @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
                    String nextPageToken) {}

    private final OperationService operations;
    private final OperationWaiter waiter;
    private final OperationStats stats;
    private final OperationViews views;
    private final Submissions submissions;
    private final CallerTenant tenant;
    private final EventStreams streams;
    private final OperationPages pages;
    private final OperationHistory history;

    public OperationResource(
            OperationService operations,
            OperationWaiter waiter,
            OperationStats stats,
            OperationViews views,
            Submissions submissions,
            CallerTenant tenant,
            EventStreams streams,
            OperationPages pages,
            OperationHistory history) {
        this.history = history;
        this.pages = pages;
        this.streams = streams;
        this.operations = operations;
        this.waiter = waiter;
        this.stats = stats;
        this.views = views;
        this.submissions = submissions;
        this.tenant = tenant;
    }

    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "listOperations",
            summary = "The tenant's operations, newest first, filtered, page by page")
    @GET
    public OperationPage list(
            @QueryParam("status") String status,
            @QueryParam("type") String type,
            @QueryParam("collection") String collection,
            @QueryParam("limit") String limitParam,
            @QueryParam("page_token") String pageToken) {
        String scope = "operations|" + tenant.id();
        OperationFilter filter = pages.filter(scope, status, type, collection, limitParam, pageToken);
        return pages.page(scope, filter, operations.list(tenant.id(), filter));
    }

    /** Every change of the tenant's operations, as server-sent events; starts with the active ones. */
    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "followTenantOperations",
            summary = "Server-sent events for every change of the tenant's operations")
    @Path("/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void feed(
            @QueryParam("collection") String collection,
            @QueryParam("type") String type,
            @Context SseEventSink sink,
            @Context Sse sse) {
        OperationType only = parseOneType(type);
        String onlyCollection = collection == null || collection.isBlank() ? null : collection;
        if (!streams.feed(tenant.id(), onlyCollection, only, sink, sse, views::toView)) {
            throw tooManyStreams();
        }
    }

    /** One operation's progress as server-sent events: a snapshot now, one per change, the terminal state last. */
    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "followOperation",
            summary = "Server-sent events of one operation; the terminal state is the last")
    @Path("/{id}/events")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    public void events(@PathParam("id") String id, @Context SseEventSink sink, @Context Sse sse) {
        Operation op = operations.get(tenant.id(), parseId(id));
        if (!streams.follow(op, sink, sse, views::toView)) {
            throw tooManyStreams();
        }
    }

    private static ApiException tooManyStreams() {
        return new ApiException(
                429,
                "too_many_streams",
                "Too many streams",
                "too many event streams are open; close one and retry",
                java.util.Map.of());
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "getOperationStats",
            summary = "Counts per status and type, chunks created, duration mean and p95 per type")
    @Path("/stats")
    public OperationStats.Snapshot stats() {
        return stats.of(tenant.id());
    }

    @org.eclipse.microprofile.openapi.annotations.Operation(operationId = "getOperation", summary = "One operation")
    @GET
    @Path("/{id}")
    public OperationView get(@PathParam("id") String id) {
        return views.toView(operations.get(tenant.id(), parseId(id)));
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "waitForOperation",
            summary = "Long-poll: answers when the operation is done, or its state after timeout seconds (at most 60)")
    @Path("/{id}/wait")
    public OperationView await(@PathParam("id") String id, @QueryParam("timeout") String timeoutParam) {
        // longer waits are clamped to the maximum rather than refused
        int seconds = QueryParams.intInRange("timeout", timeoutParam, 30, 0, Integer.MAX_VALUE);
        Duration timeout = Duration.ofSeconds(Math.min(seconds, MAX_WAIT_SECONDS));
        return views.toView(waiter.awaitDone(tenant.id(), parseId(id), timeout));
    }

    @GET
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "getOperationHistory",
            summary = "Every status change and cancel request of the operation, oldest first, with who made it")
    @Path("/{id}/history")
    public HistoryView.Timeline history(@PathParam("id") String id) {
        UUID operationId = parseId(id);
        List<HistoryEvent> events = history.of(tenant.id(), operationId);
        if (events.isEmpty()) {
            operations.get(tenant.id(), operationId); // 404 unless it exists (submitted before history was kept)
        }
        return new HistoryView.Timeline(
                events.stream().map(HistoryView::inTimeline).toList());
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "cancelOperation",
            summary =
                    "Cancel: a pending operation at once, a running one at its next checkpoint; 409 not_cancellable when done")
    @Path("/{id}/cancel")
    public OperationView cancel(@PathParam("id") String id) {
        return views.toView(operations.cancel(tenant.id(), parseId(id), Actor.user(tenant.subject())));
    }

    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "deleteOperation",
            summary = "Cancel (same as POST …/cancel)")
    @DELETE
    @Path("/{id}")
    public OperationView delete(@PathParam("id") String id) {
        return cancel(id);
    }

    @POST
    @org.eclipse.microprofile.openapi.annotations.Operation(
            operationId = "retryOperation",
            summary = "A new operation with the same input as a failed or cancelled one")
    @Path("/{id}/retry")
    public Response retry(@PathParam("id") String id) {
        return submissions.answer(operations.retry(tenant.id(), parseId(id), tenant.subject()), false);
    }

    static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw ApiException.invalidArgument("id", "is not a UUID");
        }
    }

    /** The {@code type} filter of the feeds and the audit log: one type or none. */
    static OperationType parseOneType(String type) {
        Set<OperationType> types = parseSet("type", type, OperationType.class, OperationType::fromWire);
        if (types.size() > 1) {
            throw ApiException.invalidArgument("type", "name at most one type");
        }
        return types.isEmpty() ? null : types.iterator().next();
    }

    static <E extends Enum<E>> Set<E> parseSet(String field, String csv, Class<E> type, Function<String, E> parse) {
        Set<E> values = EnumSet.noneOf(type);
        if (csv == null || csv.isBlank()) {
            return values;
        }
        for (String part : csv.split(",")) {
            try {
                values.add(parse.apply(part.trim()));
            } catch (IllegalArgumentException e) {
                throw ApiException.invalidArgument(field, "unknown value '" + part.trim() + "'");
            }
        }
        return values;
    }
}
