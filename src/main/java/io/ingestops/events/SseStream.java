package io.ingestops.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.operation.Operation;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import jakarta.ws.rs.sse.SseEventSink;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * An SSE stream of operation snapshots: either one operation's (events numbered by its change
 * sequence; the stream closes after the terminal state) or a tenant's feed of all its operations
 * (events numbered by the stream). Sends are serialized; a failed send closes the stream.
 */
final class SseStream implements EventStream {

    static final String EVENT = "operation";

    private final String tenantId;
    private final UUID operationId;
    private final SseEventSink sink;
    private final Sse sse;
    private final ObjectMapper json;
    private final Function<UUID, Optional<Operation>> read;
    private final Function<Operation, Object> view;
    private final Predicate<Operation> filter;
    private final Runnable onClose;
    /** Events a client may have outstanding (sent, not yet written to its connection) before it counts as gone. */
    static final int MAX_UNWRITTEN = 64;

    /** Events a feed remembers having sent, per operation; the oldest are forgotten (at worst an event is sent twice). */
    static final int REMEMBERED = 10_000;

    private final Map<UUID, Long> sent = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Long> eldest) {
            return size() > REMEMBERED;
        }
    };
    private final java.util.concurrent.atomic.AtomicInteger unwritten = new java.util.concurrent.atomic.AtomicInteger();
    private long feedSequence;
    private volatile boolean closed;

    SseStream(
            String tenantId,
            UUID operationId,
            SseEventSink sink,
            Sse sse,
            ObjectMapper json,
            Function<UUID, Optional<Operation>> read,
            Function<Operation, Object> view,
            Predicate<Operation> filter,
            Runnable onClose) {
        this.tenantId = tenantId;
        this.operationId = operationId;
        this.sink = sink;
        this.sse = sse;
        this.json = json;
        this.read = read;
        this.view = view;
        this.filter = filter;
        this.onClose = onClose;
    }

    @Override
    public String tenantId() {
        return tenantId;
    }

    @Override
    public UUID operationId() {
        return operationId;
    }

    /** Sends the current snapshot of one operation, if it is new to this stream. */
    @Override
    public void changed(UUID id) {
        read.apply(id).filter(op -> op.tenantId.equals(tenantId)).filter(filter).ifPresent(this::send);
    }

    synchronized void send(Operation op) {
        if (closed) {
            return;
        }
        Long previous = sent.get(op.id);
        if (previous != null && previous >= op.eventSeq) {
            return; // nothing new (a notification and the poll can both report one change)
        }
        sent.put(op.id, op.eventSeq);
        long eventId = operationId != null ? op.eventSeq : ++feedSequence;
        OutboundSseEvent event = sse.newEventBuilder()
                .name(EVENT)
                .id(Long.toString(eventId))
                .data(toJson(view.apply(op)))
                .build();
        if (!trySend(event)) {
            close();
            return;
        }
        if (operationId != null && op.isDone()) {
            close(); // the terminal state is the last event
        }
    }

    @Override
    public synchronized boolean keepalive() {
        return !closed && trySend(sse.newEventBuilder().comment("keepalive").build());
    }

    /**
     * Starts the write without waiting for it; false if the client is gone or has fallen behind by
     * more than {@link #MAX_UNWRITTEN} events (it is then closed: memory per stream stays bounded and
     * no fan-out thread ever waits for a slow client).
     */
    private boolean trySend(OutboundSseEvent event) {
        if (isClosed() || unwritten.get() >= MAX_UNWRITTEN) {
            return false;
        }
        unwritten.incrementAndGet();
        try {
            sink.send(event).whenComplete((done, failure) -> {
                unwritten.decrementAndGet();
                if (failure != null) {
                    close(); // the client went away while the event was on its way
                }
            });
            return true;
        } catch (RuntimeException gone) {
            unwritten.decrementAndGet();
            return false;
        }
    }

    @Override
    public boolean isClosed() {
        return closed || sink.isClosed();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            sink.close();
        } catch (RuntimeException ignored) {
            // the client is already gone
        }
        onClose.run();
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize an operation", e);
        }
    }
}
