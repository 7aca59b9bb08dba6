package com.msoledger.ledger.command;

import com.msoledger.api.entry.EntryCommand;
import com.msoledger.api.ids.AgreementId;

/**
 * Where the event a command is answered with lies when the command records nothing new: a repeated
 * request (same entry id and content, same amendment, termination or period closing) is answered
 * with the event recorded the first time.
 */
public sealed interface Original {

    /** The event that recorded an entry of an agreement. */
    record Entry(AgreementId agreementId, String entryId) implements Original {
    }

    /** A stream's first event of a type, or its first whose payload {@code field} is {@code value} (when a field is given). */
    record FirstEvent(String streamId, Class<?> payloadType, String field, String value) implements Original {
    }

    /** The entry an entry command records. */
    static Original entry(EntryCommand command) {
        return new Entry(command.agreementId(), command.entryId());
    }

    static Original first(String streamId, Class<?> payloadType) {
        return new FirstEvent(streamId, payloadType, null, null);
    }

    static Original first(String streamId, Class<?> payloadType, String field, String value) {
        return new FirstEvent(streamId, payloadType, field, value);
    }
}
