package io.ingestops.worker;

import io.ingestops.config.IngestConfig;
import io.ingestops.operation.OperationType;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How long a transiently failed operation waits before its next attempt: the type's backoff (else
 * the general one) doubled per attempt already made, capped, with jitter so that a dependency's
 * outage does not bring every waiting operation back in the same second.
 */
public record RetryPolicy(Duration backoff, Duration maxBackoff, Map<OperationType, Duration> typeBackoff) {

    public static final RetryPolicy DEFAULT = new RetryPolicy(Duration.ofSeconds(30), Duration.ofMinutes(15), Map.of());

    /**
     * From {@code ingest.retry}; an unknown type name or an attempt count outside 1..100 is a
     * configuration error that stops the start, not a silent no-op.
     */
    public static RetryPolicy from(IngestConfig.Retry config) {
        Map<OperationType, Duration> perType = new EnumMap<>(OperationType.class);
        forEachType(config, (type, retry) -> {
            retry.backoff().ifPresent(b -> perType.put(type, b));
            retry.maxAttempts().ifPresent(n -> {
                if (n < 1 || n > 100) {
                    throw new IllegalStateException(
                            "ingest.retry.types." + type.wire() + ".max-attempts must be 1..100, not " + n);
                }
            });
        });
        return new RetryPolicy(config.backoff(), config.maxBackoff(), perType);
    }

    /** The attempts a submission of {@code type} gets when it does not say. */
    public static int maxAttempts(IngestConfig.Retry config, OperationType type) {
        IngestConfig.TypeRetry retry = config.types().get(type.wire());
        return retry == null ? config.maxAttempts() : retry.maxAttempts().orElse(config.maxAttempts());
    }

    /** The wait before attempt {@code attemptsMade + 1}: between half and all of the exponential backoff. */
    public Duration delay(OperationType type, int attemptsMade) {
        Duration base = typeBackoff.getOrDefault(type, backoff);
        double exponential = base.toMillis() * Math.pow(2, Math.max(0, attemptsMade - 1));
        double capped = Math.min(exponential, maxBackoff.toMillis());
        double jittered = capped * (0.5 + 0.5 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.round(jittered));
    }

    private static void forEachType(
            IngestConfig.Retry config, java.util.function.BiConsumer<OperationType, IngestConfig.TypeRetry> action) {
        for (Map.Entry<String, IngestConfig.TypeRetry> entry : config.types().entrySet()) {
            OperationType type;
            try {
                type = OperationType.fromWire(entry.getKey());
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ingest.retry.types." + entry.getKey() + ": no such operation type");
            }
            action.accept(type, entry.getValue());
        }
    }
}
