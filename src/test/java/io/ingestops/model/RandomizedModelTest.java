package io.ingestops.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ingestops.testsupport.ApiTest;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * The randomized, seeded model test (issue 10): runs of random client calls and faults over two
 * worker nodes on real PostgreSQL ({@link ModelRun}), then, once everything is done, the
 * invariants of DESIGN §2 and §6. {@code bin/test} runs a few short runs; {@code bin/model-test}
 * runs many, and replays one with its seed:
 * {@code bin/model-test <runs> <steps> <seed>} (properties {@code model.runs}, {@code model.steps},
 * {@code model.seed}).
 */
@QuarkusTest
class RandomizedModelTest extends ApiTest {

    @ConfigProperty(name = "quarkus.datasource.jdbc.url")
    String jdbcUrl;

    @jakarta.inject.Inject
    io.ingestops.db.Jdbc jdbc;

    @Test
    void randomCallsAndFaultsKeepEveryInvariant() {
        long firstSeed = Long.getLong("model.seed", 20261201L);
        int runs = Integer.getInteger("model.runs", 2);
        int steps = Integer.getInteger("model.steps", 40);
        nodes.pauseApplicationNode(); // the model's own nodes run the work, so that faults reach all of it
        List<String> failed = new ArrayList<>();
        for (int r = 0; r < runs; r++) {
            long seed = firstSeed + r;
            List<String> violations = run(seed, steps);
            if (!violations.isEmpty()) {
                failed.add("seed " + seed + ": " + violations);
            }
        }
        assertThat(failed)
                .as("replay one with bin/model-test 1 %d <seed>", steps)
                .isEmpty();
    }

    private List<String> run(long seed, int steps) {
        db.clean();
        ModelRun run = new ModelRun(seed, db, nodes, jdbcUrl);
        List<String> violations = new ArrayList<>();
        try {
            run.start();
            for (int i = 0; i < steps; i++) {
                run.step();
            }
            run.heal();
            await().atMost(Duration.ofSeconds(120))
                    .pollInterval(Duration.ofMillis(200))
                    .ignoreExceptions()
                    .until(() ->
                            db.count("SELECT count(*) FROM operation WHERE status IN ('pending', 'running')") == 0);
            violations.addAll(run.violations());
            violations.addAll(Invariants.check(jdbc));
            violations.addAll(Invariants.unrecordedCancels(jdbc, run.acceptedCancels()));
        } catch (RuntimeException | AssertionError e) {
            java.io.StringWriter trace = new java.io.StringWriter();
            e.printStackTrace(new java.io.PrintWriter(trace));
            violations.add(
                    "the run broke off: " + trace.toString().lines().limit(12).toList());
        } finally {
            nodes.stopAll();
        }
        if (!violations.isEmpty()) {
            System.out.println("model run " + seed + " violated " + violations + "\nafter " + run.log());
        } else {
            System.out.println("model run " + seed + " kept every invariant; actions: " + run.summary());
        }
        return violations;
    }
}
