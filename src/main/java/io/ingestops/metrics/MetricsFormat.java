package io.ingestops.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/**
 * Keeps {@code /q/metrics} parseable by strict scrapers ({@code promtool check metrics}, Telegraf):
 * the exposition format escapes only backslash and newline in HELP text, but the Prometheus client
 * writes a quote in a description as {@code \"} (JVM binders describe {@code process_cpu_usage} as
 * The "recent cpu usage"…), which such parsers refuse. Quotes in descriptions become apostrophes.
 */
public class MetricsFormat {

    @Produces
    @Singleton
    MeterFilter noQuotesInDescriptions() {
        return new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                String description = id.getDescription();
                if (description == null || description.indexOf('"') < 0) {
                    return id;
                }
                return new Meter.Id(
                        id.getName(),
                        io.micrometer.core.instrument.Tags.of(id.getTagsAsIterable()),
                        id.getBaseUnit(),
                        description.replace('"', '\''),
                        id.getType());
            }
        };
    }
}
