package io.ingestops.operation;

import static io.ingestops.operation.OperationStatus.CANCELLED;
import static io.ingestops.operation.OperationStatus.COMPLETED;
import static io.ingestops.operation.OperationStatus.FAILED;
import static io.ingestops.operation.OperationStatus.PENDING;
import static io.ingestops.operation.OperationStatus.RUNNING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OperationTransitionsTest {

    private static final Set<String> ALLOWED = Set.of(
            "pending->running",
            "pending->cancelled",
            "running->completed",
            "running->failed",
            "running->cancelled",
            "running->pending");

    @Test
    void everyPairIsAllowedExactlyWhenDesignSaysSo() {
        int checked = 0;
        for (OperationStatus from : OperationStatus.values()) {
            for (OperationStatus to : OperationStatus.values()) {
                boolean expected = ALLOWED.contains(from.wire() + "->" + to.wire());
                assertThat(OperationTransitions.isAllowed(from, to))
                        .as("%s -> %s", from.wire(), to.wire())
                        .isEqualTo(expected);
                if (expected) {
                    assertThat(OperationTransitions.require(from, to)).isEqualTo(from);
                } else {
                    assertThatThrownBy(() -> OperationTransitions.require(from, to))
                            .isInstanceOf(IllegalStateException.class);
                }
                checked++;
            }
        }
        assertThat(checked).isEqualTo(25);
    }

    @Test
    void terminalStatesHaveNoWayOut() {
        for (OperationStatus terminal : Set.of(COMPLETED, FAILED, CANCELLED)) {
            assertThat(terminal.isTerminal()).isTrue();
            for (OperationStatus to : OperationStatus.values()) {
                assertThat(OperationTransitions.isAllowed(terminal, to)).isFalse();
            }
        }
        assertThat(PENDING.isTerminal()).isFalse();
        assertThat(RUNNING.isTerminal()).isFalse();
    }
}
