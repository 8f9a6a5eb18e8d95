package io.ingestops.worker;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ClaimAheadTest {

    private static final long MS = 1_000_000;

    private final ClaimAhead policy = new ClaimAhead(4, 32, Duration.ofMillis(200));

    @Test
    void claimsNothingAheadBeforeAnyJobHasRun() {
        policy.claimed(4, 4);
        assertThat(policy.ahead(0)).isZero();
    }

    @Test
    void shortJobsAndAFullClaimClaimAheadUpToTheMaximum() {
        policy.ran(1 * MS);
        policy.claimed(4, 4);
        assertThat(policy.ahead(0)).isEqualTo(32);
    }

    @Test
    void claimsAsManyAsTheSlotsStartWithinHalfTheWait() {
        policy.ran(40 * MS);
        policy.claimed(4, 4);
        // 4 slots × 100 ms / 40 ms per job
        assertThat(policy.ahead(10 * MS)).isEqualTo(10);
    }

    @Test
    void aShallowQueueStopsClaimingAhead() {
        policy.ran(1 * MS);
        policy.claimed(36, 7);
        assertThat(policy.ahead(0)).isZero();
    }

    @Test
    void aHandlerRunningForTheWholeWaitStopsClaimingAhead() {
        policy.ran(1 * MS);
        policy.claimed(4, 4);
        assertThat(policy.ahead(200 * MS)).isZero();
    }

    @Test
    void longJobsClaimNothingAhead() {
        policy.ran(1 * MS);
        for (int i = 0; i < 30; i++) {
            policy.ran(2_000 * MS);
        }
        policy.claimed(4, 4);
        assertThat(policy.ahead(0)).isZero();
    }

    @Test
    void zeroDisablesIt() {
        ClaimAhead off = new ClaimAhead(4, 0, Duration.ofMillis(200));
        off.ran(1 * MS);
        off.claimed(4, 4);
        assertThat(off.ahead(0)).isZero();
    }
}
