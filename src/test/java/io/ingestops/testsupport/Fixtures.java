package io.ingestops.testsupport;

import io.ingestops.db.Jdbc;
import jakarta.enterprise.context.ApplicationScoped;

/** Entry point for fixture builders: {@code fixtures.anOperation()}. */
@ApplicationScoped
public class Fixtures {

    private final Jdbc jdbc;

    public Fixtures(Jdbc jdbc) {
        this.jdbc = jdbc;
    }

    public OperationFixture anOperation() {
        return new OperationFixture(jdbc);
    }
}
