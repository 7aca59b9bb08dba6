package com.msoledger.ledger.audit;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the audit operations.
 *
 * @param verifyPageSize      rows of the event store read per query while verifying; memory stays
 *                            flat at about this many rows, whatever the size of the store
 * @param progressEveryEvents how often (in events) a running verification logs its progress
 */
@ConfigurationProperties("ledger.audit")
record AuditProperties(@DefaultValue("1000") int verifyPageSize,
                       @DefaultValue("10000") int progressEveryEvents) {

    AuditProperties {
        if (verifyPageSize < 1) {
            throw new IllegalArgumentException("ledger.audit.verify-page-size must be positive");
        }
        if (progressEveryEvents < 1) {
            throw new IllegalArgumentException("ledger.audit.progress-every-events must be positive");
        }
    }
}
