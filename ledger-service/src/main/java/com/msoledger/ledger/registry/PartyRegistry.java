package com.msoledger.ledger.registry;

import com.msoledger.api.ids.PartyId;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;
import com.msoledger.ledger.agreement.PartyDirectory;
import org.axonframework.config.ProcessingGroup;
import org.axonframework.eventhandling.EventHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import java.util.Optional;

/**
 * The command side's own lookup of parties, so an agreement can check its parties without reading a
 * projection that may lag. Runs in a subscribing processor: the row is written in the same
 * transaction that appends the {@link PartyRegistered} event, so it is never missing or stale.
 */
@Component
@ProcessingGroup(PartyRegistry.PROCESSING_GROUP)
class PartyRegistry implements PartyDirectory {

    static final String PROCESSING_GROUP = "command-registry";

    private final JdbcClient jdbc;

    PartyRegistry(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventHandler
    void on(PartyRegistered event) {
        jdbc.sql("insert into party_registry (party_id, kind) values (?, ?) on conflict (party_id) do nothing")
                .params(event.partyId().value(), event.kind().name())
                .update();
    }

    @Override
    public Optional<PartyKind> kindOf(PartyId partyId) {
        return jdbc.sql("select kind from party_registry where party_id = ?")
                .param(partyId.value())
                .query(String.class)
                .optional()
                .map(PartyKind::valueOf);
    }
}
