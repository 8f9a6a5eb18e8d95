package io.ingestops.api;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC 3339 date-times in requests: one parser, one message. */
final class DateTimes {

    /** How far ahead {@code run_at} may be. */
    static final Duration RUN_AT_HORIZON = Duration.ofDays(366);

    private DateTimes() {}

    /** The instant of {@code value}, or null when absent; 400 naming {@code name} when it is not RFC 3339. */
    static Instant parse(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            OffsetDateTime parsed = OffsetDateTime.parse(value.trim());
            if (parsed.getYear() < 1 || parsed.getYear() > 9999) {
                // PostgreSQL's timestamptz and java.sql.Timestamp cannot hold the extremes ISO allows
                throw ApiException.invalidArgument(name, "must be a date-time between the years 1 and 9999");
            }
            return parsed.toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.invalidArgument(
                    name, "must be an RFC 3339 date-time with an offset, e.g. 2026-12-06T10:00:00Z");
        }
    }

    /**
     * A submission's {@code run_at}: null (at once) when absent; a time in the past runs at once too
     * (kept as given, so the resource shows what was asked); more than a year ahead is refused.
     */
    static Instant runAt(String value, Instant now) {
        Instant runAt = parse("run_at", value);
        if (runAt != null && runAt.isAfter(now.plus(RUN_AT_HORIZON))) {
            throw ApiException.invalidArgument("run_at", "must be at most a year ahead");
        }
        return runAt;
    }
}
