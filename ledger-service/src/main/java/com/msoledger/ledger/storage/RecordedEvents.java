package com.msoledger.ledger.storage;

import com.msoledger.api.ids.AgreementId;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;
import org.axonframework.serialization.SimpleSerializedType;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The command side's one reader of {@code domain_event_entry} (besides Axon, which owns it, and the
 * audit, which verifies its rows): where a command's events landed in the global order, and the
 * event a repeated command is answered with. It runs in the caller's transaction, so it sees what
 * that transaction has appended and not yet committed.
 */
@Component
public class RecordedEvents {

    /** Event ids per query: the statement stays far below PostgreSQL's limit of bind parameters. */
    private static final int CHUNK = 1000;

    private final JdbcClient jdbc;
    private final Serializer serializer;

    RecordedEvents(JdbcClient jdbc, @Qualifier("eventSerializer") Serializer serializer) {
        this.jdbc = jdbc;
        this.serializer = serializer;
    }

    /** Where an event landed: its global position and when the ledger recorded it ({@code time_stamp}). */
    public record Landing(long position, Instant recordedAt) {
    }

    /** An event as stored: its payload, global position and recording time. */
    public record Stored(Object payload, long position, Instant recordedAt) {
    }

    /** Where each of these events landed, by event identifier; one query per thousand ids. */
    public Map<String, Landing> landings(Collection<String> eventIdentifiers) {
        List<String> ids = List.copyOf(eventIdentifiers);
        Map<String, Landing> landings = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            jdbc.sql("select event_identifier, global_index, time_stamp from domain_event_entry where event_identifier in (%s)"
                            .formatted(String.join(", ", Collections.nCopies(chunk.size(), "?"))))
                    .params(new ArrayList<Object>(chunk))
                    .query(rs -> {
                        landings.put(rs.getString(1), new Landing(rs.getLong(2), Instant.parse(rs.getString(3))));
                    });
        }
        return landings;
    }

    /** The event that recorded entry {@code entryId} of an agreement (the entry registry names it). */
    public Optional<Stored> entry(AgreementId agreementId, String entryId) {
        return jdbc.sql("""
                        select e.payload, e.payload_type, e.payload_revision, e.global_index, e.time_stamp
                        from entry_registry r join domain_event_entry e on e.event_identifier = r.event_identifier
                        where r.agreement_id = ? and r.entry_id = ?""")
                .params(agreementId.value(), entryId)
                .query(this::stored)
                .optional();
    }

    /**
     * A stream's first event of a type, or when {@code field} is given its first whose payload field
     * {@code field} equals {@code value}: the event a command is about, even when later events followed it.
     */
    public Optional<Stored> first(String streamId, Class<?> payloadType, String field, String value) {
        return jdbc.sql("""
                        select payload, payload_type, payload_revision, global_index, time_stamp from domain_event_entry
                        where aggregate_identifier = :stream and payload_type = :type
                          and (cast(:field as varchar) is null
                               or convert_from(payload, 'UTF8')::jsonb ->> cast(:field as varchar) = :value)
                        order by sequence_number limit 1""")
                .param("stream", streamId)
                .param("type", payloadType.getName())
                .param("field", field)
                .param("value", value)
                .query(this::stored)
                .optional();
    }

    private Stored stored(ResultSet rs, int row) throws SQLException {
        Object payload = serializer.deserialize(new SimpleSerializedObject<>(rs.getBytes(1), byte[].class,
                new SimpleSerializedType(rs.getString(2), rs.getString(3))));
        return new Stored(payload, rs.getLong(4), Instant.parse(rs.getString(5)));
    }
}
