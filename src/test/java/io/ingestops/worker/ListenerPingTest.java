package io.ingestops.worker;

import static org.awaitility.Awaitility.await;

import io.ingestops.testsupport.Database;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The LISTEN connection makes a round trip now and then, so a connection whose peer vanished
 * without closing it is found out (it used to only wait for notifications, forever).
 */
@QuarkusTest
class ListenerPingTest {

    @Inject
    Database db;

    @Test
    void theListenerConnectionIsPingedWhileItWaits() {
        // the listener's last statement stays its LISTEN unless it pings; a ping every second in the test profile
        await().atMost(Duration.ofSeconds(10))
                .until(() -> db.count("SELECT count(*) FROM pg_stat_activity WHERE application_name = 'ingest-listener'"
                                + " AND query = '" + WorkListener.PING
                                + "' AND state_change > now() - interval '3 seconds'")
                        >= 1);
    }
}
