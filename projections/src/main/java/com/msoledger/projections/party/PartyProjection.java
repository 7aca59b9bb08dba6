package com.msoledger.projections.party;

import com.msoledger.api.party.PartyRegistered;
import com.msoledger.projections.support.ProjectionJson;
import com.msoledger.projections.support.TableProjection;
import com.msoledger.projections.support.Tables;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.axonframework.eventhandling.EventMessage;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;

/** Builds {@code party_view}: one row per registered party. */
@Component
@ProcessingGroup(PartyProjection.PROCESSOR)
class PartyProjection extends TableProjection {

    static final String PROCESSOR = "parties";
    /** The tables this projection owns, rebuilt together by a replay. */
    static final java.util.List<String> TABLES = java.util.List.of("party_view");

    /** The live projection. */
    @Autowired
    PartyProjection(JdbcClient jdbc) {
        this(jdbc, Tables.LIVE);
    }

    private PartyProjection(JdbcClient jdbc, Tables tables) {
        super(PROCESSOR, TABLES, jdbc, tables);
    }

    @Override
    public PartyProjection writingTo(Tables tables) {
        return new PartyProjection(jdbc, tables);
    }

    @EventHandler
    void on(PartyRegistered event, EventMessage<?> message) {
        jdbc.sql("""
                        insert into %s (party_id, kind, legal_name, state_of_organization, ownership_structure,
                                                owners, registered_at, event_id)
                        values (?, ?, ?, ?, ?, cast(? as jsonb), ?, ?)
                        on conflict (party_id) do nothing""".formatted(tables.of("party_view")))
                .params(event.partyId().value(), event.kind().name(), event.legalName(), event.stateOfOrganization(),
                        event.ownershipStructure().name(), ProjectionJson.write(event.owners()),
                        Timestamp.from(message.getTimestamp()), message.getIdentifier())
                .update();
    }
}
