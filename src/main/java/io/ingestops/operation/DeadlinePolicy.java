package io.ingestops.operation;

import java.time.Duration;

/**
 * The adaptive deadline: claim time + clamp(base + perItem × items, min, max). A requested
 * {@code timeout_seconds} replaces the computed value and is bounded by max only. Evaluated in SQL
 * at claim time, so the database clock is the only clock involved.
 */
public record DeadlinePolicy(Duration base, Duration perItem, Duration min, Duration max) {

    /** SQL for the expected duration in seconds, over columns timeout_seconds and total_items; binds base, perItem, min, max. */
    static final String EXPECTED_SECONDS_SQL =
            "CASE WHEN timeout_seconds IS NOT NULL THEN least(timeout_seconds::float8, ?)"
                    + " ELSE least(?, greatest(?, ? + ? * coalesce(total_items, 0))) END";

    /** Binds the parameters of {@link #EXPECTED_SECONDS_SQL} in order, starting at {@code index}. */
    int bind(java.sql.PreparedStatement statement, int index) throws java.sql.SQLException {
        double maxSeconds = seconds(max);
        statement.setDouble(index++, maxSeconds);
        statement.setDouble(index++, maxSeconds);
        statement.setDouble(index++, seconds(min));
        statement.setDouble(index++, seconds(base));
        statement.setDouble(index++, seconds(perItem));
        return index;
    }

    /** The expected duration in seconds for {@code items} items without a requested timeout (as the SQL computes it). */
    public double expectedSeconds(int items) {
        return Math.min(seconds(max), Math.max(seconds(min), seconds(base) + seconds(perItem) * items));
    }

    static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }
}
