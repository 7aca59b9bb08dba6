package com.msoledger.api.ids;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * Identifies one management services agreement between one MSO and one practice. Chosen by the
 * client; see {@link Identifiers} for the format. In JSON it is the plain string.
 */
public record AgreementId(String value) {

    public AgreementId {
        Identifiers.require(value, "agreementId");
    }

    @JsonCreator
    public static AgreementId of(String value) {
        return new AgreementId(value);
    }

    /** The event-store stream of this agreement; namespaced so a party and an agreement may share an id. */
    public String streamId() {
        return "agreement:" + value;
    }

    @JsonValue
    @Override
    public String toString() {
        return value;
    }
}
