package io.ingestops.health;

import io.ingestops.worker.WorkerNode;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/** The worker facts every one of the service's checks reports. */
final class WorkerData {

    private WorkerData() {}

    static HealthCheckResponseBuilder add(HealthCheckResponseBuilder response, WorkerNode node) {
        return response.withData("worker_id", node.workerId())
                .withData("running", node.runningCount())
                .withData("capacity", node.capacity())
                .withData("last_tick_age_ms", node.lastTickAgeMillis());
    }
}
