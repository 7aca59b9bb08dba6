package com.msoledger.api.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies a party (an MSO or a practice). Chosen by the client; see {@link Identifiers} for the
 * format. In JSON it is the plain string.
 */
public record PartyId(String value) {

    public PartyId {
        Identifiers.require(value, "partyId");
    }

    @JsonCreator
    public static PartyId of(String value) {
        return new PartyId(value);
    }

    /** The event-store stream of this party; namespaced so a party and an agreement may share an id. */
    public String streamId() {
        return "party:" + value;
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
