package io.ingestops.testsupport;

import io.ingestops.operation.Operation;
import io.ingestops.operation.OperationStatus;
import org.assertj.core.api.AbstractAssert;

/** {@code assertThat(op).hasStatus(COMPLETED).hasAttempt(1)}. */
public class OperationAssert extends AbstractAssert<OperationAssert, Operation> {

    private OperationAssert(Operation actual) {
        super(actual, OperationAssert.class);
    }

    public static OperationAssert assertThat(Operation actual) {
        return new OperationAssert(actual);
    }

    public OperationAssert hasStatus(OperationStatus expected) {
        isNotNull();
        if (actual.status != expected) {
            failWithMessage(
                    "expected operation %s to be %s but was %s (error %s: %s)",
                    actual.id, expected.wire(), actual.status.wire(), actual.errorCode, actual.errorMessage);
        }
        return this;
    }

    public OperationAssert hasAttempt(int expected) {
        isNotNull();
        if (actual.attempt != expected) {
            failWithMessage("expected attempt %d but was %d", expected, actual.attempt);
        }
        return this;
    }

    public OperationAssert hasErrorCode(String expected) {
        isNotNull();
        if (!expected.equals(actual.errorCode)) {
            failWithMessage("expected error code %s but was %s (%s)", expected, actual.errorCode, actual.errorMessage);
        }
        return this;
    }

    public OperationAssert ranOn(String workerId) {
        isNotNull();
        if (!workerId.equals(actual.workerId)) {
            failWithMessage("expected worker %s but was %s", workerId, actual.workerId);
        }
        return this;
    }
}
