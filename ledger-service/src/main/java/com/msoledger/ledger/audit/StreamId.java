package com.msoledger.ledger.audit;

/**
 * An event-store stream as the audit API names it: {@code agreement:<id>} and {@code party:<id>} are
 * the aggregates' streams; anything else (an event published outside an aggregate) is its own stream.
 */
record StreamId(String value) {

    static final String AGREEMENT = "agreement:";
    static final String PARTY = "party:";

    static StreamId agreement(String agreementId) {
        return new StreamId(AGREEMENT + agreementId);
    }

    static StreamId party(String partyId) {
        return new StreamId(PARTY + partyId);
    }

    /** The agreement id, when this is an agreement's stream; else null. */
    String agreementId() {
        return value.startsWith(AGREEMENT) ? value.substring(AGREEMENT.length()) : null;
    }

    /** The party id, when this is a party's stream; else null. */
    String partyId() {
        return value.startsWith(PARTY) ? value.substring(PARTY.length()) : null;
    }
}
