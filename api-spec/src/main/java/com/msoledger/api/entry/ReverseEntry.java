package com.msoledger.api.entry;

import com.msoledger.api.ids.AgreementId;
import com.msoledger.api.time.Period;

import java.time.LocalDate;

/**
 * Reverse an entry: post its exact opposite, dated in an open period. Nothing is edited or deleted.
 *
 * <p>Refused when the entry does not exist, is itself a reversal, or was already reversed; and by
 * every rule common to entries.
 *
 * @param entryId        the entry to reverse
 * @param correctsPeriod the closed period whose entry is corrected, or null
 */
public record ReverseEntry(AgreementId agreementId, String reversalId, String entryId, String reason,
                           LocalDate effectiveDate, Period correctsPeriod) implements EntryCommand {

    /** The id of the reversal entry itself (the command's own id). */
    @Override
    public String entryId() {
        return reversalId;
    }

    @Override
    public String idField() {
        return "reversalId";
    }

    /** The entry being reversed. */
    public String reversedEntryId() {
        return entryId;
    }
}
