package io.ingestops.api;

import io.ingestops.worker.ShutdownParticipant;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the HTTP requests in flight, so that a shutdown waits (within {@code shutdown-grace}) for
 * the ones a client is still sending or receiving (an upload, say) before the HTTP drain, rather
 * than after it. Streams and long polls are answered at the start of the shutdown, so they end at once.
 */
@ApplicationScoped
public class InFlightRequests implements ShutdownParticipant {

    private final AtomicInteger inFlight = new AtomicInteger();

    void register(@Observes Filters filters) {
        filters.register(
                context -> {
                    inFlight.incrementAndGet();
                    context.addEndHandler(done -> inFlight.decrementAndGet());
                    context.next();
                },
                Integer.MAX_VALUE - 1);
    }

    public int count() {
        return inFlight.get();
    }

    @Override
    public void shutdownStarted() {
        // nothing to answer: requests finish on their own (streams and long polls are answered by the event hub)
    }

    @Override
    public boolean isIdle() {
        return inFlight.get() == 0;
    }
}
