package com.msoledger.ledger.agreement;

import com.msoledger.api.ids.PartyId;
import com.msoledger.api.party.PartyKind;
import com.msoledger.ledger.common.RuleViolation;

import java.util.Optional;

/**
 * What the agreement aggregate may know about other aggregates: whether a party exists and of which
 * kind. Parties never change kind, so an answer cannot go stale.
 */
public interface PartyDirectory {

    /** The kind of a registered party, or empty when no party has that id. */
    Optional<PartyKind> kindOf(PartyId partyId);

    /** Refuses, naming {@code field}, a party that is missing, unknown or of another kind. */
    default void require(PartyId id, PartyKind expected, String field) {
        if (id == null) {
            throw RuleViolation.invalid("missing-field", field, field + " is required");
        }
        PartyKind kind = kindOf(id)
                .orElseThrow(() -> RuleViolation.invalid("unknown-party", field, "no party is registered as " + id));
        if (kind != expected) {
            throw RuleViolation.invalid("wrong-party-kind", field, "party " + id + " is registered as " + kind + ", not " + expected);
        }
    }
}
