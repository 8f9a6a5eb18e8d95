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
 * Holds the replica's one dedicated LISTEN connection and wakes subscribers when work is NOTIFYed.
 * A lost connection is reopened; meanwhile dispatchers fall back to polling.
 */
public final class WorkListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(WorkListener.class);

    private final String url;
    private final Properties credentials;
    private final Duration waitPerRound;
    private final List<Runnable> subscribers = new CopyOnWriteArrayList<>();
    private volatile boolean running = true;
    private volatile boolean connected;
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

    public boolean isConnected() {
        return connected;
    }

    @Override
    public void run() {
        while (running) {
            try {
                listen();
            } catch (SQLException | RuntimeException e) {
                connected = false;
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
        }
        connected = true;
        PGConnection pg = connection.unwrap(PGConnection.class);
        int waitMillis = (int) Math.max(1, waitPerRound.toMillis());
        while (running) {
            PGNotification[] notifications = pg.getNotifications(waitMillis);
            if (notifications != null && notifications.length > 0) {
                subscribers.forEach(Runnable::run);
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
