package io.ingestops.schedule;

import com.cronutils.model.Cron;
import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Optional;

/**
 * A schedule's recurrence: a Unix cron expression (five fields: minute hour day-of-month month
 * day-of-week, parsed by cron-utils, the library Quarkus' scheduler uses) in an IANA time zone.
 */
public final class CronSchedule {

    public static final int MAX_EXPRESSION = 200;

    private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

    private final ExecutionTime executionTime;
    private final ZoneId zone;

    private CronSchedule(ExecutionTime executionTime, ZoneId zone) {
        this.executionTime = executionTime;
        this.zone = zone;
    }

    /** Parses both; {@link InvalidScheduleException} names the field and says what is wrong. */
    public static CronSchedule of(String expression, String timeZone) {
        if (expression == null || expression.isBlank()) {
            throw new InvalidScheduleException("cron", "must be a cron expression, e.g. \"0 3 * * *\"");
        }
        if (expression.length() > MAX_EXPRESSION || expression.indexOf('\u0000') >= 0) {
            throw new InvalidScheduleException("cron", "is not a cron expression");
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(timeZone == null || timeZone.isBlank() ? "UTC" : timeZone.trim());
        } catch (DateTimeException e) {
            throw new InvalidScheduleException("time_zone", "must be an IANA time zone, e.g. Europe/Berlin");
        }
        Cron cron;
        try {
            cron = PARSER.parse(expression.trim()).validate();
        } catch (IllegalArgumentException e) {
            throw new InvalidScheduleException(
                    "cron",
                    "must be a Unix cron expression of five fields (minute hour day-of-month month day-of-week): "
                            + e.getMessage());
        }
        CronSchedule schedule = new CronSchedule(ExecutionTime.forCron(cron), zone);
        if (schedule.nextAfter(Instant.now()).isEmpty()) {
            throw new InvalidScheduleException("cron", "is never due");
        }
        return schedule;
    }

    public ZoneId zone() {
        return zone;
    }

    /** The first due time strictly after {@code instant}; empty if there is none. */
    public Optional<Instant> nextAfter(Instant instant) {
        return executionTime
                .nextExecution(ZonedDateTime.ofInstant(instant, zone))
                .map(ZonedDateTime::toInstant);
    }
}
