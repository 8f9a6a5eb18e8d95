package io.ingestops.events;

import io.ingestops.config.IngestConfig;
import io.ingestops.db.Jdbc;
import io.ingestops.worker.ListenerReady;
import io.ingestops.worker.ShutdownParticipant;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.jboss.logging.Logger;

/**
 * Fans operation changes out to this replica's open event streams. Changes arrive on the replica's
 * one LISTEN connection (channel {@code ingest_events}, NOTIFYed by a trigger on every visible
 * change, whichever replica made it); streams re-read the row, so a lost notification costs at most
 * one poll interval, when {@link #poll()} re-checks every watched operation in one query.
 *
 * <p>Bounded: a notification marks the operation on each interested stream, and a stream has at
 * most one delivery queued however many notifications arrive (so the queue holds at most one task
 * per stream); sends never wait for a client (a stream whose client falls behind is closed, see
 * {@link SseStream}), so one slow client cannot stall the others.
 *
 * <p>At shutdown it answers every open stream with the current state and closes it, wakes every
 * long poll, and refuses to keep new ones open.
 */
@ApplicationScoped
public class OperationEventHub implements ShutdownParticipant {

    static final String CHANNEL = "ingest_events";

    private static final Logger LOG = Logger.getLogger(OperationEventHub.class);

