package com.msoledger.projections.journal;

import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.entry.PeriodClosed;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.http.EntryResource;
import com.msoledger.projections.support.ProjectionJson;
import com.msoledger.projections.support.TableProjection;
import com.msoledger.projections.support.Tables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the journal ({@code entry_view}, {@code posting_view}) and the closed periods. Everything
 * the statement, balances, reconciliation and aging read comes from here.
 */
@Component
@ProcessingGroup(JournalProjection.PROCESSOR)
class JournalProjection extends TableProjection {

    static final String PROCESSOR = "journal";
    /** The tables this projection owns, rebuilt together by a replay. */
    static final List<String> TABLES = List.of("entry_view", "posting_view", "period_close_view");

    /** The live projection. */
    @Autowired
    JournalProjection(JdbcClient jdbc) {
        this(jdbc, Tables.LIVE);
    }

    private JournalProjection(JdbcClient jdbc, Tables tables) {
        super(PROCESSOR, TABLES, jdbc, tables);
    }

    @Override
    public JournalProjection writingTo(Tables tables) {
        return new JournalProjection(jdbc, tables);
    }

    @EventHandler
    void on(EntryEvent event, EventMessage<?> message) {
        // the position is the event's own global index, read from the store: a tracking processor hands its
        // handlers the token of the whole batch, which made positions differ between live and replayed rows
        Entry entry = event.entry();
        Timestamp recordedAt = Timestamp.from(message.getTimestamp());
        String agreement = entry.agreementId().value();
        int inserted = jdbc.sql("""
                        insert into %s (agreement_id, entry_id, entry_type, period, effective_date, currency,
                            amount_minor, corrects_period, reverses, recorded_at, position, event_id, postings, details)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,
                                (select global_index from domain_event_entry where event_identifier = ?),
                                ?, cast(? as jsonb), cast(? as jsonb))
                        on conflict (agreement_id, entry_id) do nothing""".formatted(tables.of("entry_view")))
                .params(agreement, entry.entryId(), entry.type().name(), entry.period().toString(),
                        Date.valueOf(entry.effectiveDate()), entry.amount().currency(), entry.amount().minorUnits(),
                        entry.correctsPeriod() == null ? null : entry.correctsPeriod().toString(),
                        event instanceof EntryReversed reversed ? reversed.reversedEntryId() : null,
                        recordedAt, message.getIdentifier(), message.getIdentifier(),
                        ProjectionJson.write(entry.postings()), ProjectionJson.present(EntryResource.details(event)))
                .update();
        if (inserted == 0) {
            return; // redelivered: already projected
        }
        // every posting of the entry in one statement: one round trip instead of one per posting
        List<Posting> postings = entry.postings();
        if (!postings.isEmpty()) {
            StringBuilder sql = new StringBuilder("""
                    insert into %s (agreement_id, entry_id, line, account, entry_type, signed_minor,
                        currency, effective_date, recorded_at) values """.formatted(tables.of("posting_view")));
            List<Object> params = new ArrayList<>(postings.size() * 9);
            Date effectiveDate = Date.valueOf(entry.effectiveDate());
            for (int i = 0; i < postings.size(); i++) {
                Posting posting = postings.get(i);
                sql.append(i == 0 ? "(?, ?, ?, ?, ?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?, ?, ?, ?, ?)");
                params.addAll(java.util.Arrays.asList(agreement, entry.entryId(), i, posting.account(), entry.type().name(),
                        posting.signedMinorUnits(), posting.amount().currency(), effectiveDate, recordedAt));
            }
            sql.append(" on conflict do nothing");
            jdbc.sql(sql.toString()).params(params).update();
        }
        if (event instanceof EntryReversed reversed) {
            jdbc.sql("update " + tables.of("entry_view") + " set reversed_by = ? where agreement_id = ? and entry_id = ?")
                    .params(entry.entryId(), agreement, reversed.reversedEntryId())
                    .update();
        }
    }

    @EventHandler
    void on(PeriodClosed event, EventMessage<?> message) {
        jdbc.sql("insert into " + tables.of("period_close_view")
                        + " (agreement_id, period, closed_at) values (?, ?, ?) on conflict do nothing")
                .params(event.agreementId().value(), event.period().toString(), Timestamp.from(message.getTimestamp()))
                .update();
    }
}
