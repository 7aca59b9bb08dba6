package com.msoledger.ledger;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/** Application-wide wiring that belongs to no single feature. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {

    /**
     * The ledger's notion of "now" (UTC), injectable so tests can fix it: the only place main code reads
     * the system clock (ArchitectureTest enforces it). Events are dated by it in {@code RecordedAtStamp}.
     */
    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

}
