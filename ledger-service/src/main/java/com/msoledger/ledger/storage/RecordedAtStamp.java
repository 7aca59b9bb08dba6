package com.msoledger.ledger.storage;

import com.msoledger.ledger.web.LedgerMetadata;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventhandling.GenericEventMessage;
import org.axonframework.eventsourcing.eventstore.EventStore;
import org.axonframework.messaging.MetaData;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Instant;

/**
 * Dates each event by the ledger's clock as it is published to the event store: its timestamp (which
 * the store writes into {@code time_stamp}, what "as known at" reads) and the same instant in its
 * metadata, so the stored metadata alone tells an auditor when the ledger learned of the event. Both
 * are written exactly as the store writes {@code time_stamp} (ISO-8601 UTC, milliseconds), so the two
 * never disagree in the sub-millisecond digits the store does not keep.
 *
 * <p>Axon would date the event from a static clock of its own when the aggregate applies it; that
 * clock also drives its processors' scheduling, so it stays the system's and the ledger's clock
 * decides here instead.
 */
@Component
class RecordedAtStamp {

    private final Clock clock;

    RecordedAtStamp(EventStore eventStore, Clock clock) {
        this.clock = clock;
        eventStore.registerDispatchInterceptor(messages -> (index, message) -> stamp(message));
    }

    private EventMessage<?> stamp(EventMessage<?> message) {
        Instant recordedAt = DateTimeUtils.parseInstant(DateTimeUtils.formatInstant(clock.instant()));
        MetaData metaData = message.getMetaData().and(LedgerMetadata.RECORDED_AT, DateTimeUtils.formatInstant(recordedAt));
        if (message instanceof DomainEventMessage<?> event) {
            return new GenericDomainEventMessage<>(event.getType(), event.getAggregateIdentifier(), event.getSequenceNumber(),
                    event.getPayload(), metaData, event.getIdentifier(), recordedAt);
        }
        return new GenericEventMessage<>(message.getIdentifier(), message.getPayload(), metaData, recordedAt);
    }
}
