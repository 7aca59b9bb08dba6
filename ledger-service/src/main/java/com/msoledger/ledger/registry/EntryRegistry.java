package com.msoledger.ledger.registry;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.ledger.agreement.EntryBook;
import com.msoledger.ledger.storage.AxonJson;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Optional;

/**
 * The {@link EntryBook} on PostgreSQL. A subscribing handler keeps it in the transaction that appends
 * each entry event, so it holds exactly the entries the event store holds.
 */
@Component
@ProcessingGroup(PartyRegistry.PROCESSING_GROUP)
class EntryRegistry implements EntryBook {

    private static final ObjectMapper JSON = AxonJson.messages();
    private static final TypeReference<List<Posting>> POSTINGS = new TypeReference<>() {
    };

    private final JdbcClient jdbc;

    EntryRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(EntryEvent event, EventMessage<?> message) {
        var entry = event.entry();
        jdbc.sql("""
                        insert into entry_registry (agreement_id, entry_id, entry_type, request_hash, effective_date, postings,
                                                    event_identifier)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), ?) on conflict do nothing""")
                .params(entry.agreementId().value(), entry.entryId(), entry.type().name(), entry.requestHash(),
                        java.sql.Date.valueOf(entry.effectiveDate()), write(entry.postings()), message.getIdentifier())
                .update();
        if (event instanceof EntryReversed reversed) {
            jdbc.sql("update entry_registry set reversed_by = ? where agreement_id = ? and entry_id = ?")
                    .params(entry.entryId(), entry.agreementId().value(), reversed.reversedEntryId())
                    .update();
        }
    }

    @Override
    public Optional<RecordedEntry> find(AgreementId agreementId, String entryId) {
        return jdbc.sql("""
                        select entry_id, entry_type, request_hash, effective_date, postings, reversed_by
                        from entry_registry where agreement_id = ? and entry_id = ?""")
                .params(agreementId.value(), entryId)
                .query((rs, n) -> new RecordedEntry(rs.getString(1), EntryType.valueOf(rs.getString(2)), rs.getString(3),
                        rs.getDate(4).toLocalDate(), read(rs.getString(5)), rs.getString(6)))
                .optional();
    }

    /** The id of the event that recorded an entry. */
    public Optional<String> eventIdentifier(AgreementId agreementId, String entryId) {
        return jdbc.sql("select event_identifier from entry_registry where agreement_id = ? and entry_id = ?")
                .params(agreementId.value(), entryId)
                .query(String.class)
                .optional();
    }

    private static String write(List<Posting> postings) {
        try {
            return JSON.writeValueAsString(postings);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write postings", e);
        }
    }

    private static List<Posting> read(String json) {
        try {
            return JSON.readValue(json, POSTINGS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot read postings", e);
        }
    }
}
