package com.msoledger.ledger.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Clock;

/**
 * Puts {@link TestClock#INSTANCE} in place of the system clock in a test context: the ledger then
 * dates events, tokens, periods and idempotency keys by the suite's pinned "now".
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestClockConfiguration {

    @Bean
    @Primary
    Clock testClock() {
        return TestClock.INSTANCE;
    }
}
