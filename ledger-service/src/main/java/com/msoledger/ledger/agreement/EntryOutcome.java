package com.msoledger.ledger.agreement;

/**
 * What an entry command did: recorded a new entry, or recognised a retry of one already recorded.
 * Either way the entry is {@code entryId}; the HTTP layer answers with the event the command applied,
 * or for a retry the one recorded the first time (the command dispatcher hands it either).
 */
record EntryOutcome(String entryId, boolean repeated) {

    static EntryOutcome recorded(String entryId) {
        return new EntryOutcome(entryId, false);
    }

    static EntryOutcome repeated(String entryId) {
        return new EntryOutcome(entryId, true);
    }
}
