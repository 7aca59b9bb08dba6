package com.msoledger.ledger.party;

import com.msoledger.api.party.PartyRegistered;
import com.msoledger.api.party.RegisterParty;
import com.msoledger.api.party.UsStates;
import com.msoledger.ledger.common.Ownership;
import com.msoledger.ledger.common.RuleViolation;
import org.axonframework.commandhandling.CommandHandler;
import org.axonframework.eventsourcing.EventSourcingHandler;
import org.axonframework.modelling.command.AggregateIdentifier;
import org.axonframework.spring.stereotype.Aggregate;

import static org.axonframework.modelling.command.AggregateLifecycle.apply;

/**
 * An MSO or a practice. Registered once and never edited; its id is the consistency boundary that
 * makes registering the same id twice impossible (the event store's unique stream constraint).
 */
@Aggregate
class Party {

    /** Longest legal name accepted. */
    static final int MAX_NAME_LENGTH = 200;

    @AggregateIdentifier
    private String streamId;

    Party() {
        // for Axon
    }

    @CommandHandler
    Party(RegisterParty command) {
        if (command.kind() == null) {
            throw RuleViolation.invalid("missing-field", "kind", "kind is required: MSO or PRACTICE");
        }
        if (command.legalName() == null || command.legalName().isBlank() || command.legalName().length() > MAX_NAME_LENGTH) {
            throw RuleViolation.invalid("invalid-name", "legalName", "legalName must be 1-200 characters and not blank");
        }
        if (!UsStates.isValid(command.stateOfOrganization())) {
            throw RuleViolation.invalid("unknown-state", "stateOfOrganization",
                    "stateOfOrganization must be a two-letter US state code such as CA");
        }
        if (command.ownershipStructure() == null) {
            throw RuleViolation.invalid("missing-field", "ownershipStructure",
                    "ownershipStructure is required: PROVIDER_OWNED, INVESTOR_OWNED or JOINT_VENTURE");
        }
        Ownership.requireValid(command.owners(), "owners");
        apply(new PartyRegistered(command.partyId(), command.kind(), command.legalName(), command.stateOfOrganization(),
                command.ownershipStructure(), command.owners()));
    }

    @EventSourcingHandler
    void on(PartyRegistered event) {
        this.streamId = event.partyId().streamId();
    }

}
