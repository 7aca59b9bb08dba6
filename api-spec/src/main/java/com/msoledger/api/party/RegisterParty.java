package com.msoledger.api.party;

import com.msoledger.api.ids.PartyId;

import java.util.List;
import java.util.Objects;

/**
 * Register an MSO or a practice with the ledger.
 *
 * <p>Refused when the id is taken, the name or state is blank or malformed, or the owners' stakes do
 * not sum to exactly 100.00. Owner ids must be unique within the party.
 *
 * @param partyId             client-chosen id, unique among parties
 * @param kind                MSO or PRACTICE
 * @param legalName           the registered legal name
 * @param stateOfOrganization the two-letter US state (or DC) the party is organised in
 * @param ownershipStructure  provider-owned, investor-owned or a joint venture
 * @param owners              the owners and their stakes
 */
public record RegisterParty(PartyId partyId, PartyKind kind, String legalName, String stateOfOrganization,
                            OwnershipStructure ownershipStructure, List<Owner> owners) {

    public RegisterParty {
        Objects.requireNonNull(partyId, "partyId");
        owners = List.copyOf(owners);
    }
}
