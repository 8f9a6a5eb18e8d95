package io.ingestops.testsupport;

import io.ingestops.reaper.ReaperScheduler;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * Base of engine tests: a clean database, the application's node and scheduled reapers paused (tests
 * call the reapers' {@code runOnce} themselves), and test nodes stopped afterwards.
 */
public abstract class EngineTest {

    @Inject
    protected Database db;

    @Inject
    protected Fixtures fixtures;

    @Inject
    protected TestNodes nodes;

    @Inject
    protected ReaperScheduler reapers;

    @BeforeEach
    void isolateEngine() {
        reapers.pause();
        nodes.pauseApplicationNode();
        db.clean();
    }

    @AfterEach
    void stopTestNodes() {
        nodes.stopAll();
        db.clean();
        nodes.resumeApplicationNode();
        reapers.resume();
    }
}
