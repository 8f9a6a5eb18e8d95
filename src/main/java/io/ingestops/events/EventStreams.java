package io.ingestops.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationService;
import io.ingestops.operation.OperationType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.function.Function;

/** Opens event streams: checks limits, sends the first snapshot, hands the stream to the hub. */
@ApplicationScoped
public class EventStreams {

    private final OperationEventHub hub;
    private final OperationService operations;
    private final ObjectMapper json;

    public EventStreams(OperationEventHub hub, OperationService operations, ObjectMapper json) {
        this.hub = hub;
        this.operations = operations;
        this.json = json;
    }

    /** Follows one operation (already known to belong to the tenant); false if over the stream limits. */
    public boolean follow(Operation op, SseEventSink sink, Sse sse, Function<Operation, Object> view) {
        String tenant = op.tenantId;
        SseStream[] holder = new SseStream[1];
        SseStream stream = new SseStream(
                tenant,
                op.id,
                sink,
                sse,
                json,
                id -> operations.find(tenant, id),
                view,
                o -> true,
                () -> hub.unregister(holder[0]));
        holder[0] = stream;
        if (!hub.register(stream)) {
            return false;
        }
        stream.send(op);
        if (hub.isClosing()) {
            stream.close(); // the replica is stopping: the current state, and the client reconnects elsewhere
        }
        return true;
    }

    /** Follows every operation of the tenant (optionally one collection or type); starts with the active ones. */
    public boolean feed(
            String tenant,
            String collection,
            OperationType type,
            SseEventSink sink,
            Sse sse,
            Function<Operation, Object> view) {
        SseStream[] holder = new SseStream[1];
        SseStream stream = new SseStream(
                tenant,
                null,
                sink,
                sse,
                json,
                id -> operations.find(tenant, id),
                view,
                op -> (collection == null || collection.equals(op.collection)) && (type == null || type == op.type),
                () -> hub.unregister(holder[0]));
        holder[0] = stream;
        if (!hub.register(stream)) {
            return false;
        }
        operations.active(tenant).stream()
                .filter(op ->
                        (collection == null || collection.equals(op.collection)) && (type == null || type == op.type))
                .forEach(stream::send);
        if (hub.isClosing()) {
            stream.close();
        }
        return true;
    }
}
