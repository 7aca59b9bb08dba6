package com.msoledger.ledger.agreement;

import java.util.HashMap;
import java.util.Map;

/**
 * The claims entries hold, by entry id, until reversed: small however long the journal grows, since
 * only fixed fees, accruals and asset transfers hold one.
 */
final class Claims {

    private final Map<String, Claim> byEntry = new HashMap<>();

    boolean isHeld(Claim claim) {
        return byEntry.containsValue(claim);
    }

    void hold(String entryId, Claim claim) {
        byEntry.put(entryId, claim);
    }

    /** A reversed entry gives its claim back. */
    void release(String entryId) {
        byEntry.remove(entryId);
    }
}
