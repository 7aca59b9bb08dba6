package com.msoledger.api.entry;

/**
 * An entry was reversed: {@code entry.postings} are the original's with every side swapped.
 * Guarantees: the original existed, was not a reversal and had not been reversed before.
 *
 * @param reversedEntryId the original entry
 * @param reversedType    the original's type
 */
public record EntryReversed(Entry entry, String reversedEntryId, EntryType reversedType, String reason)
        implements EntryEvent {
}
