package com.msoledger.ledger.audit;

import com.msoledger.api.json.CanonicalJson;
import com.fasterxml.jackson.databind.JsonNode;
import org.axonframework.common.DateTimeUtils;
import org.axonframework.eventhandling.DomainEventMessage;
import org.axonframework.eventhandling.EventMessage;
import org.axonframework.eventhandling.GenericDomainEventMessage;
import org.axonframework.eventsourcing.eventstore.jdbc.EventSchema;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.AppendEventsStatementBuilder;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.JdbcEventStorageEngineStatements;
import org.axonframework.eventsourcing.eventstore.jdbc.statements.TimestampWriter;
import org.axonframework.messaging.MetaData;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Seals every event into its stream's hash chain as the event store writes it: adds
 * {@code previousHash} and {@code hash} to its metadata, then lets Axon's own statement insert the row.
 *
 * <p>It is the event store's append statement rather than a dispatch interceptor on purpose: it runs
 * after every interceptor (whatever order Spring happened to register them in, so nothing can change
 * the metadata after it was hashed), on the very connection and transaction of the insert, and it
 * writes the timestamp text itself, so the text hashed is the text stored.
 *
 * <p>The previous hash of an event is that of the preceding event of its stream in the same batch,
 * else the stored hash of the row at {@code sequenceNumber - 1} (one lookup by the unique
 * {@code (aggregate_identifier, sequence_number)} key per stream and batch), else, for sequence 0,
 * the genesis value. Two writers racing on one stream read the same previous row, but only one can
 * insert its sequence number; the other fails on the unique constraint and its command is retried on
 * the new state, so a stale previous hash is never stored.
 */
public final class ChainSeal implements AppendEventsStatementBuilder {

    @Override
    public PreparedStatement build(Connection connection, EventSchema schema, Class<?> dataType,
                                   List<? extends EventMessage<?>> events, Serializer serializer,
                                   TimestampWriter ignored) throws SQLException {
        return JdbcEventStorageEngineStatements.appendEvents(connection, schema, dataType,
                seal(connection, schema, events, serializer), serializer,
                (statement, position, timestamp) -> statement.setString(position, storedTimestamp(timestamp)));
    }

    /**
     * The text of {@code time_stamp}: ISO-8601 UTC with exactly three fraction digits, what Axon's
     * JDBC engine writes too ({@code DateTimeUtils.formatInstant}).
     */
    static String storedTimestamp(Instant timestamp) {
        return DateTimeUtils.formatInstant(timestamp);
    }

    List<DomainEventMessage<?>> seal(Connection connection, EventSchema schema, List<? extends EventMessage<?>> events,
                                     Serializer serializer) throws SQLException {
        Map<String, Link> heads = new HashMap<>();
        List<DomainEventMessage<?>> sealed = new ArrayList<>(events.size());
        for (EventMessage<?> message : events) {
            DomainEventMessage<?> event = asDomainEvent(message);
            String stream = event.getAggregateIdentifier();
            long sequence = event.getSequenceNumber();
            Link head = heads.get(stream);
            String previous;
            if (head != null && head.sequenceNumber() == sequence - 1) {
                previous = head.hash();
            } else if (sequence == 0) {
                previous = HashChain.genesis(stream);
            } else {
                previous = storedHash(connection, schema, stream, sequence - 1);
            }
            MetaData metaData = event.getMetaData().withoutKeys(HashChain.KEYS);
            SerializedObject<byte[]> payload = event.serializePayload(serializer, byte[].class);
            byte[] metaDataBytes = serializer.serialize(metaData, byte[].class).getData();
            String hash;
            try {
                hash = CanonicalEvent.of(stream, sequence, event.getIdentifier(), event.getType(),
                        payload.getType().getName(), payload.getType().getRevision(), storedTimestamp(event.getTimestamp()),
                        payload.getData(), metaDataBytes).hash(previous);
            } catch (IOException e) {
                throw new IllegalStateException("the serializer wrote JSON the chain cannot read for event "
                        + event.getIdentifier(), e);
            }
            sealed.add(event.withMetaData(metaData.and(HashChain.PREVIOUS_HASH, previous).and(HashChain.HASH, hash)));
            heads.put(stream, new Link(sequence, hash));
        }
        return sealed;
    }

    /** The hash stored with the event at {@code sequence} of {@code stream}. */
    private static String storedHash(Connection connection, EventSchema schema, String stream, long sequence)
            throws SQLException {
        String sql = "select " + schema.metaDataColumn() + " from " + schema.domainEventTable()
                + " where " + schema.aggregateIdentifierColumn() + " = ? and " + schema.sequenceNumberColumn() + " = ?";
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, stream);
            statement.setLong(2, sequence);
            try (ResultSet rows = statement.executeQuery()) {
                if (rows.next()) {
                    byte[] metaData = rows.getBytes(1);
                    JsonNode hash = metaData == null ? null : CanonicalJson.parse(metaData).get(HashChain.HASH);
                    if (hash != null && HashChain.wellFormed(hash.asText())) {
                        return hash.asText();
                    }
                }
            } catch (IOException e) {
                // unreadable metadata: refuse below like a missing hash
            }
        }
        // never extend a chain that cannot be linked: the verify report names what happened to it
        throw new IllegalStateException("cannot extend the hash chain of " + stream + ": its event " + sequence
                + " is missing or carries no hash; run POST /api/v1/audit/verify for this stream");
    }

    private static <T> DomainEventMessage<T> asDomainEvent(EventMessage<T> message) {
        if (message instanceof DomainEventMessage<T> domain) {
            return domain;
        }
        // what Axon's statement does with an event published outside an aggregate: a stream of its own
        return new GenericDomainEventMessage<>(null, message.getIdentifier(), 0L, message, message::getTimestamp);
    }

    private record Link(long sequenceNumber, String hash) {
    }
}
