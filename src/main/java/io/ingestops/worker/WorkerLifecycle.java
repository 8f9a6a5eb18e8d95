package io.ingestops.worker;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ingestops.config.IngestConfig;
import io.ingestops.metrics.OperationMetrics;
import io.ingestops.operation.OperationRepository;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.context.ManagedExecutor;
import org.jboss.logging.Logger;

/** Starts this replica's worker node and LISTEN connection at startup; stops them at SIGTERM, handing work back. */
@ApplicationScoped
public class WorkerLifecycle {

    private static final Logger LOG = Logger.getLogger(WorkerLifecycle.class);

    /** How often the shutdown looks whether jobs and participants are done. */
    static final Duration IDLE_CHECK = Duration.ofMillis(20);

    private final IngestConfig config;
    private final OperationRepository repository;
    private final Instance<OperationHandler> handlers;
    private final ObjectMapper json;
    private final OperationMetrics metrics;
    private final String jdbcUrl;
    private final Optional<String> username;
    private final Optional<String> password;

    private final Event<ListenerReady> listenerReady;
    private final Instance<ShutdownParticipant> participants;
    private final AtomicBoolean stopped = new AtomicBoolean();

    /** Nodes told of NOTIFYed work and cancel requests (this replica's, and the extra ones tests start), with their wake-up. */
    private final Map<WorkerNode, Runnable> attached = new ConcurrentHashMap<>();

    private final WorkerRegistry registry;

    private volatile WorkerNode node;
    private volatile WorkListener listener;
    private volatile boolean started;
    private volatile boolean shuttingDown;

    public WorkerLifecycle(
            IngestConfig config,
            OperationRepository repository,
            Instance<OperationHandler> handlers,
            ObjectMapper json,
            OperationMetrics metrics,
            @ConfigProperty(name = "quarkus.datasource.jdbc.url") String jdbcUrl,
            @ConfigProperty(name = "quarkus.datasource.username") Optional<String> username,
            @ConfigProperty(name = "quarkus.datasource.password") Optional<String> password,
            Event<ListenerReady> listenerReady,
            Instance<ShutdownParticipant> participants,
            WorkerRegistry registry) {
        this.registry = registry;
        this.listenerReady = listenerReady;
        this.participants = participants;
        this.config = config;
        this.repository = repository;
        this.handlers = handlers;
        this.json = json;
        this.metrics = metrics;
        this.jdbcUrl = jdbcUrl;
        this.username = username;
        this.password = password;
    }

    void onStart(@Observes StartupEvent event) {
        listener = new WorkListener(jdbcUrl, credentials(), config.pollInterval());
        node = newNode(workerId(), WorkerSettings.from(config));
        listener.subscribe(OperationRepository.CANCEL_CHANNEL, this::onCancelRequested);
        attach(node);
        listenerReady.fire(new ListenerReady(listener)); // other channels subscribe before the LISTENs are issued
        listener.start();
        node.start();
        started = true;
    }

    /**
     * SIGTERM, at once, before the HTTP drain (Quarkus' pre-shutdown phase, {@code
     * quarkus.shutdown.delay-enabled}): readiness goes down, the dispatcher stops claiming, running
     * jobs are asked to stop, open streams and long polls are answered and closed; then, within
     * {@code shutdown-grace}, the jobs wind down and requests in flight finish, and whatever still
     * runs is handed back. The HTTP drain that follows has nothing left to wait for.
     */
    void onShutdownStarted(@Observes @Priority(1) ShutdownDelayInitiatedEvent event) {
        stopWorking();
    }

    // the fallback when no pre-shutdown phase ran; runs before the datasource is closed
    void onStop(@Observes @Priority(1) ShutdownEvent event) {
        stopWorking();
        if (listener != null) {
            listener.stop();
        }
    }

    private void stopWorking() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
        shuttingDown = true;
        if (node != null) {
            node.beginShutdown(); // from here on, what a claim in flight brings back is handed back unrun
        }
        LOG.infof("worker %s: shutdown started", node == null ? "-" : node.workerId());
        List<ShutdownParticipant> winding = participants.stream().toList();
        for (ShutdownParticipant participant : winding) {
            try {
                participant.shutdownStarted();
            } catch (RuntimeException e) {
                LOG.warnf(
                        "%s did not wind down cleanly: %s",
                        participant.getClass().getSimpleName(), e.getMessage());
            }
        }
        while (System.nanoTime() < deadline
                && !((node == null || node.isIdle()) && winding.stream().allMatch(ShutdownParticipant::isIdle))) {
            try {
                Thread.sleep(IDLE_CHECK.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (node != null) {
            node.finishShutdown(deadline);
        }
    }

    /** A node with this replica's handlers and the given id and settings (tests run several). */
    public WorkerNode newNode(String workerId, WorkerSettings settings) {
        ManagedExecutor executor = ManagedExecutor.builder()
                .maxAsync(settings.maxConcurrent())
                // unbounded: the node bounds what it holds (busy slots); a job handed back while it
                // waited leaves a no-op task behind in the queue
                .maxQueued(-1)
                .build();
        return new WorkerNode(
                workerId,
                settings,
                repository,
                new HandlerRegistry(handlers.stream().toList()),
                executor,
                json,
                metrics);
    }

    /**
     * From now on the node is woken by NOTIFYed work and told of NOTIFYed cancel requests, and keeps
     * its row in the worker table while it runs.
     */
    public void attach(WorkerNode node) {
        node.reportPresenceTo(registry);
        Runnable wake = node::wake;
        attached.put(node, wake);
        listener.subscribe(wake);
    }

    public void detach(WorkerNode node) {
        Runnable wake = attached.remove(node);
        if (wake != null) {
            listener.unsubscribe(wake);
        }
    }

    private void onCancelRequested(String operationId) {
        UUID id = UUID.fromString(operationId);
        attached.keySet().forEach(node -> node.cancelRequested(id));
    }

    public WorkerNode node() {
        return node;
    }

    public WorkListener listener() {
        return listener;
    }

    public boolean isStarted() {
        return started;
    }

    public boolean isShuttingDown() {
        return shuttingDown;
    }

    private String workerId() {
        return config.workerId().filter(id -> !id.isBlank()).orElseGet(WorkerLifecycle::hostname);
    }

    private static String hostname() {
        String fromEnv = System.getenv("HOSTNAME");
        if (fromEnv != null && !fromEnv.isBlank()) {
            return fromEnv;
        }
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "worker-" + ProcessHandle.current().pid();
        }
    }

    private Properties credentials() {
        Properties properties = new Properties();
        username.ifPresent(u -> properties.setProperty("user", u));
        password.ifPresent(p -> properties.setProperty("password", p));
        properties.setProperty("ApplicationName", "ingest-listener");
        properties.setProperty("tcpKeepAlive", "true");
        // a ping that gets no answer within this many seconds fails, and the listener reconnects
        properties.setProperty("socketTimeout", "10");
        return properties;
    }
}
