package com.msoledger.ledger.command;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;

/**
 * The one retry policy of commands: how a write that lost the race on an agreement (the unique
 * (stream, sequence) constraint) is tried again, from its savepoint, on the fresh state. Nothing else
 * is ever retried: a refused command stays refused.
 *
 * @param maxAttempts  attempts of one command, the first included, before the conflict is answered
 *                     (409 {@code concurrent-modification}; for a batch item, that item's problem)
 * @param retryBackoff the pause before the second attempt; the n-th retry waits n times as long
 *                     (zero retries at once)
 */
@ConfigurationProperties("ledger.commands")
record CommandProperties(@DefaultValue("6") int maxAttempts,
                         @DefaultValue("25ms") Duration retryBackoff) {

    CommandProperties {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("ledger.commands.max-attempts must be at least 1");
        }
        if (retryBackoff.isNegative()) {
            throw new IllegalArgumentException("ledger.commands.retry-backoff must not be negative");
        }
    }

    /** The pause after the {@code attempt}-th attempt failed on a conflict. */
    Duration pauseAfter(int attempt) {
        return retryBackoff.multipliedBy(attempt);
    }
}
