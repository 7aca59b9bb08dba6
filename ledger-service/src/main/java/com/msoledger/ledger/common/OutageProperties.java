package com.msoledger.ledger.common;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * What a client is told to wait when the database is unavailable.
 *
 * @param retryAfter the {@code Retry-After} of a 503 for an unavailable database or a failed commit
 *                   ({@code LEDGER_DB_RETRY_AFTER})
 */
@ConfigurationProperties("ledger.db")
public record OutageProperties(@DefaultValue("5s") Duration retryAfter) {

    public OutageProperties {
        if (retryAfter.isNegative() || retryAfter.isZero()) {
            throw new IllegalArgumentException("ledger.db.retry-after must be positive");
        }
    }

    /** The {@code Retry-After} header value: whole seconds, at least 1. */
    public String retryAfterSeconds() {
        return Long.toString(Math.max(1, retryAfter.toSeconds()));
    }
}
