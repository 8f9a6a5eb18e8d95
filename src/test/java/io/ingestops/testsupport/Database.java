package io.ingestops.testsupport;

import io.ingestops.db.Jdbc;
import io.ingestops.operation.Operation;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Direct access to the test database: cleaning between tests and reading rows back. */
@ApplicationScoped
public class Database {

    private final Jdbc jdbc;
    private final String url;

    public Database(
            Jdbc jdbc,
            @org.eclipse.microprofile.config.inject.ConfigProperty(name = "quarkus.datasource.jdbc.url") String url) {
        this.jdbc = jdbc;
        this.url = url;
    }

    /**
     * Empties every table. Background work of the application (scheduled housekeeping, a job that is
     * finishing) may hold locks in another order, so a deadlock here is retried, a bounded number of
     * times; so is a connection that an earlier test cut.
     */
    public void clean() {
        for (int attempt = 1; ; attempt++) {
            try {
                jdbc.update(
                        "TRUNCATE operation, operation_history, sync_lock, chunk, document_text, document, upload, schedule,"
                                + " schedule_run, webhook_delivery, webhook_attempt, upload_part",
                        s -> {});
                return;
            } catch (Jdbc.DatabaseException e) {
                boolean deadlock =
                        e.getCause() instanceof java.sql.SQLException sql && "40P01".equals(sql.getSQLState());
                // a pooled connection an earlier test cut (terminateEveryOtherConnection) fails once and is discarded
                boolean cut = io.ingestops.db.TransientFailures.isTransient(e);
                if (!(deadlock || cut) || attempt == 5) {
                    throw e;
                }
            }
        }
    }

    public Operation operation(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Operation.<Operation>findById(id));
    }

    public long count(String sql) {
        return jdbc.query(sql, s -> {}, row -> row.getLong(1)).get(0);
    }

    /** The first column of every row, as text. */
    public java.util.List<String> strings(String sql) {
        return jdbc.query(sql, s -> {}, row -> row.getString(1));
    }

    public int execute(String sql) {
        return jdbc.update(sql, s -> {});
    }

    /**
     * Terminates every other session of the test database (the application's pool, its LISTEN
     * connection), as a failover or an administrator would; from a connection of its own.
     */
    public void terminateEveryOtherConnection() {
        try (java.sql.Connection own = java.sql.DriverManager.getConnection(url, "postgres", "postgres");
                java.sql.Statement statement = own.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE datname = current_database() AND pid <> pg_backend_pid()");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
