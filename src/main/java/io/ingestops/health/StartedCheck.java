package io.ingestops.health;

import io.ingestops.worker.WorkerLifecycle;
import io.ingestops.worker.WorkerNode;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Startup;

/** Started once migrations ran and the worker node is up. */
@Startup
@ApplicationScoped
public class StartedCheck implements HealthCheck {

    private final WorkerLifecycle worker;

    public StartedCheck(WorkerLifecycle worker) {
        this.worker = worker;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("startup");
        WorkerNode node = worker.node();
        if (node != null) {
            WorkerData.add(response, node);
        }
        return response.status(worker.isStarted()).build();
    }
}
