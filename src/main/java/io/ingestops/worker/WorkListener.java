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
        while (running) {
            PGNotification[] notifications = pg.getNotifications(waitMillis);
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
