package com.msoledger.ledger.storage;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Tuning of the event store.
 *
 * @param fetchBatchSize            events read per query by streaming processors and aggregate loads
 * @param gapTimeoutMillis          how long a gap in the global index is awaited before it is skipped
 * @param tokenClaimTimeoutSeconds  how long another instance waits before taking over a segment
 * @param snapshotThreshold         events between snapshots of an agreement
 * @param fetchDelayMillis          how often the embedded event store polls for events committed elsewhere
 */
@ConfigurationProperties("ledger.event-store")
record EventStoreProperties(@DefaultValue("500") int fetchBatchSize,
                            @DefaultValue("60000") int gapTimeoutMillis,
                            @DefaultValue("10") int tokenClaimTimeoutSeconds,
                            @DefaultValue("250") int snapshotThreshold,
                            @DefaultValue("50") long fetchDelayMillis) {
}
