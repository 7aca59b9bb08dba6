package com.msoledger.ledger.storage;

import com.msoledger.ledger.web.LedgerMetadata;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * Writes each event's recording time into its metadata as well, so the stored metadata alone tells
 * an auditor when the ledger learned of the event: the event's timestamp, written exactly as the event
 * store writes it into {@code time_stamp} (ISO-8601 UTC, milliseconds), so the two never disagree in
 * the sub-millisecond digits the store does not keep.
 */
@Component
class RecordedAtStamp {

    RecordedAtStamp(EventStore eventStore) {
        eventStore.registerDispatchInterceptor(messages -> (index, message) -> stamp(message));
    }

    private static EventMessage<?> stamp(EventMessage<?> message) {
        return message.andMetaData(Map.of(LedgerMetadata.RECORDED_AT, DateTimeUtils.formatInstant(message.getTimestamp())));
    }
}
