package io.ingestops.events;

import io.ingestops.config.IngestConfig;
import io.ingestops.db.Jdbc;
import io.ingestops.worker.ListenerReady;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.ArrayList;
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
 */
@ApplicationScoped
public class OperationEventHub {

    static final String CHANNEL = "ingest_events";

    private static final Logger LOG = Logger.getLogger(OperationEventHub.class);

    private final Jdbc jdbc;
    private final IngestConfig config;
    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final Map<UUID, Long> lastSeen = new ConcurrentHashMap<>();
    // re-reads and sends happen here, never on the LISTEN thread
    private final ExecutorService fanOut = Executors.newFixedThreadPool(2, r -> {
        Thread thread = new Thread(r, "event-fan-out");
        thread.setDaemon(true);
        return thread;
    });
    private final Counter delivered;

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
     * thread (so it must only signal). Not counted against the event-stream limits.
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
                fanOut.execute(() -> deliver(stream, id));
            }
        }
    }

    private void deliver(EventStream stream, UUID id) {
        try {
            if (!stream.isClosed()) {
                stream.changed(id);
            }
        } catch (RuntimeException e) {
            LOG.debugf("event stream failed, closing it: %s", e.getMessage());
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
            lastSeen.clear();
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
        jdbc.withConnection(c -> {
            try (var s = c.prepareStatement(sql)) {
                s.setArray(1, c.createArrayOf("uuid", watched.toArray()));
                s.setArray(2, c.createArrayOf("text", tenantFeeds.toArray()));
                s.setDouble(3, window);
                try (var rows = s.executeQuery()) {
                    while (rows.next()) {
                        UUID id = rows.getObject(1, UUID.class);
                        long seq = rows.getLong(3);
                        Long previous = lastSeen.put(id, seq);
                        if (previous == null || previous != seq) {
                            notifyStreams(rows.getString(2), id);
                        }
                    }
                }
            }
            return null;
        });
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
