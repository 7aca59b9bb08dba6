package com.msoledger.ledger.agreement;

import com.msoledger.api.entry.EntryType;
import com.msoledger.api.entry.Posting;
import com.msoledger.api.ids.AgreementId;
import com.msoledger.ledger.common.RuleViolation;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The entries already recorded under an agreement, as the agreement needs to know them: to tell a
 * retried request from a conflicting one and to reverse an entry exactly. Kept outside the aggregate
 * so its state (and its snapshots) stay small however long the journal grows; written in the same
 * transaction as each entry event, so it is never behind the event store.
 */
public interface EntryBook {

    /** An entry as recorded. */
    record RecordedEntry(String entryId, EntryType type, String requestHash, LocalDate effectiveDate,
                         List<Posting> postings, String reversedBy) {

        /** The rules of reversing it on {@code date}: not a reversal itself, not dated before it, not reversed yet. */
        void requireReversibleOn(LocalDate date) {
            if (type == EntryType.REVERSAL) {
                throw RuleViolation.invalid("cannot-reverse-reversal", "entryId", "a reversal cannot be reversed; record the entry again");
            }
            if (date.isBefore(effectiveDate)) {
                throw RuleViolation.invalid("reversal-before-original", "effectiveDate", "entry " + entryId
                        + " is effective " + effectiveDate + "; its reversal cannot be dated earlier");
            }
            if (reversedBy != null) {
                throw RuleViolation.invalid("already-reversed", "entryId", "entry " + entryId + " was already reversed by " + reversedBy);
            }
        }
    }

    Optional<RecordedEntry> find(AgreementId agreementId, String entryId);
}
