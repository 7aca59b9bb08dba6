package com.msoledger.ledger.audit;

import com.msoledger.api.json.CanonicalJson;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * The raw trail: a stream's rows as the event store holds them, and its head. Reads
 * {@code domain_event_entry} directly (indexed by the unique (aggregate_identifier, sequence_number)
 * key), never a projection, so what an auditor sees is what the chain seals.
 */
@Component
class AuditTrail {

    private final JdbcClient jdbc;

    AuditTrail(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The newest stored event of a stream: an auditor records its sequence number and hash, and can
     * later show that the chain still passes through them, so nothing up to there has changed.
     *
     * @param streamId       the event-store stream
     * @param agreementId    the agreement, for an agreement's stream
     * @param partyId        the party, for a party's stream
     * @param sequenceNumber the head's sequence number
     * @param hash           the hash stored with it (verify proves it is the chain's)
     * @param eventId        the head's event identifier
     * @param globalPosition its global index in the event store
     * @param timestamp      its stored timestamp
     */
    record Head(String streamId, @JsonInclude(JsonInclude.Include.NON_NULL) String agreementId,
                @JsonInclude(JsonInclude.Include.NON_NULL) String partyId, long sequenceNumber, String hash,
                String eventId, long globalPosition, String timestamp) {
    }

    /**
     * One stored event with its metadata.
     *
     * @param sequenceNumber  position in its stream, from 0
     * @param eventId         unique event identifier
     * @param globalPosition  global index in the event store (the {@code Ledger-Position} of commands)
     * @param aggregateType   aggregate type ({@code Agreement}, {@code Party})
     * @param payloadType     the payload's type
     * @param payloadRevision its revision, or null
     * @param timestamp       the stored timestamp (ISO-8601 UTC, milliseconds)
     * @param actor           who caused it
     * @param correlationId   the request that caused it
     * @param causationId     the command message that caused it
     * @param idempotencyKey  the client's idempotency key, when one was given
     * @param recordedAt      when the ledger learned of it
     * @param previousHash    the hash it chains from
     * @param hash            its own hash
     * @param metaData        the stored metadata, whole
     * @param payload         the stored payload (as a JSON string of the raw text when it is not JSON)
     */
    record AuditEvent(long sequenceNumber, String eventId, long globalPosition, String aggregateType, String payloadType,
                      String payloadRevision, String timestamp, String actor, String correlationId, String causationId,
                      String idempotencyKey, String recordedAt, String previousHash, String hash, JsonNode metaData,
                      JsonNode payload) {
    }

    /**
     * A page of a stream's events in sequence order.
     *
     * @param nextFromSequence the {@code fromSequence} of the next page, null when this is the last
     */
    record EventPage(String streamId, @JsonInclude(JsonInclude.Include.NON_NULL) String agreementId,
                     @JsonInclude(JsonInclude.Include.NON_NULL) String partyId, long fromSequence, int limit,
                     List<AuditEvent> events, Long nextFromSequence) {
    }

    Optional<Head> head(StreamId stream) {
        return jdbc.sql("""
                        select global_index, event_identifier, sequence_number, time_stamp, meta_data
                        from domain_event_entry where aggregate_identifier = ?
                        order by sequence_number desc limit 1""")
                .param(stream.value())
                .query((rs, n) -> new Head(stream.value(), stream.agreementId(), stream.partyId(), rs.getLong(3),
                        text(metaData(rs.getBytes(5)), HashChain.HASH), rs.getString(2), rs.getLong(1), rs.getString(4)))
                .optional();
    }

    EventPage events(StreamId stream, long fromSequence, int limit) {
        List<StoredEvent> rows = jdbc.sql("select " + StoredEvent.COLUMNS + """
                         from domain_event_entry where aggregate_identifier = ? and sequence_number >= ?
                        order by sequence_number limit ?""")
                .params(stream.value(), fromSequence, limit + 1)
                .query((rs, n) -> StoredEvent.read(rs))
                .list();
        Long next = rows.size() > limit ? rows.get(limit).sequenceNumber() : null;
        List<AuditEvent> events = rows.stream().limit(limit).map(AuditTrail::event).toList();
        return new EventPage(stream.value(), stream.agreementId(), stream.partyId(), fromSequence, limit, events, next);
    }

    /** Whether the command side registered the agreement or party, or its stream has any row. */
    boolean known(StreamId stream) {
        if (stream.agreementId() != null && exists("select 1 from agreement_registry where agreement_id = ?",
                stream.agreementId())) {
            return true;
        }
        if (stream.partyId() != null && exists("select 1 from party_registry where party_id = ?", stream.partyId())) {
            return true;
        }
        return exists("select 1 from domain_event_entry where aggregate_identifier = ? limit 1", stream.value());
    }

    /** Of the given agreement ids, those neither registered nor with a stored event. */
    List<String> unknownAgreements(List<String> agreementIds) {
        return unknown(agreementIds, "agreement_registry", "agreement_id", StreamId.AGREEMENT);
    }

    /** Of the given party ids, those neither registered nor with a stored event. */
    List<String> unknownParties(List<String> partyIds) {
        return unknown(partyIds, "party_registry", "party_id", StreamId.PARTY);
    }

    private List<String> unknown(List<String> ids, String registry, String column, String prefix) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("select id from unnest(?) with ordinality as given(id, n)"
                        + " where not exists (select 1 from " + registry + " r where r." + column + " = given.id)"
                        + " and not exists (select 1 from domain_event_entry e where e.aggregate_identifier = ? || given.id)"
                        + " order by n")
                .params(ids.toArray(String[]::new), prefix)
                .query(String.class)
                .list();
    }

    private boolean exists(String sql, String value) {
        return jdbc.sql(sql).param(value).query(Integer.class).optional().isPresent();
    }

    private static AuditEvent event(StoredEvent row) {
        JsonNode metaData = metaData(row.metaData());
        return new AuditEvent(row.sequenceNumber(), row.eventIdentifier(), row.globalIndex(), row.type(),
                row.payloadType(), row.payloadRevision(), row.timestamp(), text(metaData, "actor"),
                text(metaData, "correlationId"), text(metaData, "causationId"), text(metaData, "idempotencyKey"),
                text(metaData, "recordedAt"), text(metaData, HashChain.PREVIOUS_HASH), text(metaData, HashChain.HASH),
                metaData, json(row.payload()));
    }

    /** The stored metadata as an object; unreadable metadata is shown as its raw text under {@code raw}. */
    private static JsonNode metaData(byte[] bytes) {
        JsonNode parsed = json(bytes);
        if (parsed.isObject() || parsed.isNull()) {
            return parsed;
        }
        ObjectNode unreadable = JsonNodeFactory.instance.objectNode();
        unreadable.set("raw", parsed);
        return unreadable;
    }

    /** Stored JSON as a tree with exact numbers, or its raw text as a JSON string when it is not JSON. */
    private static JsonNode json(byte[] bytes) {
        if (bytes == null) {
            return JsonNodeFactory.instance.nullNode();
        }
        try {
            return CanonicalJson.parse(bytes);
        } catch (IOException e) {
            return JsonNodeFactory.instance.textNode(new String(bytes, StandardCharsets.UTF_8));
        }
    }

    private static String text(JsonNode object, String field) {
        JsonNode value = object == null ? null : object.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isTextual() ? value.textValue() : value.toString();
    }
}
