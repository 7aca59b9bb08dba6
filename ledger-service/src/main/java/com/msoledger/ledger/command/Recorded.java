package com.msoledger.ledger.command;

import java.time.Instant;

/**
 * An event as a command recorded it: the payload the handler applied (for a repeated command, the
 * one recorded the first time) and where it landed.
 *
 * @param position   its global position in the event store: pass it as {@code minPosition} to read it
 * @param recordedAt when the ledger recorded it (the stored {@code time_stamp})
 */
public record Recorded<T>(T payload, long position, Instant recordedAt) {

    <S> Recorded<S> as(Class<S> type) {
        return new Recorded<>(type.cast(payload), position, recordedAt);
    }
}
