package com.msoledger.ledger.idempotency;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.Map;

/**
 * @param ttl                how long a key and its first response are kept (at least 24 hours)
 * @param maxBodyBytes       the largest request body accepted by a command
 * @param maxBodyBytesByPath larger (or smaller) caps for the commands at these exact paths, e.g.
 *                           {@code /api/v1/batches}, whose bodies hold many entries
 * @param cleanupInterval    how often expired keys are deleted
 */
@ConfigurationProperties("ledger.idempotency")
record IdempotencyProperties(@DefaultValue("24h") Duration ttl, @DefaultValue("262144") int maxBodyBytes,
                             Map<String, Integer> maxBodyBytesByPath, @DefaultValue("10m") Duration cleanupInterval) {

    IdempotencyProperties {
        if (ttl.compareTo(Duration.ofHours(24)) < 0) {
            throw new IllegalArgumentException("ledger.idempotency.ttl must be at least 24h");
        }
        maxBodyBytesByPath = maxBodyBytesByPath == null ? Map.of() : Map.copyOf(maxBodyBytesByPath);
    }

    /** The body cap of the command at {@code path}. */
    int maxBodyBytes(String path) {
        return maxBodyBytesByPath.getOrDefault(path, maxBodyBytes);
    }
}
