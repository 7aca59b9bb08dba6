package com.msoledger.ledger.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * @param ttl          how long a key and its first response are kept (at least 24 hours)
 * @param maxBodyBytes the largest request body accepted by any command
 */
@ConfigurationProperties("ledger.idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("262144") int maxBodyBytes) {

    IdempotencyProperties {
        if (ttl.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("ledger.idempotency.ttl must be at least 24h");
        }
    }
}
