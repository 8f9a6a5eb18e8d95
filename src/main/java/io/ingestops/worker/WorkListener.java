package io.ingestops.worker;

import io.ingestops.operation.OperationRepository;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

/**
 * Holds the replica's one dedicated LISTEN connection: wakes dispatchers when work is NOTIFYed
 * (channel {@code ingest_work}) and passes other channels' payloads to their subscribers (the event
 * streams). A lost connection is reopened; meanwhile everyone falls back to polling.
 */
public final class WorkListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkListener.class);

    /** The keepalive round trip, named so an operator can tell it in pg_stat_activity. */
    static final String PING = "SELECT 1 /* ingest listener ping */";

    private final String url;
    private final Properties credentials;
    private final Duration waitPerRound;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, List<java.util.function.Consumer<String>>> channels =
            new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean running = true;
    private volatile Connection connection;
    private Thread thread;

    public WorkListener(String url, Properties credentials, Duration waitPerRound) {
        this.url = url;
        this.credentials = credentials;
        this.waitPerRound = waitPerRound;
    }

    public void subscribe(Runnable subscriber) {
        subscribers.add(subscriber);
    }

    public void unsubscribe(Runnable subscriber) {
        subscribers.remove(subscriber);
    }

    /** Receives every payload NOTIFYed on {@code channel}; call before {@link #start()}. */
    public void subscribe(String channel, java.util.function.Consumer<String> subscriber) {
        channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(subscriber);
    }

    public void start() {
        thread = new Thread(this, "notify-listener");
        thread.setDaemon(true);
        thread.start();
    }

    public void stop() {
        running = false;
        closeQuietly();
        if (thread != null) {
            thread.interrupt();
        }
    }

    @Override
    public void run() {
        while (running) {
            try {
                listen();
            } catch (SQLException | RuntimeException e) {
                closeQuietly();
                if (running) {
                    LOG.warnf("LISTEN connection lost (%s); reconnecting", e.getMessage());
                    sleepBeforeReconnect();
                }
            }
        }
    }

    private void listen() throws SQLException {
        connection = DriverManager.getConnection(url, credentials);
        try (Statement statement = connection.createStatement()) {
            statement.execute("LISTEN " + OperationRepository.WORK_CHANNEL);
            for (String channel : channels.keySet()) {
                statement.execute("LISTEN " + channel);
            }
        }
        PGConnection pg = connection.unwrap(PGConnection.class);
        int waitMillis = (int) Math.max(1, waitPerRound.toMillis());
        long nextPing = System.nanoTime() + pingInterval().toNanos();
        while (running) {
            PGNotification[] notifications = pg.getNotifications(waitMillis);
            if (System.nanoTime() >= nextPing) {
                ping();
                nextPing = System.nanoTime() + pingInterval().toNanos();
            }
            if (notifications == null) {
                continue;
            }
            boolean work = false;
            for (PGNotification notification : notifications) {
                if (OperationRepository.WORK_CHANNEL.equals(notification.getName())) {
                    work = true;
                } else {
                    deliver(notification);
                }
            }
            if (work) {
                subscribers.forEach(Runnable::run);
            }
        }
    }

    /**
     * Waiting for notifications only reads: a connection whose peer vanished without closing it
     * (a failover, a dropped NAT entry) would wait forever, every replica falling back to polling
     * without knowing. A round trip every {@link #pingInterval()} (bounded by the connection's
     * socket timeout) finds it out, and the loop reconnects.
     */
    private void ping() throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(PING);
        }
    }

    Duration pingInterval() {
        return Duration.ofMillis(Math.max(1000, waitPerRound.toMillis() * 5));
    }

    private void deliver(PGNotification notification) {
        for (java.util.function.Consumer<String> subscriber :
                channels.getOrDefault(notification.getName(), List.of())) {
            try {
                subscriber.accept(notification.getParameter());
            } catch (RuntimeException e) {
                LOG.warnf("subscriber of %s failed: %s", notification.getName(), e.getMessage());
            }
        }
    }

    private void sleepBeforeReconnect() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    private void closeQuietly() {
        Connection current = connection;
        if (current != null) {
            try {
                current.close();
            } catch (SQLException ignored) {
                // already broken
            }
        }
    }
}
