package io.ingestops.health;

import io.ingestops.worker.WorkerLifecycle;
import io.ingestops.worker.WorkerNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.flywaydb.core.Flyway;

/**
 * Ready when every migration is applied and the replica is not shutting down; a database that does
 * not answer is reported by the datasource's own readiness check beside this one.
 */
@Readiness
@ApplicationScoped
public class ReadinessCheck implements HealthCheck {

    private final Flyway flyway;
    private final WorkerLifecycle worker;
    /** Once all of this version's migrations are applied they stay applied: no need to ask on every probe. */
    private volatile boolean migrated;

    public ReadinessCheck(Flyway flyway, WorkerLifecycle worker) {
        this.flyway = flyway;
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("operations");
        WorkerNode node = worker.node();
        if (node != null) {
            WorkerData.add(response, node);
        }
        if (worker.isShuttingDown()) {
            return response.down().withData("reason", "shutting down").build();
        }
        if (!migrated) {
            try {
                int pending = flyway.info().pending().length;
                if (pending > 0) {
                    return response.down()
                            .withData("reason", pending + " migrations not applied")
                            .build();
                }
                migrated = true;
            } catch (RuntimeException e) {
                return response.down()
                        .withData("reason", "database unreachable")
                        .build();
            }
        }
        return response.up().build();
    }
}