    private final Jdbc jdbc;
    private final IngestConfig config;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    /** Per stream, the operations notified since its last delivery; present while a delivery is queued. */
    private final Map<EventStream, Set<UUID>> pending = new ConcurrentHashMap<>();
    /** The last change number the poll saw per operation; rebuilt by each poll, so it holds only what streams follow. */
    private volatile Map<UUID, Long> lastSeen = Map.of();
    // re-reads and sends happen here, never on the LISTEN thread
    private final ExecutorService fanOut = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "event-fan-out");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter delivered;
    private volatile boolean closing;

    public OperationEventHub(Jdbc jdbc, IngestConfig config, MeterRegistry registry) {
        this.jdbc = jdbc;
        this.config = config;
        Gauge.builder("ingest.event.streams.open", streams, Set::size)
                .description("server-sent event streams open on this replica")
                .register(registry);
        this.delivered = Counter.builder("ingest.event.notifications")
                .description("change notifications fanned out to event streams")
                .register(registry);
    }

    /** Operations someone waits on here (`/wait`, `?sync=true`), with what to call on a change. */
    private final Map<UUID, List<Runnable>> watchers = new ConcurrentHashMap<>();

    /** A registration made by {@link #watch}; closing it ends it. */
    public interface Watch extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Calls {@code onChange} whenever a change of the operation is notified, on the listener's
     * thread (so it must only signal), and once when the replica starts shutting down. Not counted
     * against the event-stream limits.
     */
    public Watch watch(UUID id, Runnable onChange) {
        // added and removed inside compute, so a list emptied by a concurrent close is never reused
        watchers.compute(id, (key, list) -> {
            List<Runnable> watching = list == null ? new CopyOnWriteArrayList<>() : list;
            watching.add(onChange);
            return watching;
        });
        return () -> watchers.computeIfPresent(id, (key, list) -> {
            list.remove(onChange);
            return list.isEmpty() ? null : list;
        });
    }

    /** The replica is shutting down: long polls answer now, streams close after their current state. */
    public boolean isClosing() {
        return closing;
    }

    @Override
    public void shutdownStarted() {
        closing = true;
        watchers.values().forEach(list -> list.forEach(Runnable::run));
        for (EventStream stream : streams) {
            fanOut.execute(() -> closeWithCurrentState(stream));
        }
    }

    @Override
    public boolean isIdle() {
        return streams.isEmpty();
    }

    void onListenerReady(@Observes ListenerReady ready) {
        ready.listener().subscribe(CHANNEL, this::onNotification);
    }

    /** Registers a stream, or refuses it when this replica or the tenant has too many open. */
    boolean register(EventStream stream) {
        synchronized (streams) {
            long tenantStreams = streams.stream()
                    .filter(s -> s.tenantId().equals(stream.tenantId()))
                    .count();
            if (streams.size() >= config.events().maxStreams()
                    || tenantStreams >= config.events().maxStreamsPerTenant()) {
                return false;
            }
            streams.add(stream);
            return true;
        }
    }

    void unregister(EventStream stream) {
        streams.remove(stream);
        pending.remove(stream);
    }

    public int openStreams() {
        return streams.size();
    }

    /** Payload: "tenant operation-id". */
    void onNotification(String payload) {
        int space = payload.lastIndexOf(' ');
        if (space < 0) {
            return;
        }
        String tenant = payload.substring(0, space);
        UUID id;
        try {
            id = UUID.fromString(payload.substring(space + 1));
        } catch (IllegalArgumentException e) {
            return;
        }
        watchers.getOrDefault(id, List.of()).forEach(Runnable::run);
        notifyStreams(tenant, id);
    }

    private void notifyStreams(String tenant, UUID id) {
        for (EventStream stream : streams) {
            if (stream.tenantId().equals(tenant)
                    && (stream.operationId() == null || stream.operationId().equals(id))) {
                delivered.increment();
                schedule(stream, id);
            }
        }
    }

    /** Marks the operation on the stream; queues a delivery unless one is already queued. */
    private void schedule(EventStream stream, UUID id) {
        boolean[] queue = {false};
        pending.compute(stream, (key, ids) -> {
            if (ids == null) {
                queue[0] = true;
                ids = ConcurrentHashMap.newKeySet();
            }
            ids.add(id);
            return ids;
        });
        if (queue[0]) {
            fanOut.execute(() -> deliver(stream));
        }
    }

    private void deliver(EventStream stream) {
        Set<UUID> ids = pending.remove(stream);
        if (ids == null) {
            return;
        }
        try {
            for (UUID id : ids) {
                if (stream.isClosed()) {
                    return;
                }
                stream.changed(id);
            }
        } catch (RuntimeException e) {
            LOG.debugf("event stream failed, closing it: %s", e.getMessage());
            stream.close();
        }
    }

    private void closeWithCurrentState(EventStream stream) {
        try {
            if (!stream.isClosed() && stream.operationId() != null) {
                stream.changed(stream.operationId());
            }
        } catch (RuntimeException e) {
            LOG.debugf("event stream failed at shutdown: %s", e.getMessage());
        } finally {
            stream.close();
        }
    }

    /** The safety net for lost notifications: one query for every operation a stream follows here. */
    @Scheduled(
            identity = "event-poll",
            every = "${ingest.poll-interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void poll() {
        List<EventStream> open = new ArrayList<>(streams);
        if (open.isEmpty()) {
            lastSeen = Map.of();
            return;
        }
        try {
            pollOnce(open);
        } catch (RuntimeException e) {
            LOG.warnf("event poll failed: %s", e.getMessage());
        }
    }

    private void pollOnce(List<EventStream> open) {
        Set<UUID> watched = ConcurrentHashMap.newKeySet();
        Set<String> tenantFeeds = ConcurrentHashMap.newKeySet();
        for (EventStream stream : open) {
            if (stream.operationId() != null) {
                watched.add(stream.operationId());
            } else {
                tenantFeeds.add(stream.tenantId());
            }
        }
        String sql = "SELECT id, tenant_id, event_seq FROM operation WHERE id = ANY (?)"
                + " OR (tenant_id = ANY (?) AND updated_at > now() - make_interval(secs => ?))";
        double window = Math.max(2.0, config.pollInterval().toMillis() / 1000.0 * 3);
        Map<UUID, Long> previous = lastSeen;
        Map<UUID, Long> seen = new HashMap<>();
        jdbc.withConnection(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setArray(1, c.createArrayOf("uuid", watched.toArray()));
                s.setArray(2, c.createArrayOf("text", tenantFeeds.toArray()));
                s.setDouble(3, window);
                try (var rows = s.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        long seq = rows.getLong(3);
                        seen.put(id, seq);
                        Long before = previous.get(id);
                        if (before == null || before != seq) {
                            notifyStreams(rows.getString(2), id);
                        }
                    }
                }
            }
            return null;
        });
        lastSeen = seen;
    }

    /** Keeps idle streams open through proxies, and finds clients that went away. */
    @Scheduled(
            identity = "event-keepalive",
            every = "${ingest.events.keepalive}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void keepalive() {
        for (EventStream stream : streams) {
            if (stream.isClosed() || !stream.keepalive()) {
                stream.close();
            }
        }
    }
}
