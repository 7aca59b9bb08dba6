package com.msoledger.ledger.agreement;

import com.msoledger.api.entry.Entry;
import com.msoledger.api.entry.EntryEvent;
import com.msoledger.api.entry.EntryReversed;
import com.msoledger.api.ids.AgreementId;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The entries recorded so far, as the real entry book keeps them beside the event store, for
 * aggregate fixtures: filled from the given events, and a reversal marks the entry it reversed.
 */
final class InMemoryEntryBook implements EntryBook {

    private final AgreementId agreementId;
    private final Map<String, RecordedEntry> entries = new HashMap<>();

    InMemoryEntryBook(AgreementId agreementId) {
        this.agreementId = agreementId;
    }

    void record(EntryEvent event) {
        Entry entry = event.entry();
        entries.put(entry.entryId(), new RecordedEntry(entry.entryId(), entry.type(), entry.requestHash(),
                entry.effectiveDate(), entry.postings(), null));
        if (event instanceof EntryReversed reversal) {
            entries.computeIfPresent(reversal.reversedEntryId(), (id, original) -> new RecordedEntry(original.entryId(),
                    original.type(), original.requestHash(), original.effectiveDate(), original.postings(), entry.entryId()));
        }
    }

    @Override
    public Optional<RecordedEntry> find(AgreementId agreementId, String entryId) {
        return this.agreementId.equals(agreementId) ? Optional.ofNullable(entries.get(entryId)) : Optional.empty();
    }
}
