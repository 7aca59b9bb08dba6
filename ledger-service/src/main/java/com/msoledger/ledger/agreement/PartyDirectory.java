package com.msoledger.ledger.agreement;

import com.msoledger.api.ids.PartyId;
import com.msoledger.api.party.PartyKind;

import java.util.Optional;

/**
 * What the agreement aggregate may know about other aggregates: whether a party exists and of which
 * kind. Parties never change kind, so an answer cannot go stale.
 */
public interface PartyDirectory {

    /** The kind of a registered party, or empty when no party has that id. */
    Optional<PartyKind> kindOf(PartyId partyId);
}
