package com.msoledger.ledger.audit;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What {@code POST /api/v1/audit/verify} reports. */
final class ChainReport {

    private ChainReport() {
    }

    /** Why a link of a chain is broken. */
    enum Reason {
        /**
         * The stream has no row at the expected sequence number (a row was deleted or renumbered);
         * {@code expected}/{@code found} are sequence numbers, {@code found} is {@code none} when the
         * stream of a registered agreement or party has no rows at all.
         */
        MISSING_EVENTS,
        /** The row's payload or metadata is not well-formed JSON, so its content cannot be recomputed. */
        UNREADABLE_EVENT,
        /** The row carries no {@code hash} or {@code previousHash} (written outside the ledger). */
        MISSING_HASH,
        /**
         * The row's {@code previousHash} is not the hash of the stream's preceding event: rows were
         * swapped, removed or inserted before it. {@code expected} is the preceding event's hash.
         */
        PREVIOUS_HASH_MISMATCH,
        /**
         * The row's content no longer hashes to its stored {@code hash}: a column was altered.
         * {@code expected} is the hash of the content as stored now, {@code found} the stored hash.
         */
        HASH_MISMATCH
    }

    /**
     * The first link of a stream that does not hold.
     *
     * @param streamId       the event-store stream
     * @param agreementId    the agreement, for an agreement's stream
     * @param partyId        the party, for a party's stream
     * @param sequenceNumber the sequence number of the row where the chain breaks (for a gap, the
     *                       first row after it; for a stream with no rows, 0)
     * @param eventId        that row's event identifier, null when there is no row
     * @param globalPosition that row's global index, null when there is no row
     * @param reason         why it breaks
     * @param expected       what the chain rules demand there
     * @param found          what the row holds
     */
    record BrokenLink(String streamId, @JsonInclude(JsonInclude.Include.NON_NULL) String agreementId,
                      @JsonInclude(JsonInclude.Include.NON_NULL) String partyId, long sequenceNumber, String eventId,
                      Long globalPosition, Reason reason, String expected, String found) {
    }

    /**
     * One stream's verification.
     *
     * @param streamId                the event-store stream
     * @param agreementId             the agreement, for an agreement's stream
     * @param partyId                 the party, for a party's stream
     * @param eventsChecked           rows read
     * @param headSequence            sequence number of the stream's last row, null when it has none
     * @param headHash                the hash stored with that row
     * @param verifiedThroughSequence the last sequence number up to which the chain holds, null when
     *                                not even the first event verifies
     * @param intact                  whether every row verifies
     * @param firstBrokenLink         where the chain first breaks, null when intact
     */
    record StreamResult(String streamId, @JsonInclude(JsonInclude.Include.NON_NULL) String agreementId,
                        @JsonInclude(JsonInclude.Include.NON_NULL) String partyId, long eventsChecked, Long headSequence,
                        String headHash, Long verifiedThroughSequence, boolean intact, BrokenLink firstBrokenLink) {
    }
}
