package com.msoledger.api.party;

import com.msoledger.api.ids.PartyId;

import java.util.List;

/**
 * A party was registered. Guarantees: the id was free; the owners' stakes sum to exactly 100.00 and
 * their ids are unique; the state is a US state code; the name is non-blank. Parties are never
 * edited: this is the whole of a party's history.
 */
public record PartyRegistered(PartyId partyId, PartyKind kind, String legalName, String stateOfOrganization,
                              OwnershipStructure ownershipStructure, List<Owner> owners) {

    public PartyRegistered {
        owners = List.copyOf(owners);
    }
}
