package com.msoledger.api.money;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** Shared assertion: the call is refused with a {@link MoneyException} carrying the given reason. */
final class Refusals {

    private Refusals() {
    }

    static void assertRefused(ThrowingCallable call, String reason) {
        assertThatThrownBy(call)
                .isInstanceOf(MoneyException.class)
                .extracting(e -> ((MoneyException) e).reason())
                .isEqualTo(reason);
    }
}
