package com.msoledger.projections.support;

import com.msoledger.api.agreement.AgreementAmended;
import com.msoledger.api.agreement.AgreementEstablished;
import com.msoledger.api.agreement.AgreementTerminated;
import com.msoledger.api.compliance.ComplianceFlagCleared;
import com.msoledger.api.compliance.ComplianceFlagRaised;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.PeriodClosed;
import com.msoledger.api.party.PartyRegistered;
import org.axonframework.eventhandling.AnnotationEventHandlerAdapter;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Plays the event store and the processor for projection tests: {@link #record} appends an event
 * to {@code domain_event_entry} (so it has a global index, as the journal expects) with an exact
 * recording time, then hands it to each projection through Axon's own annotation adapter, the
 * way a processor would.
 */
public final class EventFeed {

    /** An event as it was recorded: the message the projections handled and its global position. */
    public record Recorded(DomainEventMessage<?> message, long position) {
        public Instant recordedAt() {
            return message.getTimestamp();
        }
    }

    private final JdbcClient jdbc;
    private final List<AnnotationEventHandlerAdapter> projections;
    private final Map<String, Long> sequences = new HashMap<>();

    public EventFeed(JdbcClient jdbc, Object... projections) {
        this.jdbc = jdbc;
        this.projections = Arrays.stream(projections).map(AnnotationEventHandlerAdapter::new).toList();
    }

    /** Records {@code payload} at {@code recordedAt} and has every projection that handles it project it. */
    public Recorded record(Object payload, Instant recordedAt) {
        String stream = streamOf(payload);
        long sequence = sequences.merge(stream, 0L, (last, zero) -> last + 1);
        DomainEventMessage<?> message = new GenericDomainEventMessage<>(stream.substring(0, stream.indexOf(':')), stream,
                sequence, payload, Map.of(), UUID.randomUUID().toString(), recordedAt);
        long position = jdbc.sql("""
                        insert into domain_event_entry (event_identifier, aggregate_identifier, sequence_number, type,
                            time_stamp, payload_type, payload)
                        values (?, ?, ?, ?, ?, ?, ?) returning global_index""")
                .params(message.getIdentifier(), stream, sequence, message.getType(), recordedAt.toString(),
                        payload.getClass().getName(), ProjectionJson.write(payload).getBytes(StandardCharsets.UTF_8))
                .query(Long.class).single();
        deliver(message);
        return new Recorded(message, position);
    }

    /** Hands an already recorded event to the projections again, as a processor does after a crash. */
    public void redeliver(Recorded recorded) {
        deliver(recorded.message());
    }

    private void deliver(EventMessage<?> message) {
        boolean handled = false;
        for (AnnotationEventHandlerAdapter projection : projections) {
            if (projection.canHandle(message)) {
                try {
                    projection.handle(message);
                } catch (Exception e) {
                    throw new IllegalStateException("projecting " + message.getPayloadType().getSimpleName() + " failed", e);
                }
                handled = true;
            }
        }
        if (!handled) {
            throw new IllegalArgumentException("no projection of this feed handles " + message.getPayloadType().getSimpleName());
        }
    }

    /** The aggregate stream the service records the event in. */
    private static String streamOf(Object payload) {
        if (payload instanceof EntryEvent entry) {
            return entry.entry().agreementId().streamId();
        } else if (payload instanceof AgreementEstablished e) {
            return e.agreementId().streamId();
        } else if (payload instanceof AgreementAmended e) {
            return e.agreementId().streamId();
        } else if (payload instanceof AgreementTerminated e) {
            return e.agreementId().streamId();
        } else if (payload instanceof PeriodClosed e) {
            return e.agreementId().streamId();
        } else if (payload instanceof ComplianceFlagRaised e) {
            return e.agreementId().streamId();
        } else if (payload instanceof ComplianceFlagCleared e) {
            return e.agreementId().streamId();
        } else if (payload instanceof PartyRegistered e) {
            return e.partyId().streamId();
        }
        throw new IllegalArgumentException("not an event of the ledger: " + payload.getClass().getName());
    }
}
