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

    public Database(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public void clean() {
        jdbc.update("TRUNCATE operation, sync_lock, chunk, document, upload, upload_part", s -> {});
    }

    public Operation operation(UUID id) {
        return QuarkusTransaction.requiringNew().call(() -> Operation.<Operation>findById(id));
    }

    public long count(String sql) {
        return jdbc.query(sql, s -> {}, row -> row.getLong(1)).get(0);
    }

    public int execute(String sql) {
        return jdbc.update(sql, s -> {});
    }
}
