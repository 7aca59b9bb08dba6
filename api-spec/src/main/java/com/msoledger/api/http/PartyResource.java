package com.msoledger.api.http;

import com.msoledger.api.ids.PartyId;
import com.msoledger.api.party.OwnershipStructure;
import com.msoledger.api.party.Owner;
import com.msoledger.api.party.PartyKind;
import com.msoledger.api.party.PartyRegistered;

import java.time.Instant;
import java.util.List;

/** A party as the HTTP API shows it ({@code GET /parties/{id}} and the answer to its registration). */
public record PartyResource(PartyId partyId, PartyKind kind, String legalName, String stateOfOrganization,
                            OwnershipStructure ownershipStructure, List<Owner> owners, Instant registeredAt) {

    public static PartyResource of(PartyRegistered event, Instant registeredAt) {
        return new PartyResource(event.partyId(), event.kind(), event.legalName(), event.stateOfOrganization(),
                event.ownershipStructure(), event.owners(), registeredAt);
    }
}
